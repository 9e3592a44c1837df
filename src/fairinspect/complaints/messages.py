"""The emails concerns, complaints and learning reviews send, to those who must act and to the school. Each
function returns (subject, body)."""

from django.conf import settings

from fairinspect.complaints.models import Complaint, Concern, LearningReview
from fairinspect.core.formatting import govuk_date

_SIGN_OFF = "School inspections\n(This is an automatic email: replies are not read.)"


def concern_to_answer(concern: Concern) -> tuple[str, str]:
    school = concern.inspection.school
    return (
        f"A concern to answer by the end of {govuk_date(concern.respond_by)}: {school.name}",
        f"""{school.name} has raised a concern about its inspection that it could not resolve with the lead
inspector. You are the senior inspector on duty who is not on the team, so it is yours to answer by the end of
{govuk_date(concern.respond_by)}. You may pause the inspection if that is right.

Read it and answer it in the service.

{_SIGN_OFF}""",
    )


def concern_received(concern: Concern) -> tuple[str, str]:
    return (
        f"We have your concern about the inspection of {concern.inspection.school.name}",
        f"""Thank you for telling us. A senior inspector who is not on the inspection team will answer your concern
by the end of {govuk_date(concern.respond_by)}.

If you or a colleague would like to talk to someone, you can call {settings.FAIRINSPECT["SUPPORT_HELPLINE"]}.

{_SIGN_OFF}""",
    )


def concern_answered(concern: Concern) -> tuple[str, str]:
    return (
        f"Your concern about the inspection of {concern.inspection.school.name} has been answered",
        f"""The senior inspector on duty has answered your concern. Read the answer in the service.

If you are still unhappy once the report is final, you can make a formal complaint.

{_SIGN_OFF}""",
    )


def complaint_made(complaint: Complaint) -> tuple[str, str]:
    held = " It holds the report's publication until it is decided." if complaint.holds_publication else ""
    return (
        f"A complaint to decide by {govuk_date(complaint.respond_by)}: {complaint.inspection.school.name}",
        f"""A formal complaint has been made about the inspection of {complaint.inspection.school.name}.{held}
It must be decided by {govuk_date(complaint.respond_by)}.

{_SIGN_OFF}""",
    )


def complaint_received(complaint: Complaint) -> tuple[str, str]:
    held = (
        "\nThe report will not be published until we have decided your complaint.\n"
        if complaint.holds_publication
        else ""
    )
    return (
        f"We have your complaint about the inspection of {complaint.inspection.school.name}",
        f"""We have your formal complaint. We will decide it by {govuk_date(complaint.respond_by)} and tell you the
outcome and what we will do about it.
{held}
{_SIGN_OFF}""",
    )


def complaint_decided(complaint: Complaint) -> tuple[str, str]:
    return (
        f"The outcome of your complaint: {complaint.get_outcome_display().lower()}",
        f"""We have decided your complaint about the inspection of {complaint.inspection.school.name}: it is
{complaint.get_outcome_display().lower()}. Read our reasons, and what we will do, in the service.

If you are not satisfied with how we handled your complaint, you can ask for independent adjudication there.

{_SIGN_OFF}""",
    )


def adjudication_asked(complaint: Complaint) -> tuple[str, str]:
    return (
        f"Independent adjudication asked for: {complaint.inspection.school.name}",
        f"""{complaint.inspection.school.name} has asked for independent adjudication of its complaint. Send the
adjudicator the complaint's file and record what you sent.

{_SIGN_OFF}""",
    )


def review_commissioned(review: LearningReview) -> tuple[str, str]:
    return (
        "You have been asked to carry out a learning review",
        f"""You have been asked to carry out a learning review after a serious incident connected with an
inspection. Its terms of reference are in the service, where you record its findings and actions.

{_SIGN_OFF}""",
    )
