import pytest

from fairinspect.accounts.roles import Role
from fairinspect.inspections.models import Inspection, Kind, State
from fairinspect.reports import services
from tests import factories
from tests.grading.factories import confirm_grades, give_feedback, lead_user

SECRET = "Zebra-crossing-7731"  # in every draft's narrative, so a test can look for it anywhere
# The stages of a report, in order, as `report_at` walks to them; "returned" is a draft quality assurance sent back.
STAGES = ("feedback_given", "draft_report", "factual_accuracy_check", "returned", "quality_assurance", "published")


@pytest.fixture
def quality_assurer(db):
    return factories.make_user(Role.QUALITY_ASSURER)


@pytest.fixture
def report_at(make_inspection, quality_assurer):
    """An inspection walked through the real services to a report stage (STAGES), with a school user, comments
    answered, and the narrative holding SECRET. Returns (inspection, school user)."""

    def build(stage: str, *, kind=Kind.FULL, grades=None, school=None):
        inspection = make_inspection(State.ON_SITE, kind=kind, school=school)
        school_user = factories.make_user(Role.SCHOOL_USER, school=inspection.school, email=f"office{inspection.pk}@school.example")
        confirm_grades(inspection, grades)
        give_feedback(inspection)
        lead = lead_user(inspection)
        if stage == "feedback_given":
            return Inspection.objects.get(pk=inspection.pk), school_user
        services.start_draft(actor=lead, inspection=inspection)
        narrative = (
            {"letter": f"Thank you for welcoming us. {SECRET}"}
            if kind == Kind.VISIT
            else {"pupil_experience": f"Pupils are kind to each other. {SECRET}", "next_steps": "Read more widely."}
        )
        services.revise_draft(actor=lead, inspection=inspection, **narrative)
        if stage == "draft_report":
            return Inspection.objects.get(pk=inspection.pk), school_user
        services.send_for_factual_accuracy(actor=lead, inspection=inspection)
        section = "letter" if kind == Kind.VISIT else "pupil-experience"
        comment = services.comment_on_facts(
            actor=school_user, inspection=inspection, section=section, text=f"The garden is ours. {SECRET}"
        )
        if stage == "factual_accuracy_check":
            return Inspection.objects.get(pk=inspection.pk), school_user
        services.answer_comment(
            actor=lead, inspection=inspection, comment_id=comment.pk, accepted=True, reason="Corrected."
        )
        services.finish_commenting(actor=school_user, inspection=inspection)
        services.send_to_quality_assurance(actor=lead, inspection=inspection)
        if stage == "returned":
            services.return_to_lead(actor=quality_assurer, inspection=inspection, comments="Say more about reading.")
        if stage in ("returned", "quality_assurance"):
            return Inspection.objects.get(pk=inspection.pk), school_user
        services.publish_report(actor=quality_assurer, inspection=inspection)
        return Inspection.objects.get(pk=inspection.pk), school_user

    return build
