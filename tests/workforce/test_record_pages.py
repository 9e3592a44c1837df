"""The pages that keep an inspector's record, driven with Django's test client as people use them: linked from the
inspector's page and from an inspector's own home, each change refused with its reason on the form (and nothing
written), and open only to those the selectors allow."""

import pytest
from django.urls import reverse

from fairinspect.accounts.roles import Role
from fairinspect.frameworks.models import TrainingCourse
from fairinspect.schools.models import Trust
from tests import factories
from tests.html import attribute, find, find_all, page, text
from tests.refusals import Snapshot, nothing_changed

pytestmark = pytest.mark.django_db

HOME = reverse("accounts:home")


def words(response) -> str:
    return text(find(page(response), "main"))


def links(response) -> dict[str, str]:
    """The main part's links by their words (visually hidden ones included, as a screen reader reads them)."""
    return {text(link): attribute(link, "href") for link in find_all(find(page(response), "main"), "a")}


def date_fields(name: str, day: int, month: int, year: int) -> dict[str, int]:
    return {f"{name}_day": day, f"{name}_month": month, f"{name}_year": year}


def writes_nothing(client, path: str, data: dict, *problems: str) -> None:
    """The form comes back with each problem on it and a 422, and nothing is written."""
    before = Snapshot.take()
    response = client.post(path, data)
    assert response.status_code == 422
    summary = text(find(page(response), cls="govuk-error-summary"))
    for problem in problems:
        assert problem in summary
    before.assert_unchanged(f"POST {path}, refused with 422,")


def test_the_scheduling_team_records_training_and_removes_a_record_made_in_error(client, clock, frameworks):
    TrainingCourse.objects.create(code="retired-course", title="A course no framework requires")
    inspector = factories.make_inspector(trained=False)
    client.force_login(factories.make_user(Role.SCHEDULER))
    detail = reverse("workforce:detail", args=[inspector.pk])
    add = reverse("workforce:add-training", args=[inspector.pk])
    assert links(client.get(detail))["Record training"] == add

    form = client.get(add)
    offered = [text(label) for label in find_all(page(form), "label", cls="govuk-radios__label")]
    assert offered == sorted(TrainingCourse.objects.filter(frameworks__isnull=False).distinct().values_list("title", flat=True))
    assert "A course no framework requires" not in offered
    course = TrainingCourse.objects.get(code="safeguarding-for-inspectors")
    writes_nothing(client, add, {}, "Choose the course", "Enter the date completed")
    writes_nothing(client, add, {"course": course.pk, **date_fields("completed_on", 3, 3, 2026)},
                   "The course cannot be completed in the future")  # fmt: skip
    writes_nothing(client, add, {"course": course.pk, **date_fields("completed_on", 1, 9, 2025),
                                 **date_fields("expires_on", 31, 8, 2025)},
                   "Training must expire after it was completed")  # fmt: skip

    response = client.post(add, {"course": course.pk, **date_fields("completed_on", 1, 9, 2025),
                                 **date_fields("expires_on", 1, 9, 2028)})  # fmt: skip
    assert response.status_code == 302 and response["Location"] == detail
    shown = client.get(detail)
    assert "The training is recorded." in words(shown) and "Safeguarding for inspectors 1 September 2025 1 September 2028" in words(shown)

    record = inspector.training.get()
    remove = reverse("workforce:remove-training", args=[inspector.pk, record.pk])
    assert links(shown)["Remove Safeguarding for inspectors, completed on 1 September 2025"] == remove
    assert "Safeguarding for inspectors, completed on 1 September 2025. Remove it only if" in words(client.get(remove))
    writes_nothing(client, remove, {"reason": " "}, "Enter the reason")
    assert client.post(remove, {"reason": "Recorded against the wrong inspector."}).status_code == 302
    assert not inspector.training.exists()
    assert client.get(remove).status_code == 404, "a record that has gone has no page"


def test_an_inspector_keeps_their_own_time_away_and_declares_conflicts_from_their_home(client, clock, frameworks):
    inspector = factories.make_inspector()
    school = factories.make_school(name="Brook Lane Primary School")
    client.force_login(inspector.user)
    detail = reverse("workforce:detail", args=[inspector.pk])
    assert links(client.get(HOME))["Your record: training, time away and conflicts of interest"] == detail
    own_page = links(client.get(detail))
    assert {"Record time away", "Declare a conflict of interest"} <= set(own_page)
    assert "Record training" not in own_page and "Record a school they worked at" not in own_page

    away = reverse("workforce:add-unavailability", args=[inspector.pk])
    writes_nothing(client, away, {**date_fields("starts_on", 10, 3, 2026), **date_fields("ends_on", 9, 3, 2026)},
                   "The last day must be the same as or after the first day")  # fmt: skip
    response = client.post(away, {**date_fields("starts_on", 6, 4, 2026), **date_fields("ends_on", 17, 4, 2026),
                                  "reason": "Annual leave"})  # fmt: skip
    assert response.status_code == 302 and response["Location"] == detail
    period = inspector.unavailability.get()
    remove = links(client.get(detail))["Remove 6 to 17 April 2026"]
    assert remove == reverse("workforce:remove-unavailability", args=[inspector.pk, period.pk])
    assert client.post(remove).status_code == 302 and not inspector.unavailability.exists()

    declare = reverse("workforce:declare-conflict", args=[inspector.pk])
    writes_nothing(client, declare, {"reason": "My child attends it."}, "Name either a school or a trust")
    writes_nothing(client, declare, {"school": 999999999, "reason": "My child attends it."}, "No school has URN 999999999")
    writes_nothing(client, declare, {"trust": 987654, "reason": "I am a trustee."}, "No trust has the number 987654")
    assert client.post(declare, {"school": school.urn, "reason": "My child attends it."}).status_code == 302
    conflict = inspector.declared_conflicts.get()
    assert "Brook Lane Primary School My child attends it. 2 March 2026" in words(client.get(detail))
    assert not any(link.startswith("Withdraw") for link in links(client.get(detail)))
    assert client.get(reverse("workforce:withdraw-conflict", args=[inspector.pk, conflict.pk])).status_code == 403
    assert client.get(reverse("workforce:add-training", args=[inspector.pk])).status_code == 403

    colleague = factories.make_inspector()
    assert client.get(reverse("workforce:add-unavailability", args=[colleague.pk])).status_code == 404
    assert client.get(reverse("workforce:declare-conflict", args=[colleague.pk])).status_code == 404


def test_an_inspector_account_with_no_record_yet_has_no_record_on_its_home(client, frameworks):
    client.force_login(factories.make_user(Role.INSPECTOR))
    assert "Your record: training, time away and conflicts of interest" not in links(client.get(HOME))


def test_the_scheduling_team_withdraws_a_conflict_and_records_schools_and_the_day_they_left(client, clock, frameworks):
    inspector = factories.make_inspector()
    school = factories.make_school(name="Hillside Academy")
    client.force_login(factories.make_user(Role.ADMINISTRATOR))
    detail = reverse("workforce:detail", args=[inspector.pk])

    declare = reverse("workforce:declare-conflict", args=[inspector.pk])
    trust = Trust.objects.create(code=5143, name="Oak Learning Trust")
    writes_nothing(client, declare, {"school": school.urn, "trust": trust.code, "reason": "Governor."},
                   "Name either a school or a trust")  # fmt: skip
    assert client.post(declare, {"trust": trust.code, "reason": "A trustee until 2024."}).status_code == 302
    assert "Trust: Oak Learning Trust A trustee until 2024." in words(client.get(detail))
    assert client.post(declare, {"school": school.urn, "reason": "Governor until last year."}).status_code == 302
    conflict = inspector.declared_conflicts.get(school=school)
    withdraw = links(client.get(detail))["Withdraw the conflict with Hillside Academy"]
    assert withdraw == reverse("workforce:withdraw-conflict", args=[inspector.pk, conflict.pk])
    writes_nothing(client, withdraw, {}, "Enter the reason")
    assert client.post(withdraw, {"reason": "Their term as governor ended in 2024."}).status_code == 302
    assert list(inspector.declared_conflicts.values_list("trust", flat=True)) == [trust.code]

    add = reverse("workforce:add-school-worked-at", args=[inspector.pk])
    writes_nothing(client, add, {"school": "a school", **date_fields("started_on", 1, 9, 2015)},
                   "The school's URN must be a number, like 100000")  # fmt: skip
    writes_nothing(client, add, {"school": school.urn, **date_fields("started_on", 1, 9, 2015),
                                 **date_fields("left_on", 31, 8, 2015)}, "They must leave after they started")  # fmt: skip
    assert client.post(add, {"school": school.urn, **date_fields("started_on", 1, 9, 2015)}).status_code == 302
    worked = inspector.schools_worked_at.get()
    left = links(client.get(detail))["Record the day they left Hillside Academy"]
    assert left == reverse("workforce:left-school", args=[inspector.pk, worked.pk])
    writes_nothing(client, left, date_fields("left_on", 31, 2, 2020), "Date they left must be a real date")
    writes_nothing(client, left, date_fields("left_on", 31, 8, 2014), "They must leave after they started, on 1 September 2015")
    assert client.post(left, date_fields("left_on", 31, 8, 2020)).status_code == 302
    after = client.get(detail)
    assert "Hillside Academy 1 September 2015 to 31 August 2020" in words(after)
    assert "Record the day they left Hillside Academy" not in links(after)
    with nothing_changed():
        response = client.post(left, date_fields("left_on", 31, 8, 2021))
    assert response.status_code == 409 and "They already left this school on 31 August 2020" in words(response)


def test_a_duty_decision_maker_reads_the_record_but_changes_none_of_it(client, clock, frameworks):
    inspector = factories.make_inspector()
    record = inspector.training.first()
    client.force_login(factories.make_user(Role.DUTY_DECISION_MAKER))
    assert set(links(client.get(reverse("workforce:detail", args=[inspector.pk])))) == set()
    for name, arguments in (("add-training", [inspector.pk]), ("add-unavailability", [inspector.pk]),
                            ("declare-conflict", [inspector.pk]), ("remove-training", [inspector.pk, record.pk])):
        assert client.get(reverse(f"workforce:{name}", args=arguments)).status_code == 403, name


def test_a_record_is_only_found_under_its_own_inspector(client, clock, frameworks):
    inspector, colleague = factories.make_inspector(), factories.make_inspector()
    client.force_login(factories.make_user(Role.SCHEDULER))
    colleagues_record = colleague.training.first()
    remove = reverse("workforce:remove-training", args=[inspector.pk, colleagues_record.pk])
    with nothing_changed():
        response = client.post(remove, {"reason": "x"})
    assert response.status_code == 404
