"""An upheld complaint's actions carried out by the apps that own them: the report amended as a new version, an
area's grade judged again through the grading rules; each recorded on the complaint, and refused unless upheld."""

import pytest

from fairinspect.complaints import actions, services
from fairinspect.complaints.models import ActionKind, ComplaintAction, Outcome
from fairinspect.core.errors import InvalidRequest, WrongState
from fairinspect.grading.models import AreaGrade
from fairinspect.grading.rules import judgements_for
from fairinspect.grading.selectors import toolkit_of
from fairinspect.grading.services import Judgement
from fairinspect.reports.selectors import published_report
from tests.refusals import refused

pytestmark = pytest.mark.django_db


@pytest.fixture
def upheld(report_at, officer, clock):
    def build(outcome=Outcome.UPHELD):
        inspection, school_user = report_at("published")
        clock.advance(minutes=10)  # the complaint comes after the grades were confirmed, and each action after it
        complaint = services.make_complaint(actor=school_user, inspection=inspection, grounds="The report is wrong.")
        decided = services.decide_complaint(actor=officer, complaint=complaint, outcome=outcome, reason="It is.")
        clock.advance(minutes=10)
        return decided

    return build


def test_an_upheld_complaint_amends_the_report_as_a_new_version(upheld, officer):
    complaint = upheld()
    action = actions.amend_report_after_complaint(
        actor=officer, complaint=complaint, reason="The garden is the school's.", next_steps="Read more widely still."
    )
    version = published_report(complaint.inspection)
    assert (action.kind, action.report_version, version.number) == (ActionKind.REPORT_AMENDED, version, 2)
    assert version.amendment_reason.startswith(f"Complaint {complaint.pk} upheld")
    with refused(WrongState, "already recorded"):
        services.record_report_amended(actor=officer, complaint=complaint, version=version)


def test_no_action_follows_a_complaint_not_upheld(upheld, officer):
    complaint = upheld(Outcome.NOT_UPHELD)
    with refused(WrongState, "upheld in whole or in part"):
        actions.amend_report_after_complaint(actor=officer, complaint=complaint, reason="No.")


def test_an_upheld_complaint_changes_a_grade_through_the_grading_rules(upheld, officer):
    complaint = upheld(Outcome.PARTLY_UPHELD)
    area_grade = AreaGrade.objects.filter(inspection=complaint.inspection).select_related("area").first()
    cites = tuple(area_grade.judgements.first().cites.values_list("pk", flat=True))
    judgements = {code: Judgement(holds, cites) for code, holds in judgements_for(toolkit_of(area_grade.area), "expected-standard").items()}
    with refused(InvalidRequest, "No grade of"):
        services.record_grade_changed(actor=officer, complaint=complaint, area_code=area_grade.area.code, reason="Not done.")
    action = actions.regrade_after_complaint(
        actor=officer, complaint=complaint, area_code=area_grade.area.code, judgements=judgements, reason="Judged again."
    )
    assert (action.kind, action.area_code) == (ActionKind.GRADE_CHANGED, area_grade.area.code)
    assert ComplaintAction.objects.count() == 1
