"""The emails a report's life sends, each (subject, body): plain words, what happens next, and for the school where
to find support."""

from django.conf import settings

from fairinspect.core.formatting import govuk_date
from fairinspect.inspections.models import Inspection
from fairinspect.reports.models import FactualAccuracyComment, Report, ReviewRequest

_SIGN_OFF = "School inspections\n(This is an automatic email: replies are not read.)"


def _support() -> str:
    return (
        "Inspections can be stressful. If you or a colleague would like to talk to someone, you can call "
        f"{settings.FAIRINSPECT['SUPPORT_HELPLINE']}, or Samaritans on 116 123."
    )


def _of(inspection: Inspection) -> str:
    return f"{inspection.get_kind_display().lower()} of {inspection.school.name}"


def draft_to_school(inspection: Inspection, report: Report) -> tuple[str, str]:
    assert report.comments_due_on is not None  # set as it is sent
    return (
        f"The draft report of your {inspection.get_kind_display().lower()} is ready for your comments",
        f"""Dear colleagues at {inspection.school.name},

The draft report of your inspection is ready on the inspection's report page. It is confidential until it is
published: you may share it with colleagues and governors, but not yet with parents.

Please check it for factual accuracy and comment on any section by {govuk_date(report.comments_due_on)}. The lead
inspector will answer each comment, saying whether they accept it and why. In the same time you may ask for a
review of the grades by a senior inspector who was not on the team.

{_support()}

{_SIGN_OFF}
""",
    )


def comment_to_lead(inspection: Inspection, comment: FactualAccuracyComment | None) -> tuple[str, str]:
    what = "commented on the draft report" if comment is not None else "finished commenting on the draft report"
    return (
        f"The school has {what} of the {_of(inspection)}",
        f"The school has {what}. Answer each comment, accepted or not with your reason, on the report page.\n\n"
        f"{_SIGN_OFF}\n",
    )


def answer_to_school(inspection: Inspection, comment: FactualAccuracyComment) -> tuple[str, str]:
    return (
        f"Your comment on the draft report of your {inspection.get_kind_display().lower()} has been answered",
        f"""The lead inspector has answered your comment: {comment.get_answer_display().lower()}.

Their reason: {comment.answer_reason}

You can read every comment and answer on the inspection's report page.

{_SIGN_OFF}
""",
    )


def review_requested(inspection: Inspection, review: ReviewRequest) -> tuple[str, str]:
    return (
        f"A school asks for a review of the grades of its inspection: {inspection.school.name}",
        f"""{inspection.school.name} asks for a review of the grades of its {inspection.get_kind_display().lower()}.
A senior inspector who was not on the team decides it, with reasons, on the inspection's report page.

The school's reason: {review.reason}

{_SIGN_OFF}
""",
    )


def review_decided(inspection: Inspection, review: ReviewRequest) -> tuple[str, str]:
    return (
        f"Your request for a review of the grades has been decided: {review.get_decision_display().lower()}",
        f"""A senior inspector who was not on the inspection team has decided your request:
{review.get_decision_display()}.

Their reasons: {review.decision_reason}

{_support()}

{_SIGN_OFF}
""",
    )


def to_quality_assurance(inspection: Inspection) -> tuple[str, str]:
    return (
        f"A report is ready for quality assurance: {_of(inspection)}",
        f"The report of the {_of(inspection)} is ready for quality assurance.\n\n{_SIGN_OFF}\n",
    )


def returned_to_lead(inspection: Inspection, comments: str) -> tuple[str, str]:
    return (
        f"Quality assurance returned the report of the {_of(inspection)}",
        f"The report has been returned to you with these comments:\n\n{comments}\n\nRevise it and send it again.\n\n"
        f"{_SIGN_OFF}\n",
    )


def published(inspection: Inspection, url: str, *, amended: bool = False, to_school: bool = False) -> tuple[str, str]:
    what = "An amended version of the report" if amended else "The report"
    support = f"\n{_support()}\n" if to_school else ""
    return (
        f"{what} of the {_of(inspection)} is published",
        f"{what} of the {_of(inspection)} is now published, for everyone to read: {url}\n{support}\n{_SIGN_OFF}\n",
    )
