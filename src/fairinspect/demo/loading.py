"""Building the demo: a realistic registry, workforce and inspections, every row made by the apps' own
imports and services, as the people in the demo would have made them, so the audit trail has every step and
its chain verifies. Generated data comes from the seed: the same seed on the same day gives the same data,
but for the times of the day's own steps, which are never later than the time it loads.

Each step is a public service with a transaction of its own, as in real use (none is nested in another, so
none holds the audit chain's lock for longer than its own decision). A load is complete once its last step
records that it is (`DemoEvent.LOADED`); a database holding an unfinished load (an interrupted `make demo`) is
refused, and `fairinspect demo` wipes such an SQLite database and loads again.
"""

import random
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connections, models
from django.db.models import Count
from django.test import override_settings

from fairinspect.audit.models import AuditEvent
from fairinspect.audit.services import public_service, record_event
from fairinspect.core.formatting import count
from fairinspect.complaints.models import Complaint, Concern
from fairinspect.demo import people
from fairinspect.demo.clock import WalkingClock, services_clock, walked_until
from fairinspect.demo.complaints import Staff, walk_complaints
from fairinspect.demo.errors import DemoRefused
from fairinspect.demo.figures import SURVEY_SINCE, make_figures, survey_schools
from fairinspect.demo.inspections import Cast, on_site_span, walk_inspections
from fairinspect.demo.leads import walk_leads_year
from fairinspect.demo.planning import plan_next_term
from fairinspect.demo.registry import load_registry, real_urns
from fairinspect.demo.reported import ReportingWalk
from fairinspect.demo.workforce import build_workforce, graded_frameworks_in_force
from fairinspect.inspections.models import Inspection, State
from fairinspect.outcomes.models import HistoricOutcome
from fairinspect.reports.models import ReportVersion
from fairinspect.reports.tasks import make_report_pdf
from fairinspect.schools.models import School
from fairinspect.workforce.models import Inspector

DEFAULT_SEED = 2026
# Establishments as a GIAS export lists them, about half of them open: a few thousand open schools.
DEFAULT_SCHOOLS = 6000
FEWEST_SCHOOLS = 150
BACKGROUND_PRIORITY = -10


class DemoEvent(models.TextChoices):
    LOADED = "demo.loaded", "Demo data loaded"


def is_loaded() -> bool:
    """Whether a load of the demo finished in this database."""
    return AuditEvent.objects.filter(action=DemoEvent.LOADED).exists()


def is_partly_loaded() -> bool:
    """Whether a load of the demo began here and did not finish: its people are here, but not its last step."""
    return people.are_here() and not is_loaded()


@public_service
def record_loaded(*, seed: int, schools: int, today: date) -> None:
    """The demo's last step: its load is complete."""
    record_event(
        actor=None, actor_label="system:demo", action=DemoEvent.LOADED, object_type="demo", object_id=seed,
        after={"seed": seed, "schools": schools, "built_for": today},
    )  # fmt: skip


def _refuse_unless_empty() -> None:
    if is_partly_loaded():
        raise DemoRefused(
            "An earlier load of the demo into this database did not finish. Use --fresh to start again from an "
            "empty SQLite database, or point DATABASE_URL at a new, empty PostgreSQL database."
        )
    if School.objects.exists() or get_user_model().objects.exists():
        raise DemoRefused(
            "This database already has schools or accounts that the demo did not load, and the demo will not mix "
            "made-up data with them. Point DATABASE_URL at another database, or use --fresh to start again "
            "from an empty one."
        )


def load_demo(
    *,
    seed: int,
    schools: int,
    now: datetime,
    report: Callable[[str], None] = lambda line: None,
    busy: int = 0,
    board: bool = True,
) -> None:
    """Load the demo into an empty database (with the frameworks loaded) at `now`, the real time: as of the
    demo's today (`clock.demo_date`), with no step later than the served clock reads from then on.

    `schools` is how many establishments to generate, open and closed as GIAS lists them; the real
    schools of the shipped extract come on top. `report` is told what each step did. `busy` and `board` are
    for load tests (`inspections.walk_inspections`): without the board, no term is planned either (at national
    size the weeks ahead take most of the loading time).
    """
    if schools < FEWEST_SCHOOLS:
        raise DemoRefused(f"The demo needs at least {FEWEST_SCHOOLS} schools to give every page something to show.")
    _refuse_unless_empty()
    clock = WalkingClock(walked_until(now))
    today = clock.today
    with (
        tempfile.TemporaryDirectory() as directory,
        services_clock(clock),
        # The emails of the walked history belong to days that have passed: they are kept, not sent.
        override_settings(TASKS={"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}),
    ):
        registry = load_registry(Path(directory), seed=seed, count=schools, today=today)
        outcomes = sum(summary.created for summary in registry.outcomes)
        report(
            f"Registry: {registry.real_schools.created} real and {registry.generated_schools.created:,} generated "
            f"establishments, {outcomes:,} published inspections, {registry.links.created:,} predecessor links."
        )
        accounts = {account: people.create_account(account) for account in people.STAFF}
        build_workforce(
            Path(directory), rng=random.Random(f"{seed}:workforce"), admin=accounts[people.ADMINISTRATOR], today=today,
            inspected_under=list(graded_frameworks_in_force(*on_site_span(today))),
        )  # fmt: skip
        report(f"Workforce: {Inspector.objects.count():,} inspectors with their training, availability and conflicts.")
        cast = Cast(
            scheduler=accounts[people.SCHEDULER],
            duty_decision_maker=accounts[people.DUTY_DECISION_MAKER],
            lead_inspector=Inspector.objects.get(user=accounts[people.LEAD_INSPECTOR]),
        )
        walk_inspections(
            clock=clock, rng=random.Random(f"{seed}:inspections"), cast=cast, today=today, busy=busy, board=board
        )
        report(f"Inspections: {Inspection.objects.count():,} walked through the lifecycle to where they are today.")
        staff = Staff(
            duty_decision_maker=accounts[people.DUTY_DECISION_MAKER], quality_assurer=accounts[people.QUALITY_ASSURER],
            complaints_officer=accounts[people.COMPLAINTS_OFFICER], administrator=accounts[people.ADMINISTRATOR],
        )  # fmt: skip
        walk_complaints(clock=clock, rng=random.Random(f"{seed}:complaints"), cast=cast, today=today, staff=staff)
        report(
            f"Concerns and complaints: {Concern.objects.count()} concerns, {Complaint.objects.count()} complaints at "
            "every stage, and a learning review with its published summary."
        )
        year = walk_leads_year(
            ReportingWalk(
                clock=clock, rng=random.Random(f"{seed}:leads"), cast=cast, today=today,
                quality_assurer=accounts[people.QUALITY_ASSURER],
            )
        )  # fmt: skip
        report(
            f"Lead inspectors' year: {count(year.published, 'report card')} published by {count(year.leads, 'lead')}"
            + (", one grading lower than most and one higher." if year.leads >= 2 else ".")
        )
        if board:
            run = plan_next_term(scheduler=cast.scheduler, today=today)
            report(
                f"Plan of the {run.plan.term_name}: {run.plan.inspections.count():,} inspections, "
                f"{count(run.unstaffed or 0, 'inspection')} short of a team, ready to review ({run.seconds:.1f} s)."
            )
        invited, answered = survey_schools(
            clock=clock, rng=random.Random(f"{seed}:survey"), since=today - SURVEY_SINCE
        )
        report(f"Impact survey: {invited:,} schools invited after publication, {answered:,} answered.")
        report(f"Analytics: figures made from {make_figures(clock=clock, today=today):,} published inspections.")
        record_loaded(seed=seed, schools=schools, today=today)
    # The walked history's tasks were kept, not run (above), but its report cards' PDFs are for reading now: the
    # worker the demo serves beside it makes them, after the emails of anything done in the demo meanwhile.
    in_the_background = make_report_pdf.using(priority=BACKGROUND_PRIORITY)
    for version_id in ReportVersion.objects.filter(pdf="").values_list("pk", flat=True):
        in_the_background.enqueue(version_id)


@dataclass(frozen=True)
class DemoSummary:
    schools: int
    open_schools: int
    real_schools: int
    published_inspections: int
    inspectors: int
    inspections_by_state: dict[str, int]

    def __str__(self):
        states = ", ".join(f"{count:,} {label.lower()}" for label, count in self.inspections_by_state.items())
        return (
            f"{self.schools:,} schools ({self.open_schools:,} open, {self.real_schools} of them real), "
            f"{self.published_inspections:,} published inspections, {self.inspectors:,} inspectors, "
            f"and {sum(self.inspections_by_state.values()):,} inspections: {states}."
        )


def summary() -> DemoSummary:
    counts = dict(Inspection.objects.values_list("state").annotate(count=Count("pk")))
    return DemoSummary(
        schools=School.objects.count(),
        open_schools=School.objects.open().count(),
        real_schools=School.objects.filter(urn__in=real_urns()).count(),
        published_inspections=HistoricOutcome.objects.count(),
        inspectors=Inspector.objects.count(),
        inspections_by_state={state.label: counts[state.value] for state in State if state.value in counts},
    )


def loaded_for() -> date:
    """The day the demo's data was built for (its inspections are due, notified and on site that day)."""
    loaded = AuditEvent.objects.get(action=DemoEvent.LOADED).after
    assert loaded is not None  # the loader records the day it built for
    return date.fromisoformat(loaded["built_for"])


def is_sqlite() -> bool:
    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"


def wipe_database() -> None:
    """Delete the demo's SQLite database file, to start again. A PostgreSQL database is never wiped: its
    audit trail refuses deletion, by design, so a fresh demo there needs a new, empty database."""
    database = settings.DATABASES["default"]
    if not is_sqlite():
        raise DemoRefused(
            "--fresh wipes only an SQLite demo database. For PostgreSQL, create a new, empty database and "
            "point DATABASE_URL at it."
        )
    connections.close_all()
    path = Path(database["NAME"])
    for leftover in (path, *(path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal"))):
        leftover.unlink(missing_ok=True)
