"""Proposing an inspection to the scheduling team, as the apps whose decisions call for one do."""

import pytest
from django.db import transaction

from fairinspect.audit.models import AuditEvent
from fairinspect.inspections.models import Kind, State
from fairinspect.inspections.proposals import record_proposal
from fairinspect.inspections.selectors import proposals_to_plan

pytestmark = pytest.mark.django_db


def test_a_proposal_is_listed_for_the_scheduling_team_soonest_first_with_its_event(clock, make_inspection):
    followed = make_inspection(State.PLANNED)
    with transaction.atomic():
        later = record_proposal(
            school=followed.school, kind=Kind.MONITORING, due_by=clock.today.replace(month=9), follows=followed,
            reason="Leadership and governance was graded urgent improvement.", recorded_as="the report's rules",
        )  # fmt: skip
        sooner = record_proposal(
            school=followed.school, kind=Kind.FOCUSED_MONITORING, due_by=clock.today.replace(month=6),
            reason="A complaint about safeguarding was upheld.",
        )  # fmt: skip
    assert list(proposals_to_plan()) == [sooner, later]
    event = AuditEvent.objects.get(action="inspection_proposal.made", object_id=str(later.pk))
    assert event.actor_label == "the report's rules"
    assert event.after == {"school": followed.school.urn, "kind": "monitoring", "due_by": "2026-09-02", "follows": followed.pk}


@pytest.mark.django_db(transaction=True)
def test_a_proposal_outside_a_transaction_is_refused_and_nothing_is_kept(make_school, clock):
    with pytest.raises(RuntimeError, match="inside the transaction"):
        record_proposal(school=make_school(), kind=Kind.MONITORING, due_by=clock.today, reason="Monitoring.")
    assert not proposals_to_plan().exists()
