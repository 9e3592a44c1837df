"""The pages: a school follows a concern and a complaint; a duty senior inspector answers and may pause; complaints
officers work from a queue by deadline; declined recommendations and learning review summaries are public."""

from datetime import timedelta

import pytest
from django.urls import reverse

from fairinspect.accounts.roles import Role
from fairinspect.complaints import services
from fairinspect.complaints.models import Complaint, Concern, Outcome, Response
from fairinspect.core import working_days
from fairinspect.inspections.models import State
from tests import factories
from tests.complaints.conftest import moved_on, school_user_of

pytestmark = pytest.mark.django_db


def test_a_school_raises_a_concern_and_reads_the_answer(client, make_inspection, duty):
    inspection = make_inspection(State.ON_SITE)
    head = school_user_of(inspection, is_headteacher=True)
    client.force_login(head)
    page = client.get("/complaints/")
    assert f"/complaints/inspections/{inspection.pk}/concern/" in page.text
    response = client.post(f"/complaints/inspections/{inspection.pk}/concern/", {"details": "We were not heard."})
    assert response.status_code == 302
    concern = Concern.objects.get()
    client.force_login(duty)
    page = client.get(f"/complaints/concerns/{concern.pk}/")
    assert "We were not heard." in page.text and "Pause the inspection" in page.text
    assert client.get("/complaints/concerns/").status_code == 200
    assert client.post(f"/complaints/concerns/{concern.pk}/answer/", {"response": "I spoke to the lead."}).status_code == 302
    client.force_login(head)
    assert "I spoke to the lead." in client.get(f"/complaints/concerns/{concern.pk}/").text


def test_a_refused_concern_says_why_on_the_form(client, make_inspection):
    inspection = make_inspection(State.ON_SITE)
    client.force_login(school_user_of(inspection))
    response = client.post(f"/complaints/inspections/{inspection.pk}/concern/", {"details": "Help."})
    assert response.status_code == 409
    assert "No senior inspector on duty is free" in response.text


def test_a_complaint_from_the_school_through_the_officers_queue_to_adjudication(client, make_inspection, officer, clock):
    inspection = moved_on(make_inspection(State.ON_SITE), State.FEEDBACK_GIVEN)
    user = school_user_of(inspection)
    client.force_login(user)
    assert client.post(f"/complaints/inspections/{inspection.pk}/complaint/", {"grounds": "Unfair grades."}).status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.holds_publication
    # The officer's queue: soonest deadline first, the overdue marked.
    older = services.make_complaint(actor=user, inspection=inspection, grounds="Another.")
    Complaint.objects.filter(pk=older.pk).update(respond_by=working_days.today() - timedelta(days=1))
    client.force_login(officer)
    queue = client.get("/complaints/queue/").text
    assert queue.index(f"/complaints/{older.pk}/") < queue.index(f"/complaints/{complaint.pk}/")
    assert "Overdue" in queue and "Holds publication" in queue
    assert client.post(f"/complaints/{complaint.pk}/take/").status_code == 302
    assert client.post(
        f"/complaints/{complaint.pk}/decide/", {"outcome": Outcome.NOT_UPHELD, "reason": "The evidence holds."}
    ).status_code == 302
    client.force_login(user)
    page = client.get(f"/complaints/{complaint.pk}/").text
    assert "The evidence holds." in page and "Ask for independent adjudication" in page
    assert client.post(f"/complaints/{complaint.pk}/escalate/", {"grounds": "You ignored us."}).status_code == 302
    client.force_login(officer)
    assert client.post(
        f"/complaints/{complaint.pk}/refer/", {"adjudicator": "ICASE", "sent": "The file and our letter."}
    ).status_code == 302
    assert client.post(f"/complaints/{complaint.pk}/recommendations/", {"text": "Withdraw the report."}).status_code == 302
    recommendation = complaint.recommendations.get()
    answer = f"/complaints/{complaint.pk}/recommendations/{recommendation.pk}/answer/"
    assert client.post(answer, {"response": Response.DECLINED, "reason": ""}).status_code == 422
    assert client.post(answer, {"response": Response.DECLINED, "reason": "The judgement stands."}).status_code == 302
    client.logout()
    public = client.get("/complaints/declined-recommendations/").text
    assert "Withdraw the report." in public and "The judgement stands." in public
    assert inspection.school.name not in public


def test_a_learning_review_summary_is_public_once_published_only(client, make_inspection, officer):
    inspection = make_inspection(State.ON_SITE)
    incident = services.record_incident(actor=officer, inspection=inspection, occurred_on=working_days.today(), description="Harm.")
    reviewer = factories.make_user(Role.QUALITY_ASSURER)
    review = services.commission_review(actor=officer, incident=incident, reviewer=reviewer, terms_of_reference="Why.")
    assert client.get(f"/complaints/learning-reviews/published/{review.pk}/").status_code == 404
    client.force_login(reviewer)
    assert client.post(f"/complaints/learning-reviews/{review.pk}/findings/", {"findings": "Too slow."}).status_code == 302
    form = {"description": "Train.", "owner": "Head of training"}
    due = working_days.today() + timedelta(days=30)
    form |= {"due_on_day": due.day, "due_on_month": due.month, "due_on_year": due.year}
    assert client.post(f"/complaints/learning-reviews/{review.pk}/actions/", form).status_code == 302
    client.force_login(officer)
    assert client.post(f"/complaints/learning-reviews/{review.pk}/publish/", {"summary": "We act faster now."}).status_code == 302
    client.logout()
    assert "We act faster now." in client.get(f"/complaints/learning-reviews/published/{review.pk}/").text


def test_an_upheld_complaint_changes_a_grade_on_its_page_recorded_as_its_action(client, report_at, officer, clock):
    from fairinspect.complaints.models import ActionKind
    from fairinspect.grading.models import AreaGrade

    inspection, school_user = report_at("published")
    clock.advance(minutes=10)  # the complaint comes after the grades were confirmed, and the change after it
    complaint = services.make_complaint(actor=school_user, inspection=inspection, grounds="The report is wrong.")
    services.decide_complaint(actor=officer, complaint=complaint, outcome=Outcome.UPHELD, reason="It is.")
    clock.advance(minutes=10)
    client.force_login(officer)
    change = reverse("complaints:regrade", args=[complaint.pk, "inclusion"])
    assert change in client.get(reverse("complaints:complaint", args=[complaint.pk])).content.decode()
    assert client.post(change, {"reason": "Judged again."}).status_code == 302
    assert complaint.actions.get().kind == ActionKind.GRADE_CHANGED
    assert AreaGrade.objects.get(inspection=inspection, area__code="inclusion").confirmed_at > complaint.made_at
