"""The plan the price says is best, found with HiGHS, and a bound no plan can beat (`scheduling.staffing` states
the problem and the price).

The model. Each (slot, person, role) the rules allow is a 0/1 variable. A slot has its lead or, failing that,
none (a 0/1 variable priced far above any journey); its team members or a shortfall (priced likewise), and no
members without a lead. A person is in at most one slot of each day group (one place a day), takes at most
what their weekly and term caps leave, and each inspection beyond their fair share of a term costs more than
the last (unit steps, so that loads stay whole in the relaxation too).

Why the bound is a proof. A national term has millions of pairs, too many to hand the solver at once, though a
plan uses few of them. So the model starts from the greedy plan's pairs and each slot's nearest eligible
candidates, solves its linear relaxation, and prices every pair left out with the relaxation's duals: a pair
with a negative reduced cost could improve it and joins the model (the rules are asked about a pair only
then). The relaxation's value plus every negative reduced cost still outside is a lower bound on the whole
model's relaxation, and so on every plan (each variable is at most 1); when no pair is left to join, it is the
relaxation's value itself. Loads in unit steps keep the relaxation (nearly always) integral, and then its
solution is a plan proven best; otherwise HiGHS branches on the columns found, starting from the greedy plan,
until the gap to the bound closes or time runs out.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import highspy
import numpy as np

from fairinspect.scheduling.staffing import ELIGIBLE, Place, Price, StaffingProblem, greedy

_INFINITY = highspy.kHighsInf
_NEGATIVE = -1e-7
_INTEGRAL = 1e-6


@dataclass(frozen=True)
class Settings:
    """How hard to try: at most `seconds` in all, stopping once a plan is within `gap` of the bound; each slot
    starts with its `candidates` nearest eligible people for each role; HiGHS uses `threads` (the same in every
    solve of a process: HiGHS keeps one pool of threads)."""

    seconds: float = 60.0
    gap: float = 0.001
    candidates: int = 8
    threads: int = 2
    # When the relaxation is not whole, every pair the rules allow joins the model before branching if there are
    # at most this many left, so that the bound branching proves is the whole model's.
    whole_model_pairs: int = 50_000


@dataclass
class Solution:
    places: list[Place]
    price: Price
    bound: float
    proven: bool  # the bound is the whole model's, and the plan meets it
    seconds: float
    greedy: Price
    rounds: int  # of pricing
    columns: int
    branched: bool  # the relaxation was not whole, so HiGHS branched
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def gap(self) -> float:
        """How far the plan's price may be above the best possible, as a share of the price."""
        if self.price.total <= 0:
            return 0.0
        return max(0.0, (self.price.total - self.bound) / self.price.total)


class _Model:
    """The HiGHS model of a problem: every row from the start, columns for (slot, person, role) added as they
    are found. Column order: the slack of each slot's lead and members, then the unfairness steps, then the
    pairs."""

    def __init__(self, problem: StaffingProblem):
        self.problem = problem
        slots, people = problem.slots, problem.people
        n_slots, n_people, n_terms = len(slots), len(people), len(problem.terms)
        weights = problem.weights
        lower: list[float] = []
        upper: list[float] = []

        def rows(count: int, low: float | np.ndarray, high: float | np.ndarray) -> np.ndarray:
            start = len(lower)
            lower.extend(np.broadcast_to(low, (count,)).tolist())
            upper.extend(np.broadcast_to(high, (count,)).tolist())
            return np.arange(start, start + count)

        lead_places = np.array([slot.lead_places for slot in slots])
        member_places = np.array([slot.member_places for slot in slots], dtype=np.float64)
        self.lead_row = np.full(n_slots, -1)
        self.lead_row[lead_places > 0] = rows(int((lead_places > 0).sum()), 1.0, 1.0)
        self.member_row = np.full(n_slots, -1)
        has_members = member_places > 0
        self.member_row[has_members] = rows(int(has_members.sum()), member_places[has_members], member_places[has_members])
        self.link_row = np.full(n_slots, -1)
        linked = has_members & (lead_places > 0)
        self.link_row[linked] = rows(int(linked.sum()), -_INFINITY, member_places[linked])
        groups = len(problem.day_groups)
        self.day_row = rows(n_people * groups, -_INFINITY, 1.0).reshape(n_people, max(groups, 1)) if groups else np.zeros((n_people, 0), dtype=np.int64)
        self.week_row = np.full((n_people, len(problem.weeks)), -1)
        for week, count in enumerate(problem.groups_in_week):
            tight = problem.week_room[:, week] < count
            self.week_row[tight, week] = rows(int(tight.sum()), -_INFINITY, problem.week_room[tight, week].astype(np.float64))
        self.term_row = rows(n_people * n_terms, -_INFINITY, problem.term_room.ravel().astype(np.float64)).reshape(n_people, n_terms)
        fair = (problem.fair_share - problem.booked_in_term).ravel().astype(np.float64)
        self.fair_row = rows(n_people * n_terms, -_INFINITY, fair).reshape(n_people, n_terms)
        self.row_lower, self.row_upper = np.array(lower), np.array(upper)

        # The fixed columns: lead slack, member shortfall, unfairness steps.
        costs: list[float] = []
        col_upper: list[float] = []
        entries: list[list[tuple[int, float]]] = []

        def column(cost: float, upper: float, rows_of: list[tuple[int, float]]) -> int:
            costs.append(cost)
            col_upper.append(upper)
            entries.append(rows_of)
            return len(costs) - 1

        self.no_lead_col = np.full(n_slots, -1)
        self.short_col = np.full(n_slots, -1)
        for number in range(n_slots):
            if self.lead_row[number] >= 0:
                rows_of = [(int(self.lead_row[number]), 1.0)]
                if self.link_row[number] >= 0:
                    rows_of.append((int(self.link_row[number]), float(member_places[number])))
                self.no_lead_col[number] = column(weights.no_lead, 1.0, rows_of)
            if self.member_row[number] >= 0:
                self.short_col[number] = column(
                    weights.missing_member, float(member_places[number]), [(int(self.member_row[number]), 1.0)]
                )
        steps = len(weights.unfair)
        for row in self.fair_row.ravel():
            for step, price in enumerate(weights.unfair):
                column(price, _INFINITY if step == steps - 1 else 1.0, [(int(row), -1.0)])
        self.fixed = len(costs)
        self.integer_fixed = [col for col in (*self.no_lead_col, *self.short_col) if col >= 0]
        starts, index, value = _columns(entries)
        self.highs = highspy.Highs()
        self.highs.silent()
        lp = highspy.HighsLp()
        lp.num_col_, lp.num_row_ = len(costs), len(lower)
        lp.col_cost_, lp.col_lower_, lp.col_upper_ = np.array(costs), np.zeros(len(costs)), np.array(col_upper)
        lp.row_lower_, lp.row_upper_ = self.row_lower, self.row_upper
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_ = np.append(starts, len(index)).astype(np.int32)
        lp.a_matrix_.index_, lp.a_matrix_.value_ = index, value
        self.highs.passModel(lp)
        self.pairs: list[Place] = []
        self.in_model = {True: np.zeros((n_people, n_slots), dtype=bool), False: np.zeros((n_people, n_slots), dtype=bool)}
        self.pinned: set[Place] = set(problem.pins)

    def person_rows(self, person: int, slot: int) -> list[int]:
        problem = self.problem
        term, week = problem.slot_term[slot], problem.slot_week[slot]
        rows = [int(self.day_row[person, group]) for group in problem.groups_of_slot[slot]]
        if self.week_row[person, week] >= 0:
            rows.append(int(self.week_row[person, week]))
        rows += [int(self.term_row[person, term]), int(self.fair_row[person, term])]
        return rows

    def add(self, places: list[Place]) -> None:
        places = [place for place in dict.fromkeys(places) if not self.in_model[place.as_lead][place.person, place.slot]]
        if not places:
            return
        entries, costs, lower = [], [], []
        for place in places:
            if place.as_lead:
                own = [(self.lead_row[place.slot], 1.0)]
            else:
                own = [(self.member_row[place.slot], 1.0)]
                if self.link_row[place.slot] >= 0:
                    own.append((self.link_row[place.slot], 1.0))
            entries.append(own + [(row, 1.0) for row in self.person_rows(place.person, place.slot)])
            costs.append(self.problem.cost(place))
            lower.append(1.0 if place in self.pinned else 0.0)
            self.in_model[place.as_lead][place.person, place.slot] = True
        starts, index, value = _columns(entries)
        self.highs.addCols(
            len(places), np.array(costs), np.array(lower), np.ones(len(places)), len(index), starts, index, value
        )
        self.pairs.extend(places)

    def duals_by_pair(self, duals: np.ndarray) -> np.ndarray:
        """For every (person, slot), the sum of the duals of the person's rows a pair of theirs on that slot
        would enter (the same whichever role)."""
        problem = self.problem
        with_zero = np.append(duals, 0.0)  # row -1 (none) reads as 0
        day = with_zero[self.day_row] if self.day_row.size else np.zeros((len(problem.people), 0))
        week = with_zero[self.week_row]
        term = with_zero[self.term_row]
        fair = with_zero[self.fair_row]
        total = np.empty((len(problem.people), len(problem.slots)))
        patterns: dict[tuple, list[int]] = {}
        for slot in range(len(problem.slots)):
            key = (tuple(problem.groups_of_slot[slot]), problem.slot_week[slot], problem.slot_term[slot])
            patterns.setdefault(key, []).append(slot)
        for (groups, week_number, term_number), members in patterns.items():
            column = day[:, list(groups)].sum(axis=1) + week[:, week_number] + term[:, term_number] + fair[:, term_number]
            total[:, members] = column[:, None]
        return total

    def reduced_costs(self, duals: np.ndarray) -> dict[bool, np.ndarray]:
        with_zero = np.append(duals, 0.0)
        person = self.duals_by_pair(duals)
        lead = self.problem.lead_cost - with_zero[self.lead_row][None, :] - person
        member = (
            self.problem.member_cost - with_zero[self.member_row][None, :] - with_zero[self.link_row][None, :] - person
        )
        return {True: lead, False: member}


def _columns(entries: list[list[tuple[int, float]]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Column-wise sparse arrays (starts, row indices, values) of columns given as lists of (row, value)."""
    starts = np.zeros(len(entries) + 1, dtype=np.int32)
    np.cumsum([len(column) for column in entries], out=starts[1:])
    index = np.array([row for column in entries for row, _ in column], dtype=np.int32)
    value = np.array([value for column in entries for _, value in column], dtype=np.float64)
    return starts[:-1].copy(), index, value


def solve(
    problem: StaffingProblem, settings: Settings = Settings(), report: Callable[[str], None] = lambda line: None
) -> Solution:
    """The best plan found within the settings' time, its price, and the bound it is measured against."""
    started = time.perf_counter()
    timings: dict[str, float] = {}
    start = greedy(problem)
    greedy_price = problem.price(start)
    timings["greedy"] = time.perf_counter() - started
    report(f"A first plan by hand's method costs {greedy_price.total:,.0f}")

    model = _Model(problem)
    model.add(start)
    model.add(list(problem.pins))
    for slot in range(len(problem.slots)):
        for as_lead in (True, False):
            needed = problem.slots[slot].lead_places if as_lead else problem.slots[slot].member_places
            if needed:
                people = problem.nearest_eligible(slot, as_lead=as_lead, count=settings.candidates + needed)
                model.add([Place(slot, person, as_lead) for person in people])
    timings["model"] = time.perf_counter() - started - timings["greedy"]

    highs = model.highs
    highs.setOptionValue("threads", settings.threads)
    highs.setOptionValue("solver", "simplex")
    # Every price is at least 0, so 0 bounds every plan until the relaxation says more.
    rounds, bound, relaxed = 0, 0.0, 0.0
    values: np.ndarray | None = None
    while True:
        rounds += 1
        highs.setOptionValue("time_limit", max(1.0, settings.seconds - (time.perf_counter() - started)))
        highs.run()
        status = highs.getModelStatus()
        if status == highspy.HighsModelStatus.kInfeasible:
            raise Unsolvable(highs.modelStatusToString(status))
        if status != highspy.HighsModelStatus.kOptimal:  # out of time: the last relaxation solved stands
            report(f"The relaxation was cut short: {highs.modelStatusToString(status)}")
            break
        relaxed = highs.getInfo().objective_function_value
        values = np.array(highs.getSolution().col_value)
        duals = np.array(highs.getSolution().row_dual)
        costs = model.reduced_costs(duals)
        joining: list[Place] = []
        improvement = 0.0
        for as_lead in (True, False):
            candidates = problem.possible(as_lead=as_lead) & ~model.in_model[as_lead] & (costs[as_lead] < _NEGATIVE)
            pairs = np.argwhere(candidates)
            problem.check(pairs)
            eligible = pairs[problem.status[pairs[:, 0], pairs[:, 1]] == ELIGIBLE]
            joining += [Place(int(slot), int(person), as_lead) for person, slot in eligible]
            improvement += float(costs[as_lead][eligible[:, 0], eligible[:, 1]].sum())
        bound = max(bound, relaxed + improvement)
        report(f"Pricing round {rounds}: relaxation {relaxed:,.1f}, bound {bound:,.1f}, {len(joining):,} pairs join")
        out_of_time = time.perf_counter() - started > settings.seconds * 0.5
        if not joining or out_of_time:
            break
        model.add(joining)
    timings["relaxation"] = time.perf_counter() - started - timings["greedy"] - timings["model"]

    if values is not None:  # pairs that joined after the last relaxation solved take no part in it
        values = np.append(values, np.zeros(highs.getNumCol() - len(values)))
    integral = values is not None and bool(
        np.all(np.abs(values - np.round(values))[_integer_columns(model)] < _INTEGRAL)
    )
    if values is None:
        places = start
    elif integral:
        places = _chosen(model, values)
    else:
        # Branching proves a bound on the model it branches on; with every pair the rules allow in the model (as
        # there are few enough to add), that is the whole model's, and HiGHS's bound holds for every plan.
        outside = {as_lead: np.argwhere(problem.possible(as_lead=as_lead) & ~model.in_model[as_lead]) for as_lead in (True, False)}
        whole = sum(len(pairs) for pairs in outside.values()) <= settings.whole_model_pairs
        if whole:
            for as_lead, pairs in outside.items():
                problem.check(pairs)
                eligible = pairs[problem.status[pairs[:, 0], pairs[:, 1]] == ELIGIBLE]
                model.add([Place(int(slot), int(person), as_lead) for person, slot in eligible])
        places = _branch(model, start, settings, started, report)
        if whole:
            bound = max(bound, highs.getInfo().mip_dual_bound)
    timings["branching"] = time.perf_counter() - started - sum(timings.values())
    price = problem.price(places)
    if price.total > greedy_price.total:
        places, price = start, greedy_price
    solution = Solution(
        places=places, price=price, bound=min(bound, price.total), proven=False, seconds=time.perf_counter() - started,
        greedy=greedy_price, rounds=rounds, columns=len(model.pairs), branched=values is not None and not integral,
        timings=timings,
    )  # fmt: skip
    solution.proven = solution.gap <= 1e-9
    report(f"Plan costs {price.total:,.1f}; bound {solution.bound:,.1f}; gap {solution.gap:.3%}")
    return solution


class Unsolvable(Exception):
    """The pins cannot all hold together (HiGHS found the model infeasible)."""


def _integer_columns(model: _Model) -> np.ndarray:
    return np.array(model.integer_fixed + list(range(model.fixed, model.fixed + len(model.pairs))), dtype=np.int64)


def _chosen(model: _Model, values: np.ndarray) -> list[Place]:
    pair_values = values[model.fixed : model.fixed + len(model.pairs)]
    return [place for place, value in zip(model.pairs, pair_values) if value > 0.5]


def _branch(
    model: _Model, start: list[Place], settings: Settings, started: float, report: Callable[[str], None]
) -> list[Place]:
    """Branch and bound on the columns found, from the greedy plan, within the time left."""
    highs = model.highs
    columns = _integer_columns(model)
    highs.changeColsIntegrality(
        len(columns), columns.astype(np.int32), np.full(len(columns), highspy.HighsVarType.kInteger.value, dtype=np.uint8)
    )
    highs.setOptionValue("solver", "choose")
    highs.setOptionValue("mip_rel_gap", settings.gap)
    highs.setOptionValue("time_limit", max(1.0, settings.seconds - (time.perf_counter() - started)))
    index = {place: model.fixed + number for number, place in enumerate(model.pairs)}
    chosen = [index[place] for place in start]
    highs.setSolution(len(chosen), np.array(chosen, dtype=np.int32), np.ones(len(chosen)))
    report("The relaxation is not whole: branching")
    highs.run()
    solution = highs.getSolution()
    if not solution.value_valid:
        return start
    return _chosen(model, np.array(solution.col_value))
