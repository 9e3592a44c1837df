from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from fairinspect.accounts.decorators import role_required
from fairinspect.accounts.roles import Role
from fairinspect.workforce import services
from fairinspect.workforce.forms import InspectorSearchForm, StatusChangeForm
from fairinspect.workforce.selectors import (
    can_manage_workforce,
    current_assignments,
    inspector_list,
    inspectors_visible_to,
)
from fairinspect.web.forms import submit
from fairinspect.web.pagination import paginate, pagination_params


@role_required(Role.SCHEDULER, Role.DUTY_DECISION_MAKER, Role.ADMINISTRATOR)
def inspector_list_page(request):
    form = InspectorSearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_bound and form.is_valid() else ""
    page = paginate(request, inspector_list(query), settings.FAIRINSPECT["SEARCH_PAGE_SIZE"])
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
            "assignments": list(current_assignments(inspector)),
            "can_manage": can_manage_workforce(request.user),
        },
    )


def _status_change(request, pk: int, change, *, title: str, button: str, done: str, intro: str):
    inspector = get_object_or_404(inspectors_visible_to(request.user), pk=pk)
    form = StatusChangeForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = submit(form, lambda data: change(actor=request.user, inspector=inspector, reason=data["reason"]))
        if status is None:
            messages.success(request, done.format(name=inspector.name))
            return redirect("workforce:detail", inspector.pk)
    return render(
        request,
        "inspections/action.html",
        {
            "page_title": title.format(name=inspector.name),
            "form": form,
            "intro": intro,
            "button": button,
            "back": reverse("workforce:detail", args=[inspector.pk]),
        },
        status=status,
    )


@role_required(Role.SCHEDULER, Role.ADMINISTRATOR)
@require_http_methods(["GET", "POST"])
def withdraw(request, pk: int):
    return _status_change(
        request, pk, services.withdraw_inspector,
        title="Withdraw {name}", button="Withdraw the inspector", done="{name} is withdrawn.",
        intro="A withdrawn inspector cannot be put on any team. The inspections they are already on keep them: "
              "check those teams, as the school cannot be notified while a member cannot be on the team.",
    )


@role_required(Role.SCHEDULER, Role.ADMINISTRATOR)
@require_http_methods(["GET", "POST"])
def reinstate(request, pk: int):
    return _status_change(
        request, pk, services.reinstate_inspector,
        title="Reinstate {name}", button="Reinstate the inspector", done="{name} can be put on teams again.",
        intro="They can be put on teams again, subject to the usual checks.",
    )
