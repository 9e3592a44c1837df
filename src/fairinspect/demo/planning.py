"""The demo's plan of the next term, asked for by its scheduler and run as the planner's background task runs it,
so that a newcomer finds the term's inspections ready to review: who is due, their weeks and teams, and the few
that, as happens, no one the rules allow can staff, each with why."""

from datetime import date

from fairinspect.scheduling import planner
from fairinspect.scheduling.calendar import next_term
from fairinspect.scheduling.models import PlanRun
from fairinspect.scheduling.services import request_plan


def plan_next_term(*, scheduler, today: date) -> PlanRun:
    run = request_plan(actor=scheduler, term=next_term(today).code)
    return planner.run_plan(run)
