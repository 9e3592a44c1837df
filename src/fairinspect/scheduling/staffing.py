"""Staffing a plan's inspections, as a problem: who may take which place (the eligibility rules), what a choice
costs, what each inspector can still take on, a greedy plan, and why an inspection is left short.

Pure: it reads the facts `inspections.eligibility` loads and touches no database, so that the planner, its tests
and the benchmark run the same code. `scheduling.solver` finds the plan the price below says is best.

The price of a plan, in kilometres, in the order the scheduling team weighs things: the journeys from each
inspector's home to the school; then unfairness, each inspection an inspector takes beyond their fair share of
the term's work (their load cap times the share of all capacity the term needs) costing more the further
beyond it is; then team members outside their phase (a member fits a school whose phases their own school
has). An inspection without a lead, or short of a member, costs more than any of these could.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from fairinspect.core.working_days import Term
from fairinspect.inspections.eligibility import InspectionFacts, InspectorFacts, Reason, in_term, refusals_for
from fairinspect.workforce.models import Phase

_PHASE_BITS = {phase: 1 << number for number, phase in enumerate(Phase)}
# Eligibility of a pair, as the rules were last asked: not yet, yes, or no.
_UNKNOWN, ELIGIBLE, _REFUSED = 0, 1, 2


def _bits(phases: Iterable[str]) -> int:
    return sum(_PHASE_BITS[Phase(phase)] for phase in set(phases))


def week_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True)
class Weights:
    """What each part of a plan costs, in kilometres of travel. `unfair` prices each inspection beyond an
    inspector's fair share: the first one beyond at `unfair[0]`, the next at `unfair[1]`, and every later one at
    the last price."""

    unfair: tuple[float, ...] = (10.0, 25.0, 50.0)
    off_phase: float = 5.0
    no_lead: float = 100_000.0
    missing_member: float = 10_000.0
    unknown_journey_km: float = 100.0


@dataclass(frozen=True)
class Slot:
    """An inspection to staff: its facts (school, days, term), the days its team is on site, and the places to
    fill, a lead (unless it has one already) and `member_places` team members; `team`, the people (by number) on
    its team already, who take no other place on it."""

    facts: InspectionFacts
    days: tuple[date, ...]
    lead_places: int
    member_places: int
    team: frozenset[int] = frozenset()

    @property
    def week(self) -> date:
        return week_of(self.facts.starts_on)

    @property
    def places(self) -> int:
        return self.lead_places + self.member_places


@dataclass(frozen=True)
class Person:
    """An inspector who may be given places: their facts, where they live, and how many inspections a week they
    take at most. A team member fits a school whose phases `fits` (their own school's) covers."""

    facts: InspectorFacts
    home: tuple[float, float] | None
    week_cap: int
    fits: frozenset[Phase] = frozenset()

    @property
    def id(self) -> int:
        return self.facts.inspector.pk

    @property
    def name(self) -> str:
        return self.facts.inspector.name


@dataclass(frozen=True)
class Place:
    """A person in a place on a slot's team (slot and person as numbers in the problem's lists)."""

    slot: int
    person: int
    as_lead: bool


@dataclass(frozen=True)
class Price:
    """A plan's price and its parts (travel in km; the others in the km they cost), and how many inspections in
    all it gives people beyond their fair share."""

    travel_km: float
    beyond_fair_share: int
    unfairness: float
    off_phase: float
    no_lead: int
    missing_members: int
    total: float


class StaffingProblem:
    """The slots to staff, the people who may fill them, the places pinned already, and the prices."""

    def __init__(
        self, slots: Sequence[Slot], people: Sequence[Person], *, pins: Iterable[Place] = (),
        weights: Weights = Weights(),
    ):  # fmt: skip
        self.slots, self.people, self.weights = list(slots), list(people), weights
        self.pins = list(pins)
        self.terms: list[Term] = sorted({slot.facts.term for slot in self.slots}, key=lambda term: term.starts_on)
        self.weeks: list[date] = sorted({slot.week for slot in self.slots})
        self.slot_term = np.array([self.terms.index(slot.facts.term) for slot in self.slots], dtype=np.int64)
        self.slot_week = np.array([self.weeks.index(slot.week) for slot in self.slots], dtype=np.int64)
        self._day_groups()
        self._capacity()
        self._prices()
        self._masks()

    # What each inspector can still take on --------------------------------------------------------------------

    def _day_groups(self) -> None:
        """The sets of slots on site on one day, each set kept once and none inside another: a person is in at
        most one slot of each (one place a day), which says it for every day."""
        on: dict[date, set[int]] = defaultdict(set)
        for number, slot in enumerate(self.slots):
            for day in slot.days:
                on[day].add(number)
        distinct = {frozenset(numbers) for numbers in on.values()}
        self.day_groups: list[frozenset[int]] = sorted(
            (group for group in distinct if not any(group < other for other in distinct)), key=sorted
        )
        self.groups_of_slot: list[list[int]] = [[] for _ in self.slots]
        for number, group in enumerate(self.day_groups):
            for member in group:
                self.groups_of_slot[member].append(number)
        self.groups_in_week = [0] * len(self.weeks)
        for group in self.day_groups:
            self.groups_in_week[self.slot_week[min(group)]] += 1

    def _capacity(self) -> None:
        """What each person can still take on: in each term (their load cap less what they have, as the load cap
        counts it) and each week (their weekly cap less what starts that week), and their fair share of each
        term's work beyond what they have."""
        people, terms, weeks = self.people, self.terms, self.weeks
        self.booked_in_term = np.zeros((len(people), len(terms)), dtype=np.int64)
        self.term_room = np.zeros((len(people), len(terms)), dtype=np.int64)
        self.week_room = np.zeros((len(people), len(weeks)), dtype=np.int64)
        week_numbers = {week: number for number, week in enumerate(weeks)}
        for number, person in enumerate(people):
            cap = person.facts.inspector.load_cap_per_term
            for term_number, term in enumerate(terms):
                booked = sum(1 for booking in person.facts.bookings if in_term(booking, term))
                self.booked_in_term[number, term_number] = booked
                self.term_room[number, term_number] = max(0, cap - booked)
            self.week_room[number] = person.week_cap
            for booking in person.facts.bookings:
                week = week_numbers.get(week_of(booking.starts_on))
                if week is not None:
                    self.week_room[number, week] -= 1
        self.week_room = np.maximum(self.week_room, 0)
        caps = np.array(
            [0 if person.facts.inspector.withdrawn_on else person.facts.inspector.load_cap_per_term for person in people],
            dtype=np.float64,
        )
        self.fair_share = np.zeros((len(people), len(terms)), dtype=np.int64)
        for term_number in range(len(terms)):
            work = sum(slot.places for slot, term in zip(self.slots, self.slot_term) if term == term_number)
            work += int(self.booked_in_term[:, term_number].sum())
            share = work / caps.sum() if caps.sum() else 0.0
            # Whole inspections: a fractional share would price a load nobody can have, so the share is rounded
            # down and each inspection beyond it is priced whole.
            self.fair_share[:, term_number] = np.floor(caps * share + 1e-9).astype(np.int64)

    # Prices --------------------------------------------------------------------------------------------------------

    def _prices(self) -> None:
        weights = self.weights
        homes = [person.home for person in self.people]
        schools = [(slot.facts.easting, slot.facts.northing) for slot in self.slots]
        home_known = np.array([home is not None for home in homes])
        school_known = np.array([None not in school for school in schools])
        home_xy = np.array([home if home is not None else (0.0, 0.0) for home in homes], dtype=np.float64).reshape(-1, 2)
        school_xy = np.array(
            [school if None not in school else (0.0, 0.0) for school in schools], dtype=np.float64
        ).reshape(-1, 2)
        travel = np.hypot(home_xy[:, None, 0] - school_xy[None, :, 0], home_xy[:, None, 1] - school_xy[None, :, 1]) / 1000
        self.travel_km = np.where(
            home_known[:, None] & school_known[None, :], travel, weights.unknown_journey_km
        )
        self.needs_bits = np.array([_bits(slot.facts.phases_needed) for slot in self.slots], dtype=np.int64)
        fits_bits = np.array([_bits(person.fits) for person in self.people], dtype=np.int64)
        self.off_phase = (self.needs_bits[None, :] & ~fits_bits[:, None]) != 0
        self.lead_cost = self.travel_km
        self.member_cost = self.travel_km + weights.off_phase * self.off_phase

    def _masks(self) -> None:
        """The pairs the rules certainly refuse, found in bulk (they hold no phase the school needs, they have
        withdrawn, they may not lead then) so that the rules are asked only about the rest, one pair at a time."""
        holds_bits = np.array([_bits(person.facts.inspector.phases) for person in self.people], dtype=np.int64)
        active = np.array([person.facts.inspector.withdrawn_on is None for person in self.people])
        self.status = np.where(
            ((self.needs_bits[None, :] & ~holds_bits[:, None]) == 0) & active[:, None], _UNKNOWN, _REFUSED
        ).astype(np.int8)
        for number, slot in enumerate(self.slots):
            self.status[list(slot.team), number] = _REFUSED
        starts = sorted({slot.facts.starts_on for slot in self.slots})
        may_lead_by_day = {
            day: np.array([person.facts.inspector.may_lead_on(day) for person in self.people], dtype=bool)
            for day in starts
        }
        self.may_lead = np.zeros((len(self.people), len(self.slots)), dtype=bool)
        for number, slot in enumerate(self.slots):
            if slot.lead_places:
                self.may_lead[:, number] = may_lead_by_day[slot.facts.starts_on]

    # Who may take which place ---------------------------------------------------------------------------------

    def check(self, pairs: np.ndarray) -> None:
        """Ask the rules about each (person, slot) pair in `pairs` (rows of two) not asked yet."""
        for person, slot in pairs:
            self._ask(int(person), int(slot))

    def _ask(self, person: int, slot: int) -> None:
        if self.status[person, slot] == _UNKNOWN:
            refused = refusals_for(self.people[person].facts, self.slots[slot].facts, as_lead=False)
            self.status[person, slot] = _REFUSED if refused else ELIGIBLE

    def eligible(self, person: int, slot: int, *, as_lead: bool) -> bool:
        self._ask(person, slot)
        return self.status[person, slot] == ELIGIBLE and (not as_lead or bool(self.may_lead[person, slot]))

    def possible(self, *, as_lead: bool) -> np.ndarray:
        """The pairs the bulk checks leave open for the role (persons × slots), asked of the rules or not."""
        open_pairs = self.status != _REFUSED
        if as_lead:
            return open_pairs & self.may_lead
        return open_pairs & (np.array([slot.member_places for slot in self.slots]) > 0)[None, :]

    def by_cost(self, slot: int, *, as_lead: bool) -> np.ndarray:
        """The people the bulk checks leave open for the role on this slot, the cheapest first."""
        open_people = self.status[:, slot] != _REFUSED
        if as_lead:
            open_people &= self.may_lead[:, slot]
        candidates = np.nonzero(open_people)[0]
        costs = (self.lead_cost if as_lead else self.member_cost)[candidates, slot]
        return candidates[np.argsort(costs, kind="stable")]

    def nearest_eligible(self, slot: int, *, as_lead: bool, count: int) -> list[int]:
        """Up to `count` people who may take the role on this slot, the cheapest first."""
        found = []
        for person in self.by_cost(slot, as_lead=as_lead):
            if self.eligible(int(person), slot, as_lead=as_lead):
                found.append(int(person))
                if len(found) == count:
                    break
        return found

    def cost(self, place: Place) -> float:
        table = self.lead_cost if place.as_lead else self.member_cost
        return float(table[place.person, place.slot])

    # A plan's price -------------------------------------------------------------------------------------------------

    def unfairness_of(self, excess: int) -> float:
        """The price of `excess` inspections beyond a fair share."""
        prices = self.weights.unfair
        return sum(prices[min(number, len(prices) - 1)] for number in range(max(0, excess)))

    def price(self, places: Iterable[Place]) -> Price:
        places = list(places)
        load = self.booked_in_term.copy()
        leads = [0] * len(self.slots)
        members = [0] * len(self.slots)
        travel = off_phase = 0.0
        for place in places:
            load[place.person, self.slot_term[place.slot]] += 1
            travel += float(self.travel_km[place.person, place.slot])
            if place.as_lead:
                leads[place.slot] += 1
            else:
                members[place.slot] += 1
                off_phase += self.weights.off_phase * bool(self.off_phase[place.person, place.slot])
        excess = np.maximum(load - self.fair_share, 0)
        unfairness = sum(self.unfairness_of(int(beyond)) for beyond in excess.ravel() if beyond)
        no_lead = sum(1 for slot, count in zip(self.slots, leads) if count < slot.lead_places)
        missing = sum(max(0, slot.member_places - count) for slot, count in zip(self.slots, members))
        total = (
            travel + unfairness + off_phase + no_lead * self.weights.no_lead + missing * self.weights.missing_member
        )
        return Price(travel, int(excess.sum()), unfairness, off_phase, no_lead, missing, total)


@dataclass
class Occupancy:
    """What a partial plan has used of each person's time: slots by day group, and counts by term and week."""

    problem: StaffingProblem
    in_group: dict[tuple[int, int], int] = field(default_factory=dict)
    in_term: np.ndarray = field(init=False)
    in_week: np.ndarray = field(init=False)

    def __post_init__(self):
        self.in_term = np.zeros_like(self.problem.term_room)
        self.in_week = np.zeros_like(self.problem.week_room)

    def why_not(self, person: int, slot: int) -> tuple[str, int | None] | None:
        """Why the person cannot take one more place on this slot: ("busy", the slot they are on that day),
        ("term-cap", None) or ("week-cap", None); None when they can."""
        problem = self.problem
        for group in problem.groups_of_slot[slot]:
            taken = self.in_group.get((person, group))
            if taken is not None:
                return "busy", taken
        if self.in_term[person, problem.slot_term[slot]] >= problem.term_room[person, problem.slot_term[slot]]:
            return "term-cap", None
        if self.in_week[person, problem.slot_week[slot]] >= problem.week_room[person, problem.slot_week[slot]]:
            return "week-cap", None
        return None

    def take(self, place: Place) -> None:
        problem = self.problem
        for group in problem.groups_of_slot[place.slot]:
            self.in_group[place.person, group] = place.slot
        self.in_term[place.person, problem.slot_term[place.slot]] += 1
        self.in_week[place.person, problem.slot_week[place.slot]] += 1


def occupancy_of(problem: StaffingProblem, places: Iterable[Place]) -> Occupancy:
    occupancy = Occupancy(problem)
    for place in places:
        occupancy.take(place)
    return occupancy


def greedy(problem: StaffingProblem) -> list[Place]:
    """The nearest-available plan a scheduler might make by hand: the pins first; then each inspection in turn (by
    its first day, those with the fewest people who may lead first) given the nearest lead who is free; then, in
    the same order, the nearest free team members. The baseline the solver is measured against, and its first
    plan."""
    occupancy = occupancy_of(problem, problem.pins)
    places = list(problem.pins)
    on_team: dict[int, set[int]] = defaultdict(set)
    for place in places:
        on_team[place.slot].add(place.person)
    possible_leads = problem.possible(as_lead=True).sum(axis=0)
    order = sorted(
        range(len(problem.slots)),
        key=lambda slot: (problem.slots[slot].facts.starts_on, possible_leads[slot], slot),
    )
    led = {place.slot for place in places if place.as_lead} | {
        slot for slot in order if not problem.slots[slot].lead_places
    }
    for as_lead in (True, False):
        for slot in order:
            if as_lead:
                wanted = 0 if slot in led else 1
            else:
                # Members without a lead are no team.
                pinned = sum(1 for place in places if place.slot == slot and not place.as_lead)
                wanted = problem.slots[slot].member_places - pinned if slot in led else 0
            for _ in range(wanted):
                chosen = _nearest_free(problem, occupancy, slot, as_lead=as_lead, besides=on_team[slot])
                if chosen is None:
                    break
                place = Place(slot, chosen, as_lead)
                occupancy.take(place)
                places.append(place)
                on_team[slot].add(chosen)
                if as_lead:
                    led.add(slot)
    return places


def _nearest_free(
    problem: StaffingProblem, occupancy: Occupancy, slot: int, *, as_lead: bool, besides: set[int]
) -> int | None:
    for person in problem.by_cost(slot, as_lead=as_lead):
        person = int(person)
        if person in besides or occupancy.why_not(person, slot) is not None:
            continue
        if problem.eligible(person, slot, as_lead=as_lead):
            return person
    return None


# Why an inspection is short ------------------------------------------------------------------------------------

# The refusal that says most about why someone could not be considered at all, first.
_FIRST_SAID = (Reason.PHASE_MISMATCH, Reason.CANNOT_LEAD, Reason.WITHDRAWN)
# How many of those who were free in principle but taken are named.
NAMED = 3


@dataclass(frozen=True)
class Shortfall:
    """Why a slot is short of people for a role: how many places are unfilled, how many people hold its phase
    (and may lead, for a lead), and among them, by why they could not take it, how many and the nearest names.
    `why` is "busy" (on another inspection on its days), "term-cap", "week-cap" or a refusal's reason code."""

    role: str  # "lead" or "member"
    places: int
    holders: int
    groups: tuple[tuple[str, int, tuple[str, ...]], ...]

    def as_dict(self) -> dict:
        return {"role": self.role, "places": self.places, "holders": self.holders,
                "groups": [{"why": why, "count": count, "names": list(names)} for why, count, names in self.groups]}  # fmt: skip


def shortfalls(problem: StaffingProblem, places: Sequence[Place]) -> dict[int, list[Shortfall]]:
    """For each slot the plan leaves short, why: every person who holds its phase is accounted for, by the first
    thing that stopped them (a refusal by the rules, or being taken by the rest of the plan), nearest first."""
    occupancy = occupancy_of(problem, places)
    leads: dict[int, int] = defaultdict(int)
    members: dict[int, int] = defaultdict(int)
    on_team: dict[int, set[int]] = defaultdict(set)
    for place in places:
        (leads if place.as_lead else members)[place.slot] += 1
        on_team[place.slot].add(place.person)
    found: dict[int, list[Shortfall]] = {}
    for number, slot in enumerate(problem.slots):
        missing = []
        if leads[number] < slot.lead_places:
            missing.append(("lead", slot.lead_places - leads[number]))
        if members[number] < slot.member_places and leads[number] + (1 - slot.lead_places) > 0:
            missing.append(("member", slot.member_places - members[number]))
        if missing:
            found[number] = [
                _shortfall(problem, occupancy, number, role, count, on_team[number] | slot.team)
                for role, count in missing
            ]
    return found


def _shortfall(
    problem: StaffingProblem, occupancy: Occupancy, slot: int, role: str, places: int, on_team: set[int]
) -> Shortfall:
    slot_facts = problem.slots[slot].facts
    as_lead = role == "lead"
    costs = (problem.lead_cost if as_lead else problem.member_cost)[:, slot]
    by_why: dict[str, list[int]] = defaultdict(list)
    holders = 0
    for person in np.argsort(costs, kind="stable"):
        person = int(person)
        if person in on_team:
            continue
        refusals = refusals_for(problem.people[person].facts, slot_facts, as_lead=as_lead)
        reasons = {refusal.reason for refusal in refusals}
        if Reason.PHASE_MISMATCH in reasons or (as_lead and Reason.CANNOT_LEAD in reasons):
            continue
        holders += 1
        if refusals:
            first = next((reason for reason in _FIRST_SAID if reason in reasons), refusals[0].reason)
            by_why[first.value].append(person)
            continue
        taken = occupancy.why_not(person, slot)
        by_why[taken[0] if taken else "busy"].append(person)
    groups = tuple(
        (why, len(people), tuple(problem.people[person].name for person in people[:NAMED]))
        for why, people in sorted(by_why.items(), key=lambda item: -len(item[1]))
    )
    return Shortfall(role, places, holders, groups)
