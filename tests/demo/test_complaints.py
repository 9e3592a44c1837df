"""The demo's concerns, complaints and learning review: every stage the complaints officer's and the school's
walk-throughs in the README visit."""

import pytest

from fairinspect.complaints import selectors
from fairinspect.complaints.models import ActionKind, Complaint, Concern, Outcome
from fairinspect.demo.loading import loaded_for
from fairinspect.demo import people
from fairinspect.inspections.models import Inspection, State
from fairinspect.reports.conditions import no_publication_hold

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_concern_waiting_and_one_answered(demo):
    waiting = Concern.objects.get(responded_at__isnull=True)
    assert waiting.handler.username == people.DUTY_DECISION_MAKER.username
    assert waiting.inspection.school.memberships.filter(user__username=people.HEAD_ON_SITE.username).exists()
    answered = Concern.objects.get(responded_at__isnull=False)
    assert answered.inspection.state == State.PAUSED


def test_the_demo_has_complaints_at_every_stage(demo):
    holding = Complaint.objects.get(holds_publication=True)
    assert holding.inspection.state == State.QUALITY_ASSURANCE
    assert no_publication_hold(holding.inspection).startswith("Publication is on hold")
    queue = list(selectors.complaint_queue())
    assert any(selectors.is_complaint_overdue(item, loaded_for()) for item in queue)
    mine = Complaint.objects.get(inspection__school__memberships__user__username=people.HEAD_COMPLAINING.username)
    assert mine.outcome == Outcome.NOT_UPHELD and selectors.escalation_refusal(mine, loaded_for()) is None
    upheld = Complaint.objects.get(outcome=Outcome.PARTLY_UPHELD)
    assert {action.kind for action in upheld.actions.all()} == {ActionKind.REPORT_AMENDED, ActionKind.REINSPECTION_PROPOSED}
    (declined,) = selectors.declined_recommendations()
    assert "cannot change a judgement" in declined.reason


def test_the_demo_has_a_published_learning_review(demo):
    (review,) = selectors.published_reviews()
    assert review.actions.exists() and review.findings


def test_the_complaints_walk_leaves_no_inspection_planned_in_the_past(demo):
    assert not Inspection.objects.filter(state=State.PLANNED, starts_on__lt=loaded_for()).exists()
