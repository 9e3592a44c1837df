"""The grading pages and API, as the lead, the team and the school use them."""

from django.urls import reverse

from fairinspect.accounts.roles import Role
from fairinspect.grading.models import AreaGrade
from fairinspect.inspections.models import Kind, State
from tests import factories
from tests.grading.factories import area_version, confirm_grades, give_feedback, lead_user, write_records
from tests.inspections.test_pages import text


def test_the_lead_judges_an_area_on_a_plain_form_and_a_wrong_grade_is_a_form_error(client, make_inspection):
    from fairinspect.frameworks.models import Area

    inspection = make_inspection(State.ON_SITE)
    area = Area.objects.get(framework=inspection.framework, code="inclusion")
    cites = write_records(inspection, area, 2)
    client.force_login(lead_user(inspection))
    url = reverse("grading:area", args=[inspection.pk, "inclusion"])
    assert "Indicator inc-u1 (urgent improvement)" in text(client.get(url))
    judged = {"inc-u1": "no", "inc-n1": "yes", "inc-n2": "yes", "inc-e1": "yes", "inc-e2": "yes", "inc-e3": "yes", "inc-s1": "no"}
    form = {"version": 0, **judged, **{f"{code}-cites": cites for code in judged}, "rationale": "As the evidence shows."}
    refused = client.post(url, {**form, "confirm": "strong-standard"})
    assert refused.status_code == 422
    assert "support expected standard, not strong standard: criterion inc-s1 is not met" in text(refused)
    assert client.post(url, {**form, "confirm": "expected-standard"}).status_code == 302
    assert AreaGrade.objects.get(inspection=inspection, area=area).grade.code == "expected-standard"
    stale = client.post(url, {**form, "inc-e3": "no", "confirm": ""})
    assert stale.status_code == 409 and "after you opened it" in text(stale)


def test_the_school_sees_its_provisional_outcome_with_what_it_may_share_and_support(client, make_inspection):
    inspection = make_inspection(State.ON_SITE)
    head = factories.make_user(Role.SCHOOL_USER, school=inspection.school, is_headteacher=True)
    client.force_login(head)
    url = reverse("grading:provisional", args=[inspection.pk])
    assert client.get(url).status_code == 404  # nothing before the final feedback
    confirm_grades(inspection, {"achievement": "needs-attention"})
    give_feedback(inspection)
    page = text(client.get(url))
    assert "Achievement Needs attention. This is not a fail." in page
    assert "share them with whomever you choose: colleagues, governors, your family, a support service" in page
    assert "Please do not publish them to parents yet" in page
    assert "08000 562 561" in page and "116 123" in page
    assert url in client.get(reverse("inspections:detail", args=[inspection.pk])).content.decode()
    api = client.get(reverse("api:inspection-provisional-outcome", args=[inspection.pk])).json()
    assert "Achievement: Needs attention" in api["grades"] and "116 123" in api["support"]
    assert client.get(reverse("grading:sheet", args=[inspection.pk])).status_code == 404  # proposals stay internal


def test_the_lead_gives_feedback_from_the_page_once_the_grades_are_ready(client, make_inspection):
    inspection = make_inspection(State.ON_SITE)
    client.force_login(lead_user(inspection))
    url = reverse("grading:feedback", args=[inspection.pk])
    refused = client.post(url)
    assert refused.status_code == 409 and "Confirm a grade for every area before the final feedback" in text(refused)
    confirm_grades(inspection)
    assert client.post(url).status_code == 302
    assert inspection.__class__.objects.get(pk=inspection.pk).state == State.FEEDBACK_GIVEN


def test_a_visit_has_no_grades_pages_but_its_lead_gives_feedback(client, make_inspection):
    visit = make_inspection(State.ON_SITE, kind=Kind.VISIT)
    client.force_login(lead_user(visit))
    assert client.get(reverse("grading:sheet", args=[visit.pk])).status_code == 404
    assert client.get(reverse("api:inspection-grades", args=[visit.pk])).status_code == 404
    assert client.post(reverse("grading:feedback", args=[visit.pk])).status_code == 302
    assert "gives no grades" in text(client.get(reverse("grading:provisional", args=[visit.pk])))


def test_the_api_judges_an_area_with_the_version_read(client, make_inspection):
    from fairinspect.frameworks.models import Area

    inspection = make_inspection(State.ON_SITE)
    cites = write_records(inspection, Area.objects.get(framework=inspection.framework, code="inclusion"), 4)
    client.force_login(lead_user(inspection))
    url = reverse("api:inspection-area-grade", args=[inspection.pk, "inclusion"])
    body = {"version": 0, "judgements": {"inc-u1": {"holds": True, "cites": cites}}, "confirm": "urgent-improvement",
            "rationale": "Pupils with SEND are kept out of lessons."}  # fmt: skip
    response = client.put(url, body, content_type="application/json")
    assert response.status_code == 200
    (inclusion,) = [a for a in response.json()["areas"] if a["area"] == "inclusion"]
    assert inclusion["grade"] == "urgent-improvement" and inclusion["version"] == area_version(inspection, "inclusion") == 1
    conflict = client.put(url, body, content_type="application/json")
    assert conflict.status_code == 409 and "after you opened it" in conflict.json()["detail"]


def test_a_pilots_grades_reach_no_one_outside_the_inspection_by_any_page_or_endpoint(client, make_inspection):
    pilot = make_inspection(State.ON_SITE, kind=Kind.PILOT)
    confirm_grades(pilot, {"achievement": "urgent-improvement"})
    give_feedback(pilot)
    routes = [
        reverse("grading:sheet", args=[pilot.pk]), reverse("grading:area", args=[pilot.pk, "achievement"]),
        reverse("grading:provisional", args=[pilot.pk]), reverse("api:inspection-grades", args=[pilot.pk]),
        reverse("api:inspection-provisional-outcome", args=[pilot.pk]), reverse("evidence:list", args=[pilot.pk]),
        reverse("api:inspection-evidence", args=[pilot.pk]), reverse("evidence:export", args=[pilot.pk]),
    ]  # fmt: skip
    for outsider in (None, factories.make_user(Role.RESEARCHER), factories.make_user(Role.SCHOOL_USER)):
        client.logout()
        if outsider is not None:
            client.force_login(outsider)
        for route in routes:
            response = client.get(route)
            assert response.status_code in (302, 401, 404), (outsider, route, response.status_code)
            assert b"Urgent improvement" not in response.content


def test_the_final_feedback_is_offered_to_the_lead_only_once_the_grades_are_ready(make_inspection):
    from fairinspect.inspections.lifecycle import Action, allowed_actions

    inspection = make_inspection(State.ON_SITE)
    lead = lead_user(inspection)
    assert Action.GIVE_FEEDBACK not in allowed_actions(lead, inspection, None)
    confirm_grades(inspection)
    assert Action.GIVE_FEEDBACK in allowed_actions(lead, inspection, None)
    assert Action.GIVE_FEEDBACK not in allowed_actions(factories.make_user(Role.SCHEDULER), inspection, None)


def test_a_grade_is_changed_after_feedback_on_its_page_by_someone_not_on_the_team(client, make_inspection):
    from fairinspect.frameworks.models import Area

    inspection = make_inspection(State.ON_SITE)
    area = Area.objects.get(framework=inspection.framework, code="inclusion")
    cites = write_records(inspection, area, 3)
    confirm_grades(inspection)
    give_feedback(inspection)
    url = reverse("grading:regrade", args=[inspection.pk, "inclusion"])
    form = {"inc-u1": "yes", "inc-u1-cites": cites, "reason": "The review found an indicator the team missed."}

    def grade() -> str:
        return AreaGrade.objects.get(inspection=inspection, area=area).grade.code

    client.force_login(lead_user(inspection))  # on the team: refused, and nothing changes
    assert "Change the grade" not in text(client.get(reverse("grading:area", args=[inspection.pk, "inclusion"])))
    assert client.post(url, form).status_code == 403
    assert grade() == "expected-standard"

    client.force_login(factories.make_user(Role.DUTY_DECISION_MAKER))
    assert url in client.get(reverse("grading:area", args=[inspection.pk, "inclusion"])).content.decode()
    assert "Indicator inc-u1 (urgent improvement)" in text(client.get(url))
    uncited = client.post(url, {**form, "inc-u1-cites": []})
    assert uncited.status_code == 422 and "must cite" in text(uncited)
    assert grade() == "expected-standard"
    assert client.post(url, form).status_code == 302
    assert grade() == "urgent-improvement"
