from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.forms import Form
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from fairinspect.accounts.decorators import allowed_if
from fairinspect.accounts.permissions import MANAGE_WORKFORCE, SEE_EVERY_INSPECTION, holds
from fairinspect.core.formatting import govuk_date, govuk_period
from fairinspect.web.forms import ConfirmForm, change_page
from fairinspect.web.pagination import paginate, pagination_params
from fairinspect.workforce import services
from fairinspect.workforce.forms import (
    ConflictForm,
    InspectorSearchForm,
    LeftSchoolForm,
    SchoolWorkedAtForm,
    StatusChangeForm,
    TrainingForm,
    UnavailabilityForm,
)
from fairinspect.workforce.models import DeclaredConflict, Inspector, SchoolWorkedAt, TrainingRecord, Unavailability
from fairinspect.workforce.selectors import (
    assignments_ahead,
    can_declare_for,
    inspector_list,
    inspectors_visible_to,
    may_lead_in_words,
    with_load_this_term,
)


@allowed_if(SEE_EVERY_INSPECTION)
def inspector_list_page(request):
    form = InspectorSearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_bound and form.is_valid() else ""
    page = paginate(request, inspector_list(query), settings.FAIRINSPECT["SEARCH_PAGE_SIZE"])
    page.object_list = with_load_this_term(list(page.object_list))
    return render(
        request,
        "workforce/list.html",
        {"page_title": "Inspectors", "form": form, "page": page, "pagination": pagination_params(request, page)},
    )


@login_required
def detail(request, pk: int):
    inspector = get_object_or_404(inspectors_visible_to(request.user), pk=pk)
    return render(
        request,
        "workforce/detail.html",
        {
            "page_title": inspector.name,
            "inspector": inspector,
            "training": list(inspector.training.select_related("course")),
            "conflicts": list(inspector.declared_conflicts.select_related("school", "trust")),
            "unavailability": list(inspector.unavailability.all()),
            "worked_at": list(inspector.schools_worked_at.select_related("school")),
            "assignments": assignments_ahead(inspector),
            "may_lead": may_lead_in_words(inspector),
            "can_manage": holds(request.user, MANAGE_WORKFORCE),
            "can_declare": can_declare_for(request.user, inspector),
        },
    )


def _status_change(request, pk: int, change, *, title: str, button: str, done: str, intro: str):
    inspector = get_object_or_404(inspectors_visible_to(request.user), pk=pk)
    return change_page(
        request, StatusChangeForm,
        lambda data: change(actor=request.user, inspector=inspector, reason=data["reason"]),
        done=done.format(name=inspector.name), back=reverse("workforce:detail", args=[inspector.pk]),
        page_title=title.format(name=inspector.name), intro=intro, button=button,
    )  # fmt: skip


@allowed_if(MANAGE_WORKFORCE)
@require_http_methods(["GET", "POST"])
def withdraw(request, pk: int):
    return _status_change(
        request, pk, services.withdraw_inspector,
        title="Withdraw {name}", button="Withdraw the inspector", done="{name} is withdrawn.",
        intro="A withdrawn inspector cannot be put on any team. The inspections they are already on keep them: "
              "check those teams, as the school cannot be notified while a member cannot be on the team.",
    )


@allowed_if(MANAGE_WORKFORCE)
@require_http_methods(["GET", "POST"])
def reinstate(request, pk: int):
    return _status_change(
        request, pk, services.reinstate_inspector,
        title="Reinstate {name}", button="Reinstate the inspector", done="{name} can be put on teams again.",
        intro="They can be put on teams again, subject to the usual checks.",
    )


# An inspector's record: adding to it and putting it right.


def _manages(user, inspector: Inspector) -> bool:
    return holds(user, MANAGE_WORKFORCE)


@dataclass(frozen=True)
class OneRecord[R: Model]:
    """Which of an inspector's records a page is about (its id is in the URL), and how the page describes it."""

    related_name: str
    describe: Callable[[R], str]


@dataclass(frozen=True)
class RecordPage:
    """A page with one form that adds to, or puts right, one part of one inspector's record."""

    allowed: Callable[[object, Inspector], bool]  # the selectors' rule: may this user do it for this inspector
    form_class: type[Form]
    change: Callable  # (user, inspector, the record the page is about or None, cleaned data) → calls the service
    title: str  # with {name}, the inspector's
    button: str
    done: str
    intro: str = ""  # with {record}, the record the page is about as its OneRecord describes it
    about: OneRecord[Any] | None = None
    warning: bool = False


def _training(record: TrainingRecord) -> str:
    return f"{record.course.title}, completed on {govuk_date(record.completed_on)}"


def _time_away(period: Unavailability) -> str:
    return f"Away {govuk_period(period.starts_on, period.ends_on)}"


def _conflict(conflict: DeclaredConflict) -> str:
    if conflict.school is not None:
        with_whom = conflict.school.name
    else:
        assert conflict.trust is not None  # a conflict names a school or else a trust (a database constraint)
        with_whom = f"the trust {conflict.trust.name}"
    return f"A conflict of interest with {with_whom}: {conflict.reason}"


def _school_worked_at(worked: SchoolWorkedAt) -> str:
    return f"{worked.school.name}, where they have worked since {govuk_date(worked.started_on)}"


RECORD_PAGES: dict[str, RecordPage] = {
    "add-training": RecordPage(
        _manages, TrainingForm,
        lambda user, inspector, record, data: services.record_training(actor=user, inspector=inspector, **data),
        title="Record training for {name}", button="Record the training", done="The training is recorded.",
        intro="Record a course a framework requires once it is completed. No one can be put on a team without "
              "every course the inspection's framework requires, in date until the inspection ends.",
    ),
    "remove-training": RecordPage(
        _manages, StatusChangeForm,
        lambda user, inspector, record, data: services.remove_training(actor=user, record=record, **data),
        title="Remove a training record of {name}", button="Remove the record", done="The training record is removed.",
        intro="{record}. Remove it only if it was recorded in error: without it they may lack a course a framework "
              "requires, and then cannot be put on its inspections.",
        about=OneRecord("training", _training), warning=True,
    ),
    "add-unavailability": RecordPage(
        can_declare_for, UnavailabilityForm,
        lambda user, inspector, record, data: services.add_unavailability(actor=user, inspector=inspector, **data),
        title="Record time away for {name}", button="Record the time away",
        done="The time away is recorded: they will not be put on inspections on those days.",
        intro="Days they cannot inspect, such as leave or commitments at their own school.",
    ),
    "remove-unavailability": RecordPage(
        can_declare_for, ConfirmForm,
        lambda user, inspector, record, data: services.remove_unavailability(actor=user, period=record),
        title="Remove time away of {name}", button="Remove the time away", done="The time away is removed.",
        intro="{record}. Once it is removed they can be put on inspections on those days.",
        about=OneRecord("unavailability", _time_away),
    ),
    "declare-conflict": RecordPage(
        can_declare_for, ConflictForm,
        lambda user, inspector, record, data: services.declare_conflict(actor=user, inspector=inspector, **data),
        title="Declare a conflict of interest for {name}", button="Declare the conflict",
        done="The conflict of interest is declared: they will not be put on inspections it concerns.",
        intro="A school, or a whole trust, they must not inspect, and why. Only the scheduling team can withdraw a "
              "declared conflict.",
    ),
    "withdraw-conflict": RecordPage(
        _manages, StatusChangeForm,
        lambda user, inspector, record, data: services.withdraw_conflict(actor=user, conflict=record, **data),
        title="Withdraw a conflict of interest of {name}", button="Withdraw the conflict",
        done="The conflict of interest is withdrawn.",
        intro="{record}. Withdraw it only if the conflict has ended or was declared in error: they can then be put "
              "on inspections it concerned.",
        about=OneRecord("declared_conflicts", _conflict), warning=True,
    ),
    "add-school-worked-at": RecordPage(
        _manages, SchoolWorkedAtForm,
        lambda user, inspector, record, data: services.record_school_worked_at(actor=user, inspector=inspector, **data),
        title="Record a school {name} worked at", button="Record the school", done="The school is recorded.",
        intro="They are not put on inspections of a school they work at, or worked at in recent years.",
    ),
    "left-school": RecordPage(
        _manages, LeftSchoolForm,
        lambda user, inspector, record, data: services.record_leaving_school(actor=user, worked=record, **data),
        title="Record the day {name} left a school", button="Save the day they left",
        done="The day they left is recorded.",
        intro="{record}. Schools they left recently still count as a conflict of interest.",
        about=OneRecord("schools_worked_at", _school_worked_at),
    ),
}  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def record_page(request, pk: int, page: str, record_pk: int | None = None):
    """Found among the inspectors the user may see (404 otherwise), with the record among the inspector's; the
    selectors say whether the user may make the change (403 otherwise); a refusal comes back on the form."""
    spec = RECORD_PAGES[page]
    inspector = get_object_or_404(inspectors_visible_to(request.user), pk=pk)
    record = get_object_or_404(getattr(inspector, spec.about.related_name).all(), pk=record_pk) if spec.about else None
    if not spec.allowed(request.user, inspector):
        raise PermissionDenied
    return change_page(
        request, spec.form_class, lambda data: spec.change(request.user, inspector, record, data),
        done=spec.done, back=reverse("workforce:detail", args=[inspector.pk]),
        page_title=spec.title.format(name=inspector.name),
        intro=spec.intro.format(record=spec.about.describe(record)) if spec.about else spec.intro,
        button=spec.button, warning=spec.warning,
    )  # fmt: skip
