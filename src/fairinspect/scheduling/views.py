"""The scheduling team's pages: who is due, plans of a term (by week, by inspector, each inspection and why one is
short of a team), the changes to a plan, running it again, approving it, and new team members for approved
inspections that lost some. Every page is for those who plan inspections (PLAN_INSPECTIONS)."""

from datetime import date, timedelta

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from fairinspect.accounts.decorators import allowed_if
from fairinspect.accounts.permissions import PLAN_INSPECTIONS
from fairinspect.core import working_days
from fairinspect.core.errors import DomainError, NotPermitted
from fairinspect.core.formatting import count
from fairinspect.scheduling import selectors, services
from fairinspect.scheduling.calendar import next_term, term_named
from fairinspect.scheduling.due import due_in, reason_in_words
from fairinspect.scheduling.forms import DueTermForm, PlaceForm, TermForm
from fairinspect.scheduling.models import PlannedInspection, PlannedPlace, PlanStatus, Purpose
from fairinspect.web.forms import ConfirmForm, submit
from fairinspect.web.pagination import paginate, pagination_params


def _plan(pk: int):
    return get_object_or_404(selectors.plans(), pk=pk)


def _shortfalls(rows) -> list[tuple[PlannedInspection, list[str]]]:
    return [(row, [selectors.shortfall_in_words(item, row.school) for item in row.shortfall]) for row in rows]


@allowed_if(PLAN_INSPECTIONS)
def due(request):
    """Who is due an inspection in a term (the next one unless another is chosen), and why."""
    form = DueTermForm(request.GET or None)
    code = form.cleaned_data["term"] if form.is_bound and form.is_valid() and form.cleaned_data["term"] else ""
    term = term_named(code) if code else next_term(working_days.today())
    listed = due_in(term)
    page = paginate(request, listed.due, settings.FAIRINSPECT["SEARCH_PAGE_SIZE"])
    return render(
        request,
        "scheduling/due.html",
        {
            "page_title": f"Who is due an inspection in the {term}",
            "term": term, "form": form, "listed": listed, "page": page, "pagination": pagination_params(request, page),
        },
    )  # fmt: skip


@allowed_if(PLAN_INSPECTIONS)
@require_http_methods(["GET", "POST"])
def plans(request):
    """The plans, newest first, and planning a term."""
    form = TermForm(request.POST if request.method == "POST" else None)
    status: int | None = 200
    runs = []
    if request.method == "POST":
        status = submit(
            form, lambda data: runs.append(services.request_plan(actor=request.user, term=data["term"], in_background=True))
        )
        if status is None:
            messages.success(request, "The planner is running. This page shows the plan when it is ready.")
            return redirect("scheduling:plan", runs[0].plan_id)
    page = paginate(request, selectors.plans(), settings.FAIRINSPECT["SEARCH_PAGE_SIZE"])
    return render(
        request,
        "scheduling/plans.html",
        {"page_title": "Plans of a term's inspections", "form": form, "page": page,
         "pagination": pagination_params(request, page)},
        status=status,
    )  # fmt: skip


@allowed_if(PLAN_INSPECTIONS)
def plan(request, pk: int):
    plan = _plan(pk)
    short_now = selectors.short_of_team(plan)
    finished = selectors.last_finished_run(plan)
    return render(
        request,
        "scheduling/plan.html",
        {
            "page_title": f"Plan of the {term_named(plan.term)}"
            + (": new team members" if plan.purpose == Purpose.REPAIR else ""),
            "plan": plan,
            "term": term_named(plan.term),
            "run": selectors.latest_run(plan),
            "finished": finished,
            "planned_with": selectors.parameters_in_words(finished.parameters) if finished else "",
            "beyond_capacity": (
                f"{count(plan.beyond_capacity, 'more school')} due by the end of the term than its inspectors can be "
                "expected to take: the soonest due are planned, and the rest stay due for a later plan"
            ),
            "beyond_fair_share": (
                f"{count(finished.beyond_fair_share or 0, 'inspection')} in all beyond inspectors' fair shares of the term's work"
                if finished else ""
            ),
            "runs": list(plan.runs.select_related("requested_by")),
            "weeks": selectors.weeks_of(plan),
            "short": _shortfalls(selectors.short_in(plan)),
            "short_now": short_now,
            "changeable": plan.status == PlanStatus.READY,
            "repair_rows": list(selectors.with_places(plan.inspections.all())) if plan.purpose == Purpose.REPAIR else [],
        },
    )


@allowed_if(PLAN_INSPECTIONS)
def week(request, pk: int, monday: str):
    plan = _plan(pk)
    try:
        first = date.fromisoformat(monday)
    except ValueError:
        raise Http404(f"{monday!r} is not a date") from None
    rows = selectors.week_of_plan(plan, first)
    if not rows:
        raise Http404("This plan has no inspections that week")
    return render(
        request,
        "scheduling/week.html",
        {"page_title": f"Week beginning {first:%-d %B %Y}", "plan": plan, "monday": first, "rows": _shortfalls(rows)},
    )


@allowed_if(PLAN_INSPECTIONS)
def inspectors(request, pk: int):
    plan = _plan(pk)
    loads = selectors.inspector_loads(plan)
    page = paginate(request, loads, 50)
    return render(
        request,
        "scheduling/inspectors.html",
        {"page_title": "Inspectors in the plan", "plan": plan, "page": page, "pagination": pagination_params(request, page)},
    )


@allowed_if(PLAN_INSPECTIONS)
@require_http_methods(["GET", "POST"])
def planned(request, pk: int, planned_pk: int):
    """One planned inspection: why it is due, its team (to pin, take out or add to), and why it is short."""
    plan = _plan(pk)
    row = get_object_or_404(selectors.with_places(plan.inspections.select_related("framework")), pk=planned_pk)
    changeable = plan.status == PlanStatus.READY
    candidates = selectors.candidates(row) if changeable else []
    form = PlaceForm(request.POST if request.method == "POST" else None, candidates=candidates)
    status: int | None = 200
    if request.method == "POST":
        status = submit(
            form,
            lambda data: services.add_place(
                actor=request.user, planned=row, inspector=data["inspector"], as_lead=data["as_lead"]
            ),
        )  # fmt: skip
        if status is None:
            messages.success(request, f"{form.cleaned_data['inspector'].name} is in the team, pinned.")
            return redirect("scheduling:planned", plan.pk, row.pk)
    return render(
        request,
        "scheduling/planned.html",
        {
            "page_title": f"Planned inspection of {row.school.name}",
            "plan": plan, "row": row, "places": list(row.places.all()), "changeable": changeable, "form": form,
            "week": row.starts_on - timedelta(days=row.starts_on.weekday()),
            "why_due": reason_in_words(row.due_rule, row.due_facts), "short": _shortfalls([row])[0][1],
        },
        status=status,
    )  # fmt: skip


def _place_change(request, pk: int, place_pk: int, change, done: str):
    place = get_object_or_404(
        PlannedPlace.objects.select_related("planned__plan", "planned__school", "inspector__user"),
        pk=place_pk, planned__plan=pk,
    )  # fmt: skip
    try:
        change(actor=request.user, place=place)
    except NotPermitted as error:
        raise PermissionDenied(error.message) from None
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done.format(name=place.inspector.name))
    return redirect("scheduling:planned", pk, place.planned_id)


@allowed_if(PLAN_INSPECTIONS)
@require_POST
def pin(request, pk: int, place_pk: int):
    return _place_change(request, pk, place_pk, services.pin_place, "{name} is pinned: a new run keeps them here.")


@allowed_if(PLAN_INSPECTIONS)
@require_POST
def unpin(request, pk: int, place_pk: int):
    return _place_change(request, pk, place_pk, services.unpin_place, "{name} is no longer pinned.")


@allowed_if(PLAN_INSPECTIONS)
@require_POST
def remove_place(request, pk: int, place_pk: int):
    return _place_change(
        request, pk, place_pk, services.remove_place, "{name} is out of the team. Run the plan again to fill the place."
    )


def _plan_change(request, pk: int, change, done: str):
    plan = _plan(pk)
    try:
        run = change(actor=request.user, plan=plan, in_background=True)
    except NotPermitted as error:
        raise PermissionDenied(error.message) from None
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("scheduling:plan", plan.pk)
    messages.success(request, done)
    return redirect("scheduling:plan", run.plan_id)


@allowed_if(PLAN_INSPECTIONS)
@require_POST
def run_again(request, pk: int):
    return _plan_change(
        request, pk, services.request_run, "The planner is running again around the pins. Refresh this page to see it."
    )


@allowed_if(PLAN_INSPECTIONS)
@require_POST
def repair(request, pk: int):
    return _plan_change(
        request, pk, services.request_repair,
        "The planner is finding new team members. This plan of them is ready to review when it finishes.",
    )  # fmt: skip


@allowed_if(PLAN_INSPECTIONS)
@require_http_methods(["GET", "POST"])
def approve(request, pk: int):
    plan = _plan(pk)
    if request.method == "GET" and plan.status != PlanStatus.READY:
        # Offered only when it can be done: the plan's page says where it stands.
        messages.error(request, f"This plan cannot be approved: it is {plan.get_status_display().lower()}.")
        return redirect("scheduling:plan", plan.pk)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    status: int | None = 200
    if request.method == "POST":
        status = submit(form, lambda data: services.approve_plan(actor=request.user, plan=plan))
        if status is None:
            messages.success(request, "The plan is approved: its inspections are planned, with their teams.")
            return redirect("scheduling:plan", plan.pk)
    inspections = plan.inspections.count()
    places = count(PlannedPlace.objects.filter(planned__plan=plan).count(), "inspector")
    if plan.purpose == Purpose.REPAIR:
        intro = (
            f"This puts {places} on the teams of {count(inspections, 'approved inspection')}, first taking off each "
            "team the members the rules now refuse."
        )
    else:
        short = plan.inspections.exclude(shortfall=[]).count()
        intro = (
            f"This plans {count(inspections, 'inspection')} and puts {places} on their teams"
            + (f"; {count(short, 'inspection')} short of a team will wait for one" if short else "")
            + "."
        )
    return render(
        request,
        "scheduling/approve.html",
        {
            "page_title": "Approve the plan", "plan": plan, "form": form, "back": reverse("scheduling:plan", args=[plan.pk]),
            "intro": intro + " Every check of assigning by hand is made again, and each step goes on the audit trail; "
            "if any is refused, nothing is planned and the reasons are listed.",
            "button": "Approve the plan",
        },
        status=status,
    )  # fmt: skip
