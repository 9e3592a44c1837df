"""Walking an inspection through the real services to a stage of its report, for the tests of reports and of who
may reach its pages (tests/accounts/test_url_permissions.py).

    inspection = make_inspection(State.ON_SITE)      # tests/conftest.py
    walk_to(inspection, "factual_accuracy_check", school_user=..., quality_assurer=...)
"""

from fairinspect.accounts.roles import Role
from fairinspect.inspections.models import Inspection, Kind
from fairinspect.reports import services
from tests import factories
from tests.grading.factories import confirm_grades, give_feedback, lead_user

SECRET = "Zebra-crossing-7731"  # in every draft's narrative and comment, so a test can look for it anywhere
# The stages of a report, in order; "returned" is a draft quality assurance sent back to the lead.
STAGES = ("feedback_given", "draft_report", "factual_accuracy_check", "returned", "quality_assurance", "published")


def walk_to(inspection: Inspection, stage: str, *, school_user=None, quality_assurer=None, grades=None) -> Inspection:
    """Walk an on-site inspection to `stage` (STAGES): grades confirmed (expected standard unless `grades` says),
    feedback given, the narrative written (holding SECRET), sent to the school, a comment made (holding SECRET),
    answered, the school finished, sent to quality assurance, returned or published."""
    school_user = school_user or factories.make_user(Role.SCHOOL_USER, school=inspection.school)
    quality_assurer = quality_assurer or factories.make_user(Role.QUALITY_ASSURER)
    confirm_grades(inspection, grades)
    give_feedback(inspection)
    lead = lead_user(inspection)
    if stage == "feedback_given":
        return Inspection.objects.get(pk=inspection.pk)
    services.start_draft(actor=lead, inspection=inspection)
    narrative = (
        {"letter": f"Thank you for welcoming us. {SECRET}"}
        if inspection.kind == Kind.VISIT
        else {"pupil_experience": f"Pupils are kind to each other. {SECRET}", "next_steps": "Read more widely."}
    )
    services.revise_draft(actor=lead, inspection=inspection, **narrative)
    if stage == "draft_report":
        return Inspection.objects.get(pk=inspection.pk)
    services.send_for_factual_accuracy(actor=lead, inspection=inspection)
    section = "letter" if inspection.kind == Kind.VISIT else "pupil-experience"
    comment = services.comment_on_facts(
        actor=school_user, inspection=inspection, section=section, text=f"The garden is ours. {SECRET}"
    )
    if stage == "factual_accuracy_check":
        return Inspection.objects.get(pk=inspection.pk)
    services.answer_comment(actor=lead, inspection=inspection, comment_id=comment.pk, accepted=True, reason="Corrected.")
    services.finish_commenting(actor=school_user, inspection=inspection)
    services.send_to_quality_assurance(actor=lead, inspection=inspection)
    if stage == "returned":
        services.return_to_lead(actor=quality_assurer, inspection=inspection, comments="Say more about reading.")
    if stage in ("returned", "quality_assurance"):
        return Inspection.objects.get(pk=inspection.pk)
    services.publish_report(actor=quality_assurer, inspection=inspection)
    return Inspection.objects.get(pk=inspection.pk)
