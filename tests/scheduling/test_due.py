"""Who is due an inspection in a term, by the rules of scheduling/data/due.yaml read against the registry, the
published record and the proposals waiting: each rule, the words it gives, and what is set apart."""

from datetime import date

import pytest

from fairinspect.inspections.models import Kind
from fairinspect.inspections.proposals import record_proposal
from fairinspect.scheduling.calendar import term_named
from fairinspect.scheduling.due import due_in
from fairinspect.schools import gias
from fairinspect.schools.models import SchoolLink
from tests import factories


pytestmark = pytest.mark.django_db

SUMMER_2026 = "summer-2026"  # 13 April to 22 July 2026


def due_by_urn(term=SUMMER_2026):
    listed = due_in(term_named(term))
    return {item.school.urn: item for item in listed.due}, listed


def test_a_school_is_due_four_years_after_its_last_routine_inspection(clock, frameworks):
    due = factories.make_school()
    factories.make_historic_outcome(due, "eif-2019", start_date=date(2022, 5, 10), inspection_type="S5 Inspection")
    not_yet = factories.make_school()
    factories.make_historic_outcome(not_yet, "eif-2019", start_date=date(2022, 9, 6), inspection_type="S5 Inspection")
    ungraded = factories.make_school()
    factories.make_historic_outcome(
        ungraded, "eif-2019", start_date=date(2022, 6, 1), inspection_type="S8 Inspection of a good or outstanding school"
    )
    found, _ = due_by_urn()
    assert found[due.urn].due_by == date(2026, 5, 10) and found[due.urn].kind == Kind.FULL
    assert found[due.urn].reason.words == (
        "last inspected on 10 May 2022 (S5 Inspection); schools are inspected within 4 years"
    )
    assert not_yet.urn not in found
    assert found[ungraded.urn].due_by == date(2026, 6, 1)


def test_pilots_and_visits_never_count_and_unknown_types_are_reported(clock, frameworks):
    piloted = factories.make_school(open_date=date(2000, 9, 1))
    factories.make_historic_outcome(piloted, "report-card-2025", start_date=date(2025, 12, 1), inspection_type="Pilot inspection")
    factories.make_historic_outcome(piloted, "eif-2019", start_date=date(2021, 3, 1), inspection_type="S5 Inspection")
    odd = factories.make_school()
    factories.make_historic_outcome(odd, "eif-2019", start_date=date(2024, 3, 1), inspection_type="Section 99 Thing")
    found, listed = due_by_urn()
    assert found[piloted.urn].reason.rule == "routine" and found[piloted.urn].due_by == date(2025, 3, 1)
    assert listed.unclassified == {"Section 99 Thing": 1}
    assert found[odd.urn].reason.words == "no routine inspection on record"


def test_never_inspected_schools_are_due_at_once_and_new_ones_within_three_years_of_opening(clock, frameworks):
    old = factories.make_school(open_date=date(2010, 9, 1))
    new = factories.make_school(open_date=date(2023, 6, 1))
    newer = factories.make_school(open_date=date(2024, 9, 1))
    found, _ = due_by_urn()
    assert found[old.urn].due_by == date(2026, 4, 13)  # the term's first day
    assert found[new.urn].due_by == date(2026, 6, 1)
    assert found[new.urn].reason.words == (
        "opened on 1 June 2023 and not inspected yet; new schools are inspected within 3 years of opening"
    )
    assert newer.urn not in found


def test_a_school_that_replaced_another_carries_its_history(clock, frameworks):
    predecessor = factories.make_closed_school(date(2023, 8, 31))
    academy = factories.make_school(open_date=date(2023, 9, 1), type_name="Academy converter")
    SchoolLink.objects.create(urn=academy.urn, linked_urn=predecessor.urn, link_type="Predecessor")
    factories.make_historic_outcome(predecessor, "eif-2019", start_date=date(2023, 2, 1), inspection_type="S5 Inspection")
    found, _ = due_by_urn()
    assert academy.urn not in found  # due in February 2027, not by the summer


def test_what_an_outcome_calls_for_is_due_until_a_later_inspection_answers_it(clock, frameworks):
    special_measures = factories.make_school()
    factories.make_historic_outcome(
        special_measures, "report-card-2025", start_date=date(2025, 12, 1), category_of_concern="Special measures"
    )
    monitored = factories.make_school()
    factories.make_historic_outcome(
        monitored, "report-card-2025", start_date=date(2025, 11, 20), category_of_concern="Special measures"
    )
    factories.make_historic_outcome(
        monitored, "report-card-2025", start_date=date(2026, 2, 2), inspection_type="Monitoring inspection"
    )
    attention = factories.make_school()
    factories.make_historic_outcome(
        attention, "report-card-2025", start_date=date(2025, 7, 1), grades={"inclusion": "needs-attention"}
    )
    concerns = factories.make_school()
    factories.make_historic_outcome(
        concerns, "eif-2019", start_date=date(2024, 6, 1), inspection_type="S8 Inspection of a good or outstanding school",
        ungraded_outcome="School remains Good (Concerns) - S5 Next",
    )
    found, _ = due_by_urn()
    assert found[special_measures.urn].kind == Kind.MONITORING and found[special_measures.urn].due_by == date(2026, 6, 1)
    assert found[special_measures.urn].reason.words == (
        "placed in special measures at its inspection of 1 December 2025: a monitoring inspection is due within 6 months"
    )
    assert monitored.urn not in found
    assert found[attention.urn].kind == Kind.MONITORING and found[attention.urn].due_by == date(2026, 7, 1)
    assert found[concerns.urn].kind == Kind.FULL and found[concerns.urn].due_by == date(2026, 6, 1)


def test_a_proposal_makes_its_school_due_by_its_date_and_is_carried_with_it(clock, frameworks):
    school = factories.make_school()
    factories.make_historic_outcome(school, "report-card-2025", start_date=date(2025, 12, 1))
    # As a complaint's outcome proposes it, inside its own transaction (here the test's).
    proposal = record_proposal(
        school=school, kind=Kind.FOCUSED_MONITORING, due_by=date(2026, 5, 1),
        reason="A complaint about safeguarding was upheld", recorded_as="system:complaints",
    )  # fmt: skip
    found, _ = due_by_urn()
    assert found[school.urn].proposal == proposal and found[school.urn].kind == Kind.FOCUSED_MONITORING
    assert found[school.urn].reason.words == "A complaint about safeguarding was upheld (proposed on 2 March 2026)"


def test_schools_in_hand_exempt_or_of_other_types_are_set_apart_or_left_out(clock, frameworks, make_inspection):
    in_hand = make_inspection(school=factories.make_school(open_date=date(2000, 9, 1))).school
    closing = factories.make_school(
        open_date=date(2000, 9, 1), status_code=gias.OPEN_BUT_PROPOSED_TO_CLOSE, status_name="Open, but proposed to close"
    )
    independent = factories.make_school(open_date=date(2000, 9, 1), type_name="Other independent school")
    found, listed = due_by_urn()
    assert not {in_hand.urn, closing.urn, independent.urn} & set(found)
    aside = {item.school.urn: item.why for item in listed.set_aside}
    assert aside[closing.urn] == "it is proposed to close"
    assert aside[in_hand.urn] == "its full inspection of 3 March 2026 is in hand (planned)"
    assert independent.urn not in aside
