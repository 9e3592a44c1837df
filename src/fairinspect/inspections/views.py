"""Pages of the inspection lifecycle. Each finds the inspection among those the user may see (404
otherwise), asks the selectors whether the user may take the action (403 otherwise), and calls one service;
a refusal comes back as an error on the form, with the status that names it (409 wrong state, 422 bad data)."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from fairinspect.accounts.decorators import allowed_if
from fairinspect.accounts.permissions import (
    HALT_INSPECTIONS,
    MANAGE_DEFERRALS,
    PLAN_INSPECTIONS,
    SEE_EVERY_INSPECTION,
)
from fairinspect.core import working_days
from fairinspect.core.errors import DomainError, NotPermitted, WrongState
from fairinspect.core.formatting import govuk_date
from fairinspect.inspections import forms, services
from fairinspect.inspections.eligibility import eligible_team
from fairinspect.inspections.lifecycle import Action, allowed_actions, permission_refusal
from fairinspect.inspections.models import DeferralRequest, Inspection
from fairinspect.inspections.selectors import (
    active_halt,
    blanket_offers,
    board,
    calls_to_make,
    days_on_site,
    decisions_due,
    deferral_queue,
    history_of,
    inspections_in_progress,
    inspections_visible_to,
    VisibleInspection,
    is_overdue,
    own_inspections,
    pages_about,
    pauses_needing_decision,
    promised_decision,
    reads_pause_notes,
    team_of,
    week_start,
    what_happens_next,
)
from fairinspect.web.forms import ConfirmForm, change_page, error_summary_params, submit
from fairinspect.web.pagination import paginate, pagination_params
from fairinspect.workforce.models import Inspector


def _visible(request, pk: int) -> VisibleInspection:
    return get_object_or_404(inspections_visible_to(request.user), pk=pk)


@dataclass(frozen=True)
class ActionPage:
    """A page with one form that takes one action on one inspection."""

    action: Action
    form_class: type
    change: Callable  # (user, inspection, cleaned data) → calls the service
    title: str
    button: str
    done: str
    intro: str = ""
    warning: bool = False


ACTION_PAGES: dict[str, ActionPage] = {
    "notify": ActionPage(
        Action.NOTIFY, ConfirmForm,
        lambda user, inspection, data: services.notify_school(actor=user, inspection=inspection),
        title="Notify the school", button="Notify the school",
        intro="Do this once you have called the school. The school's users and the team are emailed the dates, "
              "and the school can then see the inspection and ask to defer it.",
        done="The school and the team have been notified.",
    ),
    "start": ActionPage(
        Action.START, ConfirmForm,
        lambda user, inspection, data: services.start_inspection(actor=user, inspection=inspection),
        title="Start on-site work", button="Start on-site work",
        intro="Start when the team arrives at the school. Time on site is counted from now.",
        done="On-site work has started.",
    ),
    "request-deferral": ActionPage(
        Action.REQUEST_DEFERRAL, forms.DeferralRequestForm,
        lambda user, inspection, data: services.request_deferral(actor=user, inspection=inspection, **data),
        title="Ask to defer the inspection", button="Send the request",
        intro="You can ask to defer the inspection before it starts if there is a good reason. We decide quickly "
              "and tell you why. Asking will not count against your school.",
        done="Your request has been sent. We will tell you our decision.",
    ),
    "pause": ActionPage(
        Action.PAUSE, forms.PauseForm,
        lambda user, inspection, data: services.pause_inspection(actor=user, inspection=inspection, **data),
        title="Pause the inspection", button="Pause the inspection",
        intro="On-site work stops now. A duty decision-maker will confirm the pause. It lasts until the next "
              "working day unless you say otherwise, and at most 5 working days.",
        done="The inspection is paused. A duty decision-maker has been asked to confirm it.",
        warning=True,
    ),
    "confirm-pause": ActionPage(
        Action.CONFIRM_PAUSE, forms.PauseUntilForm,
        lambda user, inspection, data: services.confirm_pause(actor=user, inspection=inspection, **data),
        title="Confirm the pause", button="Confirm the pause", done="The pause is confirmed.",
    ),
    "resume": ActionPage(
        Action.RESUME, ConfirmForm,
        lambda user, inspection, data: services.resume_inspection(actor=user, inspection=inspection),
        title="Resume the inspection", button="Resume on-site work",
        intro="The working days the pause took are added to the end of the inspection.",
        done="On-site work has resumed.",
    ),
    "defer": ActionPage(
        Action.DEFER, forms.ReasonForm,
        lambda user, inspection, data: services.defer_inspection(actor=user, inspection=inspection, **data),
        title="Defer the inspection", button="Defer the inspection",
        intro="The inspection will not go ahead on its dates: it goes back into planning (any pause ends), and "
              "the school and the team are emailed your reason. Give it new dates when you can.",
        done="The inspection is deferred. Give it new dates when you can.", warning=True,
    ),
    "replan": ActionPage(
        Action.REPLAN, forms.ReplanForm,
        lambda user, inspection, data: services.replan_inspection(actor=user, inspection=inspection, **data),
        title="New dates for the inspection", button="Save the new dates",
        done="The inspection has new dates. Notify the school when the day comes.",
    ),
    "cancel": ActionPage(
        Action.CANCEL, forms.ReasonForm,
        lambda user, inspection, data: services.cancel_inspection(actor=user, inspection=inspection, **data),
        title="Cancel the inspection", button="Cancel the inspection",
        intro="This cannot be undone. If the school has been told of the inspection, it is told it is cancelled.",
        done="The inspection is cancelled.", warning=True,
    ),
}


def _action_page(request, inspection: Inspection, page: ActionPage):
    problem = permission_refusal(request.user, page.action, inspection)
    if problem:
        raise PermissionDenied(problem)
    return change_page(
        request, page.form_class, lambda data: page.change(request.user, inspection, data),
        done=page.done, back=reverse("inspections:detail", args=[inspection.pk]), template="inspections/action.html",
        page_title=page.title, inspection=inspection, intro=page.intro, button=page.button, warning=page.warning,
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def inspection_action(request, pk: int, page: str):
    return _action_page(request, _visible(request, pk), ACTION_PAGES[page])


# Lists.


@allowed_if(SEE_EVERY_INSPECTION)
def board_page(request):
    """What is due today, then one week's inspections, by state; the page links to the weeks around it."""
    week = timedelta(weeks=1)
    this_week = week_start(working_days.today())
    try:
        shown = week_start(date.fromisoformat(request.GET.get("week", "")))
    except ValueError:
        shown = this_week
    # The weeks before and after, which the page links to, must be dates too: at either end of the calendar
    # they are not, and no inspection is there.
    if not date.min + week <= shown <= date.max - week:
        shown = this_week
    (board_week,) = board(shown, 1)
    weeks_ahead = [this_week + week * number for number in range(settings.FAIRINSPECT["BOARD_WEEKS"])]
    return render(
        request,
        "inspections/board.html",
        {
            "page_title": "Inspections by week",
            "calls": calls_to_make(),
            "decisions": [(item, is_overdue(item)) for item in decisions_due()],
            # Pauses are listed apart from the weeks: a pause that began in an earlier week still needs a decision.
            "pauses": pauses_needing_decision(),
            "week": board_week,
            "weeks_ahead": weeks_ahead,
            "previous_week": shown - week,
            "next_week": shown + week,
        },
    )


@login_required
def mine(request):
    """A school user's or an inspector's own inspections, today's and those ahead first."""
    page = paginate(request, own_inspections(request.user), 20)
    return render(
        request,
        "inspections/mine.html",
        {"page_title": "Your inspections", "page": page, "pagination": pagination_params(request, page)},
    )


@allowed_if(SEE_EVERY_INSPECTION)
def pauses_page(request):
    """The pauses a duty decision-maker must act on: to confirm, overdue, or left open by a lifted halt."""
    return render(
        request,
        "inspections/pauses.html",
        {
            "page_title": "Pauses to decide",
            "pauses": pauses_needing_decision(),
            "max_working_days": settings.FAIRINSPECT["PAUSE_MAX_WORKING_DAYS"],
        },
    )


@allowed_if(MANAGE_DEFERRALS)
def deferral_queue_page(request):
    requests = list(deferral_queue())
    return render(
        request,
        "inspections/deferral_queue.html",
        {
            "page_title": "Requests to defer",
            "requests": [(item, is_overdue(item)) for item in requests],
            "today": working_days.today(),
        },
    )


# One inspection.


@login_required
def detail(request, pk: int):
    inspection = _visible(request, pk)
    halt = active_halt()
    pauses = list(inspection.pauses.select_related("requested_by", "confirmed_by").all())
    context = {
        "inspection": inspection,
        "actions": allowed_actions(request.user, inspection, halt),
        "team": list(team_of(inspection)),
        "deferral_requests": list(inspection.deferral_requests.select_related("requested_by", "decided_by")),
        "pauses": pauses,
        "time_on_site": days_on_site(inspection, pauses, working_days.now()),
        "halt": halt,
        "pages": pages_about(request.user, inspection),
    }
    if inspection.as_school:
        return render(
            request,
            "inspections/school_detail.html",
            {
                "page_title": f"Your inspection: {inspection.school.name}",
                "support_helpline": settings.FAIRINSPECT["SUPPORT_HELPLINE"],
                "promised_decision": promised_decision,
                **context,
            },
        )
    context["history"] = history_of(inspection)
    context["what_happens_next"] = what_happens_next(inspection)
    context["reads_pause_notes"] = reads_pause_notes(request.user, inspection)
    return render(request, "inspections/detail.html", {"page_title": f"Inspection of {inspection.school.name}", **context})


@allowed_if(PLAN_INSPECTIONS)
@require_http_methods(["GET", "POST"])
def plan(request):
    form = forms.PlanForm(request.POST if request.method == "POST" else None)
    status: int | None = 200
    created = []
    if request.method == "POST":
        status = submit(form, lambda data: created.append(services.plan_inspection(actor=request.user, **data)))
        if status is None:
            messages.success(request, "The inspection is planned. Now put a team on it.")
            return redirect("inspections:assign", created[0].pk)
    return render(request, "inspections/plan.html", {"page_title": "Plan an inspection", "form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def assign(request, pk: int):
    inspection = _visible(request, pk)
    problem = permission_refusal(request.user, Action.ASSIGN, inspection)
    if problem:
        raise PermissionDenied(problem)
    form = forms.AssignForm(request.POST if request.method == "POST" else None, inspection=inspection)
    status: int | None = 200
    if request.method == "POST":
        status = submit(
            form,
            lambda data: services.assign_inspector(
                actor=request.user, inspection=inspection, inspector=data["inspector"], as_lead=data["as_lead"]
            ),
        )
        if status is None:
            messages.success(request, f"{form.cleaned_data['inspector'].name} is on the team.")
            return redirect("inspections:assign", inspection.pk)
    return render(
        request,
        "inspections/assign.html",
        {
            "page_title": f"Team for the inspection of {inspection.school.name}",
            "inspection": inspection,
            "form": form,
            "team": list(team_of(inspection)),
            "eligible": eligible_team(inspection),
        },
        status=status,
    )


@login_required
@require_POST
def unassign(request, pk: int, inspector_pk: int):
    inspection = _visible(request, pk)
    inspector = get_object_or_404(Inspector.objects.select_related("user"), pk=inspector_pk)
    try:
        services.unassign_inspector(actor=request.user, inspection=inspection, inspector=inspector)
    except NotPermitted as error:
        raise PermissionDenied(error.message) from None
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"{inspector.name} is no longer on the team.")
    return redirect("inspections:assign", inspection.pk)


@login_required
@require_http_methods(["GET", "POST"])
def decide_deferral(request, request_pk: int):
    deferral = get_object_or_404(
        DeferralRequest.objects.filter(inspection__in=inspections_visible_to(request.user)), pk=request_pk
    )
    inspection = _visible(request, deferral.inspection_id)
    page = ActionPage(
        Action.DECIDE_DEFERRAL, forms.DecisionForm,
        lambda user, inspection, data: services.decide_deferral(
            actor=user, request=deferral, grant=data["decision"] == "grant", reason=data["reason"]
        ),
        title=f"Decide: {inspection.school.name} asks to defer",
        button="Send the decision",
        done="Your decision has been sent to the school.",
        intro=f"{deferral.get_ground_display()}: “{deferral.details}” Decide by {govuk_date(deferral.decide_by)}.",
    )
    return _action_page(request, inspection, page)


# Standing offers and national halts.


@allowed_if(MANAGE_DEFERRALS)
@require_http_methods(["GET", "POST"])
def offers(request):
    return change_page(
        request, forms.BlanketOfferForm, lambda data: services.create_blanket_offer(actor=request.user, **data),
        done="The standing offer is in place.", back=reverse("inspections:offers"), template="inspections/offers.html",
        page_title="Standing offers to defer", offers=list(blanket_offers()), today=working_days.today(),
    )  # fmt: skip


@allowed_if(MANAGE_DEFERRALS)
@require_POST
def withdraw_offer(request, pk: int):
    offer = get_object_or_404(blanket_offers(), pk=pk)
    try:
        services.withdraw_blanket_offer(actor=request.user, offer=offer)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "The standing offer is withdrawn.")
    return redirect("inspections:offers")


# Halting and lifting are separate requests, each calling only its own service: a second click on "Halt all
# inspections" is refused as a halt already in force, and never lifts it.


def _halt_page(request, change: Callable | None = None, done: str = ""):
    sent = forms.HaltForm(request.POST if change else None)
    status: int | None = 200
    if change:
        status = submit(sent, lambda data: change(actor=request.user, reason=data["reason"]))
        if status is None:
            messages.success(request, done)
            return redirect("inspections:halt")
    # Refused because a halt has just begun or ended (by a second click, or another administrator), the page
    # shows what can be done now with an empty form, so the reason typed for the other action is not reused.
    form = forms.HaltForm() if status == WrongState.status else sent
    return render(
        request,
        "inspections/halt.html",
        {
            "page_title": "National halt of inspections",
            "form": form,
            "errors": error_summary_params(sent),
            "current": active_halt(),
            "in_progress": inspections_in_progress().count(),
        },
        status=status,
    )


@login_required
def halt_notice(request):
    """The reason for the halt in force, in full, for everyone signed in (the banner on every page links here)."""
    return render(request, "inspections/halt_notice.html", {"page_title": "Why inspections are halted", "current": active_halt()})


@allowed_if(HALT_INSPECTIONS)
@require_http_methods(["GET", "POST"])
def national_halt(request):
    if request.method == "GET":
        return _halt_page(request)
    return _halt_page(request, services.halt_inspections, "Inspections are halted.")


@allowed_if(HALT_INSPECTIONS)
@require_POST
def lift_halt(request):
    return _halt_page(request, services.lift_halt, "The halt is lifted. Nothing resumes by itself.")
