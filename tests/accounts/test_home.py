"""Each role's home page: a section per role held, with links only to work that role can do."""

import pytest
from django.urls import reverse

from fairinspect.accounts.roles import Role
from tests.html import attribute, find, find_all, page, text

pytestmark = pytest.mark.django_db

HOME = reverse("accounts:home")


def home_links(client) -> dict[str, str]:
    return {text(link): attribute(link, "href") for link in find_all(find(page(client.get(HOME)), "main"), "a")}


# Each role's section of the home page: its heading, and its links (text, URL name) in order.
SECTIONS = {
    Role.SCHOOL_USER: (
        "Your school",
        [
            ("Your school's inspections", "inspections:mine"),
            ("Your school's concerns and complaints", "complaints:mine"),
            ("Tell us how your inspection went", "survey:invitations"),
        ],
    ),
    Role.INSPECTOR: ("Inspecting", [("Your inspections", "inspections:mine"), ("Find a school", "schools:search")]),
    Role.SCHEDULER: (
        "Scheduling",
        [
            ("Fairness and timeliness figures", "analytics:index"),
            ("Inspections by week", "inspections:board"),
            ("Reports under way", "reports:under-way"),
            ("Plans of a term's inspections", "scheduling:plans"),
            ("Who is due an inspection", "scheduling:due"),
            ("Plan an inspection", "inspections:plan"),
            ("Requests to defer", "inspections:deferral-queue"),
            ("Standing offers to defer", "inspections:offers"),
            ("Inspectors", "workforce:list"),
            ("Find a school", "schools:search"),
        ],
    ),
    Role.DUTY_DECISION_MAKER: (
        "Duty decisions",
        [
            ("Fairness and timeliness figures", "analytics:index"),
            ("Pauses to decide", "inspections:pauses"),
            ("Concerns to answer", "complaints:concerns"),
            ("Inspections by week", "inspections:board"),
            ("Reports under way", "reports:under-way"),
            ("Inspectors", "workforce:list"),
            ("Learning reviews", "complaints:reviews"),
        ],
    ),
    Role.QUALITY_ASSURER: (
        "Quality assurance",
        [
            ("Fairness and timeliness figures", "analytics:index"),
            ("Reports under way", "reports:under-way"),
            ("Learning reviews", "complaints:reviews"),
            ("Find a school", "schools:search"),
        ],
    ),
    Role.COMPLAINTS_OFFICER: (
        "Complaints",
        [
            ("Fairness and timeliness figures", "analytics:index"),
            ("Complaints by deadline", "complaints:queue"),
            ("Concerns raised during inspections", "complaints:concerns"),
            ("Learning reviews", "complaints:reviews"),
            ("Find a school", "schools:search"),
        ],
    ),
    Role.RESEARCHER: (
        "Research",
        [("Fairness and timeliness figures", "analytics:index"), ("Open data", "analytics:opendata"), ("The API's documentation", "api:openapi-view")],
    ),
    Role.ADMINISTRATOR: (
        "Administration",
        [
            ("Accounts and roles", "administration:users"),
            ("Frameworks", "administration:frameworks"),
            ("The audit trail", "administration:audit"),
            ("Fairness and timeliness figures", "analytics:index"),
            ("National halt of inspections", "inspections:halt"),
            ("Inspections by week", "inspections:board"),
            ("Reports under way", "reports:under-way"),
            ("Standing offers to defer", "inspections:offers"),
            ("Inspectors", "workforce:list"),
            ("Learning reviews", "complaints:reviews"),
            ("Find a school", "schools:search"),
        ],
    ),
}


@pytest.mark.parametrize("role", Role)
def test_home_shows_the_section_of_the_users_role_only_with_that_roles_links(client, make_user, make_school, role):
    school = make_school(name="Brook Lane Primary")
    client.force_login(make_user(role, school=school) if role is Role.SCHOOL_USER else make_user(role))
    main = find(page(client.get(HOME)), "main")
    title, links = SECTIONS[role]
    expected = [(label, reverse(name)) for label, name in links]
    if role is Role.SCHOOL_USER:
        expected.append(("Brook Lane Primary", reverse("outcomes:school", args=[school.urn])))

    assert [text(heading) for heading in find_all(main, "h2")] == [title]
    assert [(text(link), attribute(link, "href")) for link in find_all(main, "a")] == expected


def test_home_of_someone_with_two_roles_has_both_sections_in_role_order(client, make_user):
    user = make_user(Role.RESEARCHER, Role.SCHEDULER)
    client.force_login(user)
    headings = [text(heading) for heading in find_all(find(page(client.get(HOME)), "main"), "h2")]
    assert headings == ["Scheduling", "Research"]


def test_school_users_home_links_to_their_own_school_only(client, make_user, make_school):
    own = make_school(name="Brook Lane Primary")
    make_school(name="Elsewhere Primary")
    client.force_login(make_user(Role.SCHOOL_USER, school=own))
    links = home_links(client)
    assert links["Brook Lane Primary"] == reverse("outcomes:school", args=[own.urn])
    assert "Elsewhere Primary" not in links


def test_account_without_a_role_is_told_to_ask_for_one(client, make_user):
    client.force_login(make_user())
    assert "Your account has no role yet" in text(find(page(client.get(HOME)), "main"))


def test_navigation_offers_sign_in_or_home_and_sign_out(client, make_user):
    def navigation():
        return [text(link) for link in find_all(find(page(client.get("/")), cls="govuk-service-navigation__list"), "a")]

    assert navigation() == ["Find a school", "Sign in"]
    client.force_login(make_user(Role.INSPECTOR))
    assert navigation() == ["Find a school", "Your home", "Sign out"]


@pytest.mark.parametrize("role", Role)
def test_every_link_on_a_roles_home_opens_for_that_role(client, make_user, role):
    client.force_login(make_user(role))
    links = home_links(client)
    assert links, f"the {role.label} home offers nothing to do"
    for label, href in links.items():
        response = client.get(href)
        assert response.status_code == 200, f"{role.label}'s home links to {label!r} ({href}): {response.status_code}"
