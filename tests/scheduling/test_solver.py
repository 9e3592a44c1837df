"""The solver finds the cheapest plan the rules allow, or one within its stated gap of a bound no plan beats:
checked against every plan there is on small problems, and for what each plan must respect."""

import itertools
import random
from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model

from fairinspect.core.working_days import school_term
from fairinspect.inspections.eligibility import InspectionFacts, InspectorFacts, Reason, refusals_for
from fairinspect.scheduling.solver import Settings, solve
from fairinspect.scheduling.staffing import Person, Place, Slot, StaffingProblem, Weights, greedy, shortfalls
from fairinspect.workforce.models import Inspector, InspectorKind, Phase, Unavailability

MONDAY = date(2027, 4, 12)


def a_slot(number: int, *, week: int = 0, phases=(Phase.PRIMARY,), members: int = 1, at=(400_000, 300_000)) -> Slot:
    first = MONDAY + timedelta(weeks=week, days=1)
    facts = InspectionFacts(
        id=None, school_urn=100 + number, trust_code=None, easting=at[0], northing=at[1],
        phases_needed=frozenset(phases), starts_on=first, ends_on=first + timedelta(days=1), term=school_term(first),
        required_courses=(),
    )  # fmt: skip
    return Slot(facts=facts, days=(first, first + timedelta(days=1)), lead_places=1, member_places=members)


def a_person(number: int, *, hmi: bool = True, phases=(Phase.PRIMARY,), cap: int = 4, home=(400_000, 300_000),
             away=(), fits=()) -> Person:  # fmt: skip
    inspector = Inspector(
        id=number, kind=InspectorKind.HM_INSPECTOR if hmi else InspectorKind.OFSTED_INSPECTOR, phases=sorted(phases),
        load_cap_per_term=cap,
    )  # fmt: skip
    inspector.user = get_user_model()(username=f"p{number}", first_name="Person", last_name=str(number))
    inspector.own_school = None
    facts = InspectorFacts(inspector, unavailability=[Unavailability(starts_on=a, ends_on=b) for a, b in away])
    return Person(facts=facts, home=home, week_cap=1, fits=frozenset(fits))


def random_problem(seed: int) -> StaffingProblem:
    rng = random.Random(seed)
    slots = [
        a_slot(number, week=rng.randint(0, 1), phases=rng.choice(((Phase.PRIMARY,), (Phase.SECONDARY,))),
               members=rng.randint(0, 1), at=(rng.randint(300, 500) * 1000, rng.randint(200, 400) * 1000))
        for number in range(3)
    ]  # fmt: skip
    people = [
        a_person(number, hmi=rng.random() < 0.5, phases=rng.choice(((Phase.PRIMARY,), (Phase.PRIMARY, Phase.SECONDARY))),
                 cap=rng.randint(1, 2), home=(rng.randint(300, 500) * 1000, rng.randint(200, 400) * 1000),
                 fits=rng.choice(((), (Phase.PRIMARY,))),
                 away=[(MONDAY, MONDAY + timedelta(days=4))] if rng.random() < 0.2 else [])
        for number in range(1, 5)
    ]  # fmt: skip
    return StaffingProblem(slots, people, weights=Weights(unfair=(10.0, 40.0), off_phase=7.0, no_lead=5_000.0,
                                                          missing_member=2_000.0))  # fmt: skip


def every_plan(problem: StaffingProblem):
    """Every plan the rules and capacities allow, by brute force: each slot's lead (or none) and members."""
    choices = []
    for number, slot in enumerate(problem.slots):
        people = range(len(problem.people))
        options = []
        for lead in (None, *people):
            for members in itertools.combinations(people, slot.member_places):
                for count in range(slot.member_places + 1):
                    for chosen in itertools.combinations(members, count):
                        if lead is None and chosen:
                            continue
                        if lead in chosen:
                            continue
                        options.append(([Place(number, lead, True)] if lead is not None else [])
                                       + [Place(number, member, False) for member in chosen])  # fmt: skip
        choices.append(options)
    for combination in itertools.product(*choices):
        places = [place for team in combination for place in team]
        if allowed(problem, places):
            yield places


def allowed(problem: StaffingProblem, places: list[Place]) -> bool:
    """Every place is one the rules allow, and no one is in two places a day or beyond their caps."""
    days, terms, weeks = set(), {}, {}
    for place in places:
        slot, person = problem.slots[place.slot], problem.people[place.person]
        if refusals_for(person.facts, slot.facts, as_lead=place.as_lead):
            return False
        for day in slot.days:
            if (place.person, day) in days:
                return False
            days.add((place.person, day))
        terms[place.person] = terms.get(place.person, 0) + 1
        weeks[place.person, slot.week] = weeks.get((place.person, slot.week), 0) + 1
        if terms[place.person] > person.facts.inspector.load_cap_per_term or weeks[place.person, slot.week] > person.week_cap:
            return False
    return True


@pytest.mark.parametrize("seed", range(8))
def test_the_plan_is_the_cheapest_of_every_plan_there_is_and_proven_so(seed):
    problem = random_problem(seed)
    best = min(problem.price(places).total for places in every_plan(problem))
    solution = solve(problem, Settings(seconds=20))
    assert allowed(problem, solution.places)
    assert solution.price.total == pytest.approx(best)
    assert solution.bound <= best + 1e-6 and solution.proven and solution.gap == pytest.approx(0, abs=1e-9)
    assert solution.greedy.total >= best - 1e-6


def test_the_nearest_lead_is_chosen_and_an_unfair_load_costs_more_than_a_short_journey():
    near, far = a_person(1, home=(400_000, 300_000), cap=1), a_person(2, home=(410_000, 300_000), cap=1)
    problem = StaffingProblem([a_slot(1, members=0)], [far, near])
    assert solve(problem).places == [Place(0, 1, True)]
    # Their shares of two inspections are 1 each: the nearer one taking both (a week apart) is beyond their
    # share, and priced above the 10 km the other would travel.
    near_twice = a_person(1, home=(400_000, 300_000), cap=2)
    far_once = a_person(2, home=(405_000, 300_000), cap=2)
    problem = StaffingProblem([a_slot(1, members=0), a_slot(2, week=1, members=0)], [near_twice, far_once])
    assert {place.person for place in solve(problem).places} == {0, 1}


def test_team_members_from_the_schools_phase_are_preferred_at_the_same_journey():
    lead = a_person(1)
    generalist, practitioner = a_person(2, hmi=False), a_person(3, hmi=False, fits=(Phase.PRIMARY,))
    problem = StaffingProblem([a_slot(1)], [lead, generalist, practitioner])
    assert sorted(solve(problem).places, key=lambda place: place.as_lead) == [Place(0, 2, False), Place(0, 0, True)]


def test_pins_hold_even_when_dearer():
    near, far = a_person(1), a_person(2, home=(450_000, 300_000))
    problem = StaffingProblem([a_slot(1, members=0)], [near, far], pins=[Place(0, 1, True)])
    assert solve(problem).places == [Place(0, 1, True)]
    assert greedy(problem) == [Place(0, 1, True)]


def test_what_stops_an_inspection_being_staffed_is_said_person_by_person():
    busy = a_person(1, home=(400_000, 300_000))
    away = a_person(2, away=[(MONDAY, MONDAY + timedelta(days=4))])
    member_only = a_person(3, hmi=False)
    other_phase = a_person(4, phases=(Phase.SECONDARY,))
    slots = [a_slot(1, members=0), a_slot(2, members=0, at=(450_000, 300_000))]
    problem = StaffingProblem(slots, [busy, away, member_only, other_phase])
    solution = solve(problem)
    assert solution.places == [Place(0, 0, True)]
    (shortfall,) = shortfalls(problem, solution.places)[1]
    # Those who hold the phase and may lead: one is on the other inspection that week, one is away.
    assert shortfall.as_dict() == {
        "role": "lead", "places": 1, "holders": 2,
        "groups": [{"why": "busy", "count": 1, "names": ["Person 1"]},
                   {"why": Reason.UNAVAILABLE.value, "count": 1, "names": ["Person 2"]}],
    }  # fmt: skip
    assert solution.price.no_lead == 1 and solution.proven


def test_a_problem_too_big_to_price_at_once_is_priced_round_by_round_and_still_proven():
    rng = random.Random(5)
    slots = [a_slot(number, week=number % 3, at=(rng.randint(300, 600) * 1000, rng.randint(100, 500) * 1000))
             for number in range(30)]  # fmt: skip
    people = [a_person(number, hmi=number % 3 == 0, cap=3, home=(rng.randint(300, 600) * 1000, rng.randint(100, 500) * 1000))
              for number in range(1, 61)]  # fmt: skip
    problem = StaffingProblem(slots, people)
    solution = solve(problem, Settings(candidates=1))
    assert solution.rounds > 1 and solution.proven and allowed(problem, solution.places)
    assert solution.price.total < solution.greedy.total


def a_short_week(seed: int) -> StaffingProblem:
    """Three inspections in one week and three people, some of whom may not lead: too few for every place, which
    leaves the relaxation fractional (half a lead here, half a team there)."""
    rng = random.Random(seed)
    slots = [a_slot(number, members=rng.randint(0, 2), at=(rng.randint(300, 320) * 1000, 300_000)) for number in range(3)]
    people = [a_person(number, hmi=rng.random() < 0.6, cap=rng.randint(1, 2), home=(rng.randint(300, 320) * 1000, 300_000))
              for number in range(1, 4)]  # fmt: skip
    return StaffingProblem(slots, people)


@pytest.mark.parametrize("seed", [5, 13, 21])
def test_when_the_relaxation_is_not_whole_branching_finds_the_cheapest_plan_and_proves_it(seed):
    problem = a_short_week(seed)
    best = min(problem.price(places).total for places in every_plan(problem))
    solution = solve(problem, Settings(gap=0))
    assert solution.branched and solution.proven and allowed(problem, solution.places)
    assert solution.price.total == pytest.approx(best) and solution.bound == pytest.approx(best)


def test_out_of_time_the_plan_found_so_far_stands_with_a_bound_that_still_holds():
    problem = random_problem(3)
    best = min(problem.price(places).total for places in every_plan(problem))
    solution = solve(problem, Settings(seconds=0.000001))
    assert allowed(problem, solution.places) and 0 <= solution.bound <= best <= solution.price.total
