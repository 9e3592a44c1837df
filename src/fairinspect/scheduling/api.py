"""Plans of a term's inspections over JSON, for those who plan inspections: ask for a plan (the planner runs as a
background task) and poll it until its run has finished; run it again around its pins."""

from datetime import date, datetime

from django.http import Http404
from django.tasks.exceptions import TaskResultDoesNotExist
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate
from ninja.security import django_auth

from fairinspect.accounts.decorators import api_requires
from fairinspect.accounts.permissions import PLAN_INSPECTIONS
from fairinspect.scheduling import selectors, services
from fairinspect.scheduling.models import Plan, PlanRun, PlanStatus, Purpose, RunStatus
from fairinspect.scheduling.tasks import run_plan_task
from fairinspect.web.api_errors import CHANGE_ERROR_RESPONSES, SIGNED_IN_ERROR_RESPONSES
from fairinspect.web.api_inputs import Pages, Text

router = Router(tags=["plans"], auth=django_auth)


class RunOut(Schema):
    id: int
    status: RunStatus
    task_status: str | None = Field(
        description="What the task worker says of the background task running it (READY, RUNNING, SUCCESSFUL, "
        "FAILED), when the task backend can tell; the run's own status says the same in the service's words."
    )
    requested_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    seconds: float | None
    cost: float | None = Field(description="The plan's price, in km of travel with fairness and team fit priced in.")
    greedy_cost: float | None = Field(description="The price of a nearest-available plan of the same inspections.")
    bound: float | None = Field(description="No plan of these inspections can cost less: the solver proved it.")
    gap: float | None = Field(description="How far the price may be above the best possible, as a share of it.")
    travel_km: float | None
    unstaffed: int | None = Field(description="Inspections the plan leaves short of a team.")
    failure: str

    @staticmethod
    def resolve_task_status(run: PlanRun) -> str | None:
        if not run.task_id or not run_plan_task.get_backend().supports_get_result:
            return None
        try:
            return str(run_plan_task.get_result(run.task_id).status)
        except TaskResultDoesNotExist:  # the worker's results were pruned since
            return None


class PlanSummary(Schema):
    id: int
    term: str
    purpose: Purpose
    status: PlanStatus
    created_at: datetime
    approved_at: datetime | None


class PlanOut(PlanSummary):
    inspections: int = Field(description="Inspections it plans (once its first run has finished).")
    first_day: date | None
    runs: list[RunOut] = Field(description="Its runs, the latest first.")

    @staticmethod
    def resolve_inspections(plan: Plan) -> int:
        return plan.inspections.count()

    @staticmethod
    def resolve_first_day(plan: Plan) -> date | None:
        return plan.inspections.order_by("starts_on").values_list("starts_on", flat=True).first()

    @staticmethod
    def resolve_runs(plan: Plan) -> list[PlanRun]:
        return list(plan.runs.order_by("-requested_at", "-pk"))


class PlanIn(Schema):
    term: Text = Field(description="The term's code in the term calendar, e.g. summer-2027.")


def _plan(plan_id: int) -> Plan:
    plan = selectors.plans().filter(pk=plan_id).first()
    if plan is None:
        raise Http404(f"No plan {plan_id}")
    return plan


@router.get("/plans", response={200: list[PlanSummary], **SIGNED_IN_ERROR_RESPONSES}, url_name="plans")
@api_requires(PLAN_INSPECTIONS, "see plans")
@paginate(Pages, page_size=20)
def list_plans(request):
    return selectors.plans()


@router.post("/plans", response={202: PlanOut, **CHANGE_ERROR_RESPONSES}, url_name="plans")
@api_requires(PLAN_INSPECTIONS, "plan a term's inspections")
def plan_term(request, data: PlanIn):
    """Ask for a plan of a term: 202 at once, the planner running in the background. Poll the plan until its
    latest run is `finished` (or `failed`, saying why)."""
    run = services.request_plan(actor=request.user, term=data.term, in_background=True)
    return Status(202, _plan(run.plan_id))


@router.get("/plans/{plan_id}", response={200: PlanOut, **SIGNED_IN_ERROR_RESPONSES}, url_name="plan")
@api_requires(PLAN_INSPECTIONS, "see plans")
def plan_detail(request, plan_id: int):
    return _plan(plan_id)


@router.post("/plans/{plan_id}/runs", response={202: PlanOut, **CHANGE_ERROR_RESPONSES}, url_name="plan-runs")
@api_requires(PLAN_INSPECTIONS, "plan inspections")
def run_again(request, plan_id: int):
    """Run the planner again for a plan ready to review, keeping its pinned places."""
    services.request_run(actor=request.user, plan=_plan(plan_id), in_background=True)
    return Status(202, _plan(plan_id))
