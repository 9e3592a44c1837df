"""Reads of the workforce, and who may see it: the people who plan and decide on inspections, and each
inspector their own record."""

from django.db.models import Count, Q, QuerySet

from fairinspect.accounts.roles import Role
from fairinspect.accounts.selectors import has_role
from fairinspect.core import working_days
from fairinspect.frameworks.models import TrainingCourse
from fairinspect.inspections.models import BOOKING_STATES, State, TeamMember
from fairinspect.inspections.selectors import sees_every_inspection
from fairinspect.workforce.models import Inspector

_ACTIVE_STATES = [State.PLANNED, State.NOTIFIED, State.ON_SITE, State.PAUSED]


def can_see_every_inspector(user) -> bool:
    """Whoever sees every inspection sees every inspector: they staff inspections or decide on them."""
    return sees_every_inspection(user)


def inspectors_visible_to(user) -> QuerySet[Inspector]:
    inspectors = Inspector.objects.select_related("user", "own_school")
    if can_see_every_inspector(user):
        return inspectors
    if has_role(user, Role.INSPECTOR):
        return inspectors.filter(user=user)
    return inspectors.none()


def can_manage_workforce(user) -> bool:
    return has_role(user, Role.SCHEDULER, Role.ADMINISTRATOR)


def can_declare_for(user, inspector: Inspector) -> bool:
    """Who may record what an inspector declares of themselves, their time away and their conflicts of interest:
    the inspector, and the scheduling team for any inspector."""
    return inspector.user_id == user.pk or can_manage_workforce(user)


def training_courses() -> QuerySet[TrainingCourse]:
    """The courses some framework requires: the only training the workforce records."""
    return TrainingCourse.objects.filter(frameworks__isnull=False).distinct().order_by("title")


def inspector_list(query: str = "") -> QuerySet[Inspector]:
    """Inspectors by name, each with `this_term`: the inspections that count towards their load cap in the
    current term, counted as assigning them counts it."""
    term = working_days.school_term(working_days.today())
    inspectors = Inspector.objects.select_related("user").annotate(
        this_term=Count(
            "assignments",
            filter=Q(
                assignments__inspection__state__in=BOOKING_STATES,
                assignments__inspection__starts_on__range=(term.starts_on, term.ends_on),
            ),
        )
    )
    for word in query.split():
        inspectors = inspectors.filter(
            Q(user__first_name__icontains=word) | Q(user__last_name__icontains=word) | Q(reference__iexact=word)
        )
    return inspectors.order_by(*Inspector._meta.ordering)


def current_assignments(inspector: Inspector) -> QuerySet[TeamMember]:
    return (
        inspector.assignments.filter(inspection__state__in=_ACTIVE_STATES)
        .select_related("inspection__school")
        .order_by("inspection__starts_on")
    )
