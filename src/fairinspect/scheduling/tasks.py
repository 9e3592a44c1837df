"""The planner in the background: a run the pages or the API ask for is run by the task worker (`db_worker`), so
that no request waits for the solver."""

from django.tasks import task

from fairinspect.scheduling.models import PlanRun


@task
def run_plan_task(run_id: int) -> str:
    # The planner records what it does through the services, which queue this task: imported when it runs.
    from fairinspect.scheduling.planner import run_plan

    return run_plan(PlanRun.objects.get(pk=run_id)).status
