"""The email of the final feedback: the provisional grades, what the school may do with them, and where to find
support. Returns (subject, body), like `inspections.messages`."""

from django.conf import settings

from fairinspect.grading.selectors import InspectionOutcome
from fairinspect.inspections.models import Inspection

SHARING = (
    "These grades are provisional until the report is published. You may share them with whomever you choose: "
    "colleagues, governors, your family, a support service. Please do not publish them to parents yet: they "
    "may change before the report is published."
)


def support_signposting() -> str:
    return (
        "Inspections can be stressful. If you or a colleague would like to talk to someone, you can call "
        f"{settings.FAIRINSPECT['SUPPORT_HELPLINE']}, or {settings.FAIRINSPECT['SAMARITANS']}."
    )


def outcome_lines(outcome: InspectionOutcome) -> list[str]:
    lines = [f"- {area.area.title}: {area.grade.label}" for area in outcome.areas]
    if outcome.safeguarding is not None:
        lines.append(f"- Safeguarding: {outcome.safeguarding.label}")
    return lines


def feedback_given(inspection: Inspection, outcome: InspectionOutcome, *, to_team: bool = False) -> tuple[str, str]:
    school = inspection.school
    subject = f"Final feedback given: {school.name}"
    grades = "\n".join(outcome_lines(outcome))
    if not outcome.areas:
        grades = f"This {inspection.get_kind_display().lower()} gives no grades."
    opening = (
        "The final feedback of this inspection has been given; these are its provisional grades."
        if to_team
        else f"Dear colleagues at {school.name},\n\nThank you for your time during the inspection. These are the "
        "provisional outcomes given at the final feedback meeting."
    )
    body = f"""{opening}

{grades}

{SHARING}

The lead inspector will now write the draft report, and you will be asked to check it for factual accuracy.

{support_signposting()}

School inspections
(This is an automatic email: replies are not read.)
"""
    return subject, body
