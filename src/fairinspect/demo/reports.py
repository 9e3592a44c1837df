"""The demo's reports, each inspection walked from on-site work to its report's stage through the services on the
days its rules ask for: a report card published (with its PDF), one for a school in a category of concern (its
monitoring proposed to the scheduling team), one waiting for quality assurance, a draft at the factual-accuracy check with the school's comments
(led by the demo's lead inspector, whose headteacher can sign in), one returned by quality assurance, a visit's
letter to parents, and a pilot at quality assurance, which is never published."""

from django.contrib.auth.models import User

from fairinspect.demo import people
from fairinspect.demo.workforce import graded_framework_in_force
from fairinspect.grading.selectors import gives_grades
from fairinspect.grading import services as grading
from fairinspect.inspections.models import Inspection, Kind
from fairinspect.reports import services

# The areas of the report-card framework that, both at urgent improvement, put a school in a category of concern.
IN_CONCERN = {"leadership-and-governance": "urgent-improvement", "curriculum-and-teaching": "urgent-improvement"}


def walk_reports(walk, cast) -> None:
    # Reports are made from grades given by secure fit: a demo loaded on a day when the framework in force six weeks
    # earlier did not give them has no reports to walk.
    if not gives_grades(graded_framework_in_force(walk.day(-30))):
        return
    quality_assurer = User.objects.get(username=people.QUALITY_ASSURER.username)
    # On site six weeks ago, published three weeks later: its report card and PDF are public.
    _report(walk, quality_assurer, starts=-30, to="published")
    # In a category of concern: leadership and the curriculum at urgent improvement; monitoring follows.
    _report(walk, quality_assurer, starts=-25, to="published", grades=IN_CONCERN)
    # A visit publishes a letter to parents, with no grade.
    _report(walk, quality_assurer, starts=-22, to="published", kind=Kind.VISIT)
    # Returned by quality assurance to its lead with comments.
    _report(walk, quality_assurer, starts=-14, to="returned")
    # Waiting for quality assurance, every comment answered.
    _report(walk, quality_assurer, starts=-10, to="quality_assurance")
    # A pilot, approved by no one: it waits at quality assurance and is never published.
    _report(walk, quality_assurer, starts=-16, to="quality_assurance", kind=Kind.PILOT)
    # With its school for the factual-accuracy check: its headteacher has commented and may ask for a review.
    _report(
        walk, quality_assurer, starts=-6, to="factual_accuracy_check", lead=cast.lead_inspector,
        head=people.HEAD_FACTUAL_ACCURACY,
    )  # fmt: skip


def _report(walk, quality_assurer, *, starts: int, to: str, kind=None, grades=None, lead=None, head=None) -> Inspection:
    """One inspection on site from `starts` (working days from today) for two days, graded and given its feedback on
    the second, then its report day by day to the stage `to`."""
    inspection = walk.staffed(starts=starts, planned=starts - 12, kind=kind, lead=lead)
    headteacher = walk.headteacher(inspection, head)
    walk.notify(inspection, on=starts - 1)
    walk.start(inspection, on=starts)
    if inspection.framework.is_graded:
        walk.grade(inspection, grades or {}, on=starts + 1)
    walk.at(starts + 1, 16)
    lead_user = walk._lead_user(inspection)
    grading.give_feedback(actor=lead_user, inspection=inspection)
    walk.at(starts + 2, 10)
    services.start_draft(actor=lead_user, inspection=inspection)
    walk.at(starts + 3, 15)
    if inspection.kind == Kind.VISIT:
        narrative = {"letter": _LETTER.format(school=inspection.school.name)}
    else:
        narrative = {"pupil_experience": _PUPILS.format(school=inspection.school.name), "next_steps": _NEXT_STEPS}
    services.revise_draft(actor=lead_user, inspection=inspection, **narrative)
    walk.at(starts + 3, 16)
    services.send_for_factual_accuracy(actor=lead_user, inspection=inspection)
    walk.at(starts + 4, 11)
    section = "letter" if inspection.kind == Kind.VISIT else "pupil-experience"
    comment = services.comment_on_facts(
        actor=headteacher, inspection=inspection, section=section,
        text="The garden club is run by the pupils' council, not by staff: please say so.",
    )  # fmt: skip
    if to == "factual_accuracy_check":
        return inspection
    walk.at(starts + 5, 9)
    services.answer_comment(
        actor=lead_user, inspection=inspection, comment_id=comment.pk, accepted=True,
        reason="Thank you: the report now says the pupils' council runs the garden club.",
    )  # fmt: skip
    services.finish_commenting(actor=headteacher, inspection=inspection)
    walk.at(starts + 5, 14)
    services.send_to_quality_assurance(actor=lead_user, inspection=inspection)
    if to == "quality_assurance":
        return inspection
    walk.at(starts + 7, 10)
    if to == "returned":
        services.return_to_lead(
            actor=quality_assurer, inspection=inspection,
            comments="Say what the school should do next in words a parent can act on, and give an example.",
        )  # fmt: skip
        return inspection
    services.publish_report(actor=quality_assurer, inspection=inspection)
    return inspection


_PUPILS = (
    "Pupils at {school} are proud of their school. They are polite and kind to each other, and older pupils look "
    "after younger ones at break. Pupils' council runs the garden club.\n\n"
    "Pupils read often and widely. Those who fall behind get help quickly, and most catch up."
)
_NEXT_STEPS = (
    "Leaders should make sure that every subject builds pupils' knowledge step by step, as reading and mathematics "
    "already do.\n\nGovernors should check how well the new curriculum is taught, not only that it is in place."
)
_LETTER = (
    "Dear parents and carers,\n\nThank you for welcoming us to {school}. We visited to see how pupils are getting on "
    "and to talk with them and with staff. Pupils told us they feel safe and that adults listen to them.\n\n"
    "Leaders know what to work on next, and we have agreed it with them.\n\nYours sincerely, the lead inspector"
)
