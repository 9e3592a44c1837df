"""The inspection pages, driven with Django's test client as people use them."""

import html
import re
from datetime import date

import pytest
from django.urls import reverse

from fairinspect.accounts.roles import Role
from fairinspect.audit.models import AuditEvent
from fairinspect.audit.selectors import events_for
from fairinspect.core.errors import InvalidRequest
from fairinspect.inspections.models import Decision, DeferralGround, Inspection, State, TeamMember
from fairinspect.inspections import services
from fairinspect.inspections.selectors import active_halt, pauses_needing_decision
from fairinspect.workforce.models import InspectorKind
from tests import factories
from tests.html import attribute, find, find_all, page
from tests.html import text as text_of

pytestmark = pytest.mark.django_db


def sign_in(client, user):
    client.post(reverse("accounts:sign-out"))
    response = client.post(reverse("accounts:sign-in"), {"username": user.username, "password": factories.PASSWORD})
    assert response.status_code == 302, "sign-in failed"


def text(response) -> str:
    """The page's words, without markup or runs of white space."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def test_a_newcomer_notifies_a_school_which_asks_to_defer_and_the_deferral_is_granted(client, clock, frameworks):
    scheduler = factories.make_user(Role.SCHEDULER, username="sam.scheduler")
    school = factories.make_school(name="Brook Lane Primary School")
    head = factories.make_user(Role.SCHOOL_USER, school=school, is_headteacher=True, username="head.brooklane")
    lead = factories.make_inspector()

    sign_in(client, scheduler)
    home = client.get(reverse("accounts:home"))
    assert reverse("inspections:plan") in home.content.decode()
    response = client.post(
        reverse("inspections:plan"),
        {"school": school.urn, "kind": "full", "framework": frameworks["report-card-2025"].pk,
         "starts_on_day": "3", "starts_on_month": "3", "starts_on_year": "2026"},
    )
    inspection = Inspection.objects.get(school=school)
    assert response.status_code == 302 and response["Location"] == reverse("inspections:assign", args=[inspection.pk])
    response = client.post(reverse("inspections:assign", args=[inspection.pk]), {"inspector": lead.pk, "as_lead": "true"})
    assert response.status_code == 302
    response = client.post(reverse("inspections:notify", args=[inspection.pk]))
    assert response.status_code == 302
    assert "The school and the team have been notified" in text(client.get(response["Location"]))

    sign_in(client, head)
    assert reverse("inspections:detail", args=[inspection.pk]) in client.get(reverse("inspections:mine")).content.decode()
    school_page = text(client.get(reverse("inspections:detail", args=[inspection.pk])))
    assert "Your school will have a full inspection from 3 to 4 March 2026" in school_page
    assert "08000 562 561" in school_page and "Ask to defer the inspection" in school_page
    response = client.post(
        reverse("inspections:request-deferral", args=[inspection.pk]),
        {"ground": DeferralGround.HEADTEACHER_ABSENT, "details": "I am in hospital this week."},
    )
    assert response.status_code == 302
    assert "We will tell you our decision before on-site work would start on 3 March 2026" in text(
        client.get(response["Location"])
    )

    sign_in(client, scheduler)
    queue = client.get(reverse("inspections:deferral-queue"))
    request = inspection.deferral_requests.get()
    assert "Brook Lane Primary School" in text(queue)
    decide_url = reverse("inspections:decide-deferral", args=[request.pk])
    assert decide_url in queue.content.decode()
    response = client.post(decide_url, {"decision": "grant", "reason": "The headteacher is in hospital."})
    assert response.status_code == 302

    detail = client.get(reverse("inspections:detail", args=[inspection.pk]))
    history = text(detail)
    for step in ("Planned", "Inspector assigned", "School notified", "Deferral requested", "Deferral granted"):
        assert step in history
    assert "School notified → Deferred" in history and "head.brooklane" in history and "sam.scheduler" in history
    # What each step decided, in words under the step's name: who was assigned, on what ground, by when a
    # decision was due.
    details = [text_of(span) for span in find_all(page(detail), "span", cls="govuk-body-s")]
    assert f"{lead.name} ({lead.reference}), lead inspector" in details
    assert "Ground: The headteacher is absent" in history and "Decision due by 2 March 2026" in history
    assert "On site 3 to 4 March 2026" in history
    assert [event.action for event in events_for(inspection)] == [
        "inspection.planned", "inspection.inspector_assigned", "inspection.notified",
        "inspection.deferral_requested", "inspection.deferral_granted",
    ]


def test_the_school_sees_its_inspection_only_once_notified_and_never_new_dates_before_the_call(client, clock, make_inspection):
    inspection = make_inspection(State.PLANNED)
    head = factories.make_user(Role.SCHOOL_USER, school=inspection.school, is_headteacher=True)
    client.force_login(head)
    detail, api = reverse("inspections:detail", args=[inspection.pk]), reverse("api:inspection", args=[inspection.pk])
    assert client.get(detail).status_code == 404 and client.get(api).status_code == 404
    deferred = make_inspection(State.DEFERRED, school=inspection.school)
    assert client.get(reverse("inspections:detail", args=[deferred.pk])).status_code == 200
    services.replan_inspection(actor=factories.make_user(Role.SCHEDULER), inspection=deferred, starts_on=deferred.starts_on.replace(day=17))
    assert client.get(reverse("api:inspection", args=[deferred.pk])).status_code == 404


def test_a_missing_reason_is_a_form_error_and_changes_nothing(client, make_inspection):
    inspection = make_inspection(State.PLANNED)
    client.force_login(factories.make_user(Role.SCHEDULER))
    events = AuditEvent.objects.count()
    response = client.post(reverse("inspections:cancel", args=[inspection.pk]), {"reason": ""})
    assert response.status_code == 422
    assert "There is a problem" in text(response) and "Enter the reason" in text(response)
    assert Inspection.objects.get(pk=inspection.pk).state == State.PLANNED
    assert AuditEvent.objects.count() == events


def test_past_dates_and_weekends_are_form_errors_on_the_date(client, make_inspection, frameworks):
    client.force_login(factories.make_user(Role.SCHEDULER))
    school = factories.make_school()
    data = {"school": school.urn, "kind": "full", "framework": frameworks["report-card-2025"].pk}
    past = client.post(reverse("inspections:plan"), {**data, "starts_on_day": "2", "starts_on_month": "2", "starts_on_year": "2026"})
    assert past.status_code == 422 and "The first day on site must be in the future" in text(past)
    assert 'href="#id_starts_on"' in past.content.decode()
    weekend = client.post(reverse("inspections:plan"), {**data, "starts_on_day": "7", "starts_on_month": "3", "starts_on_year": "2026"})
    assert weekend.status_code == 422 and "7 March 2026 is not, as it is a weekend" in text(weekend)
    assert not Inspection.objects.exists()


def test_the_wrong_state_is_a_409_with_the_reason(client, make_inspection):
    inspection = make_inspection(State.ON_SITE)
    client.force_login(factories.make_user(Role.SCHEDULER))
    response = client.post(reverse("inspections:cancel", args=[inspection.pk]), {"reason": "Changed our minds."})
    assert response.status_code == 409
    assert "it is on site, and this can only be done when it is" in text(response)
    assert Inspection.objects.get(pk=inspection.pk).state == State.ON_SITE


def test_an_ineligible_inspector_is_refused_with_every_reason_in_the_error_summary(client, make_inspection):
    inspection = make_inspection(State.PLANNED)
    client.force_login(factories.make_user(Role.SCHEDULER))
    inspector = factories.make_inspector(own_school=inspection.school, trained=False)
    response = client.post(reverse("inspections:assign", args=[inspection.pk]), {"inspector": inspector.pk})
    assert response.status_code == 422
    page = text(response)
    assert f"{inspector.name} cannot join this team: it is their own school" in page
    assert f"{inspector.name} cannot join this team: they have not completed the required course “Mental health awareness”" in page
    assert not inspection.team.filter(inspector=inspector).exists()


def test_the_team_page_checks_every_candidate_once_in_a_fixed_number_of_queries(
    client, make_inspection, django_assert_max_num_queries
):
    inspection = make_inspection(State.PLANNED)
    candidates = [factories.make_inspector() for _ in range(10)]
    contracted = factories.make_inspector(kind=InspectorKind.OFSTED_INSPECTOR)
    client.force_login(factories.make_user(Role.SCHEDULER))
    with django_assert_max_num_queries(16):
        page = text(client.get(reverse("inspections:assign", args=[inspection.pk])))

    def listed(after: str) -> set[str]:
        return set(page.split(after)[1].split(".")[0].split(", "))

    assert listed("Can lead: ") == {candidate.name for candidate in candidates}
    assert listed("Can join the team: ") == {candidate.name for candidate in candidates} | {contracted.name}


def test_only_the_lead_of_this_inspection_sees_its_start_page(client, make_inspection):
    inspection = make_inspection(State.NOTIFIED)
    team_member = factories.make_inspector()
    inspection.team.create(inspector=team_member)
    client.force_login(team_member.user)
    assert client.get(reverse("inspections:detail", args=[inspection.pk])).status_code == 200
    assert client.get(reverse("inspections:start", args=[inspection.pk])).status_code == 403
    client.force_login(inspection.team.get(is_lead=True).inspector.user)
    assert client.get(reverse("inspections:start", args=[inspection.pk])).status_code == 200


def test_a_halt_shows_a_banner_to_staff_and_schools_and_lifting_it_is_audited(client, make_inspection):
    inspection = make_inspection(State.NOTIFIED)
    admin = factories.make_user(Role.ADMINISTRATOR)
    client.force_login(admin)
    response = client.post(reverse("inspections:halt"), {"reason": "A national emergency."})
    assert response.status_code == 302
    for user in (factories.make_user(Role.SCHOOL_USER, school=inspection.school), factories.make_user(Role.INSPECTOR)):
        client.force_login(user)
        page = text(client.get(reverse("accounts:home")))
        assert "Inspections are halted nationally" in page and "A national emergency." in page
    client.logout()
    assert "halted nationally" not in text(client.get(reverse("schools:start")))
    client.force_login(admin)
    client.post(reverse("inspections:lift-halt"), {"reason": "It is over."})
    assert AuditEvent.objects.filter(action="national_halt.lifted").count() == 1
    assert "halted nationally" not in text(client.get(reverse("accounts:home")))


def _reason_box(response) -> str:
    """What the page's reason box holds."""
    return html.unescape(re.search(r"<textarea[^>]*>(.*?)</textarea>", response.content.decode(), re.S).group(1)).strip()


def test_a_second_click_on_halt_is_refused_and_never_lifts_the_halt_nor_a_second_on_lift_halts_again(client, clock):
    client.force_login(factories.make_user(Role.ADMINISTRATOR))
    halt, lift = reverse("inspections:halt"), reverse("inspections:lift-halt")
    assert client.post(halt, {"reason": "A national emergency."}).status_code == 302
    again = client.post(halt, {"reason": "A national emergency."})
    assert again.status_code == 409
    assert "There is a problem Inspections are already halted (since 2 March 2026)" in text(again)
    # The page shows the halt in force, with an empty lift form: the halt's reason is not offered as the lift's.
    assert active_halt() is not None and "Lift the halt" in text(again) and _reason_box(again) == ""
    assert not AuditEvent.objects.filter(action="national_halt.lifted").exists()

    missing = client.post(lift, {"reason": " "})
    assert missing.status_code == 422 and "There is a problem Enter the reason" in text(missing)
    assert active_halt() is not None
    assert client.post(lift, {"reason": "It is over."}).status_code == 302
    lifted_again = client.post(lift, {"reason": "It is over."})
    assert lifted_again.status_code == 409 and "There is a problem Inspections are not halted" in text(lifted_again)
    assert active_halt() is None and "Halt all inspections" in text(lifted_again) and _reason_box(lifted_again) == ""
    assert AuditEvent.objects.filter(action="national_halt.started").count() == 1


def test_the_board_shows_inspections_by_week_and_state_in_a_fixed_number_of_queries(
    client, make_inspection, django_assert_max_num_queries
):
    for state in (State.PLANNED, State.NOTIFIED, State.PLANNED, State.NOTIFIED):
        make_inspection(state)
    client.force_login(factories.make_user(Role.SCHEDULER))
    with django_assert_max_num_queries(12):
        response = client.get(reverse("inspections:board"), {"week": "2026-03-02"})
    page = text(response)
    assert "Week beginning 2 March 2026" in page
    assert "Planned (2)" in page and "School notified (2)" in page


def test_the_board_puts_what_is_due_today_first_and_shows_one_week_at_a_time(client, clock, frameworks, make_inspection):
    scheduler = factories.make_user(Role.SCHEDULER)
    # Due to be called today (Monday 2 March), for Tuesday; and one for Wednesday, to be called tomorrow.
    to_call = services.plan_inspection(
        actor=scheduler, school=factories.make_school(name="Call Today Primary School"),
        framework=frameworks["report-card-2025"], kind="full", starts_on=date(2026, 3, 3),
    )
    services.assign_inspector(actor=scheduler, inspection=to_call, inspector=factories.make_inspector(), as_lead=True)
    services.plan_inspection(
        actor=scheduler, school=factories.make_school(name="Call Tomorrow Primary School"),
        framework=frameworks["report-card-2025"], kind="full", starts_on=date(2026, 3, 4),
    )
    asked = make_inspection(State.NOTIFIED, school=factories.make_school(name="Asked Academy"))
    services.request_deferral(
        actor=factories.make_user(Role.SCHOOL_USER, school=asked.school), inspection=asked,
        ground=DeferralGround.BUILDING_WORK, details="The hall roof is off.",
    )
    services.plan_inspection(
        actor=scheduler, school=factories.make_school(name="Next Week Primary School"),
        framework=frameworks["report-card-2025"], kind="full", starts_on=date(2026, 3, 10),
    )
    client.force_login(scheduler)
    board = page(client.get(reverse("inspections:board")))
    calls = text_of(find_all(board, "table")[0])
    assert "Schools to call (1)" in calls and "Call Today Primary School" in calls and "Call today" in calls
    assert "Call Tomorrow" not in calls
    decisions = text_of(find_all(board, "table")[1])
    assert "Requests to defer to decide (1)" in decisions and "Asked Academy" in decisions and "Due today" in decisions
    words = text_of(board)
    assert "Week beginning 2 March 2026" in words and "Next Week Primary School" not in words
    next_week = text(client.get(reverse("inspections:board"), {"week": "2026-03-09"}))
    assert "Week beginning 9 March 2026" in next_week and "Next Week Primary School" in next_week
    assert "Week beginning 2 March 2026" in next_week  # the previous week's link

    clock.advance(days=1)  # Tuesday: yesterday's call was never made, and today's school has no lead yet
    calls = text_of(find_all(page(client.get(reverse("inspections:board"))), "table")[0])
    assert "Call Tomorrow Primary School 4 to 5 March 2026 No lead yet Needs a lead first" in calls
    assert "Call Today Primary School 3 to 4 March 2026" in calls and "Day passed: needs new dates" in calls


def test_an_inspectors_list_puts_today_and_the_days_ahead_first(client, clock, make_inspection):
    lead = factories.make_inspector()
    make_inspection(State.CANCELLED, lead=lead, school=factories.make_school(name="Cancelled School"))
    ahead = make_inspection(State.PLANNED, lead=lead, school=factories.make_school(name="Ahead School"))
    services.replan_inspection(actor=factories.make_user(Role.SCHEDULER), inspection=ahead, starts_on=date(2026, 3, 10))
    make_inspection(State.ON_SITE, lead=lead, school=factories.make_school(name="Today School"))
    client.force_login(lead.user)
    rows = [text_of(row) for row in find_all(page(client.get(reverse("inspections:mine"))), "tr")[1:]]
    assert [row.split(" ")[0] for row in rows] == ["Today", "Ahead", "Cancelled"], rows


def test_the_deferral_queue_marks_overdue_requests(client, clock, make_inspection):
    inspection = make_inspection(State.NOTIFIED)
    services.request_deferral(
        actor=factories.make_user(Role.SCHOOL_USER, school=inspection.school), inspection=inspection,
        ground=DeferralGround.BUILDING_WORK, details="The hall roof is off.",
    )
    client.force_login(factories.make_user(Role.SCHEDULER))
    queue = text(client.get(reverse("inspections:deferral-queue")))
    assert "The hall roof is off" not in queue  # the school's details stay on the request itself
    # Asked on the day of the call, for an inspection starting the next day: it is due today.
    assert "Due today" in queue and "Overdue" not in queue
    clock.advance(days=1)
    assert "Overdue" in text(client.get(reverse("inspections:deferral-queue")))
    assert inspection.deferral_requests.get().decision == Decision.PENDING


def test_the_staff_page_shows_pauses_time_on_site_and_what_the_user_may_do(client, clock, make_inspection):
    inspection = make_inspection(State.ON_SITE)  # started 9am Tuesday 3 March
    lead = inspection.team.get(is_lead=True).inspector.user
    clock.advance(hours=1)
    services.pause_inspection(actor=lead, inspection=inspection, ground="leader-wellbeing", note="Head unwell.")
    clock.advance(hours=2)
    client.force_login(factories.make_user(Role.DUTY_DECISION_MAKER))
    page = text(client.get(reverse("inspections:detail", args=[inspection.pk])))
    assert "1 day on site, not counting days it was paused" in page
    assert "The lead inspector: A leader's wellbeing" in page and "Waiting for a duty decision-maker" in page
    assert "Paused until 4 March 2026 at the latest, waiting for a duty decision-maker to confirm it" in page
    assert "Confirm the pause" in page and "Resume the inspection" in page and "Defer the inspection" in page
    assert "Notify the school" not in page
    assert "On site → Paused" in page

    duty = factories.make_user(Role.DUTY_DECISION_MAKER, first_name="Dee", last_name="Duty")
    services.confirm_pause(actor=duty, inspection=inspection)
    page = text(client.get(reverse("inspections:detail", args=[inspection.pk])))
    assert "Confirm the pause" not in page and "Resume the inspection" in page
    assert "Confirmed 3 March 2026 at midday by Dee Duty" in page
    assert "confirmed by a duty decision-maker on 3 March 2026 at midday" in page

    head = factories.make_user(Role.SCHOOL_USER, school=inspection.school, is_headteacher=True)
    client.force_login(head)
    school_page = text(client.get(reverse("inspections:detail", args=[inspection.pk])))
    assert "The inspection has been paused since 3 March 2026 at 10am, until 4 March 2026 at the latest" in school_page
    assert "A senior inspector confirmed the pause on 3 March 2026 at midday" in school_page
    assert "History" not in school_page  # the audit trail is for staff


def test_a_pauses_note_is_read_only_by_those_deciding_on_it_the_duty_decision_maker_and_the_lead(client, clock, make_inspection):
    inspection = make_inspection(State.ON_SITE)
    lead = inspection.team.get(is_lead=True).inspector.user
    team_member = factories.make_inspector()
    TeamMember.objects.create(inspection=inspection, inspector=team_member)
    head = factories.make_user(Role.SCHOOL_USER, school=inspection.school, is_headteacher=True)
    services.pause_inspection(actor=head, inspection=inspection, ground="serious-incident", note="Fire alarm fault.")
    page = reverse("inspections:detail", args=[inspection.pk])
    readers = {"duty decision-maker": factories.make_user(Role.DUTY_DECISION_MAKER), "lead": lead}
    others = {
        "scheduler": factories.make_user(Role.SCHEDULER), "administrator": factories.make_user(Role.ADMINISTRATOR),
        "team inspector": team_member.user, "headteacher who paused": head,
    }  # fmt: skip
    for who, user in (readers | others).items():
        client.force_login(user)
        shown = "Note: Fire alarm fault." in text(client.get(page))
        assert shown == (who in readers), f"the {who} {'cannot' if who in readers else 'can'} read the note"


def test_a_school_sees_only_the_dates_it_was_told_on_its_pages_and_in_the_api(client, clock, make_inspection):
    inspection = make_inspection(State.DEFERRED)  # the school was told 3 to 4 March
    scheduler = factories.make_user(Role.SCHEDULER)
    services.replan_inspection(actor=scheduler, inspection=inspection, starts_on=date(2026, 3, 17))
    services.cancel_inspection(actor=scheduler, inspection=inspection, reason="The school is to close.")
    client.force_login(factories.make_user(Role.SCHOOL_USER, school=inspection.school, is_headteacher=True))
    for url in (reverse("inspections:detail", args=[inspection.pk]), reverse("inspections:mine")):
        page = text(client.get(url))
        assert "3 to 4 March 2026" in page and "17 March" not in page and "18 March" not in page
    assert "The inspection that was due from 3 to 4 March 2026 is cancelled" in text(
        client.get(reverse("inspections:detail", args=[inspection.pk]))
    )
    for url in (reverse("api:inspection", args=[inspection.pk]), reverse("api:inspections")):
        body = client.get(url).content.decode()
        assert '"starts_on":"2026-03-03"' in body.replace(" ", "") and "2026-03-17" not in body
    # The inspectorate sees the dates as planned now.
    client.force_login(scheduler)
    assert client.get(reverse("api:inspection", args=[inspection.pk])).json()["starts_on"] == "2026-03-17"


def test_pauses_needing_a_decision_are_listed_for_duty_decision_makers_and_on_the_board(client, clock, make_inspection):
    duty, admin = factories.make_user(Role.DUTY_DECISION_MAKER), factories.make_user(Role.ADMINISTRATOR)

    def lead_of(inspection):
        return inspection.team.get(is_lead=True).inspector.user

    overdue = make_inspection(State.PAUSED, school=factories.make_school(name="Ashgrove Primary School"))  # Tuesday 3 March
    services.confirm_pause(actor=duty, inspection=overdue)  # until Wednesday 4 March
    settled = make_inspection(State.ON_SITE, school=factories.make_school(name="Beech Primary School"))  # Wednesday
    services.pause_inspection(actor=lead_of(settled), inspection=settled, ground="other", until=date(2026, 3, 9))
    services.confirm_pause(actor=duty, inspection=settled)
    after_halt = make_inspection(State.ON_SITE, school=factories.make_school(name="Cedar Primary School"))  # Thursday
    services.halt_inspections(actor=admin, reason="A national emergency.")
    assert [item.pause.inspection for item in pauses_needing_decision()] == [overdue]  # a halt in force holds its pauses
    services.lift_halt(actor=admin, reason="It is over.")
    waiting = make_inspection(State.PAUSED, school=factories.make_school(name="Damson Primary School"))  # Friday 6 March

    needing = pauses_needing_decision()
    assert [(item.pause.inspection, item.overdue) for item in needing] == [(overdue, True), (after_halt, False), (waiting, False)]
    assert [item.why for item in needing] == [
        ["It was to end by 4 March 2026"],
        ["The national halt that paused it was lifted on 5 March 2026", "It is to end today"],
        ["Waiting for confirmation"],
    ]

    client.force_login(duty)
    home = client.get(reverse("accounts:home")).content.decode()
    assert reverse("inspections:pauses") in home
    page = text(client.get(reverse("inspections:pauses")))
    assert "Pauses needing a decision (3)" in page and page.count("Overdue") == 1
    assert "Ashgrove Primary School" in page and "Beech Primary School" not in page
    # The board lists them whatever week it shows: a pause begun weeks ago still needs a decision.
    client.force_login(factories.make_user(Role.SCHEDULER))
    board_page = text(client.get(reverse("inspections:board"), {"week": "2026-04-13"}))
    assert "Pauses needing a decision (3)" in board_page and "Ashgrove Primary School" in board_page


def test_an_inspector_withdrawn_through_the_page_with_a_reason(client, clock):
    inspector = factories.make_inspector()
    client.force_login(factories.make_user(Role.SCHEDULER))
    url = reverse("workforce:withdraw", args=[inspector.pk])
    missing = client.post(url, {"reason": ""})
    assert missing.status_code == 422 and "Enter the reason" in text(missing)
    done = client.post(url, {"reason": "Stepping back during a dispute."})
    assert done.status_code == 302
    page = text(client.get(done["Location"]))
    assert "Withdrawn on 2 March 2026: Stepping back during a dispute." in page


@pytest.mark.parametrize("week", ["9999-12-27", "0001-01-01", "next week"])
def test_the_board_shows_this_week_for_a_week_it_cannot_page_from(client, clock, week):
    client.force_login(factories.make_user(Role.SCHEDULER))
    response = client.get(reverse("inspections:board"), {"week": week})
    assert response.status_code == 200 and "Week beginning 2 March 2026" in text(response)


def test_a_long_halt_reason_is_cut_short_in_every_pages_banner_and_read_in_full_behind_its_link(client, make_user):
    reason = "A national emergency. " + "Every school is closed while the emergency lasts. " * 38
    services.halt_inspections(actor=make_user(Role.ADMINISTRATOR), reason=reason)
    client.force_login(make_user(Role.SCHEDULER))
    banner = find(page(client.get(reverse("inspections:board"))), cls="govuk-notification-banner")
    assert "A national emergency." in text_of(banner) and len(text_of(banner)) < 400
    link = find(banner, "a")
    assert text_of(link) == "Read why inspections are halted"
    notice = text_of(find(page(client.get(attribute(link, "href"))), "main"))
    assert reason.strip() in notice


def test_a_halt_reason_longer_than_the_limit_is_refused_naming_the_limit(make_user):
    with pytest.raises(InvalidRequest, match="must be 2,000 characters or fewer: it has 2,001"):
        services.halt_inspections(actor=make_user(Role.ADMINISTRATOR), reason="x" * 2001)
    assert active_halt() is None
