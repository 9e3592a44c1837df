"""Who a user is and what they may see. Views and API endpoints ask here; they never decide themselves."""

from django.db.models import QuerySet
from django.urls import reverse

from fairinspect.accounts.roles import Role
from fairinspect.schools.models import School

_ROLES_CACHE = "_fairinspect_roles"


def roles_of(user) -> frozenset[Role]:
    if not user.is_authenticated:
        return frozenset()
    roles = getattr(user, _ROLES_CACHE, None)
    if roles is None:
        names = user.groups.values_list("name", flat=True)
        roles = frozenset(Role(name) for name in names if name in Role.values)
        setattr(user, _ROLES_CACHE, roles)
    return roles


def has_role(user, *roles: Role) -> bool:
    return not roles_of(user).isdisjoint(roles)


def schools_of(user) -> QuerySet[School]:
    """The schools a school user acts for (none for anyone else)."""
    if not has_role(user, Role.SCHOOL_USER):
        return School.objects.none()
    return School.objects.filter(memberships__user=user)


def is_headteacher_of(user, school: School) -> bool:
    return has_role(user, Role.SCHOOL_USER) and school.memberships.filter(user=user, is_headteacher=True).exists()


def navigation_for(user, current_path: str) -> list[dict]:
    """The service navigation links, marked active when the page is under them."""
    links = [(reverse("schools:search"), "Find a school")]
    if user.is_authenticated:
        links += [(reverse("accounts:home"), "Your home"), (reverse("accounts:sign-out"), "Sign out")]
    else:
        links.append((reverse("accounts:sign-in"), "Sign in"))
    return [{"href": href, "text": text, "active": current_path.startswith(href)} for href, text in links]


# What each role's home page offers. Later features add their own links here, so every role's start
# point lists exactly the work that role can do.
_HOME_SECTIONS: dict[Role, dict] = {
    Role.SCHOOL_USER: {
        "title": "Your school",
        "text": "See your school's inspections and published reports.",
        "links": [("Your school's inspections", "inspections:mine")],
    },
    Role.INSPECTOR: {
        "title": "Inspecting",
        "text": "Look up the schools you are inspecting and their published history.",
        "links": [("Your inspections", "inspections:mine"), ("Find a school", "schools:search")],
    },
    Role.SCHEDULER: {
        "title": "Scheduling",
        "text": "Plan inspections, put teams on them, notify schools and decide requests to defer.",
        "links": [
            ("Inspections by week", "inspections:board"),
            ("Plan an inspection", "inspections:plan"),
            ("Requests to defer", "inspections:deferral-queue"),
            ("Standing offers to defer", "inspections:offers"),
            ("Inspectors", "workforce:list"),
            ("Find a school", "schools:search"),
        ],
    },
    Role.DUTY_DECISION_MAKER: {
        "title": "Duty decisions",
        "text": "Confirm or end pauses of inspections that are on site.",
        "links": [
            ("Pauses to decide", "inspections:pauses"),
            ("Inspections by week", "inspections:board"),
            ("Inspectors", "workforce:list"),
        ],
    },
    Role.QUALITY_ASSURER: {
        "title": "Quality assurance",
        "text": "Check schools' published inspection history.",
        "links": [("Find a school", "schools:search")],
    },
    Role.COMPLAINTS_OFFICER: {
        "title": "Complaints",
        "text": "Look up the schools and inspections complaints are about.",
        "links": [("Find a school", "schools:search")],
    },
    Role.RESEARCHER: {
        "title": "Research",
        "text": "Aggregate data and the open data API. You see no personal or unpublished information.",
        "links": [("Open data API (OpenAPI description)", "api:openapi-json")],
    },
    Role.ADMINISTRATOR: {
        "title": "Administration",
        "text": "Users, frameworks, the audit trail and national halts of inspections.",
        "links": [
            ("National halt of inspections", "inspections:halt"),
            ("Inspections by week", "inspections:board"),
            ("Standing offers to defer", "inspections:offers"),
            ("Inspectors", "workforce:list"),
            ("Find a school", "schools:search"),
        ],
    },
}


def home_sections_for(user) -> list[dict]:
    """The sections of a signed-in user's home page, one per role they hold, in a fixed order."""
    sections = []
    for role in Role:
        if role not in roles_of(user):
            continue
        spec = _HOME_SECTIONS[role]
        links = [{"text": text, "href": reverse(name)} for text, name in spec["links"]]
        if role is Role.SCHOOL_USER:
            links += [
                {"text": school.name, "href": reverse("schools:detail", args=[school.urn])}
                for school in schools_of(user)
            ]
        # An account made an inspector before its inspector record is added has no record to show yet.
        if role is Role.INSPECTOR and hasattr(user, "inspector"):
            links.append(
                {
                    "text": "Your record: training, time away and conflicts of interest",
                    "href": reverse("workforce:detail", args=[user.inspector.pk]),
                }
            )
        sections.append({"role": role.label, "title": spec["title"], "text": spec["text"], "links": links})
    return sections
