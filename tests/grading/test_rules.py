"""Secure fit and the follow-up rules, as pure functions of the framework's rules (the report-card file's)."""

from datetime import date

import pytest
from hypothesis import given, strategies as st

from fairinspect.frameworks.files import DATA_DIR, read_framework_file
from fairinspect.grading.rules import Toolkit, decide_follow_up, derive, judgements_for, minimum_citations
from fairinspect.inspections.models import Kind

SPEC = read_framework_file(DATA_DIR / "report-card-2025.yaml")
RULES = SPEC.rules
SCALE = tuple(point.code for point in SPEC.scale)
TOOLKITS = {
    area.code: Toolkit(
        scale=SCALE,
        criteria={point: tuple(c.code for c in criteria) for point, criteria in area.criteria.items()},
        indicators={point: tuple(c.code for c in criteria) for point, criteria in area.indicators.items()},
        floor=RULES["secure_fit"]["floor"],
    )
    for area in SPEC.areas
}
INCLUSION = TOOLKITS["inclusion"]
AREAS = [area.code for area in SPEC.areas if not area.applies_if]


def every_code(toolkit: Toolkit) -> list[str]:
    return [code for levels in (toolkit.indicators, toolkit.criteria) for codes in levels.values() for code in codes]


def test_the_urgent_improvement_entries_are_indicators_and_needs_attention_has_criteria():
    for toolkit in TOOLKITS.values():
        assert set(toolkit.indicators) == {"urgent-improvement"}
        assert "urgent-improvement" not in toolkit.criteria
        assert toolkit.criteria["needs-attention"]


def test_needs_attention_says_plainly_it_is_not_a_fail_and_the_file_says_the_criteria_are_a_paraphrase():
    (needs_attention,) = [point for point in SPEC.scale if point.code == "needs-attention"]
    assert needs_attention.meaning.startswith("This is not a fail.")
    assert "paraphrase of the published toolkit" in (DATA_DIR / "report-card-2025.yaml").read_text()


def test_any_one_indicator_found_puts_the_area_at_urgent_improvement_whatever_else_is_met():
    judged = {code: True for code in every_code(INCLUSION)}
    derivation = derive(INCLUSION, judged)
    assert derivation.grade == "urgent-improvement"
    assert "inc-u1 is found" in derivation.because


def test_expected_standard_needs_every_expected_and_needs_attention_criterion_and_a_strong_one_not_met():
    judged = {"inc-u1": False, "inc-n1": True, "inc-n2": True, "inc-e1": True, "inc-e2": True, "inc-e3": True}
    assert derive(INCLUSION, judged).missing == ("inc-s1", "inc-s2")
    assert derive(INCLUSION, {**judged, "inc-s2": False}).grade == "expected-standard"
    assert derive(INCLUSION, {**judged, "inc-e3": False}).grade == "needs-attention"
    assert derive(INCLUSION, {**judged, "inc-n1": False}).grade == "urgent-improvement"


def test_unjudged_indicators_leave_the_grade_undecided():
    judged = {code: True for code in every_code(INCLUSION) if code != "inc-u1"}
    assert derive(INCLUSION, judged).grade is None
    assert derive(INCLUSION, judged).missing == ("inc-u1",)


@pytest.mark.parametrize("area", TOOLKITS)
@pytest.mark.parametrize("grade", SCALE)
def test_the_least_judgements_for_each_grade_derive_it(area, grade):
    assert derive(TOOLKITS[area], judgements_for(TOOLKITS[area], grade)).grade == grade


@given(st.data())
def test_a_derived_grade_is_the_secure_fit_of_its_judgements(data):
    toolkit = TOOLKITS[data.draw(st.sampled_from(sorted(TOOLKITS)))]
    codes = every_code(toolkit)
    judged = data.draw(st.dictionaries(st.sampled_from(codes), st.booleans()))
    derivation = derive(toolkit, judged)
    if derivation.grade is None:
        assert derivation.missing and not set(derivation.missing) & set(judged)
        return
    indicators_found = [code for codes in toolkit.indicators.values() for code in codes if judged.get(code)]
    if indicators_found:
        assert derivation.grade == "urgent-improvement"
        return
    rank = SCALE.index(derivation.grade)
    # Every criterion at or below the grade is met ...
    for point in SCALE[: rank + 1]:
        assert all(judged[code] for code in toolkit.criteria.get(point, ()))
    # ... and the next point up with criteria has one not met (or the grade is the top).
    above = [point for point in SCALE[rank + 1 :] if toolkit.criteria.get(point)]
    if above:
        assert any(judged.get(code) is False for code in toolkit.criteria[above[0]])


def test_the_extremes_need_more_citations():
    assert minimum_citations(RULES, "expected-standard") == 2
    assert minimum_citations(RULES, "exceptional") == 4
    assert minimum_citations(RULES, "urgent-improvement") == 4


def decide(grades: dict[str, str], safeguarding: str = "met", *, remediable: bool = False):
    all_grades = {area: "expected-standard" for area in AREAS} | grades
    return decide_follow_up(
        RULES, all_grades, safeguarding, safeguarding_satisfactory=safeguarding == "met", remediable=remediable,
        decided_on=date(2026, 3, 2),
    )  # fmt: skip


def test_leadership_at_urgent_improvement_with_another_area_is_special_measures_with_monitoring_in_90_days():
    decision = decide({"leadership-and-governance": "urgent-improvement", "achievement": "urgent-improvement"})
    assert decision.category.code == "special-measures"
    assert [(f.kind, f.due_by) for f in decision.follow_ups] == [(Kind.MONITORING, date(2026, 5, 31))]


def test_one_area_at_urgent_improvement_is_requires_significant_improvement():
    decision = decide({"achievement": "urgent-improvement"})
    assert decision.category.code == "requires-significant-improvement"
    assert [f.kind for f in decision.follow_ups] == [Kind.MONITORING]


def test_an_area_needing_attention_brings_monitoring_without_a_category():
    decision = decide({"achievement": "needs-attention"})
    assert decision.category is None
    assert [(f.kind, f.due_by) for f in decision.follow_ups] == [(Kind.MONITORING, date(2027, 3, 2))]


def test_expected_everywhere_brings_nothing():
    assert decide({}).category is None and decide({}).follow_ups == ()


def test_safeguarding_not_met_and_remediable_is_a_return_visit_instead_of_a_category():
    decision = decide({}, "not-met", remediable=True)
    assert decision.category is None
    assert [(f.kind, f.due_by) for f in decision.follow_ups] == [(Kind.FOCUSED_MONITORING, date(2026, 5, 31))]


def test_safeguarding_not_met_and_not_remediable_is_a_category():
    decision = decide({}, "not-met")
    assert decision.category.code == "requires-significant-improvement"


def test_leadership_failing_with_safeguarding_not_met_is_special_measures_unless_remediable():
    assert decide({"leadership-and-governance": "urgent-improvement"}, "not-met").category.code == "special-measures"
    remediable = decide({"leadership-and-governance": "urgent-improvement"}, "not-met", remediable=True)
    assert remediable.category.code == "requires-significant-improvement"
    assert {f.kind for f in remediable.follow_ups} == {Kind.FOCUSED_MONITORING, Kind.MONITORING}
