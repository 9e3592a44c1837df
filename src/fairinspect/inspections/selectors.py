"""Reads of inspections, and who may see one: the relation rules (the lead inspector of this inspection, a user
of this school) that the lifecycle's rules and the pages ask."""

import operator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import reduce
from typing import TypedDict, cast

from django.conf import settings
from django.db.models import Case, Exists, F, OuterRef, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone
from django_stubs_ext import WithAnnotations

from fairinspect.accounts.permissions import ACT_FOR_A_SCHOOL, DECIDE_PAUSES, INSPECT, SEE_EVERY_INSPECTION, holds
from fairinspect.accounts.selectors import schools_of
from fairinspect.audit.selectors import events_for
from fairinspect.core import working_days
from fairinspect.core.formatting import govuk_date, govuk_date_range
from fairinspect.inspections.models import (
    IN_PROGRESS,
    BlanketDeferralOffer,
    Decision,
    DeferralGround,
    DeferralRequest,
    HaltSwitch,
    Inspection,
    InspectionEvent,
    InspectionProposal,
    NationalHalt,
    Pause,
    PauseGround,
    State,
    TeamMember,
)
from fairinspect.workforce.models import Inspector


def is_lead_of(user, inspection: Inspection) -> bool:
    return holds(user, INSPECT) and TeamMember.objects.filter(
        inspection=inspection, is_lead=True, inspector__user=user
    ).exists()


def is_user_of_school(user, inspection: Inspection) -> bool:
    return schools_of(user).filter(pk=inspection.school_id).exists()


def reads_pause_notes(user, inspection: Inspection) -> bool:
    """The note given with a pause is for the people deciding on it: the duty decision-maker and the lead."""
    return holds(user, DECIDE_PAUSES) or is_lead_of(user, inspection)


def lead_of(inspection: Inspection) -> TeamMember | None:
    return inspection.team.filter(is_lead=True).select_related("inspector__user").first()


def call_day(inspection: Inspection) -> date:
    """The working day the school is to be called: the notice period before its first day on site."""
    return working_days.add_working_days(inspection.starts_on, -settings.FAIRINSPECT["NOTICE_WORKING_DAYS"])


def open_pause(inspection: Inspection) -> Pause | None:
    return inspection.pauses.filter(ended_at__isnull=True).first()


def active_halt() -> NationalHalt | None:
    switch = HaltSwitch.objects.select_related("current_halt").filter(id=1).first()
    return switch.current_halt if switch else None


class _AsShown(TypedDict):
    as_school: bool
    shown_starts_on: date
    shown_ends_on: date


type VisibleInspection = WithAnnotations[Inspection, _AsShown]


def inspections_visible_to(user) -> QuerySet[VisibleInspection]:
    """Schedulers, duty decision-makers and administrators see every inspection; an inspector the ones they
    are on; a school user their school's once the school has been notified of it, but never while it is
    being planned (again, after a deferral), as its dates are not for the school until the call; anyone
    else none.

    Each inspection comes with what this user is shown of it: `as_school` (whether they see it only as its
    school does) and `shown_starts_on` / `shown_ends_on`, which for the school are the dates it was told, so
    dates given after a replan never reach it before a call does."""
    inspections = Inspection.objects.select_related("school", "framework")
    if holds(user, SEE_EVERY_INSPECTION):
        return inspections.annotate(
            as_school=Value(False), shown_starts_on=F("starts_on"), shown_ends_on=F("ends_on")
        )
    seen = []
    if holds(user, INSPECT):
        seen.append(Q(on_team=True))
    if holds(user, ACT_FOR_A_SCHOOL):
        seen.append(Q(school__in=schools_of(user), school_told_at__isnull=False) & ~Q(state=State.PLANNED))
    if not seen:
        # No rows, so none lacks the annotations.
        return cast(QuerySet[VisibleInspection], inspections.none())
    on_team = Exists(TeamMember.objects.filter(inspection=OuterRef("pk"), inspector__user=user))
    return (
        inspections.annotate(on_team=on_team)
        .filter(reduce(operator.or_, seen))
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


def proposals_to_plan() -> QuerySet[InspectionProposal]:
    """Proposed inspections the scheduling team has not planned yet, the soonest due first."""
    return InspectionProposal.objects.filter(planned_as__isnull=True).select_related("school").order_by("due_by", "pk")


def pending_deferral(inspection: Inspection) -> DeferralRequest | None:
    """The school's request to defer that waits for a decision, if there is one."""
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
            assert pause.until is not None  # a person's pause always has one (a database constraint)
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


def _state_words(state: str | None) -> str:
    return State(state).label if state else ""


def history_of(inspection: Inspection) -> list[HistoryEntry]:
    """The inspection's audit events as its page lists them, oldest first."""
    events = list(events_for(inspection))
    references = {event.after["inspector"] for event in events if event.after and event.after.get("inspector")}
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
                what=InspectionEvent(event.action).label,
                details=_history_details(after, names),
                who=event.actor_label,
                state=(
                    f"{_state_words(state_before)} → {_state_words(state_after)}".strip()
                    if moved
                    else _state_words(state_before or state_after)
                ),
                reason=event.reason,
            )
        )
    return entries
