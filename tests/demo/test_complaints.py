"""The demo's concerns, complaints and learning review: every stage the complaints walk-through in the README
visits, then that walk-through followed through the pages with the sign-ins the demo prints (issue 12's "Done
means" for complaints): a school raises a concern on site and the senior inspector on duty answers it; a school
follows its complaint to its outcome and asks for independent adjudication; the complaints officer works the queue
by deadline, decides a complaint with its actions, refers the escalated one and answers the adjudicator, whose
declined recommendation the public reads."""

import io
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from fairinspect.complaints import selectors
from fairinspect.complaints.models import ActionKind, Complaint, Concern, Outcome, Recommendation, Response
from fairinspect.demo import people
from fairinspect.demo.loading import loaded_for
from fairinspect.inspections.models import Inspection, State
from fairinspect.reports import services as reports
from fairinspect.reports.conditions import no_publication_hold
from tests.demo.test_walk_through import sign_in, words
from tests.html import table_rows

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


def _followed(client, response) -> str:
    """The words of the page a successful form sends the person back to (its banner says what was done)."""
    assert response.status_code == 302, words(response)
    return words(client.get(response["Location"]))


def test_a_school_raises_a_concern_on_site_and_the_senior_inspector_on_duty_answers_it(client, clock, demo):
    printed = {row.username: row for row in people.sign_ins()}
    headteacher, duty = printed[people.HEAD_ON_SITE.username], printed[people.DUTY_DECISION_MAKER.username]
    on_site = Inspection.objects.get(state=State.ON_SITE, school__memberships__user__username=headteacher.username)
    school = on_site.school.name
    raise_concern = reverse("complaints:raise-concern", args=[on_site.pk])

    sign_in(client, headteacher)
    assert "Your school's concerns and complaints" in words(client.get(reverse("accounts:home")))
    mine = client.get(reverse("complaints:mine"))
    assert mine.status_code == 200 and raise_concern in mine.content.decode()
    form = words(client.get(raise_concern))
    assert "Raise a concern about the inspection" in form and "Send your concern" in form
    before = Concern.objects.count()
    refused = client.post(raise_concern, {"details": ""})
    assert refused.status_code == 422 and "Enter your concern" in words(refused)
    assert Concern.objects.count() == before
    details = "The team has asked to see every governor this afternoon, with no notice to them."
    done = _followed(client, client.post(raise_concern, {"details": details}))
    assert "Your concern has been sent to a senior inspector on duty." in done
    concern = Concern.objects.get(details=details)
    assert concern.handler.username == duty.username and concern.responded_at is None

    sign_in(client, duty)
    assert "Concerns to answer" in words(client.get(reverse("accounts:home")))
    listed = client.get(reverse("complaints:concerns"))
    assert "Concerns raised during inspections" in words(listed)
    waiting = [row for row in table_rows(listed, "Concerns") if school in row]
    assert len(waiting) == 2 and all("To answer" in row for row in waiting), waiting  # the demo's, and the new one
    shown = client.get(reverse("complaints:concern", args=[concern.pk]))
    assert details in words(shown) and "Not answered yet" in words(shown)
    assert "Answer the concern" in words(shown) and "Pause the inspection" in words(shown)
    answer = "I have asked the lead inspector to meet the chair of governors only, at a time the school chooses."
    done = _followed(client, client.post(reverse("complaints:answer-concern", args=[concern.pk]), {"response": answer}))
    assert "Your answer has been sent to the school." in done and answer in done
    assert "Answer the concern" not in done
    assert any("Answered" in row for row in table_rows(client.get(reverse("complaints:concerns")), "Concerns"))

    sign_in(client, headteacher)
    rows = table_rows(client.get(reverse("complaints:mine")), "Your concerns")
    assert sum("Answered" in row for row in rows) == 1 and sum("To be answered by the end of" in row for row in rows) == 1
    assert answer in words(client.get(reverse("complaints:concern", args=[concern.pk])))
    # The school may still ask for its own pause: raising the concern took nothing from its row of the sign-ins.
    assert Inspection.objects.get(pk=on_site.pk).state == State.ON_SITE
    assert_audit_intact()


def test_a_school_follows_its_complaint_and_the_complaints_officer_works_the_queue(client, clock, demo):
    printed = {row.username: row for row in people.sign_ins()}
    headteacher, officer = printed[people.HEAD_COMPLAINING.username], printed[people.COMPLAINTS_OFFICER.username]
    assert "Complaints by deadline" in officer.try_first and "independent adjudication" in headteacher.try_first
    today = loaded_for()

    # The school follows its complaint, decided and not upheld, and asks for independent adjudication.
    sign_in(client, headteacher)
    assert "Your school's concerns and complaints" in words(client.get(reverse("accounts:home")))
    (followed,) = Complaint.objects.filter(inspection__school__memberships__user__username=headteacher.username)
    (row,) = table_rows(client.get(reverse("complaints:mine")), "Your complaints")
    assert "Not upheld" in row
    detail = reverse("complaints:complaint", args=[followed.pk])
    shown = words(client.get(detail))
    assert "Not upheld" in shown and followed.outcome_reason in shown and "Ask for independent adjudication" in shown
    escalate = reverse("complaints:escalate", args=[followed.pk])
    refused = client.post(escalate, {"grounds": ""})
    assert refused.status_code == 422 and Complaint.objects.get(pk=followed.pk).escalated_at is None
    done = _followed(client, client.post(escalate, {"grounds": "The inspector's tone was not looked into."}))
    assert "You have asked for independent adjudication." in done and "Not sent yet" in done
    assert "Ask for independent adjudication" not in done

    # The complaints officer's queue: soonest deadline first, what is overdue marked, the held report tagged.
    sign_in(client, officer)
    assert "Complaints by deadline" in words(client.get(reverse("accounts:home")))
    queue = client.get(reverse("complaints:queue"))
    assert queue.status_code == 200
    waiting = list(Complaint.objects.filter(decided_at__isnull=True))
    rows = table_rows(queue, "Complaints to decide")
    assert len(rows) == len(waiting) >= 2
    by_deadline = sorted(waiting, key=lambda item: (item.respond_by, item.made_at))
    assert [item.inspection.school.name in row for item, row in zip(by_deadline, rows, strict=True)] == [True] * len(rows)
    overdue = by_deadline[0]
    assert overdue.respond_by < today and "Overdue" in rows[0]
    held = Complaint.objects.get(holds_publication=True, decided_at__isnull=True)
    assert any(held.inspection.school.name in row and "Holds publication" in row for row in rows)
    (adjudication,) = [row for row in table_rows(queue, "Adjudication under way") if "To send to the adjudicator" in row]
    assert followed.inspection.school.name in adjudication

    held_page = words(client.get(reverse("complaints:complaint", args=[held.pk])))
    assert "This complaint holds the report's publication until it is decided." in held_page
    assert "Release the hold on publication" in held_page

    # Take the overdue complaint, decide it partly upheld, and propose a re-inspection as its action.
    detail = reverse("complaints:complaint", args=[overdue.pk])
    shown = words(client.get(detail))
    assert "(overdue)" in shown and "Handle this complaint" in shown and "Decide the complaint" in shown
    assert "You are handling this complaint." in _followed(client, client.post(reverse("complaints:take", args=[overdue.pk])))
    decide = reverse("complaints:decide", args=[overdue.pk])
    assert "Send the decision" in words(client.get(decide))
    refused = client.post(decide, {"reason": "No outcome chosen."})
    assert refused.status_code == 422 and "Choose the outcome" in words(refused)
    reasons = "The report should have said how pupils with special educational needs are supported."
    done = _followed(client, client.post(decide, {"outcome": Outcome.PARTLY_UPHELD, "reason": reasons}))
    assert "The decision has been sent to the school." in done and "Partly upheld" in done and reasons in done
    assert "What we have done" in done and "Nothing yet." in done
    assert "Propose a re-inspection" in done and "Amend the published report" in done and "Change the grade for" in done
    due = today + timedelta(weeks=12)
    proposal = {"due_by_day": due.day, "due_by_month": due.month, "due_by_year": due.year, "reason": "To see SEND support now."}
    done = _followed(client, client.post(reverse("complaints:reinspection", args=[overdue.pk]), proposal))
    assert "The re-inspection is proposed to the scheduling team." in done and "To see SEND support now." in done
    assert [action.kind for action in Complaint.objects.get(pk=overdue.pk).actions.all()] == [ActionKind.REINSPECTION_PROPOSED]
    later = table_rows(client.get(reverse("complaints:queue")), "Complaints to decide")
    assert len(later) == len(rows) - 1 and not any(overdue.inspection.school.name in row for row in later)

    # Refer the escalated complaint to the adjudicator, record its recommendation and decline it.
    detail = reverse("complaints:complaint", args=[followed.pk])
    assert "Record the referral" in words(client.get(detail))
    sent = {"adjudicator": "Independent Complaints Adjudication Service", "sent": "The complaint, our decision letter."}
    done = _followed(client, client.post(reverse("complaints:refer", args=[followed.pk]), sent))
    assert "The referral is recorded." in done and "Independent Complaints Adjudication Service" in done
    assert "Record a recommendation" in done
    recommendation_text = "Ask the inspector to apologise to the teaching assistant."
    done = _followed(client, client.post(reverse("complaints:recommendation", args=[followed.pk]), {"text": recommendation_text}))
    assert "The recommendation is recorded: answer it." in done and "Not answered yet" in done
    recommendation = Recommendation.objects.get(complaint=followed, text=recommendation_text)
    answer = reverse("complaints:answer-recommendation", args=[followed.pk, recommendation.pk])
    declined_because = "The decision found the inspector was not rude; there is nothing to apologise for."
    done = _followed(client, client.post(answer, {"response": Response.DECLINED, "reason": declined_because}))
    assert "The answer is recorded." in done and declined_because in done

    # Learning reviews: the demo's, its summary published.
    reviews = words(client.get(reverse("complaints:reviews")))
    assert "Learning reviews" in reviews and "Record a serious incident" in reviews and "Published" in reviews

    # Anyone, signed in or not, reads the declined recommendations (no school named) and the published summaries.
    client.post(reverse("accounts:sign-out"))
    footer = client.get(reverse("schools:start")).content.decode()
    assert reverse("complaints:declined-recommendations") in footer and reverse("complaints:summaries") in footer
    declined = client.get(reverse("complaints:declined-recommendations"))
    assert declined.status_code == 200
    public = words(declined)
    assert "Adjudicators' recommendations we declined" in public
    assert recommendation_text in public and declined_because in public
    assert "Remove the leadership grade from the published report." in public  # the demo's
    assert followed.inspection.school.name not in public
    summaries = client.get(reverse("complaints:summaries"))
    assert summaries.status_code == 200 and "Review published" in words(summaries)
    assert_audit_intact()


def assert_audit_intact() -> None:
    out = io.StringIO()
    call_command("verify_audit", stdout=out)
    assert "audit chain intact" in out.getvalue()


def test_a_school_complains_after_its_report_is_published_and_reads_the_outcome(client, clock, demo):
    """The README's report-card walk-through goes on: once quality assurance publishes the report `fola.head`'s
    school checked for factual accuracy, the school complains through its pages and reads the decision."""
    printed = {row.username: row for row in people.sign_ins()}
    headteacher, officer = printed[people.HEAD_FACTUAL_ACCURACY.username], printed[people.COMPLAINTS_OFFICER.username]
    inspection = Inspection.objects.get(school__memberships__user__username=headteacher.username)
    school_user, lead = inspection.school.memberships.get().user, inspection.team.get(is_lead=True).inspector.user
    for comment in inspection.report.comments.all():
        reports.answer_comment(actor=lead, inspection=inspection, comment_id=comment.pk, accepted=True, reason="Changed.")
    reports.finish_commenting(actor=school_user, inspection=inspection)
    reports.send_to_quality_assurance(actor=lead, inspection=inspection)
    reports.publish_report(actor=get_user_model().objects.get(username=people.QUALITY_ASSURER.username), inspection=inspection)

    sign_in(client, headteacher)
    make = reverse("complaints:make-complaint", args=[inspection.pk])
    assert make in client.get(reverse("complaints:mine")).content.decode()
    grounds = "The report says our library is closed at lunchtime; it has been open every day since September."
    done = _followed(client, client.post(make, {"grounds": grounds}))
    assert "Your complaint has been sent. We will tell you the outcome." in done
    complaint = Complaint.objects.get(inspection=inspection)
    assert not complaint.holds_publication

    sign_in(client, officer)
    assert inspection.school.name in words(client.get(reverse("complaints:queue")))
    _followed(client, client.post(reverse("complaints:take", args=[complaint.pk])))
    reasons = "The library's opening hours were misreported; the report will be amended."
    done = _followed(client, client.post(reverse("complaints:decide", args=[complaint.pk]), {"outcome": Outcome.UPHELD, "reason": reasons}))
    assert "Upheld" in done

    sign_in(client, headteacher)
    (row,) = table_rows(client.get(reverse("complaints:mine")), "Your complaints")
    assert "Upheld" in row
    shown = words(client.get(reverse("complaints:complaint", args=[complaint.pk])))
    assert grounds in shown and reasons in shown
    assert_audit_intact()
