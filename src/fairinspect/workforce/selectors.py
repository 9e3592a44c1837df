"""Reads of the workforce, and who may see it: the people who plan and decide on inspections, and each
inspector their own record."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet

from fairinspect.accounts.permissions import INSPECT, MANAGE_WORKFORCE, SEE_EVERY_INSPECTION, holds
from fairinspect.core import working_days
from fairinspect.core.formatting import govuk_date
from fairinspect.core.hooks import Hook
from fairinspect.frameworks.models import TrainingCourse
from fairinspect.workforce.models import Inspector, InspectorKind


@dataclass(frozen=True)
class Assignment:
    """An inspection an inspector is on, as their record lists it."""

    school_name: str
    starts_on: date
    ends_on: date
    as_lead: bool
    state: str  # in words
    href: str


# Inspections are kept by the app above the workforce; it says how many each inspector has in a term, counted
# as their load cap counts them, and which inspections each is on.
load_in_term: Hook[[Iterable[int], working_days.Term], dict[int, int]] = Hook(
    "load_in_term",
    needs="(inspector ids, a school term) → {inspector id: the inspections that count towards their load cap then}",
)
assignments_ahead: Hook[[Inspector], list[Assignment]] = Hook(
    "assignments_ahead", needs="an inspector → the inspections they are on that are ahead or under way (Assignment)"
)


def inspectors_visible_to(user) -> QuerySet[Inspector]:
    inspectors = Inspector.objects.select_related("user", "own_school")
    if holds(user, SEE_EVERY_INSPECTION):
        return inspectors
    if holds(user, INSPECT):
        return inspectors.filter(user=user)
    return inspectors.none()


def can_declare_for(user, inspector: Inspector) -> bool:
    """Who may record what an inspector declares of themselves, their time away and their conflicts of interest:
    the inspector, and the scheduling team for any inspector."""
    return inspector.user_id == user.pk or holds(user, MANAGE_WORKFORCE)


def training_courses() -> QuerySet[TrainingCourse]:
    """The courses some framework requires: the only training the workforce records."""
    return TrainingCourse.objects.filter(frameworks__isnull=False).distinct().order_by("title")


def inspector_list(query: str = "") -> QuerySet[Inspector]:
    """Inspectors by name, matching `query` (names, or a reference)."""
    inspectors = Inspector.objects.select_related("user")
    for word in query.split():
        inspectors = inspectors.filter(
            Q(user__first_name__icontains=word) | Q(user__last_name__icontains=word) | Q(reference__iexact=word)
        )
    return inspectors


@dataclass(frozen=True)
class InspectorLoad:
    inspector: Inspector
    this_term: int  # the inspections that count towards their load cap in the current term


def with_load_this_term(inspectors: list[Inspector]) -> list[InspectorLoad]:
    """The inspectors, each with the inspections that count towards their load cap in the current term, counted
    as assigning them counts it."""
    term = working_days.school_term(working_days.today())
    loads = load_in_term([inspector.pk for inspector in inspectors], term)
    return [InspectorLoad(inspector, loads.get(inspector.pk, 0)) for inspector in inspectors]


def may_lead_in_words(inspector: Inspector) -> str:
    """Whether they may lead an inspection starting today, and why, as their record says it."""
    if inspector.kind == InspectorKind.HM_INSPECTOR:
        return "Yes: an HM Inspector"
    recent_until = inspector.hmi_experience_recent_until
    if recent_until is None:
        return "No: not an HM Inspector and no HMI experience"
    worked = f"they last worked as an HMI on {govuk_date(inspector.last_worked_as_hmi_on)}"
    if inspector.may_lead_today:
        return f"Yes: {worked}, which counts as recent until {govuk_date(recent_until)}"
    return f"No: {worked}, which counted as recent until {govuk_date(recent_until)}"
