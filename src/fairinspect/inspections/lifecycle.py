"""The life of an inspection (DOMAIN.md §4): its actions, who may take each and when, and `transition`, the one
way anything moves an inspection on.

`RULES` says, for each action, from which states it may be taken, who may take it (their role and their
relation to this inspection), what else must hold (no request to defer waiting, the right day), whether a
national halt holds it, the state it moves to and the audit event it writes. Services (of this app and of the
apps above it: reports move an inspection on from `on_site`, scheduling staffs it) call `transition` and then
`Transition.write`; pages and the API ask `allowed_actions`, so they offer only what would succeed.

`transition` locks what the action needs (the national halt switch first when a halt holds the action, then
the inspection), and checks who is acting, the state, the halt and the conditions, each refusal in words a
person can act on. `Transition.write` sets the new state (the only code that does: a test checks) and appends
the action's one audit event, which records the state before and after, so the audit trail alone replays the
life of an inspection. Locks are always taken in the same order (the halt switch, the inspection, its
inspectors by id, then a deferral request or standing offer), so two actions never wait for each other in a
circle.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from django.conf import settings
from django.db import transaction

from fairinspect.accounts.permissions import (
    DECIDE_GRADE_REVIEWS,
    DECIDE_PAUSES,
    HALT_INSPECTIONS,
    HANDLE_COMPLAINTS,
    PLAN_INSPECTIONS,
    QUALITY_ASSURE,
    holds,
)
from fairinspect.accounts.selectors import is_headteacher_of
from fairinspect.audit.services import record_event
from fairinspect.core import working_days
from fairinspect.core.actors import Actor
from fairinspect.core.errors import DomainError, InvalidRequest, NotPermitted, WrongState
from fairinspect.core.formatting import count, govuk_date
from fairinspect.core.hooks import Hook, Registry
from fairinspect.inspections.models import (
    DeferralRequest,
    HaltSwitch,
    Inspection,
    InspectionEvent,
    Kind,
    NationalHalt,
    PausedBy,
    State,
)
from fairinspect.inspections.selectors import (
    call_day,
    is_lead_of,
    is_on_team,
    is_user_of_school,
    lead_of,
    open_pause,
    pending_deferral,
)


class Action(StrEnum):
    PLAN = "plan"
    ASSIGN = "assign"
    UNASSIGN = "unassign"
    REPLAN = "replan"
    NOTIFY = "notify"
    START = "start"
    REQUEST_DEFERRAL = "request-deferral"
    DECIDE_DEFERRAL = "decide-deferral"
    GRANT_BY_STANDING_OFFER = "grant-by-standing-offer"
    PAUSE = "pause"
    PAUSE_FOR_HALT = "pause-for-halt"
    CONFIRM_PAUSE = "confirm-pause"
    RESUME = "resume"
    DEFER = "defer"
    CANCEL = "cancel"
    GIVE_FEEDBACK = "give-feedback"
    # The report, from the feedback meeting to publication and its amendments (the reports app).
    START_DRAFT = "start-draft"
    REVISE_DRAFT = "revise-draft"
    SEND_FOR_FACTUAL_ACCURACY = "send-for-factual-accuracy"
    COMMENT_ON_FACTS = "comment-on-facts"
    FINISH_COMMENTING = "finish-commenting"
    ANSWER_COMMENT = "answer-comment"
    REQUEST_REVIEW = "request-review"
    DECIDE_REVIEW = "decide-review"
    SEND_TO_QUALITY_ASSURANCE = "send-to-quality-assurance"
    RETURN_TO_LEAD = "return-to-lead"
    PUBLISH = "publish"
    AMEND = "amend"


# Who may act, by their role and their relation to the inspection.


def _planner(user, inspection: Inspection) -> bool:
    return holds(user, PLAN_INSPECTIONS)


def _duty(user, inspection: Inspection) -> bool:
    return holds(user, DECIDE_PAUSES)


def _halting(user, inspection: Inspection) -> bool:
    return holds(user, HALT_INSPECTIONS)


def _lead_or_headteacher(user, inspection: Inspection) -> bool:
    return is_lead_of(user, inspection) or is_headteacher_of(user, inspection.school)


def _lead_headteacher_or_duty(user, inspection: Inspection) -> bool:
    return _lead_or_headteacher(user, inspection) or _duty(user, inspection)


def _lead_or_duty(user, inspection: Inspection) -> bool:
    return _duty(user, inspection) or is_lead_of(user, inspection)


def _planner_or_duty_for_a_pause(user, inspection: Inspection) -> bool:
    # The duty decision-maker may end a pause in deferral or cancellation; otherwise it is the schedulers' call.
    if inspection.state == State.PAUSED and _duty(user, inspection):
        return True
    return _planner(user, inspection)


_PLANNER_TEXT = PLAN_INSPECTIONS.holders()
_LEAD_TEXT = "the lead inspector of this inspection"
_SCHOOL_TEXT = "a user of this school"


# What else must hold, besides the state. Each gives why not, in words, or None when it holds.


@dataclass(frozen=True)
class Condition:
    unmet: Callable[[Inspection], str | None]
    error: type[DomainError] = WrongState


def _no_request_to_defer(words: Callable[[DeferralRequest], str]) -> Condition:
    def unmet(inspection: Inspection) -> str | None:
        pending = pending_deferral(inspection)
        return None if pending is None else words(pending)

    return Condition(unmet)


def _a_request_to_decide(inspection: Inspection) -> str | None:
    return None if pending_deferral(inspection) is not None else "No request to defer this inspection waits for a decision"


def _on_a_day_on_site(inspection: Inspection) -> str | None:
    today = working_days.today()
    if inspection.starts_on <= today <= inspection.ends_on and working_days.is_working_day(today):
        return None
    return (
        f"On-site work can start only on a working day from {govuk_date(inspection.starts_on)} to "
        f"{govuk_date(inspection.ends_on)}; today is {govuk_date(today)}"
    )


def _on_the_call_day(inspection: Inspection) -> str | None:
    today = working_days.today()
    if not working_days.is_working_day(today):
        return "Schools are only notified on working days, and today is not one"
    due = call_day(inspection)
    if due == today:
        return None
    when = "has passed" if due < today else f"is {govuk_date(due)}"
    notice = count(settings.FAIRINSPECT["NOTICE_WORKING_DAYS"], "working day")
    return (
        f"Schools are notified {notice} before on-site work. This inspection starts on "
        f"{govuk_date(inspection.starts_on)}, so the day to notify the school {when}"
        + (": replan it first" if due < today else "")
    )


def _with_a_lead(inspection: Inspection) -> str | None:
    return None if lead_of(inspection) is not None else "Assign a lead inspector before notifying the school"


def _paused_by_a_person_and_unconfirmed(inspection: Inspection) -> str | None:
    pause = open_pause(inspection)
    if pause is None or pause.paused_by == PausedBy.NATIONAL_HALT:
        return "A pause for a national halt needs no confirmation: it lasts until the halt is lifted"
    if pause.confirmed_at is not None:
        return f"This pause was already confirmed on {govuk_date(pause.confirmed_at)}"
    return None


# Ending on-site work with the final feedback meeting (DOMAIN.md §4). Whether the grades are ready for it is known
# only to grading, above this app, which provides the hook.
grades_not_ready: Hook[[Inspection], str | None] = Hook(
    "grades_not_ready", "why an inspection's grades are not ready for its final feedback, or None"
)

# The report's actions: who takes them, and the conditions only the reports app knows (every comment answered, a
# publication hold), which it registers here as (action, why not) pairs.
further_conditions: Registry[tuple["Action", Callable[[Inspection], str | None]]] = Registry(
    "conditions of lifecycle actions that apps above the inspections know"
)


def _quality_assurer(user, inspection: Inspection) -> bool:
    return holds(user, QUALITY_ASSURE)


def _senior_inspector_off_the_team(user, inspection: Inspection) -> bool:
    # A review of the grades is decided by someone who did not give them.
    return holds(user, DECIDE_GRADE_REVIEWS) and not is_on_team(user, inspection)


def _amender(user, inspection: Inspection) -> bool:
    return holds(user, QUALITY_ASSURE) or holds(user, HANDLE_COMPLAINTS)


def _ever_published(inspection: Inspection) -> str | None:
    if inspection.kind == Kind.PILOT:
        return "A pilot inspection is never published: it does not change the school's record"
    return None


_QA_TEXT = QUALITY_ASSURE.holders()


@dataclass(frozen=True)
class Rule:
    """An action: who may take it (`who`, said in words by `who_text` in a refusal: "Only {who_text} can {doing}
    this inspection."), from which `states` (None: an inspection not yet planned), what else must hold, the
    state it moves to (`to`; None: it stays) and the audit event it writes. `offered` is False for actions the
    system takes as part of another (a halt pausing every inspection on site), which no page offers."""

    doing: str
    states: frozenset[State | None]
    who: Callable[[Actor, Inspection], bool]
    who_text: str
    event: InspectionEvent
    to: State | None = None
    held_by_halt: bool = False
    conditions: tuple[Condition, ...] = ()
    offered: bool = True


def _states(*states: State | None) -> frozenset[State | None]:
    return frozenset(states)


RULES: dict[Action, Rule] = {
    Action.PLAN: Rule(
        "plan", _states(None), _planner, _PLANNER_TEXT, InspectionEvent.PLANNED, to=State.PLANNED, offered=False
    ),
    Action.ASSIGN: Rule(
        "change the team of", _states(State.PLANNED, State.NOTIFIED), _planner, _PLANNER_TEXT,
        InspectionEvent.INSPECTOR_ASSIGNED,
    ),
    Action.UNASSIGN: Rule(
        "change the team of", _states(State.PLANNED, State.NOTIFIED), _planner, _PLANNER_TEXT,
        InspectionEvent.INSPECTOR_REMOVED,
    ),
    Action.REPLAN: Rule(
        "replan", _states(State.PLANNED, State.DEFERRED), _planner, _PLANNER_TEXT, InspectionEvent.REPLANNED,
        to=State.PLANNED,
    ),
    Action.NOTIFY: Rule(
        "notify the school of", _states(State.PLANNED), _planner, _PLANNER_TEXT, InspectionEvent.NOTIFIED,
        to=State.NOTIFIED, held_by_halt=True,
        conditions=(Condition(_on_the_call_day, InvalidRequest), Condition(_with_a_lead, InvalidRequest)),
    ),
    Action.START: Rule(
        "start", _states(State.NOTIFIED), is_lead_of, _LEAD_TEXT, InspectionEvent.STARTED, to=State.ON_SITE,
        held_by_halt=True,
        conditions=(
            _no_request_to_defer(
                lambda pending: "The school has asked to defer this inspection: the scheduling team must decide "
                "before on-site work starts"
            ),
            Condition(_on_a_day_on_site, InvalidRequest),
        ),
    ),
    Action.REQUEST_DEFERRAL: Rule(
        "ask to defer", _states(State.NOTIFIED), is_user_of_school, _SCHOOL_TEXT, InspectionEvent.DEFERRAL_REQUESTED,
        conditions=(
            _no_request_to_defer(
                lambda pending: f"You have already asked to defer this inspection (on "
                f"{govuk_date(pending.requested_at)}); we will tell you our decision"
            ),
        ),
    ),
    # Granted moves the inspection to deferred; refused leaves it notified (`Transition.write(to=None)`).
    Action.DECIDE_DEFERRAL: Rule(
        "decide on a deferral of", _states(State.NOTIFIED), _planner, _PLANNER_TEXT, InspectionEvent.DEFERRAL_GRANTED,
        to=State.DEFERRED, conditions=(Condition(_a_request_to_decide),),
    ),
    # A request on a ground a standing offer grants is granted at once, as the school asks.
    Action.GRANT_BY_STANDING_OFFER: Rule(
        "ask to defer", _states(State.NOTIFIED), is_user_of_school, _SCHOOL_TEXT, InspectionEvent.DEFERRAL_GRANTED,
        to=State.DEFERRED, offered=False,
    ),
    Action.PAUSE: Rule(
        "pause", _states(State.ON_SITE), _lead_headteacher_or_duty,
        f"the lead inspector, the school's headteacher or {DECIDE_PAUSES.holders()}",
        InspectionEvent.PAUSED, to=State.PAUSED,
    ),
    Action.PAUSE_FOR_HALT: Rule(
        "halt", _states(State.ON_SITE), _halting, HALT_INSPECTIONS.holders(), InspectionEvent.PAUSED,
        to=State.PAUSED, offered=False,
    ),
    Action.CONFIRM_PAUSE: Rule(
        "confirm the pause of", _states(State.PAUSED), _duty, DECIDE_PAUSES.holders(), InspectionEvent.PAUSE_CONFIRMED,
        conditions=(Condition(_paused_by_a_person_and_unconfirmed),),
    ),
    Action.RESUME: Rule(
        "resume", _states(State.PAUSED), _lead_or_duty, f"the lead inspector or {DECIDE_PAUSES.holders()}",
        InspectionEvent.RESUMED, to=State.ON_SITE, held_by_halt=True,
    ),
    # A notified inspection is deferred when it cannot go ahead on its dates (a halt, a lead falling ill), so that
    # it can be given new ones; a paused one when its pause ends that way.
    Action.DEFER: Rule(
        "defer", _states(State.NOTIFIED, State.PAUSED), _planner_or_duty_for_a_pause,
        f"{_PLANNER_TEXT} (or, for a paused inspection, {DECIDE_PAUSES.holders()})", InspectionEvent.DEFERRED,
        to=State.DEFERRED,
        conditions=(
            _no_request_to_defer(
                lambda pending: f"The school asked to defer this inspection on {govuk_date(pending.requested_at)}: "
                "decide its request instead (granting it defers the inspection)"
            ),
        ),
    ),
    Action.CANCEL: Rule(
        "cancel", _states(State.PLANNED, State.NOTIFIED, State.DEFERRED, State.PAUSED), _planner_or_duty_for_a_pause,
        f"{_PLANNER_TEXT} (or, for a paused inspection, {DECIDE_PAUSES.holders()})", InspectionEvent.CANCELLED,
        to=State.CANCELLED,
    ),
    # Ending on-site work: the final feedback, once grading says the grades are ready.
    Action.GIVE_FEEDBACK: Rule(
        "give the final feedback of", _states(State.ON_SITE), is_lead_of, _LEAD_TEXT, InspectionEvent.FEEDBACK_GIVEN,
        to=State.FEEDBACK_GIVEN, conditions=(Condition(lambda inspection: grades_not_ready(inspection)),),
    ),
    # The report (the reports app's services take these; its own conditions are in `further_conditions`).
    Action.START_DRAFT: Rule(
        "start the report of", _states(State.FEEDBACK_GIVEN), is_lead_of, _LEAD_TEXT, InspectionEvent.DRAFT_STARTED,
        to=State.DRAFT_REPORT,
    ),
    Action.REVISE_DRAFT: Rule(
        "revise the report of", _states(State.DRAFT_REPORT, State.FACTUAL_ACCURACY_CHECK), is_lead_of, _LEAD_TEXT,
        InspectionEvent.DRAFT_REVISED,
    ),
    Action.SEND_FOR_FACTUAL_ACCURACY: Rule(
        "send the draft report of", _states(State.DRAFT_REPORT), is_lead_of, _LEAD_TEXT,
        InspectionEvent.SENT_FOR_FACTUAL_ACCURACY, to=State.FACTUAL_ACCURACY_CHECK,
    ),
    Action.COMMENT_ON_FACTS: Rule(
        "comment on the draft report of", _states(State.FACTUAL_ACCURACY_CHECK), is_user_of_school, _SCHOOL_TEXT,
        InspectionEvent.FACTUAL_ACCURACY_COMMENTED,
    ),
    Action.FINISH_COMMENTING: Rule(
        "finish commenting on the draft report of", _states(State.FACTUAL_ACCURACY_CHECK), is_user_of_school, _SCHOOL_TEXT,
        InspectionEvent.FACTUAL_ACCURACY_FINISHED,
    ),
    Action.ANSWER_COMMENT: Rule(
        "answer the school's comments on", _states(State.FACTUAL_ACCURACY_CHECK), is_lead_of, _LEAD_TEXT,
        InspectionEvent.COMMENT_ANSWERED,
    ),
    Action.REQUEST_REVIEW: Rule(
        "ask for a review of the grades of", _states(State.FACTUAL_ACCURACY_CHECK), is_user_of_school, _SCHOOL_TEXT,
        InspectionEvent.REVIEW_REQUESTED,
    ),
    Action.DECIDE_REVIEW: Rule(
        "decide the review of the grades of", _states(State.FACTUAL_ACCURACY_CHECK), _senior_inspector_off_the_team,
        f"{DECIDE_GRADE_REVIEWS.holders()} who was not on its team", InspectionEvent.REVIEW_DECIDED,
    ),
    Action.SEND_TO_QUALITY_ASSURANCE: Rule(
        "send for quality assurance the report of", _states(State.FACTUAL_ACCURACY_CHECK, State.DRAFT_REPORT),
        is_lead_of, _LEAD_TEXT, InspectionEvent.SENT_TO_QUALITY_ASSURANCE, to=State.QUALITY_ASSURANCE,
    ),
    Action.RETURN_TO_LEAD: Rule(
        "return to the lead inspector the report of", _states(State.QUALITY_ASSURANCE), _quality_assurer, _QA_TEXT,
        InspectionEvent.RETURNED_BY_QUALITY_ASSURANCE, to=State.DRAFT_REPORT,
    ),
    Action.PUBLISH: Rule(
        "publish the report of", _states(State.QUALITY_ASSURANCE), _quality_assurer, _QA_TEXT,
        InspectionEvent.PUBLISHED, to=State.PUBLISHED, conditions=(Condition(_ever_published),),
    ),
    Action.AMEND: Rule(
        "amend the published report of", _states(State.PUBLISHED), _amender,
        f"{QUALITY_ASSURE.holders()} or {HANDLE_COMPLAINTS.holders()}", InspectionEvent.AMENDED,
        to=State.PUBLISHED,
    ),
}  # fmt: skip


def permission_refusal(user: Actor, action: Action, inspection: Inspection) -> str | None:
    """Why `user` may not take `action` on this inspection (their role or relation to it), or None."""
    rule = RULES[action]
    if rule.who(user, inspection):
        return None
    return f"Only {rule.who_text} can {rule.doing} this inspection."


def state_refusal(action: Action, inspection: Inspection, halt: NationalHalt | None) -> str | None:
    """Why `action` cannot be taken now, given the inspection's state and any national halt, or None."""
    rule = RULES[action]
    if (inspection.state or None) not in rule.states:
        allowed = " or ".join(sorted(state.label.lower() for state in rule.states if state))
        return (
            f"You cannot {rule.doing} this inspection: it is {inspection.get_state_display().lower()}, "
            f"and this can only be done when it is {allowed}."
        )
    if rule.held_by_halt and halt is not None:
        return (
            f"Inspections are halted nationally (since {govuk_date(halt.started_at)}): "
            f"nothing can be notified, started or resumed until the halt is lifted. Reason: {halt.reason}"
        )
    return None


def _unmet_condition(action: Action, inspection: Inspection) -> tuple[str, type[DomainError]] | None:
    for condition in RULES[action].conditions:
        problem = condition.unmet(inspection)
        if problem:
            return problem, condition.error
    for further_action, unmet in further_conditions:
        if further_action == action and (problem := unmet(inspection)):
            return problem, WrongState
    return None


def allowed_actions(user: Actor, inspection: Inspection, halt: NationalHalt | None) -> list[Action]:
    """The actions this user could take on this inspection now (what they send is checked when they do)."""
    return [
        action
        for action, rule in RULES.items()
        if rule.offered
        and state_refusal(action, inspection, halt) is None
        and permission_refusal(user, action, inspection) is None
        and _unmet_condition(action, inspection) is None
    ]


def lock_halt_switch() -> HaltSwitch:
    """The one row naming the halt in force, locked: halting, lifting and every action a halt holds take it first."""
    switch, _ = HaltSwitch.objects.select_for_update().get_or_create(id=1)
    return switch


def lock_inspection(inspection: Inspection) -> Inspection:
    """The inspection's row, locked for the caller's transaction, with its school and framework."""
    return Inspection.objects.select_for_update(of=("self",)).select_related("school", "framework").get(pk=inspection.pk)


@dataclass
class Transition:
    """An action under way on a locked inspection, its guards passed: `write` finishes it."""

    action: Action
    inspection: Inspection
    actor: Actor
    before_state: State | None
    written: bool = field(default=False, init=False)

    def write(
        self,
        *,
        after: dict | None = None,
        reason: str = "",
        to: State | None | bool = True,
        event: InspectionEvent | None = None,
        recorded_as: str | None = None,
    ) -> Inspection:
        """Write the new state (with the inspection's other changed fields) and the action's one audit event.

        `to=None` keeps the state where an action may end either way (a refused request to defer); `event` names
        that outcome's event instead of the rule's. `recorded_as` records the decision as the system's, under
        that name (a standing offer that granted a request), rather than the actor's."""
        if self.written:
            raise RuntimeError(f"The {self.action} transition of inspection {self.inspection.pk} was already written")
        rule = RULES[self.action]
        new_state = rule.to if to is True else to
        if new_state not in (None, rule.to):
            raise ValueError(f"{self.action} moves an inspection to {rule.to}, not {new_state}")
        if new_state is not None:
            self.inspection.enter_state(new_state)
            self.inspection.save()
        record_event(
            actor=None if recorded_as else self.actor,
            actor_label=recorded_as,
            action=event or rule.event,
            obj=self.inspection,
            before={"state": self.before_state},
            after={"state": self.inspection.state, **(after or {})},
            reason=reason,
        )
        self.written = True
        return self.inspection


def transition(*, actor: Actor, action: Action, inspection: Inspection) -> Transition:
    """Begin `action` on `inspection` inside the caller's transaction: lock what it needs, check who is acting,
    the state, any national halt and the action's conditions, and return the `Transition` to write. A refusal
    raises NotPermitted (403), WrongState (409) or the condition's own error, having changed nothing."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("transition runs inside the transaction of the service that takes the action")
    rule = RULES[action]
    halt = lock_halt_switch().current_halt if rule.held_by_halt else None
    if inspection.pk is not None:
        inspection = lock_inspection(inspection)
    problem = permission_refusal(actor, action, inspection)
    if problem:
        raise NotPermitted(problem)
    problem = state_refusal(action, inspection, halt)
    if problem:
        raise WrongState(problem)
    unmet = _unmet_condition(action, inspection)
    if unmet:
        problem, error = unmet
        raise error(problem)
    return Transition(action, inspection, actor, State(inspection.state) if inspection.state else None)
