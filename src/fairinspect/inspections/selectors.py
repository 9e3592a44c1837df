"""Reads of inspections, and every rule about who may see or do what to one.

`RULES` says, for each action, from which states it may be taken, who may take it (their role and their
relation to this inspection), and whether a national halt holds it. Services check it before changing
anything; pages and the API ask `allowed_actions` so they offer only what would succeed.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from django.db.models import Case, Exists, F, OuterRef, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone

from fairinspect.accounts.roles import Role
from fairinspect.accounts.selectors import has_role, is_headteacher_of, schools_of
from fairinspect.audit.selectors import events_for
from fairinspect.core import working_days
from fairinspect.inspections.models import (
    IN_PROGRESS,
    BlanketDeferralOffer,
    Decision,
    DeferralGround,
    DeferralRequest,
    HaltSwitch,
    Inspection,
    NationalHalt,
    Pause,
    PauseGround,
    State,
    TeamMember,
)
from fairinspect.web.formatting import govuk_date, govuk_date_range
from fairinspect.workforce.models import Inspector


# What each role may do. Every page, endpoint and service asks these; none names the roles itself.


def sees_every_inspection(user) -> bool:
    """Schedulers, duty decision-makers and administrators: they plan inspections, decide on pauses, or run
    the service."""
    return has_role(user, Role.SCHEDULER, Role.DUTY_DECISION_MAKER, Role.ADMINISTRATOR)


def plans_inspections(user) -> bool:
    """Plans inspections, puts teams on them, notifies schools and decides requests to defer."""
    return has_role(user, Role.SCHEDULER)


def manages_deferrals(user) -> bool:
    """Sees the requests to defer waiting for a decision, and makes and withdraws standing offers."""
    return has_role(user, Role.SCHEDULER, Role.ADMINISTRATOR)


def decides_pauses(user) -> bool:
    """Confirms pauses, and ends them: resumes, defers or cancels the inspection."""
    return has_role(user, Role.DUTY_DECISION_MAKER)


def halts_inspections(user) -> bool:
    return has_role(user, Role.ADMINISTRATOR)


class Action(StrEnum):
    ASSIGN = "assign"
    UNASSIGN = "unassign"
    NOTIFY = "notify"
    START = "start"
    REQUEST_DEFERRAL = "request-deferral"
    DECIDE_DEFERRAL = "decide-deferral"
    PAUSE = "pause"
    CONFIRM_PAUSE = "confirm-pause"
    RESUME = "resume"
    DEFER = "defer"
    REPLAN = "replan"
    CANCEL = "cancel"


def is_lead_of(user, inspection: Inspection) -> bool:
    return has_role(user, Role.INSPECTOR) and TeamMember.objects.filter(
        inspection=inspection, is_lead=True, inspector__user=user
    ).exists()


def is_user_of_school(user, inspection: Inspection) -> bool:
    return schools_of(user).filter(pk=inspection.school_id).exists()


def _anyone_who(capability: Callable[..., bool]) -> Callable[..., bool]:
    return lambda user, inspection: capability(user)


def _lead_or_headteacher(user, inspection) -> bool:
    return is_lead_of(user, inspection) or is_headteacher_of(user, inspection.school)


def _lead_or_duty(user, inspection) -> bool:
    return decides_pauses(user) or is_lead_of(user, inspection)


def _planner_or_duty_for_a_pause(user, inspection) -> bool:
    # The duty decision-maker may end a pause in deferral or cancellation; otherwise it is the schedulers' call.
    if inspection.state == State.PAUSED and decides_pauses(user):
        return True
    return plans_inspections(user)


def reads_pause_notes(user, inspection: Inspection) -> bool:
    """The note given with a pause is for the people deciding on it: the duty decision-maker and the lead."""
    return decides_pauses(user) or is_lead_of(user, inspection)


@dataclass(frozen=True)
class Rule:
    """Who may take an action, and from which states: `doing` and `who_text` say so in words, in a refusal."""

    doing: str
    states: frozenset[State]
    who: Callable[..., bool]
    who_text: str
    held_by_halt: bool = False


_PLANNER = _anyone_who(plans_inspections)
_PLANNER_TEXT = "a scheduler"
_PLANNER_OR_DUTY_TEXT = "a scheduler (or, for a paused inspection, a duty decision-maker)"

RULES: dict[Action, Rule] = {
    Action.ASSIGN: Rule("change the team of", frozenset({State.PLANNED, State.NOTIFIED}), _PLANNER, _PLANNER_TEXT),
    Action.UNASSIGN: Rule("change the team of", frozenset({State.PLANNED, State.NOTIFIED}), _PLANNER, _PLANNER_TEXT),
    Action.NOTIFY: Rule("notify the school of", frozenset({State.PLANNED}), _PLANNER, _PLANNER_TEXT, held_by_halt=True),
    Action.START: Rule(
        "start", frozenset({State.NOTIFIED}), is_lead_of, "the lead inspector of this inspection", held_by_halt=True
    ),
    Action.REQUEST_DEFERRAL: Rule(
        "ask to defer", frozenset({State.NOTIFIED}), is_user_of_school, "a user of this school"
    ),
    Action.DECIDE_DEFERRAL: Rule("decide on a deferral of", frozenset({State.NOTIFIED}), _PLANNER, _PLANNER_TEXT),
    Action.PAUSE: Rule(
        "pause", frozenset({State.ON_SITE}), _lead_or_headteacher, "the lead inspector or the school's headteacher"
    ),
    Action.CONFIRM_PAUSE: Rule(
        "confirm the pause of", frozenset({State.PAUSED}), _anyone_who(decides_pauses), "a duty decision-maker"
    ),
    Action.RESUME: Rule(
        "resume", frozenset({State.PAUSED}), _lead_or_duty, "the lead inspector or a duty decision-maker",
        held_by_halt=True,
    ),
    # A notified inspection is deferred when it cannot go ahead on its dates (a halt, a lead falling ill),
    # so that it can be given new ones; a paused one when its pause ends that way.
    Action.DEFER: Rule(
        "defer", frozenset({State.NOTIFIED, State.PAUSED}), _planner_or_duty_for_a_pause, _PLANNER_OR_DUTY_TEXT
    ),
    Action.REPLAN: Rule("replan", frozenset({State.PLANNED, State.DEFERRED}), _PLANNER, _PLANNER_TEXT),
    Action.CANCEL: Rule(
        "cancel", frozenset({State.PLANNED, State.NOTIFIED, State.DEFERRED, State.PAUSED}),
        _planner_or_duty_for_a_pause,
        _PLANNER_OR_DUTY_TEXT,
    ),
}

def permission_refusal(user, action: Action, inspection: Inspection) -> str | None:
    """Why `user` may not take `action` on this inspection (their role or relation to it), or None."""
    rule = RULES[action]
    if rule.who(user, inspection):
        return None
    return f"Only {rule.who_text} can {rule.doing} this inspection."


def state_refusal(action: Action, inspection: Inspection, halt: NationalHalt | None) -> str | None:
    """Why `action` cannot be taken now, given the inspection's state and any national halt, or None."""
    rule = RULES[action]
    if inspection.state not in rule.states:
        allowed = " or ".join(sorted(state.label.lower() for state in rule.states))
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


def active_halt() -> NationalHalt | None:
    switch = HaltSwitch.objects.select_related("current_halt").filter(id=1).first()
    return switch.current_halt if switch else None


def allowed_actions(user, inspection: Inspection, halt: NationalHalt | None) -> list[Action]:
    """The actions this user could take on this inspection now (their data is checked when they do)."""
    return [
        action
        for action in RULES
        if state_refusal(action, inspection, halt) is None and permission_refusal(user, action, inspection) is None
    ]


def inspections_visible_to(user) -> QuerySet[Inspection]:
    """Schedulers, duty decision-makers and administrators see every inspection; an inspector the ones they
    are on; a school user their school's once the school has been notified of it, but never while it is
    being planned (again, after a deferral), as its dates are not for the school until the call; anyone
    else none.

    Each inspection comes with what this user is shown of it: `as_school` (whether they see it only as its
    school does) and `shown_starts_on` / `shown_ends_on`, which for the school are the dates it was told, so
    dates given after a replan never reach it before a call does."""
    inspections = Inspection.objects.select_related("school", "framework")
    if sees_every_inspection(user):
        return inspections.annotate(
            as_school=Value(False), shown_starts_on=F("starts_on"), shown_ends_on=F("ends_on")
        )
    seen = []
    if has_role(user, Role.INSPECTOR):
        seen.append(Q(on_team=True))
    if has_role(user, Role.SCHOOL_USER):
        seen.append(Q(school__in=schools_of(user), school_told_at__isnull=False) & ~Q(state=State.PLANNED))
    if not seen:
        return inspections.none()
    on_team = Exists(TeamMember.objects.filter(inspection=OuterRef("pk"), inspector__user=user))
    return (
        inspections.annotate(on_team=on_team)
        .filter(Q.create(seen, connector=Q.OR))
        .annotate(
            as_school=~Q(on_team=True),
            shown_starts_on=Case(When(on_team=True, then=F("starts_on")), default=F("told_starts_on")),
            shown_ends_on=Case(When(on_team=True, then=F("ends_on")), default=F("told_ends_on")),
        )
    )


def with_lead(inspections: QuerySet[Inspection]) -> QuerySet[Inspection]:
    """Inspections with `lead_members` (a list of zero or one team member) fetched in one more query."""
    return inspections.prefetch_related(
        Prefetch(
            "team",
            queryset=TeamMember.objects.filter(is_lead=True).select_related("inspector__user"),
            to_attr="lead_members",
        )
    )


@dataclass(frozen=True)
class BoardWeek:
    starts_on: date
    columns: list[tuple[State, list[Inspection]]]

    @property
    def count(self) -> int:
        return sum(len(inspections) for _, inspections in self.columns)


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def inspections_in_progress() -> QuerySet[Inspection]:
    """On site, or paused: the inspections a national halt touches."""
    return Inspection.objects.filter(state__in=IN_PROGRESS)


def board(first_week: date, weeks: int) -> list[BoardWeek]:
    """Inspections starting in each of `weeks` weeks from the Monday of `first_week`, by state."""
    start = week_start(first_week)
    end = start + timedelta(weeks=weeks)
    inspections = with_lead(
        Inspection.objects.filter(starts_on__gte=start, starts_on__lt=end).select_related("school")
    ).order_by("starts_on", "school__name")
    by_week: dict[date, dict[State, list[Inspection]]] = {
        start + timedelta(weeks=number): {} for number in range(weeks)
    }
    for inspection in inspections:
        by_week[week_start(inspection.starts_on)].setdefault(State(inspection.state), []).append(inspection)
    return [
        BoardWeek(monday, [(state, columns[state]) for state in State if state in columns])
        for monday, columns in by_week.items()
    ]


def deferral_queue() -> QuerySet[DeferralRequest]:
    """Requests waiting for a decision, the most urgent first."""
    return (
        DeferralRequest.objects.filter(decision=Decision.PENDING)
        .select_related("inspection__school", "requested_by")
        .order_by("decide_by", "requested_at")
    )


def is_overdue(request: DeferralRequest) -> bool:
    return request.decision == Decision.PENDING and request.decide_by < working_days.today()


def pending_deferral(inspection: Inspection) -> DeferralRequest | None:
    return inspection.deferral_requests.filter(decision=Decision.PENDING).first()


def offers_granting(ground: DeferralGround, on: date) -> QuerySet[BlanketDeferralOffer]:
    """The standing offers in force on `on` for requests on `ground`, the longest-standing first."""
    return BlanketDeferralOffer.objects.filter(
        ground=ground, starts_on__lte=on, ends_on__gte=on, withdrawn_at__isnull=True
    ).order_by("starts_on", "id")


def blanket_offers() -> QuerySet[BlanketDeferralOffer]:
    return BlanketDeferralOffer.objects.select_related("created_by").order_by("-starts_on", "-id")


@dataclass(frozen=True)
class PauseToDecide:
    pause: Pause
    due_by: date  # the working day it was to end by
    why: list[str]

    @property
    def overdue(self) -> bool:
        return self.due_by < working_days.today()


def pauses_needing_decision() -> list[PauseToDecide]:
    """Open pauses a duty decision-maker must act on, the most overdue first: those waiting for confirmation,
    those due to end today or already past the day they were to end by (`until`, which is never more than
    the maximum after the start), and those a national halt began and left open when it was lifted, which
    are due to end by the working day after the lift. Pauses a halt in force holds need no one."""
    today = working_days.today()
    pauses = (
        Pause.objects.filter(ended_at__isnull=True)
        .filter(
            Q(halt__isnull=True, confirmed_at__isnull=True) | Q(until__lte=today) | Q(halt__lifted_at__isnull=False)
        )
        .select_related("inspection__school", "halt")
    )
    needing = []
    for pause in pauses:
        why = []
        if pause.halt is None:
            due_by = pause.until
            if pause.confirmed_at is None:
                why.append("Waiting for confirmation")
        else:
            lifted_on = timezone.localdate(pause.halt.lifted_at)
            due_by = working_days.next_working_day(lifted_on)
            why.append(f"The national halt that paused it was lifted on {govuk_date(lifted_on)}")
        if due_by < today:
            why.append(f"It was to end by {govuk_date(due_by)}")
        elif due_by == today:
            why.append("It is to end today")
        needing.append(PauseToDecide(pause, due_by, why))
    return sorted(needing, key=lambda item: (item.due_by, item.pause.started_at))


def on_site_time(inspection: Inspection, pauses: list[Pause], now: datetime | None = None) -> timedelta:
    """Time on site since on-site work (last) started, not counting the time it was paused."""
    if inspection.started_at is None:
        return timedelta(0)
    now = now or working_days.now()
    if inspection.state not in IN_PROGRESS:
        # On-site work ends only through a pause (deferred or cancelled), so it stopped when that pause ended.
        now = max((pause.ended_at for pause in pauses if pause.ended_at), default=now)
    total = now - inspection.started_at
    for pause in pauses:
        start = max(pause.started_at, inspection.started_at)
        end = pause.ended_at or now
        if end > start:
            total -= end - start
    return max(total, timedelta(0))


def team_of(inspection: Inspection) -> QuerySet[TeamMember]:
    return inspection.team.select_related("inspector__user")


@dataclass(frozen=True)
class HistoryEntry:
    when: datetime
    what: str
    details: str
    who: str
    state: str
    reason: str


def _history_details(after: dict, names: dict[str, str]) -> str:
    """The parts of an event a reader of the history needs, in words (internal ids are left out). The event
    names an inspector by their reference, which never changes; `names` says who that is."""
    parts = []
    if after.get("inspector"):
        reference = after["inspector"]
        who = f"{names[reference]} ({reference})" if reference in names else reference
        parts.append(f"{who}{', lead inspector' if after.get('lead') else ''}")
    if after.get("ground"):
        grounds = {**dict(DeferralGround.choices), **dict(PauseGround.choices)}
        parts.append(f"Ground: {grounds.get(after['ground'], after['ground'])}")
    if after.get("starts_on") and after.get("ends_on"):
        on_site = govuk_date_range(date.fromisoformat(after["starts_on"]), date.fromisoformat(after["ends_on"]))
        parts.append(f"On site {on_site}")
    elif after.get("ends_on"):
        parts.append(f"On site until {govuk_date(date.fromisoformat(after['ends_on']))}")
    if after.get("until"):
        parts.append(f"Until {govuk_date(date.fromisoformat(after['until']))}")
    if after.get("decide_by"):
        parts.append(f"Decision due by {govuk_date(date.fromisoformat(after['decide_by']))}")
    return "; ".join(parts)


def history_of(inspection: Inspection) -> list[HistoryEntry]:
    """The inspection's audit events as its page lists them, oldest first."""
    events = list(events_for(inspection))
    references = {event.after["inspector"] for event in events if (event.after or {}).get("inspector")}
    names = {
        inspector.reference: inspector.name
        for inspector in Inspector.objects.filter(reference__in=references).select_related("user")
    }
    entries = []
    for event in events:
        before, after = event.before or {}, event.after or {}
        state_before, state_after = before.get("state"), after.get("state")
        moved = state_after and state_before != state_after
        entries.append(
            HistoryEntry(
                when=event.occurred_at,
                what=event.action.split(".", 1)[1].replace("_", " ").capitalize(),
                details=_history_details(after, names),
                who=event.actor_label,
                state=f"{state_before or ''} → {state_after}" if moved else (state_before or state_after or ""),
                reason=event.reason,
            )
        )
    return entries
