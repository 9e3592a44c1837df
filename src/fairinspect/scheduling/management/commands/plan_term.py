from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from fairinspect.core.errors import DomainError
from fairinspect.scheduling import planner, selectors, services
from fairinspect.scheduling.models import RunStatus


class Command(BaseCommand):
    help = (
        "Plan a term's inspections: who is due, a week for each and its team, for the scheduling team to review on "
        "the plan's page. TERM is the term's code in the term calendar, e.g. summer-2027."
    )

    def add_arguments(self, parser):
        parser.add_argument("term", help="The term's code, e.g. summer-2027.")
        parser.add_argument("--by", metavar="USERNAME", help="The scheduler asking for it (the command line by default).")
        parser.add_argument("--no-progress", action="store_true", help="Do not draw a progress bar.")

    def handle(self, *args, term: str, by: str | None, no_progress: bool, **options):
        actor = None
        if by:
            actor = get_user_model().objects.filter(username=by).first()
            if actor is None:
                raise CommandError(f"No account has the username {by!r}")
        try:
            run = services.request_plan(actor=actor, term=term)
        except DomainError as error:
            raise CommandError(error.message) from None
        # One step of the bar for each stage of the run, the stage's latest news beside it.
        bar = tqdm(total=len(planner.STAGES), unit=" stages", disable=True if no_progress else None)

        def progress(stage: str, detail: str) -> None:
            bar.n = planner.STAGES.index(stage)
            bar.set_description(stage)
            bar.set_postfix_str(detail[:70])

        try:
            run = planner.run_plan(run, progress)
        finally:
            bar.n = bar.total
            bar.close()
        if run.status != RunStatus.FINISHED:
            raise CommandError(f"The planner could not finish: {run.failure}")
        plan = run.plan
        self.stdout.write(
            f"Plan {plan.pk} of {plan.term}: {plan.inspections.count():,} inspections, {run.unstaffed} short of a team; "
            f"price {run.cost:,.0f} against {run.greedy_cost:,.0f} for a nearest-available plan; proven bound "
            f"{run.bound:,.0f} (gap {run.gap:.2%}); {run.seconds:.1f} s"
            + (f"; {plan.beyond_capacity:,} more due than the term's inspectors can take" if plan.beyond_capacity else "")
        )
        for row in selectors.short_in(plan):
            for item in row.shortfall:
                self.stdout.write(f"  {row.school.name}, {row.starts_on}: {selectors.shortfall_in_words(item, row.school)}")
        self.stdout.write(self.style.SUCCESS(f"Review it at /plans/{plan.pk}/"))
