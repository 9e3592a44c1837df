from fairinspect.grading.selectors import outcome_of
from fairinspect.inspections.models import State
from tests.grading.factories import confirm_grades, give_feedback


def test_an_inspection_reaches_feedback_with_expected_grades(make_inspection, mailoutbox):
    inspection = make_inspection(State.ON_SITE)
    confirm_grades(inspection)
    inspection = give_feedback(inspection)
    assert inspection.state == State.FEEDBACK_GIVEN
    outcome = outcome_of(inspection)
    assert {area.grade.code for area in outcome.areas} == {"expected-standard"}
    assert outcome.category is None and outcome.follow_ups == ()
