"""Changes to concerns, complaints and learning reviews. Each is a public service with one audit event; each
checks who is acting, and the window or stage it acts in, and emails those who must act next."""

from datetime import date

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from fairinspect.accounts.permissions import (
    HANDLE_COMPLAINTS,
    MANAGE_LEARNING_REVIEWS,
    holds,
    require,
)
from fairinspect.accounts.selectors import emails_of_holders, school_members_emails
from fairinspect.audit.services import public_service, record_event
from fairinspect.complaints import messages, selectors
from fairinspect.complaints.models import (
    ActionKind,
    Complaint,
    ComplaintAction,
    ComplaintEvent,
    Concern,
    LearningReview,
    Outcome,
    Recommendation,
    Response,
    ReviewAction,
    SeriousIncident,
)
from fairinspect.core import working_days
from fairinspect.core.actors import Actor
from fairinspect.core.email import email_after_commit
from fairinspect.core.errors import InvalidRequest, NotPermitted, WrongState
from fairinspect.core.text import LINE, REASON, SHORT_NOTE
from fairinspect.inspections.lifecycle import lock_inspection
from fairinspect.inspections.models import Inspection, Kind
from fairinspect.inspections.proposals import record_proposal
from fairinspect.inspections.selectors import is_user_of_school


def _locked[M: (Concern, Complaint, Recommendation, LearningReview, SeriousIncident)](queryset: QuerySet[M], pk: int) -> M:
    return queryset.select_for_update(of=("self",)).get(pk=pk)


def _require_school_user(actor: Actor, inspection: Inspection, doing: str) -> None:
    if not is_user_of_school(actor, inspection):
        raise NotPermitted(f"Only a user of this school can {doing}.")


# Concerns.


@public_service
def raise_concern(*, actor: Actor, inspection: Inspection, details: str) -> Concern:
    """The school raises a concern it could not resolve with the lead inspector; it goes to a senior inspector on
    duty who is not on the team, who must answer it by the end of the configured working days."""
    _require_school_user(actor, inspection, "raise a concern about its inspection")
    inspection = lock_inspection(inspection)
    today = working_days.today()
    problem = selectors.concern_refusal(inspection, today)
    if problem:
        raise WrongState(problem)
    details = REASON.clean(details, field="details", what="your concern")
    handler = selectors.duty_inspector_for(inspection)
    if handler is None:
        raise WrongState(
            "No senior inspector on duty is free of this inspection to take your concern: please call the "
            "inspectorate's helpline, and tell the lead inspector"
        )
    concern = Concern.objects.create(
        inspection=inspection, raised_by=actor, raised_at=working_days.now(), details=details, handler=handler,
        respond_by=working_days.add_working_days(today, settings.FAIRINSPECT["CONCERN_RESPONSE_WORKING_DAYS"]),
    )  # fmt: skip
    record_event(
        actor=actor, action=ComplaintEvent.CONCERN_RAISED, obj=concern,
        after={"inspection": inspection.pk, "handler": handler.pk, "respond_by": concern.respond_by},
    )  # fmt: skip
    email_after_commit(*messages.concern_to_answer(concern), [handler.email])
    email_after_commit(*messages.concern_received(concern), school_members_emails(inspection.school_id))
    return concern


@public_service
def answer_concern(*, actor: Actor, concern: Concern, response: str) -> Concern:
    concern = _locked(Concern.objects.select_related("inspection__school"), concern.pk)
    if actor is None or concern.handler_id != actor.pk:
        raise NotPermitted("Only the senior inspector on duty the concern was routed to can answer it.")
    if concern.responded_at is not None:
        raise WrongState(f"This concern was already answered on {timezone.localdate(concern.responded_at):%d %B %Y}")
    concern.response = REASON.clean(response, field="response", what="your answer")
    concern.responded_at = working_days.now()
    concern.save()
    late = working_days.today() > concern.respond_by
    record_event(
        actor=actor, action=ComplaintEvent.CONCERN_ANSWERED, obj=concern,
        after={"responded_at": concern.responded_at, "late": late},
    )  # fmt: skip
    email_after_commit(*messages.concern_answered(concern), school_members_emails(concern.inspection.school_id))
    return concern


# Complaints.


@public_service
def make_complaint(*, actor: Actor, inspection: Inspection, grounds: str) -> Complaint:
    """A formal complaint, within the configured working days of the report's publication; one made soon after
    on-site work, before publication, holds publication until it is decided."""
    _require_school_user(actor, inspection, "complain about its inspection")
    inspection = lock_inspection(inspection)
    today = working_days.today()
    problem = selectors.complaint_refusal(inspection, today)
    if problem:
        raise WrongState(problem)
    grounds = REASON.clean(grounds, field="grounds", what="your complaint")
    complaint = Complaint.objects.create(
        inspection=inspection, made_by=actor, made_at=working_days.now(), grounds=grounds,
        respond_by=working_days.add_working_days(today, settings.FAIRINSPECT["COMPLAINT_DECISION_WORKING_DAYS"]),
        holds_publication=selectors.would_hold_publication(inspection, today),
    )  # fmt: skip
    record_event(
        actor=actor, action=ComplaintEvent.COMPLAINT_MADE, obj=complaint,
        after={"inspection": inspection.pk, "respond_by": complaint.respond_by, "holds_publication": complaint.holds_publication},
    )  # fmt: skip
    email_after_commit(*messages.complaint_made(complaint), emails_of_holders(HANDLE_COMPLAINTS))
    email_after_commit(*messages.complaint_received(complaint), school_members_emails(inspection.school_id))
    return complaint


def _complaint_for_staff(actor: Actor, complaint: Complaint, doing: str) -> Complaint:
    require(actor, HANDLE_COMPLAINTS, doing)
    return _locked(Complaint.objects.select_related("inspection__school"), complaint.pk)


def _undecided(complaint: Complaint) -> None:
    if complaint.decided_at is not None:
        raise WrongState(f"This complaint was decided on {timezone.localdate(complaint.decided_at):%d %B %Y}")


@public_service
def assign_handler(*, actor: Actor, complaint: Complaint, handler) -> Complaint:
    complaint = _complaint_for_staff(actor, complaint, "assign complaints")
    _undecided(complaint)
    if not holds(handler, HANDLE_COMPLAINTS) or not handler.is_active:
        raise InvalidRequest(f"The handler must be {HANDLE_COMPLAINTS.holders()} with an active account", field="handler")
    before = complaint.handler_id
    complaint.handler = handler
    complaint.save()
    record_event(
        actor=actor, action=ComplaintEvent.HANDLER_ASSIGNED, obj=complaint,
        before={"handler": before}, after={"handler": handler.pk},
    )  # fmt: skip
    return complaint


@public_service
def release_hold(*, actor: Actor, complaint: Complaint, reason: str) -> Complaint:
    """Let the report be published before the complaint is decided, saying why."""
    complaint = _complaint_for_staff(actor, complaint, "release a complaint's hold on publication")
    if not complaint.holds_publication or complaint.hold_released_at is not None:
        raise WrongState("This complaint does not hold the report's publication")
    complaint.hold_release_reason = REASON.clean(reason, field="reason", what="the reason")
    complaint.hold_released_at = working_days.now()
    complaint.save()
    record_event(
        actor=actor, action=ComplaintEvent.HOLD_RELEASED, obj=complaint,
        after={"hold_released_at": complaint.hold_released_at}, reason=complaint.hold_release_reason,
    )  # fmt: skip
    return complaint


@public_service
def decide_complaint(*, actor: Actor, complaint: Complaint, outcome: Outcome | str, reason: str) -> Complaint:
    """The outcome and why; a hold on publication ends with it. The handler decides (taking the complaint
    when it has none)."""
    complaint = _complaint_for_staff(actor, complaint, "decide complaints")
    _undecided(complaint)
    if complaint.handler_id not in (None, actor.pk):
        raise NotPermitted(f"Only the complaint's handler, {complaint.handler.get_full_name() or complaint.handler}, can decide it.")
    if outcome not in Outcome.values:
        raise InvalidRequest("Choose the outcome", field="outcome")
    complaint.outcome_reason = REASON.clean(reason, field="reason", what="the reasons for the outcome")
    complaint.outcome = Outcome(outcome)
    complaint.handler = actor
    complaint.decided_at = working_days.now()
    if complaint.holds_publication and complaint.hold_released_at is None:
        complaint.hold_released_at = complaint.decided_at
        complaint.hold_release_reason = "The complaint was decided."
    complaint.save()
    record_event(
        actor=actor, action=ComplaintEvent.COMPLAINT_DECIDED, obj=complaint,
        after={"outcome": complaint.outcome, "late": working_days.today() > complaint.respond_by},
        reason=complaint.outcome_reason,
    )  # fmt: skip
    email_after_commit(*messages.complaint_decided(complaint), school_members_emails(complaint.inspection.school_id))
    return complaint


def _upheld(complaint: Complaint) -> None:
    if complaint.outcome not in (Outcome.UPHELD, Outcome.PARTLY_UPHELD):
        raise WrongState("Actions follow a complaint that was upheld in whole or in part")


@public_service
def propose_reinspection(*, actor: Actor, complaint: Complaint, due_by: date, reason: str) -> ComplaintAction:
    """Propose to the scheduling team that the school be inspected again (a focused monitoring inspection)."""
    complaint = _complaint_for_staff(actor, complaint, "take action on complaints")
    _upheld(complaint)
    if due_by <= working_days.today():
        raise InvalidRequest("The re-inspection must be due by a day after today", field="due_by")
    reason = REASON.clean(reason, field="reason", what="why the school should be inspected again")
    inspection = complaint.inspection
    proposal = record_proposal(
        school=inspection.school, kind=Kind.FOCUSED_MONITORING, due_by=due_by, reason=reason, follows=inspection,
        actor=actor,
    )  # fmt: skip
    return _record_action(actor, complaint, ActionKind.REINSPECTION_PROPOSED, reason, proposal=proposal.pk)


def _record_action(actor: Actor, complaint: Complaint, kind: ActionKind, details: str, **after) -> ComplaintAction:
    action = ComplaintAction.objects.create(
        complaint=complaint, kind=kind, details=details, taken_by=actor, taken_at=working_days.now()
    )
    record_event(actor=actor, action=ComplaintEvent.ACTION_TAKEN, obj=complaint, after={"kind": kind, **after}, reason=details)
    return action


@public_service
def escalate_complaint(*, actor: Actor, complaint: Complaint, grounds: str) -> Complaint:
    """The school asks for independent adjudication of how its complaint was handled."""
    complaint = _locked(Complaint.objects.select_related("inspection__school"), complaint.pk)
    _require_school_user(actor, complaint.inspection, "ask for independent adjudication of its complaint")
    problem = selectors.escalation_refusal(complaint, working_days.today())
    if problem:
        raise WrongState(problem)
    complaint.escalation_grounds = REASON.clean(grounds, field="grounds", what="why you are not satisfied")
    complaint.escalated_at = working_days.now()
    complaint.save()
    record_event(actor=actor, action=ComplaintEvent.ESCALATED, obj=complaint, after={"escalated_at": complaint.escalated_at})
    email_after_commit(*messages.adjudication_asked(complaint), emails_of_holders(HANDLE_COMPLAINTS))
    return complaint


@public_service
def refer_to_adjudicator(*, actor: Actor, complaint: Complaint, adjudicator: str, sent: str) -> Complaint:
    """Record the complaint's referral to the independent adjudicator, and what was sent."""
    complaint = _complaint_for_staff(actor, complaint, "refer complaints to adjudication")
    if complaint.escalated_at is None:
        raise WrongState("The school has not asked for independent adjudication of this complaint")
    if complaint.referred_at is not None:
        raise WrongState(f"This complaint was sent to {complaint.adjudicator} already")
    complaint.adjudicator = LINE.clean(adjudicator, field="adjudicator", what="the adjudicator")
    complaint.sent_to_adjudicator = REASON.clean(sent, field="sent", what="what was sent")
    complaint.referred_at = working_days.now()
    complaint.save()
    record_event(
        actor=actor, action=ComplaintEvent.REFERRED, obj=complaint,
        after={"adjudicator": complaint.adjudicator, "sent": complaint.sent_to_adjudicator},
    )  # fmt: skip
    return complaint


@public_service
def record_recommendation(*, actor: Actor, complaint: Complaint, text: str) -> Recommendation:
    complaint = _complaint_for_staff(actor, complaint, "record the adjudicator's recommendations")
    if complaint.referred_at is None:
        raise WrongState("Send the complaint to the adjudicator before recording its recommendations")
    recommendation = Recommendation.objects.create(
        complaint=complaint, text=REASON.clean(text, field="text", what="the recommendation"),
        received_at=working_days.now(),
    )  # fmt: skip
    record_event(
        actor=actor, action=ComplaintEvent.RECOMMENDATION_RECEIVED, obj=complaint,
        after={"recommendation": recommendation.pk}, reason=recommendation.text,
    )  # fmt: skip
    return recommendation


@public_service
def answer_recommendation(*, actor: Actor, recommendation: Recommendation, response: Response | str, reason: str) -> Recommendation:
    """Accept or decline a recommendation; a declined one's reason is published."""
    require(actor, HANDLE_COMPLAINTS, "answer the adjudicator's recommendations")
    recommendation = _locked(Recommendation.objects.select_related("complaint"), recommendation.pk)
    if recommendation.answered_at is not None:
        raise WrongState("This recommendation was already answered")
    if response not in Response.values:
        raise InvalidRequest("Choose whether the recommendation is accepted or declined", field="response")
    required = response == Response.DECLINED
    recommendation.response_reason = REASON.clean(
        reason, field="reason", required=required,
        what="why it is declined, which is published" if required else "what will be done",
    )  # fmt: skip
    recommendation.response = Response(response)
    recommendation.answered_at = working_days.now()
    recommendation.save()
    record_event(
        actor=actor, action=ComplaintEvent.RECOMMENDATION_ANSWERED, obj=recommendation.complaint,
        after={"recommendation": recommendation.pk, "response": recommendation.response},
        reason=recommendation.response_reason,
    )  # fmt: skip
    return recommendation


# Learning reviews.


@public_service
def record_incident(*, actor: Actor, inspection: Inspection, occurred_on: date, description: str) -> SeriousIncident:
    """A serious incident connected with an inspection, in a few words: no names or health details."""
    require(actor, MANAGE_LEARNING_REVIEWS, "record serious incidents")
    if occurred_on > working_days.today():
        raise InvalidRequest("The incident cannot be in the future", field="occurred_on")
    incident = SeriousIncident.objects.create(
        inspection=inspection, occurred_on=occurred_on, recorded_by=actor, recorded_at=working_days.now(),
        description=SHORT_NOTE.clean(description, field="description", what="what happened"),
    )  # fmt: skip
    record_event(
        actor=actor, action=ComplaintEvent.INCIDENT_RECORDED, obj=incident,
        after={"inspection": inspection.pk, "occurred_on": occurred_on},
    )  # fmt: skip
    return incident


@public_service
def commission_review(*, actor: Actor, incident: SeriousIncident, reviewer, terms_of_reference: str) -> LearningReview:
    require(actor, MANAGE_LEARNING_REVIEWS, "commission learning reviews")
    incident = _locked(SeriousIncident.objects.select_related("inspection"), incident.pk)
    if LearningReview.objects.filter(incident=incident).exists():
        raise WrongState("A learning review of this incident has already been commissioned")
    problem = selectors.reviewer_refusal(reviewer, incident.inspection)
    if problem:
        raise InvalidRequest(problem, field="reviewer")
    review = LearningReview.objects.create(
        incident=incident, reviewer=reviewer, commissioned_at=working_days.now(),
        terms_of_reference=REASON.clean(terms_of_reference, field="terms_of_reference", what="the terms of reference"),
    )  # fmt: skip
    record_event(actor=actor, action=ComplaintEvent.REVIEW_COMMISSIONED, obj=review, after={"reviewer": reviewer.pk})
    email_after_commit(*messages.review_commissioned(review), [reviewer.email])
    return review


def _review_for_reviewer(actor: Actor, review: LearningReview) -> LearningReview:
    review = _locked(LearningReview.objects.all(), review.pk)
    if actor is None or review.reviewer_id != actor.pk:
        raise NotPermitted("Only the reviewer can record a learning review's findings and actions.")
    if review.published_at is not None:
        raise WrongState("This learning review's summary is published: it can no longer change")
    return review


@public_service
def record_findings(*, actor: Actor, review: LearningReview, findings: str) -> LearningReview:
    review = _review_for_reviewer(actor, review)
    review.findings = REASON.clean(findings, field="findings", what="the findings")
    review.save()
    record_event(actor=actor, action=ComplaintEvent.FINDINGS_RECORDED, obj=review, reason=review.findings)
    return review


@public_service
def add_review_action(*, actor: Actor, review: LearningReview, description: str, owner: str, due_on: date) -> ReviewAction:
    review = _review_for_reviewer(actor, review)
    if due_on < working_days.today():
        raise InvalidRequest("An action cannot be due before today", field="due_on")
    action = ReviewAction.objects.create(
        review=review, due_on=due_on,
        description=LINE.clean(description, field="description", what="the action"),
        owner=LINE.clean(owner, field="owner", what="who owns it"),
    )  # fmt: skip
    record_event(
        actor=actor, action=ComplaintEvent.REVIEW_ACTION_ADDED, obj=review,
        after={"action": action.pk, "owner": action.owner, "due_on": due_on}, reason=action.description,
    )  # fmt: skip
    return action


@public_service
def publish_summary(*, actor: Actor, review: LearningReview, summary: str) -> LearningReview:
    """Publish the review's summary on a public page; the review no longer changes after it."""
    require(actor, MANAGE_LEARNING_REVIEWS, "publish learning reviews")
    review = _locked(LearningReview.objects.all(), review.pk)
    if review.published_at is not None:
        raise WrongState("This learning review's summary is already published")
    if not review.findings:
        raise WrongState("The reviewer has not recorded the findings yet")
    if not review.actions.exists():
        raise WrongState("A learning review is published with its actions: the reviewer has recorded none")
    review.summary = REASON.clean(summary, field="summary", what="the summary")
    review.published_at = working_days.now()
    review.save()
    record_event(actor=actor, action=ComplaintEvent.SUMMARY_PUBLISHED, obj=review, reason=review.summary)
    return review
