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
from fairinspect.core.formatting import count, govuk_date, govuk_date_range, govuk_datetime
from fairinspect.inspections.models import (
    AHEAD_OR_UNDER_WAY,
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


def is_on_team(user, inspection: Inspection) -> bool:
    return holds(user, INSPECT) and TeamMember.objects.filter(inspection=inspection, inspector__user=user).exists()


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


def calls_to_make() -> list[tuple[Inspection, bool]]:
    """Planned inspections whose school is to be called today, then those whose day to call has passed (they need
    new dates), each with whether its day has passed: what the scheduling team must do about planned inspections
    today, soonest first."""
    today = working_days.today()
    if not working_days.is_working_day(today):
        return []
    first_day = working_days.add_working_days(today, settings.FAIRINSPECT["NOTICE_WORKING_DAYS"])
    planned = with_lead(Inspection.objects.filter(state=State.PLANNED, starts_on__lte=first_day).select_related("school"))
    return [(inspection, inspection.starts_on < first_day) for inspection in planned.order_by("-starts_on", "school__name")]


def decisions_due() -> QuerySet[DeferralRequest]:
    """Requests to defer to be decided today, or already overdue."""
    return deferral_queue().filter(decide_by__lte=working_days.today())


def own_inspections(user) -> QuerySet[Inspection]:
    """The inspections a school user or an inspector sees, those ahead or under way first, soonest first (today's
    at the top), then the rest, the latest first."""
    today = working_days.today()
    current = Q(state__in=AHEAD_OR_UNDER_WAY, shown_ends_on__gte=today)
    return with_lead(inspections_visible_to(user)).order_by(
        Case(When(current, then=Value(0)), default=Value(1)),
        Case(When(current, then=F("shown_starts_on"))).asc(nulls_last=True),
        F("shown_starts_on").desc(),
        "pk",
    )


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


def _on_site_spells(inspection: Inspection, pauses: list[Pause], now: datetime) -> list[tuple[datetime, datetime]]:
    """The spells of on-site work since it (last) started, each from a start or resumption to a pause or now."""
    if inspection.started_at is None:
        return []
    if inspection.state not in IN_PROGRESS:
        # On-site work ends only through a pause (deferred or cancelled), so it stopped when that pause ended.
        now = max((pause.ended_at for pause in pauses if pause.ended_at), default=now)
    spells, start = [], inspection.started_at
    for pause in sorted(pauses, key=lambda pause: pause.started_at):
        end = pause.ended_at or now
        if end <= inspection.started_at:
            continue
        if pause.started_at > start:
            spells.append((start, min(pause.started_at, now)))
        start = max(start, end)
    if now > start:
        spells.append((start, now))
    return spells


def on_site_time(inspection: Inspection, pauses: list[Pause], now: datetime | None = None) -> timedelta:
    """Time on site since on-site work (last) started, not counting the time it was paused."""
    spells = _on_site_spells(inspection, pauses, now or working_days.now())
    return sum((end - start for start, end in spells), timedelta(0))


def days_on_site(inspection: Inspection, pauses: list[Pause], now: datetime | None = None) -> int:
    """The working days on which the team was on site since on-site work (last) started, not counting those it
    was paused all day: how time on site is counted, as inspectors are not at the school overnight."""
    days = set()
    for start, end in _on_site_spells(inspection, pauses, now or working_days.now()):
        day, last = timezone.localdate(start), timezone.localdate(end - timedelta(microseconds=1))
        while day <= last:
            if working_days.is_working_day(day):
                days.add(day)
            day += timedelta(days=1)
    return len(days)


def promised_decision(request: DeferralRequest) -> str:
    """When the school is told it will hear the decision on its request: by the day the scheduling team is to
    decide, or, when that is the day it asked (a request on the eve of on-site work, at any hour) or later, before
    on-site work would start."""
    starts_on = request.inspection.told_starts_on or request.inspection.starts_on
    if timezone.localdate(request.requested_at) < request.decide_by < starts_on:
        return f"by {govuk_date(request.decide_by)}, before the inspection would start"
    return f"before on-site work would start on {govuk_date(starts_on)}"


def what_happens_next(inspection: Inspection) -> str:
    """Where the inspection stands and what happens next, in words, for the inspectorate's page of it."""
    today = working_days.today()
    if inspection.state == State.PLANNED:
        due = call_day(inspection)
        if lead_of(inspection) is None:
            return f"It needs a lead inspector before the school can be called (on {govuk_date(due)})."
        if due == today:
            return "The school is to be called today, and notified here once it has been."
        if due < today:
            return f"The day to call the school ({govuk_date(due)}) has passed: it needs new dates."
        notice = count(settings.FAIRINSPECT["NOTICE_WORKING_DAYS"], "working day")
        return f"The school is to be called on {govuk_date(due)}, {notice} before on-site work starts."
    if inspection.state == State.NOTIFIED:
        pending = pending_deferral(inspection)
        if pending is not None:
            return (
                f"The school asked to defer it on {govuk_datetime(pending.requested_at)}. The scheduling team is to "
                f"decide by {govuk_date(pending.decide_by)}; on-site work cannot start until it has."
            )
        return f"On-site work starts on {govuk_date(inspection.starts_on)}."
    if inspection.state == State.ON_SITE:
        return f"The team is on site until {govuk_date(inspection.ends_on)}."
    if inspection.state == State.PAUSED:
        pause = open_pause(inspection)
        assert pause is not None  # a paused inspection has its open pause (the lifecycle opens one to pause)
        ending = (
            "The lead inspector or a duty decision-maker resumes it (the working days it took are added to the end), "
            "or the inspection is deferred or cancelled."
        )
        if pause.halt_id is not None:
            return f"Paused by the national halt until it is lifted. Then {ending[0].lower()}{ending[1:]}"
        confirmation = (
            f"confirmed by a duty decision-maker on {govuk_datetime(pause.confirmed_at)}"
            if pause.confirmed_at
            else "waiting for a duty decision-maker to confirm it"
        )
        return f"Paused until {govuk_date(pause.until)} at the latest, {confirmation}. {ending}"
    if inspection.state == State.DEFERRED:
        return "It is back in planning: it needs new dates, and the school is called again before it takes place."
    if inspection.state == State.CANCELLED:
        return "It will not take place."
    return ""


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
                    f"{_state_words(state_before)} → {_state_words(state_after)}"
                    if moved and state_before
                    else _state_words(state_after or state_before)
                ),
                reason=event.reason,
            )
        )
    return entries
