"""The follow-up a published outcome brings, recorded inside the publication's transaction (not a public service:
the reports app calls it from its own)."""

from datetime import date

from django.conf import settings

from fairinspect.grading.selectors import outcome_of
from fairinspect.inspections.models import Inspection, InspectionProposal, Kind
from fairinspect.inspections.proposals import record_proposal


def record_follow_up(*, inspection: Inspection, published_on: date) -> list[InspectionProposal]:
    """Propose to the scheduling team the inspections the confirmed outcome calls for (a category's monitoring, a
    return visit), due counting from `published_on`, inside the caller's transaction. A pilot never changes the
    school's record, so it calls for nothing."""
    if inspection.kind == Kind.PILOT:
        return []
    outcome = outcome_of(inspection, decided_on=published_on)
    return [
        record_proposal(
            school=inspection.school, kind=follow_up.kind, due_by=follow_up.due_by, reason=follow_up.reason,
            follows=inspection, recorded_as=f"system:{settings.FAIRINSPECT['SERVICE_NAME']} follow-up rules",
        )  # fmt: skip
        for follow_up in outcome.follow_ups
    ]
