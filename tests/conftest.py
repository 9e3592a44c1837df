from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from fairinspect.accounts.roles import Role
from fairinspect.core import working_days
from fairinspect.frameworks.models import Framework
from fairinspect.frameworks.services import load_frameworks
from tests import factories


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database starts with the shipped frameworks loaded."""
    with django_db_blocker.unblock():
        load_frameworks()


@pytest.fixture(scope="session", autouse=True)
def flush_may_empty_the_audit_trail():
    """On SQLite, the database refuses to delete audit events unless `audit_flush_permit` holds a row (migration
    audit 0003). Django's flush empties tables with DELETE between transactional tests, so the permit is granted
    and revoked around it, in the flush's own transaction: no test ever runs while it exists."""
    from django.db import connection

    if connection.vendor != "sqlite":  # PostgreSQL's flush is a TRUNCATE, which its row triggers do not see
        yield
        return
    operations = type(connection.ops)
    flush = operations.execute_sql_flush

    def execute_sql_flush_with_permit(self, sql_list):
        flush(self, ["INSERT INTO audit_flush_permit VALUES (1)", *sql_list, "DELETE FROM audit_flush_permit"])

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(operations, "execute_sql_flush", execute_sql_flush_with_permit)
        yield


@pytest.fixture
def frameworks(db):
    """The shipped frameworks (loaded again if a transactional test emptied the database)."""
    if not Framework.objects.exists():
        load_frameworks()
    return {framework.code: framework for framework in Framework.objects.all()}


@pytest.fixture
def make_school(db):
    return factories.make_school


@pytest.fixture
def make_user(db):
    return factories.make_user


@pytest.fixture
def users_by_role(db):
    """One signed-in-able user per role (the school user belongs to a school of their own)."""
    return {role: factories.make_user(role) for role in Role}


# A Monday with no bank holiday near it: inspection tests read the same whatever day they run.
A_MONDAY = date(2026, 3, 2)


class Clock:
    """The time the services see (`fairinspect.core.working_days.now`), which a test sets and moves."""

    def __init__(self, monkeypatch):
        self.now = datetime.combine(A_MONDAY, time(9), ZoneInfo("Europe/London"))
        monkeypatch.setattr(working_days, "now", lambda: self.now)

    @property
    def today(self) -> date:
        return self.now.date()

    def set(self, day: date, at: time = time(9)) -> None:
        self.now = datetime.combine(day, at, ZoneInfo("Europe/London"))

    def advance(self, **delta) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch):
    """Services' clock, set to 9am on A_MONDAY."""
    return Clock(monkeypatch)


@pytest.fixture
def make_inspection(db, clock, frameworks):
    """An inspection walked through the real services to `state`, starting the next working day, with a lead.

    Walking to on_site or paused moves the clock to the first day on site. Returns the inspection as stored.
    """
    from fairinspect.inspections import services
    from fairinspect.inspections.models import DeferralGround, Inspection, Kind, PauseGround, State

    def build(state=State.PLANNED, *, school=None, lead=None, kind=Kind.FULL, framework=None, scheduler=None):
        scheduler = scheduler or factories.make_user(Role.SCHEDULER)
        framework = frameworks[framework or ("visit-2020" if kind == Kind.VISIT else "report-card-2025")]
        inspection = services.plan_inspection(
            actor=scheduler,
            school=school or factories.make_school(),
            framework=framework,
            kind=kind,
            starts_on=working_days.next_working_day(clock.today),
        )
        lead = lead or factories.make_inspector()
        services.assign_inspector(actor=scheduler, inspection=inspection, inspector=lead, as_lead=True)
        if state == State.CANCELLED:
            services.cancel_inspection(actor=scheduler, inspection=inspection, reason="The school is closing.")
        if state in (State.PLANNED, State.CANCELLED):
            return Inspection.objects.get(pk=inspection.pk)
        services.notify_school(actor=scheduler, inspection=inspection)
        if state == State.DEFERRED:
            school_user = factories.make_user(Role.SCHOOL_USER, school=inspection.school)
            request = services.request_deferral(
                actor=school_user, inspection=inspection, ground=DeferralGround.BUILDING_WORK, details="A new roof."
            )
            services.decide_deferral(actor=scheduler, request=request, grant=True, reason="The roof is being replaced.")
        if state in (State.NOTIFIED, State.DEFERRED):
            return Inspection.objects.get(pk=inspection.pk)
        clock.set(inspection.starts_on)
        services.start_inspection(actor=lead.user, inspection=inspection)
        if state == State.PAUSED:
            services.pause_inspection(actor=lead.user, inspection=inspection, ground=PauseGround.OTHER)
        return Inspection.objects.get(pk=inspection.pk)

    return build


def pytest_collection_modifyitems(config, items):
    """Tests marked postgres_only (row locks, real concurrency) run only in the PostgreSQL pass; those marked
    sqlite_pass_only (the URL × role matrix's refusals, the benchmarks' quick runs, the demo at odd moments) only in
    the SQLite pass, as running them again would prove nothing new and would take CI past its time."""
    from django.conf import settings

    on_postgres = "postgresql" in settings.DATABASES["default"]["ENGINE"]
    marker = "sqlite_pass_only" if on_postgres else "postgres_only"
    deselected = [item for item in items if item.get_closest_marker(marker)]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if not item.get_closest_marker(marker)]
