"""Grades through the real services: judged by the lead citing evidence, derived by secure fit, refused when the
judgements or the citations do not support them; proposals, safeguarding, the final feedback, changes after it,
and the follow-up a published outcome brings."""

from datetime import date

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings as hypothesis_settings, strategies as st

from fairinspect.accounts.roles import Role
from fairinspect.audit.models import AuditEvent
from fairinspect.core.errors import InvalidRequest, NotPermitted, WrongState
from fairinspect.frameworks.models import Area
from fairinspect.grading import services
from fairinspect.grading.models import AreaGrade, GradeProposal
from fairinspect.grading.rules import derive
from fairinspect.grading.selectors import applicable_areas, outcome_of, toolkit_of
from fairinspect.grading.services import EditConflict, Judgement
from fairinspect.inspections.models import InspectionProposal, Kind, State
from tests import factories
from tests.grading.factories import area_version, confirm_area, confirm_grades, give_feedback, lead_user, write_records


def area(inspection, code="inclusion") -> Area:
    return Area.objects.get(framework=inspection.framework, code=code)


def judge(inspection, judged: dict[str, bool], cites, *, confirm=None, version=None, actor=None, code="inclusion"):
    return services.judge_area(
        actor=actor or lead_user(inspection), inspection=inspection, area_code=code,
        judgements={c: Judgement(holds, tuple(cites)) for c, holds in judged.items()},
        version=area_version(inspection, code) if version is None else version, confirm=confirm, rationale="Because.",
    )  # fmt: skip


EXPECTED = {"inc-u1": False, "inc-n1": True, "inc-n2": True, "inc-e1": True, "inc-e2": True, "inc-e3": True, "inc-s1": False}


@pytest.fixture
def on_site(make_inspection):
    return make_inspection(State.ON_SITE)


def test_a_grade_the_judgements_do_not_support_is_refused_naming_the_criterion(on_site):
    cites = write_records(on_site, area(on_site), 2)
    with pytest.raises(InvalidRequest, match="support expected standard, not strong standard: criterion inc-s1 is not met"):
        judge(on_site, EXPECTED, cites, confirm="strong-standard")
    assert not AreaGrade.objects.filter(inspection=on_site).exclude(version=0).exists()
    grade = judge(on_site, EXPECTED, cites, confirm="expected-standard")
    assert grade.grade.code == "expected-standard" and grade.confirmed_at is not None


def test_a_grade_is_refused_until_the_criteria_that_decide_it_are_judged(on_site):
    cites = write_records(on_site, area(on_site), 2)
    with pytest.raises(InvalidRequest, match="Judge inc-s1, inc-s2 of Inclusion before confirming"):
        judge(on_site, {code: holds for code, holds in EXPECTED.items() if code != "inc-s1"}, cites, confirm="expected-standard")


def test_too_few_citations_are_refused_and_the_extremes_need_more(on_site):
    one = write_records(on_site, area(on_site), 1)
    with pytest.raises(InvalidRequest, match="expected standard must cite at least 2 evidence records; .* cite 1"):
        judge(on_site, EXPECTED, one, confirm="expected-standard")
    three = write_records(on_site, area(on_site), 3)
    with pytest.raises(InvalidRequest, match="urgent improvement must cite at least 4 evidence records"):
        judge(on_site, {"inc-u1": True}, three, confirm="urgent-improvement")
    assert judge(on_site, {"inc-u1": True}, three + one, confirm="urgent-improvement").grade.code == "urgent-improvement"


def test_a_judgement_cites_only_this_inspections_evidence_of_that_area(on_site, make_inspection):
    other_area = write_records(on_site, area(on_site, "achievement"), 2)
    with pytest.raises(InvalidRequest, match="only this inspection's evidence about inclusion"):
        judge(on_site, EXPECTED, other_area)
    elsewhere = make_inspection(State.ON_SITE)
    theirs = write_records(elsewhere, area(elsewhere), 2)
    with pytest.raises(InvalidRequest, match=f"{theirs[0]}, {theirs[1]} is not among it"):
        judge(on_site, EXPECTED, theirs)
    with pytest.raises(InvalidRequest, match="must cite at least one evidence record"):
        judge(on_site, EXPECTED, [])


def test_only_the_lead_judges_and_only_on_site(on_site, make_inspection):
    cites = write_records(on_site, area(on_site), 2)
    with pytest.raises(NotPermitted, match="Only the lead inspector"):
        judge(on_site, EXPECTED, cites, actor=factories.make_inspector().user)
    paused = make_inspection(State.PAUSED)
    with pytest.raises(WrongState, match="while the inspection is on site; it is paused"):
        judge(paused, EXPECTED, cites)


def test_two_editors_never_silently_overwrite_each_other(on_site):
    cites = write_records(on_site, area(on_site), 2)
    opened = area_version(on_site, "inclusion")  # both open the area at this version
    judge(on_site, EXPECTED, cites, confirm="expected-standard", version=opened)
    with pytest.raises(EditConflict, match=r"changed Inclusion at .*after you opened it: inc-e3 is now met; the grade confirmed is now expected standard\. Nothing you sent was saved"):
        judge(on_site, {**EXPECTED, "inc-e3": False}, cites, version=opened)
    stored = AreaGrade.objects.get(inspection=on_site, area__code="inclusion")
    assert stored.grade.code == "expected-standard" and stored.judgements.get(criterion__code="inc-e3").holds


def test_judging_again_withdraws_the_confirmed_grade_so_every_confirmed_grade_follows_from_its_judgements(on_site):
    cites = write_records(on_site, area(on_site), 2)
    judge(on_site, EXPECTED, cites, confirm="expected-standard")
    judge(on_site, {"inc-e3": False}, cites)
    assert AreaGrade.objects.get(inspection=on_site, area__code="inclusion").grade is None


@hypothesis_settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_a_grade_is_confirmed_exactly_when_it_is_the_one_its_judgements_derive(on_site, data):
    # One inspection for every example (fixtures are made once per test), judged again and again.
    inspection = on_site
    toolkit = toolkit_of(area(inspection))
    codes = [code for levels in (toolkit.indicators, toolkit.criteria) for values in levels.values() for code in values]
    judged = {code: data.draw(st.booleans(), label=code) for code in codes}
    claimed = data.draw(st.sampled_from(toolkit.scale), label="grade")
    cites = write_records(inspection, area(inspection), 4)
    derived = derive(toolkit, judged).grade
    try:
        judge(inspection, judged, cites, confirm=claimed)
    except InvalidRequest:
        assert claimed != derived
    else:
        assert claimed == derived
    stored = AreaGrade.objects.filter(inspection=inspection, area__code="inclusion").first()
    if stored is not None:
        stored_judged = {j.criterion.code: j.holds for j in stored.judgements.select_related("criterion")}
        assert stored.grade is None or stored.grade.code == derive(toolkit, stored_judged).grade


def test_a_visit_refuses_grades_and_its_feedback_needs_none(make_inspection):
    visit = make_inspection(State.ON_SITE, kind=Kind.VISIT)
    assert applicable_areas(visit) == []
    with pytest.raises(WrongState, match="gives no grades"):
        services.propose_grade(actor=lead_user(visit), inspection=visit, area_code="return-to-school", grade="met")
    assert give_feedback(visit).state == State.FEEDBACK_GIVEN
    assert outcome_of(visit).areas == ()


def test_early_years_and_sixth_form_are_graded_only_where_the_school_has_them(make_inspection):
    with_sixth_form = make_inspection(State.ON_SITE, school=factories.make_school(has_early_years=False, has_sixth_form=True))
    codes = [a.code for a in applicable_areas(with_sixth_form)]
    assert "post-16" in codes and "early-years" not in codes
    with pytest.raises(InvalidRequest, match="grades no area 'early-years'"):
        judge(with_sixth_form, {"eyf-u1": False}, [], code="early-years")


def test_team_members_propose_grades_and_a_later_proposal_replaces_theirs(on_site):
    lead = lead_user(on_site)
    services.propose_grade(actor=lead, inspection=on_site, area_code="inclusion", grade="strong-standard", note="Strong SEND work")
    services.propose_grade(actor=lead, inspection=on_site, area_code="inclusion", grade="expected-standard")
    assert list(GradeProposal.objects.filter(inspection=on_site).values_list("grade__code", flat=True)) == ["expected-standard"]
    with pytest.raises(NotPermitted, match="Only the team"):
        services.propose_grade(actor=factories.make_inspector().user, inspection=on_site, area_code="inclusion", grade="exceptional")


def test_feedback_is_refused_until_every_area_is_confirmed_and_safeguarding_judged(on_site):
    with pytest.raises(WrongState, match="Confirm a grade for every area before the final feedback: Inclusion, "):
        give_feedback(on_site)
    for each in applicable_areas(on_site):
        confirm_area(on_site, each, "expected-standard")
    with pytest.raises(WrongState, match="Judge safeguarding before the final feedback"):
        give_feedback(on_site)
    assert on_site.state == State.ON_SITE


def test_feedback_emails_the_school_its_provisional_grades_what_it_may_share_and_support(
    on_site, mailoutbox, django_capture_on_commit_callbacks
):
    school_user = factories.make_user(Role.SCHOOL_USER, school=on_site.school, email="head@school.example")
    confirm_grades(on_site, {"achievement": "needs-attention"})
    with django_capture_on_commit_callbacks(execute=True):
        give_feedback(on_site)
    (email,) = [m for m in mailoutbox if school_user.email in m.to]
    assert "- Achievement: Needs attention" in email.body
    assert "share them with whomever you choose: colleagues, governors, your family, a support service" in email.body
    assert "Please do not publish them to parents yet" in email.body
    assert "08000 562 561" in email.body and "116 123" in email.body
    assert AuditEvent.objects.filter(action="inspection.feedback_given", object_id=str(on_site.pk)).count() == 1


def test_after_feedback_a_grade_changes_only_through_the_same_rules_by_someone_off_the_team(on_site):
    confirm_grades(on_site)
    give_feedback(on_site)
    senior = factories.make_user(Role.DUTY_DECISION_MAKER)
    cites = list(AreaGrade.objects.get(inspection=on_site, area__code="inclusion").judgements.first().cites.values_list("pk", flat=True))
    with pytest.raises(NotPermitted):
        services.regrade_area(actor=lead_user(on_site), inspection=on_site, area_code="inclusion", judgements={}, reason="x")
    with pytest.raises(InvalidRequest, match="exceptional must cite at least 4"):
        services.regrade_area(
            actor=senior, inspection=on_site, area_code="inclusion", reason="Review upheld.",
            judgements={c: Judgement(True, cites) for c in ("inc-s1", "inc-s2", "inc-x1")},
        )  # fmt: skip
    regraded = services.regrade_area(
        actor=senior, inspection=on_site, area_code="inclusion", reason="Review upheld.",
        judgements={"inc-s1": Judgement(True, cites), "inc-s2": Judgement(True, cites), "inc-x1": Judgement(False, cites)},
    )  # fmt: skip
    assert regraded.grade.code == "strong-standard"
    assert AuditEvent.objects.filter(action="grading.regraded", reason="Review upheld.").exists()


def test_the_outcome_names_the_category_and_record_follow_up_proposes_its_monitoring(on_site):
    confirm_grades(on_site, {"leadership-and-governance": "urgent-improvement", "achievement": "urgent-improvement"})
    give_feedback(on_site)
    outcome = outcome_of(on_site)
    assert outcome.category.code == "special-measures" and outcome.category.title == "Special measures"
    assert [a.area.code for a in outcome.areas][:2] == ["inclusion", "curriculum-and-teaching"]
    with transaction.atomic():
        (proposal,) = services.record_follow_up(inspection=on_site, published_on=date(2026, 4, 1))
    assert (proposal.kind, proposal.due_by, proposal.follows_id) == (Kind.MONITORING, date(2026, 6, 30), on_site.pk)


def test_safeguarding_not_met_but_remediable_brings_a_return_visit(on_site):
    confirm_grades(on_site, safeguarding="not-met", remediable=True)
    assert outcome_of(on_site).category is None
    with transaction.atomic():
        (proposal,) = services.record_follow_up(inspection=on_site, published_on=date(2026, 4, 1))
    assert proposal.kind == Kind.FOCUSED_MONITORING


def test_a_pilot_brings_no_follow_up(make_inspection):
    pilot = make_inspection(State.ON_SITE, kind=Kind.PILOT)
    confirm_grades(pilot, {"achievement": "urgent-improvement"})
    with transaction.atomic():
        assert services.record_follow_up(inspection=pilot, published_on=date(2026, 4, 1)) == []
    assert not InspectionProposal.objects.filter(school=pilot.school).exists()
