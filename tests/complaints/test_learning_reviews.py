"""Learning reviews after a serious incident: recorded by authorised staff with little personal data, a reviewer
who had no part in the inspection, findings and actions, and a published summary; seen by few until then."""

from datetime import timedelta

import pytest

from fairinspect.accounts.roles import Role
from fairinspect.audit.selectors import events_for
from fairinspect.complaints import selectors, services
from fairinspect.complaints.models import ComplaintEvent
from fairinspect.core import working_days
from fairinspect.core.errors import InvalidRequest, NotPermitted, WrongState
from fairinspect.core.text import SHORT_NOTE
from fairinspect.inspections import services as inspection_services
from fairinspect.inspections.models import PauseGround, State
from tests import factories
from tests.refusals import refused

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(db):
    return factories.make_user(Role.ADMINISTRATOR)


@pytest.fixture
def incident(make_inspection, officer):
    inspection = make_inspection(State.ON_SITE)
    return services.record_incident(
        actor=officer, inspection=inspection, occurred_on=working_days.today(), description="A leader's death."
    )


def test_recording_an_incident_needs_authority_and_keeps_it_short(make_inspection, officer):
    inspection = make_inspection(State.ON_SITE)
    scheduler = factories.make_user(Role.SCHEDULER)
    with refused(NotPermitted, "can record serious incidents"):
        services.record_incident(actor=scheduler, inspection=inspection, occurred_on=working_days.today(), description="x")
    with refused(InvalidRequest, f"{SHORT_NOTE.limit} characters or fewer"):
        services.record_incident(
            actor=officer, inspection=inspection, occurred_on=working_days.today(), description="x" * (SHORT_NOTE.limit + 1)
        )
    with refused(InvalidRequest, "cannot be in the future"):
        services.record_incident(
            actor=officer, inspection=inspection, occurred_on=working_days.today() + timedelta(days=1), description="x"
        )


def test_the_reviewer_had_no_part_in_the_inspection(incident, officer):
    inspection = incident.inspection
    on_team = factories.make_user(Role.QUALITY_ASSURER, Role.INSPECTOR)
    factories.make_inspector(user=on_team).assignments.create(inspection=inspection)
    with refused(InvalidRequest, "was on the inspection's team"):
        services.commission_review(actor=officer, incident=incident, reviewer=on_team, terms_of_reference="Why.")
    duty = factories.make_user(Role.DUTY_DECISION_MAKER)
    inspection_services.pause_inspection(actor=duty, inspection=inspection, ground=PauseGround.LEADER_WELLBEING)
    with refused(InvalidRequest, "took part in the inspection"):
        services.commission_review(actor=officer, incident=incident, reviewer=duty, terms_of_reference="Why.")
    school_user = factories.make_user(Role.SCHOOL_USER)
    with refused(InvalidRequest, "The reviewer must be"):
        services.commission_review(actor=officer, incident=incident, reviewer=school_user, terms_of_reference="Why.")


def test_a_review_from_terms_to_published_summary(incident, officer, admin):
    reviewer = factories.make_user(Role.QUALITY_ASSURER)
    review = services.commission_review(
        actor=officer, incident=incident, reviewer=reviewer, terms_of_reference="How the inspection was paused."
    )
    assert list(selectors.reviews_visible_to(reviewer)) == [review]
    assert list(selectors.reviews_visible_to(admin)) == [review]
    for viewer in (factories.make_user(Role.QUALITY_ASSURER), factories.make_user(Role.SCHOOL_USER), factories.make_user(Role.INSPECTOR)):
        assert not selectors.reviews_visible_to(viewer).exists()
    assert not selectors.published_reviews().exists()
    with refused(NotPermitted, "Only the reviewer"):
        services.record_findings(actor=officer, review=review, findings="Mine.")
    with refused(WrongState, "not recorded the findings"):
        services.publish_summary(actor=officer, review=review, summary="Early.")
    services.record_findings(actor=reviewer, review=review, findings="The pause came too late.")
    with refused(WrongState, "recorded none"):
        services.publish_summary(actor=officer, review=review, summary="No actions.")
    with refused(InvalidRequest, "cannot be due before today"):
        services.add_review_action(
            actor=reviewer, review=review, description="Train.", owner="Head of training",
            due_on=working_days.today() - timedelta(days=1),
        )  # fmt: skip
    action = services.add_review_action(
        actor=reviewer, review=review, description="Train duty decision-makers in pauses.", owner="Head of training",
        due_on=working_days.today() + timedelta(days=90),
    )  # fmt: skip
    assert action.owner == "Head of training"
    with refused(NotPermitted, "can publish learning reviews"):
        services.publish_summary(actor=reviewer, review=review, summary="Mine.")
    services.publish_summary(actor=officer, review=review, summary="Pauses are now confirmed within the hour.")
    assert list(selectors.published_reviews()) == [review]
    assert events_for(review).last().action == ComplaintEvent.SUMMARY_PUBLISHED
    with refused(WrongState, "can no longer change"):
        services.record_findings(actor=reviewer, review=review, findings="Later.")
    with refused(WrongState, "already been commissioned"):
        services.commission_review(actor=officer, incident=incident, reviewer=admin, terms_of_reference="Again.")
