"""Frameworks are data: the shipped files load with their areas, conditions, scales, safeguarding and
criteria, and a new framework is a new file, with no code change."""

import shutil

import pytest

from fairinspect.audit.models import AuditEvent
from fairinspect.frameworks.models import Area, Criterion, Framework
from fairinspect.frameworks.files import DATA_DIR, FrameworkFileError, read_framework_file
from fairinspect.frameworks.services import load_frameworks
from tests.factories import make_historic_outcome

pytestmark = pytest.mark.django_db

NEW_FRAMEWORK = """
code: wellbeing-review-2030
title: Wellbeing review (2030)
valid_from: 2030-01-06
graded: true
outcome: report-card
scale:
  - {code: not-yet, label: Not yet, meaning: Work is needed.}
  - {code: secure, label: Secure, meaning: What is expected is in place.}
  - {code: leading, label: Leading, meaning: Others learn from it.}
safeguarding:
  outcomes:
    - {code: met, label: Met, satisfactory: true, meaning: Pupils are safe.}
    - {code: not-met, label: Not met, satisfactory: false, meaning: Pupils are not safe.}
areas:
  - code: staff-wellbeing
    title: Staff wellbeing
    criteria:
      secure:
        - {code: sw-s1, text: Leaders take account of workload.}
      leading:
        - {code: sw-l1, text: Workload is low and staff say so.}
  - code: sixth-form-wellbeing
    title: Sixth-form wellbeing
    applies_if: has_sixth_form
"""


def copy_shipped_frameworks(directory):
    for path in DATA_DIR.glob("*.yaml"):
        shutil.copy(path, directory)


def test_the_report_card_framework_has_its_areas_in_order_with_their_conditions(frameworks):
    areas = list(frameworks["report-card-2025"].areas.values_list("code", "applies_if"))
    assert areas == [
        ("inclusion", ""),
        ("curriculum-and-teaching", ""),
        ("achievement", ""),
        ("attendance-and-behaviour", ""),
        ("personal-development-and-well-being", ""),
        ("early-years", "has_early_years"),
        ("post-16", "has_sixth_form"),
        ("leadership-and-governance", ""),
    ]


def test_scales_are_ordered_lowest_first_with_meanings_for_parents(frameworks):
    report_card = list(frameworks["report-card-2025"].scale.values_list("code", "rank"))
    assert report_card == [
        ("urgent-improvement", 1),
        ("needs-attention", 2),
        ("expected-standard", 3),
        ("strong-standard", 4),
        ("exceptional", 5),
    ]
    assert [point.code for point in frameworks["eif-2019"].scale.all()] == [
        "inadequate", "requires-improvement", "good", "outstanding"
    ]
    assert all(point.meaning for point in frameworks["report-card-2025"].scale.all())


def test_safeguarding_judgements_and_the_ungraded_visit_framework(frameworks):
    outcomes = frameworks["report-card-2025"].safeguarding_outcomes.values_list("code", "is_satisfactory")
    assert set(outcomes) == {("met", True), ("not-met", False)}
    assert set(frameworks["eif-2019"].safeguarding_outcomes.values_list("code", flat=True)) == {"effective", "not-effective"}
    visits = frameworks["visit-2020"]
    assert not visits.is_graded and visits.outcome == "letter-to-parents"
    assert not visits.scale.exists() and not visits.safeguarding_outcomes.exists() and visits.areas.count() == 4


def test_every_report_card_area_has_criteria_for_the_expected_standard_and_above(frameworks):
    for area in frameworks["report-card-2025"].areas.all():
        levels = set(area.criteria.values_list("level__code", flat=True))
        assert {"expected-standard", "strong-standard", "exceptional"} <= levels, area.code


def test_urgent_improvement_is_reached_by_indicators_and_needs_attention_has_criteria(frameworks):
    for area in frameworks["report-card-2025"].areas.all():
        indicators = area.criteria.filter(is_indicator=True)
        assert set(indicators.values_list("level__code", flat=True)) == {"urgent-improvement"}, area.code
        assert not area.criteria.filter(is_indicator=False, level__code="urgent-improvement").exists(), area.code
        assert area.criteria.filter(is_indicator=False, level__code="needs-attention").exists(), area.code


def test_an_area_applies_to_a_school_by_its_condition(frameworks, make_school):
    primary = make_school(has_early_years=True, has_sixth_form=False)
    secondary = make_school(has_early_years=False, has_sixth_form=True)
    areas = {area.code: area for area in frameworks["report-card-2025"].areas.all()}
    assert areas["early-years"].applies_to(primary) and not areas["early-years"].applies_to(secondary)
    assert areas["post-16"].applies_to(secondary) and not areas["post-16"].applies_to(primary)
    assert areas["inclusion"].applies_to(primary) and areas["inclusion"].applies_to(secondary)


def test_adding_a_framework_is_adding_a_file(tmp_path, frameworks, make_school):
    copy_shipped_frameworks(tmp_path)
    (tmp_path / "wellbeing-review-2030.yaml").write_text(NEW_FRAMEWORK)

    outcomes = load_frameworks(tmp_path)

    assert outcomes["wellbeing-review-2030"] == "created"
    assert {outcomes[code] for code in ("report-card-2025", "eif-2019", "visit-2020")} == {"unchanged"}
    framework = Framework.objects.get(code="wellbeing-review-2030")
    assert [point.label for point in framework.scale.all()] == ["Not yet", "Secure", "Leading"]
    criterion = Criterion.objects.get(code="sw-l1")
    assert (criterion.area.code, criterion.level.code) == ("staff-wellbeing", "leading")
    sixth_form = framework.areas.get(code="sixth-form-wellbeing")
    assert sixth_form.applies_to(make_school(has_sixth_form=True))
    assert not sixth_form.applies_to(make_school(has_sixth_form=False))
    assert AuditEvent.objects.filter(action="framework.created", object_id=str(framework.pk)).exists()


def test_loading_the_same_files_again_changes_nothing(frameworks):
    events = AuditEvent.objects.count()
    assert set(load_frameworks().values()) == {"unchanged"}
    assert AuditEvent.objects.count() == events


def test_a_changed_file_updates_its_framework_in_place_and_is_audited(tmp_path, frameworks):
    copy_shipped_frameworks(tmp_path)
    path = tmp_path / "report-card-2025.yaml"
    path.write_text(path.read_text().replace("title: Inclusion", "title: Inclusion and belonging"))
    inclusion = Area.objects.get(framework=frameworks["report-card-2025"], code="inclusion")

    assert load_frameworks(tmp_path)["report-card-2025"] == "updated"

    inclusion.refresh_from_db()  # the same row, so records pointing at the area keep pointing at it
    assert inclusion.title == "Inclusion and belonging"
    event = AuditEvent.objects.filter(action="framework.updated").latest("sequence")
    assert event.before["content_hash"] != event.after["content_hash"]


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (lambda text: text.replace("    label: Exceptional\n", ""), r"scale\.4\.label: Field required"),
        (lambda text: text.replace("applies_if: has_early_years", "applies_if: has_a_pool"),
         r"areas\.5\.applies_if: 'has_a_pool' is not a yes/no attribute of a school"),
        (lambda text: text.replace("      exceptional:\n        - code: inc-x1", "      outstanding:\n        - code: inc-x1", 1),
         r"outstanding not on the scale"),
        (lambda text: text + "\nsurprise: true\n", r"surprise: Extra inputs are not permitted"),
        (lambda text: text.replace("      urgent-improvement:\n        - code: inc-u1", "      failing:\n        - code: inc-u1", 1),
         r"areas\.0\.indicators: failing not on the scale"),
        (lambda text: text.replace("- code: inc-u1", "- code: inc-e1", 1), r"areas\.0: a criterion or indicator code is used twice"),
        (lambda text: text.replace("    floor: urgent-improvement", "    floor: failing"), r"rules\.secure_fit\.floor must name a point on the scale"),
    ],
    ids=["missing label", "unknown condition", "criteria at an unknown level", "unknown key", "indicators at an unknown level",
         "an indicator's code taken by a criterion", "secure fit floor off the scale"],
)
def test_a_bad_file_is_refused_naming_the_place_and_nothing_changes(tmp_path, frameworks, change, named):
    copy_shipped_frameworks(tmp_path)
    path = tmp_path / "report-card-2025.yaml"
    path.write_text(change(path.read_text()))
    stored = Framework.objects.get(code="report-card-2025").content_hash

    with pytest.raises(FrameworkFileError, match=named):
        load_frameworks(tmp_path)

    assert Framework.objects.get(code="report-card-2025").content_hash == stored


def test_removing_an_area_from_its_file_removes_it_and_renumbers_the_rest(tmp_path, frameworks):
    copy_shipped_frameworks(tmp_path)
    path = tmp_path / "visit-2020.yaml"
    text = path.read_text()
    start = text.index("  - code: remote-education")
    end = text.index("  - code: safeguarding-and-well-being")
    path.write_text(text[:start] + text[end:])

    assert load_frameworks(tmp_path)["visit-2020"] == "updated"
    visits = frameworks["visit-2020"]
    assert list(visits.areas.values_list("order", flat=True)) == [1, 2, 3]
    assert not visits.areas.filter(code="remote-education").exists()


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (lambda text: text.replace("  - code: achievement\n", "  - code: attainment\n"),
         r"the area 'achievement' is used by 1 published outcome\."),
        (lambda text: text.replace("code: strong-standard\n", "code: strong\n").replace("strong-standard:", "strong:"),
         r"the grade 'strong-standard' is used by 2 published outcomes\."),
        (lambda text: text.replace("code: not-met\n", "code: unmet\n"),
         r"the safeguarding judgement 'not-met' is used by 1 published outcome\."),
    ],
    ids=["an area renamed", "a grade renamed", "a safeguarding judgement renamed"],
)
def test_a_code_published_outcomes_use_cannot_leave_the_file(tmp_path, frameworks, make_school, change, named):
    school = make_school()
    make_historic_outcome(school, "report-card-2025", safeguarding="met", grades={"achievement": "strong-standard"})
    make_historic_outcome(school, "report-card-2025", safeguarding="not-met", grades={"inclusion": "strong-standard"})
    make_historic_outcome(school, "eif-2019", safeguarding="not-effective", grades={"achievement": "good"})
    copy_shipped_frameworks(tmp_path)
    path = tmp_path / "report-card-2025.yaml"
    path.write_text(change(path.read_text()))
    stored = Framework.objects.get(code="report-card-2025").content_hash

    with pytest.raises(FrameworkFileError, match=rf"report-card-2025.yaml: framework 'report-card-2025' .*{named}"):
        load_frameworks(tmp_path)

    assert Framework.objects.get(code="report-card-2025").content_hash == stored


def test_a_refusal_once_writing_has_begun_leaves_the_frameworks_written_before_it_as_they_were(
    tmp_path, frameworks, make_school
):
    """eif-2019.yaml is loaded before report-card-2025.yaml, in the same transaction: its valid change is
    written, then taken back when the report-card file turns out to rename an area published outcomes use."""
    make_historic_outcome(make_school(), "report-card-2025", grades={"inclusion": "exceptional"})
    copy_shipped_frameworks(tmp_path)
    eif = tmp_path / "eif-2019.yaml"
    eif.write_text(eif.read_text().replace("title: Education inspection framework (2019)", "title: EIF (2019)"))
    report_cards = tmp_path / "report-card-2025.yaml"
    report_cards.write_text(report_cards.read_text().replace("  - code: inclusion\n", "  - code: belonging\n"))
    before = {framework.code: (framework.title, framework.content_hash) for framework in Framework.objects.all()}
    events = AuditEvent.objects.count()

    with pytest.raises(FrameworkFileError, match=r"the area 'inclusion' is used by 1 published outcome"):
        load_frameworks(tmp_path)

    after = {framework.code: (framework.title, framework.content_hash) for framework in Framework.objects.all()}
    assert after == before and after["eif-2019"][0] == "Education inspection framework (2019)"
    assert AuditEvent.objects.count() == events


def test_each_load_records_what_the_file_said(tmp_path, frameworks):
    copy_shipped_frameworks(tmp_path)
    path = tmp_path / "visit-2020.yaml"
    path.write_text(path.read_text().replace("title: Remote education", "title: Remote and blended education"))

    load_frameworks(tmp_path)

    visits = frameworks["visit-2020"]
    created, updated = AuditEvent.objects.filter(object_type="frameworks.framework", object_id=str(visits.pk))
    assert created.action == "framework.created" and updated.action == "framework.updated"
    for event, file in ((created, DATA_DIR / "visit-2020.yaml"), (updated, path)):
        assert event.after["definition"] == read_framework_file(file).model_dump(mode="json")
    titles = [[area["title"] for area in event.after["definition"]["areas"]] for event in (created, updated)]
    assert "Remote education" in titles[0] and "Remote and blended education" in titles[1]
