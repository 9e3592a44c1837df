"""A report's life, each step a public service that moves the inspection through `inspections.lifecycle` (which
checks who acts, the state and the conditions, and writes the step's one audit event), with its emails after
commit.

Publication freezes the report card as a `ReportVersion`, puts the inspection into the published record (the same
`outcomes.HistoricOutcome` rows the historic imports fill, so the school page, search and the API read one
source), bumps the record's version (kept copies of public pages are retired at commit), proposes what follows
(monitoring, a return visit) through the grading app, runs the `on_publication` contributions, and queues the
PDF. An amendment does the same as a new version; the one it replaces stays readable, marked as replaced.
"""

import re

from django.conf import settings
from django.urls import reverse

from fairinspect.accounts.permissions import DECIDE_GRADE_REVIEWS, QUALITY_ASSURE
from fairinspect.accounts.selectors import emails_of_holders, school_members_emails
from fairinspect.audit.services import public_service
from fairinspect.core import working_days
from fairinspect.core.actors import Actor
from fairinspect.core.email import email_after_commit
from fairinspect.core.errors import InvalidRequest, WrongState
from fairinspect.core.tasks import with_the_change
from fairinspect.core.text import NARRATIVE, REASON
from fairinspect.frameworks.models import ScalePoint
from fairinspect.grading.services import record_follow_up
from fairinspect.inspections.lifecycle import Action, transition
from fairinspect.inspections.models import Inspection, TeamMember
from fairinspect.outcomes.models import HistoricOutcome
from fairinspect.outcomes.publication import record_changed
from fairinspect.reports import messages
from fairinspect.reports.hooks import on_publication
from fairinspect.reports.models import Answer, FactualAccuracyComment, Report, ReportVersion, ReviewDecision, ReviewRequest
from fairinspect.reports.selectors import card_content, is_letter, pending_review, sections_of
from fairinspect.reports.tasks import make_report_pdf


def _team_emails(inspection: Inspection) -> list[str]:
    return list(TeamMember.objects.filter(inspection=inspection).values_list("inspector__user__email", flat=True))


def _lead_emails(inspection: Inspection) -> list[str]:
    return list(
        TeamMember.objects.filter(inspection=inspection, is_lead=True).values_list("inspector__user__email", flat=True)
    )


def _locked_report(inspection: Inspection) -> Report:
    report = Report.objects.select_for_update().filter(inspection=inspection).first()
    if report is None:  # every state from draft_report on has one: start_draft made it
        raise WrongState("This inspection's report has not been started")
    return report


@public_service
def start_draft(*, actor: Actor, inspection: Inspection) -> Report:
    """The lead starts the report after the feedback meeting: the draft is made from the grades as confirmed."""
    step = transition(actor=actor, action=Action.START_DRAFT, inspection=inspection)
    now = working_days.now()
    report, _ = Report.objects.get_or_create(inspection=step.inspection, defaults={"started_at": now, "revised_at": now})
    step.write(after={"report": report.pk})
    return report


@public_service
def revise_draft(
    *, actor: Actor, inspection: Inspection, pupil_experience: str = "", next_steps: str = "", letter: str = ""
) -> Report:
    """The lead writes the narrative: for a report card what it is like to be a pupil here and what the school
    should do next; for a visit the letter to parents."""
    step = transition(actor=actor, action=Action.REVISE_DRAFT, inspection=inspection)
    report = _locked_report(step.inspection)
    if is_letter(step.inspection):
        report.letter = _without_grading_words(NARRATIVE.clean(letter, field="letter", what="the letter to parents"))
    else:
        report.pupil_experience = NARRATIVE.clean(
            pupil_experience, field="pupil_experience", what="what it is like to be a pupil here"
        )
        report.next_steps = NARRATIVE.clean(next_steps, field="next_steps", what="what the school should do next")
    report.revised_at = working_days.now()
    report.save()
    step.write(after={"report": report.pk})
    return report


def _without_grading_words(letter: str) -> str:
    """A visit gives no grade, so its letter may use no word of any grading scale (current or legacy)."""
    for label in ScalePoint.objects.values_list("label", flat=True).distinct():
        if re.search(rf"\b{re.escape(label)}\b", letter, flags=re.IGNORECASE):
            raise InvalidRequest(
                f"A visit gives no grade, so the letter may not use the words “{label}”, which name a grade",
                field="letter",
            )
    return letter


@public_service
def send_for_factual_accuracy(*, actor: Actor, inspection: Inspection) -> Report:
    """The lead sends the draft to the school, which has the configured working days to comment."""
    step = transition(actor=actor, action=Action.SEND_FOR_FACTUAL_ACCURACY, inspection=inspection)
    report = _locked_report(step.inspection)
    report.sent_to_school_at = working_days.now()
    report.comments_due_on = working_days.add_working_days(
        working_days.today(), settings.FAIRINSPECT["FACTUAL_ACCURACY_WORKING_DAYS"]
    )
    report.save()
    step.write(after={"comments_due_on": report.comments_due_on})
    email_after_commit(*messages.draft_to_school(step.inspection, report), school_members_emails(inspection.school_id))
    return report


@public_service
def comment_on_facts(*, actor: Actor, inspection: Inspection, section: str, text: str) -> FactualAccuracyComment:
    step = transition(actor=actor, action=Action.COMMENT_ON_FACTS, inspection=inspection)
    report = _locked_report(step.inspection)
    if section not in sections_of(card_content(step.inspection, report)):
        raise InvalidRequest("Choose the section of the report your comment is about", field="section")
    assert actor is not None  # the rule lets only a user of the school comment
    comment = report.comments.create(
        section=section,
        text=REASON.clean(text, field="text", what="your comment"),
        made_by=actor,
        made_at=working_days.now(),
    )
    step.write(after={"comment": comment.pk, "section": section})
    email_after_commit(*messages.comment_to_lead(step.inspection, comment), _lead_emails(step.inspection))
    return comment


@public_service
def finish_commenting(*, actor: Actor, inspection: Inspection) -> Report:
    """The school says it has no more comments, so the lead need not wait for the window to close."""
    step = transition(actor=actor, action=Action.FINISH_COMMENTING, inspection=inspection)
    report = _locked_report(step.inspection)
    report.school_finished_at = working_days.now()
    report.save()
    step.write()
    email_after_commit(*messages.comment_to_lead(step.inspection, None), _lead_emails(step.inspection))
    return report


@public_service
def answer_comment(
    *, actor: Actor, inspection: Inspection, comment_id: int, accepted: bool, reason: str
) -> FactualAccuracyComment:
    """The lead answers one comment, accepted (and the draft revised) or not, with the reason either way."""
    step = transition(actor=actor, action=Action.ANSWER_COMMENT, inspection=inspection)
    report = _locked_report(step.inspection)
    comment = report.comments.select_for_update().filter(pk=comment_id).first()
    if comment is None:
        raise InvalidRequest("No such comment on this report", field="comment")
    if comment.answer != Answer.PENDING:
        raise WrongState("This comment has already been answered")
    comment.answer = Answer.ACCEPTED if accepted else Answer.REJECTED
    comment.answer_reason = REASON.clean(reason, field="reason", what="the reason for your answer")
    comment.answered_by = actor
    comment.answered_at = working_days.now()
    comment.save()
    step.write(after={"comment": comment.pk, "answer": comment.answer})
    email_after_commit(*messages.answer_to_school(step.inspection, comment), school_members_emails(inspection.school_id))
    return comment


@public_service
def request_review(*, actor: Actor, inspection: Inspection, reason: str) -> ReviewRequest:
    """The school asks, within its window, for a senior inspector not on the team to review the grades."""
    step = transition(actor=actor, action=Action.REQUEST_REVIEW, inspection=inspection)
    report = _locked_report(step.inspection)
    assert actor is not None  # the rule lets only a user of the school ask
    review = report.review_requests.create(
        reason=REASON.clean(reason, field="reason", what="why you ask for a review"),
        requested_by=actor,
        requested_at=working_days.now(),
    )
    step.write(after={"review": review.pk})
    email_after_commit(*messages.review_requested(step.inspection, review), emails_of_holders(DECIDE_GRADE_REVIEWS))
    return review


@public_service
def decide_review(*, actor: Actor, inspection: Inspection, upheld: bool, reason: str) -> ReviewRequest:
    """A senior inspector not on the team decides the school's request, with reasons. Upheld, a grade is changed
    through the grading app's regrading before the report goes on."""
    step = transition(actor=actor, action=Action.DECIDE_REVIEW, inspection=inspection)
    report = _locked_report(step.inspection)
    review = pending_review(report)
    assert review is not None  # the rule's condition: a request waits
    review.decision = ReviewDecision.UPHELD if upheld else ReviewDecision.NOT_UPHELD
    review.decision_reason = REASON.clean(reason, field="reason", what="the reasons for your decision")
    review.decided_by = actor
    review.decided_at = working_days.now()
    review.save()
    step.write(after={"review": review.pk, "decision": review.decision}, reason=review.decision_reason)
    email_after_commit(*messages.review_decided(step.inspection, review), school_members_emails(inspection.school_id))
    return review


@public_service
def send_to_quality_assurance(*, actor: Actor, inspection: Inspection) -> Report:
    step = transition(actor=actor, action=Action.SEND_TO_QUALITY_ASSURANCE, inspection=inspection)
    report = _locked_report(step.inspection)
    step.write()
    email_after_commit(*messages.to_quality_assurance(step.inspection), emails_of_holders(QUALITY_ASSURE))
    return report


@public_service
def return_to_lead(*, actor: Actor, inspection: Inspection, comments: str) -> Report:
    step = transition(actor=actor, action=Action.RETURN_TO_LEAD, inspection=inspection)
    report = _locked_report(step.inspection)
    report.quality_assurance_comments = REASON.clean(comments, field="comments", what="your comments for the lead")
    report.returned_at = working_days.now()
    report.save()
    step.write(reason=report.quality_assurance_comments)
    email_after_commit(
        *messages.returned_to_lead(step.inspection, report.quality_assurance_comments), _lead_emails(step.inspection)
    )
    return report


def _inspection_number(inspection: Inspection) -> str:
    # Imported numbers are Ofsted's (digits, or a letter and digits); ours are marked as this service's own.
    return f"FI{inspection.pk:08d}"


def _into_the_record(inspection: Inspection, report: Report, version: ReportVersion) -> None:
    """The inspection as the published record holds it, for this version: the one row the school page, search,
    the API and open data read."""
    content = version.content
    category = content["category"]
    HistoricOutcome.objects.update_or_create(
        inspection_number=report.inspection_number,
        defaults={
            "urn": inspection.school_id,
            "framework": inspection.framework,
            "inspection_type": inspection.get_kind_display(),
            "start_date": inspection.starts_on,
            "end_date": inspection.ends_on,
            "publication_date": working_days.today() if report.published_at is None else report.published_at.date(),
            "grades": {area["code"]: area["grade_code"] for area in content["areas"]},
            "safeguarding": content["safeguarding"]["code"] if content["safeguarding"] else "",
            "category_of_concern": category["title"] if category else "",
            "ungraded_outcome": "A letter to parents was published" if content["is_letter"] else "",
            "has_report_card": True,
            "version": version.number,
        },
    )
    record_changed()


def _publish_version(inspection: Inspection, report: Report, actor: Actor, reason: str = "") -> ReportVersion:
    now = working_days.now()
    current = report.versions.select_for_update().filter(replaced_at__isnull=True).first()
    if current is not None:
        current.replaced_at = now
        current.save(update_fields=["replaced_at"])
    version = report.versions.create(
        number=(current.number + 1) if current else 1,
        published_at=now,
        published_by=actor,
        amendment_reason=reason,
        content={**card_content(inspection, report), "inspection_number": report.inspection_number},
    )
    _into_the_record(inspection, report, version)
    with_the_change(lambda: make_report_pdf.enqueue(version.pk))
    return version


def _tell_published(inspection: Inspection, report: Report, *, amended: bool) -> None:
    url = reverse("reports:card", args=[report.inspection_number])
    email_after_commit(*messages.published(inspection, url, amended=amended), _team_emails(inspection))
    email_after_commit(
        *messages.published(inspection, url, amended=amended, to_school=True), school_members_emails(inspection.school_id)
    )


@public_service
def publish_report(*, actor: Actor, inspection: Inspection) -> ReportVersion:
    """Quality assurance approves and publishes: refused for a pilot, and while any publication hold stands."""
    step = transition(actor=actor, action=Action.PUBLISH, inspection=inspection)
    inspection = step.inspection
    report = _locked_report(inspection)
    report.inspection_number = report.inspection_number or _inspection_number(inspection)
    version = _publish_version(inspection, report, actor)
    report.published_at = version.published_at
    report.save()
    if not is_letter(inspection):
        record_follow_up(inspection=inspection, published_on=working_days.today())
    for contribution in on_publication:
        contribution(inspection, version)
    step.write(after={"version": version.number, "inspection_number": report.inspection_number})
    _tell_published(inspection, report, amended=False)
    return version


@public_service
def amend_report(
    *,
    actor: Actor,
    inspection: Inspection,
    reason: str,
    pupil_experience: str | None = None,
    next_steps: str | None = None,
    letter: str | None = None,
) -> ReportVersion:
    """Publish a new version of a published report (after a complaint, a regrade, a correction): the narrative
    given replaces the last, the grades are read again, and the version before stays readable, marked replaced."""
    step = transition(actor=actor, action=Action.AMEND, inspection=inspection)
    inspection = step.inspection
    report = _locked_report(inspection)
    reason = REASON.clean(reason, field="reason", what="why the report is amended")
    changes = {"pupil_experience": pupil_experience, "next_steps": next_steps, "letter": letter}
    for field, value in changes.items():
        if value is not None:
            value = NARRATIVE.clean(value, field=field, what=field.replace("_", " "))
            setattr(report, field, _without_grading_words(value) if field == "letter" else value)
    report.revised_at = working_days.now()
    report.save()
    version = _publish_version(inspection, report, actor, reason)
    step.write(after={"version": version.number}, reason=reason)
    _tell_published(inspection, report, amended=True)
    return version
