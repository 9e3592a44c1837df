"""The JSON API fuzzed against its own OpenAPI description with schemathesis: whatever a client sends, valid or
not, no endpoint answers 5xx, and every answer (status, content type, body) is one the description promises.

Requests go in-process to Django's WSGI handler, through the whole middleware stack, as a client's would.
Examples are few per operation, so this stays quick; every run draws new ones.
"""

import pytest
import schemathesis
from schemathesis.pytest.plugin import SchemathesisFunction
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client, override_settings
from hypothesis import HealthCheck, settings as hypothesis_settings, strategies as st

from fairinspect.accounts.roles import Role
from fairinspect.analytics.figure_tables import FIGURE_TABLES
from fairinspect.complaints.models import Complaint, Concern
from fairinspect.evidence.models import EvidenceRecord
from fairinspect.frameworks.models import Area
from fairinspect.inspections import services
from fairinspect.inspections.models import BlanketDeferralOffer, DeferralGround, DeferralRequest, Inspection, State
from fairinspect.reports.models import Report, ReportVersion
from fairinspect.scheduling import services as scheduling_services
from fairinspect.scheduling.models import Plan
from fairinspect.schools.models import School
from fairinspect.workforce import services as workforce_services
from fairinspect.workforce.models import DeclaredConflict, Inspector, SchoolWorkedAt, TrainingRecord, Unavailability
from tests import factories
from tests.reports.walk import walk_to
from tests.transactions import rolled_back

# schemathesis's in-process client calls itself localhost, a host the production settings do not allow.
HOST = "localhost"

with override_settings(ALLOWED_HOSTS=[HOST]):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler())

FUZZING = hypothesis_settings(
    max_examples=20,
    deadline=None,
    database=None,
    # The database fixture is set up once per operation, not per example, on purpose: examples share the data.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_process_requests(settings):
    """Requests straight to the WSGI handler, inside the test's database transaction."""
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, HOST]
    # Django closes the database connection when a request finishes, which would end the test's transaction
    # (on PostgreSQL; SQLite's in-memory database is never closed). Django's test client keeps it open the same way.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@FUZZING
def test_anonymous_requests_to_every_operation(case):
    # schemathesis sends a made-up session cookie for the operations that need one: no one is signed in.
    case.call_and_validate()


def test_every_case_can_be_rerun_by_its_own_id(request):
    """Each operation's case has a test id of its own (`test_…[GET /api/v1/schools]`) and is found by it, so that a
    failing one can be run again alone, and the suite's progress counts every case (tests/api/conftest.py)."""
    module = request.node.getparent(pytest.Module)
    cases = [item for item in module.collect() if isinstance(item, SchemathesisFunction)]
    ids = [case.nodeid for case in cases]
    assert {case.originalname for case in cases} == {
        "test_anonymous_requests_to_every_operation", "test_a_signed_in_scheduler_reading_real_objects",
        "test_a_signed_in_scheduler_changing_real_objects",
    }  # fmt: skip
    shared = sorted({nodeid for nodeid in ids if ids.count(nodeid) > 1})
    assert not shared, f"these ids are shared by several cases: {shared}"
    assert all(case.nodeid == f"{module.nodeid}::{case.name}" for case in cases)


# Where the objects each path parameter names are, so that some requests name real ones.
REAL_OBJECTS = {
    "inspection_id": lambda: Inspection.objects.values_list("pk", flat=True),
    "request_id": lambda: DeferralRequest.objects.values_list("pk", flat=True),
    "offer_id": lambda: BlanketDeferralOffer.objects.values_list("pk", flat=True),
    "inspector_id": lambda: Inspector.objects.values_list("pk", flat=True),
    "training_id": lambda: TrainingRecord.objects.values_list("pk", flat=True),
    "unavailability_id": lambda: Unavailability.objects.values_list("pk", flat=True),
    "conflict_id": lambda: DeclaredConflict.objects.values_list("pk", flat=True),
    "school_worked_at_id": lambda: SchoolWorkedAt.objects.values_list("pk", flat=True),
    "urn": lambda: School.objects.values_list("urn", flat=True),
    "plan_id": lambda: Plan.objects.values_list("pk", flat=True),
    "concern_id": lambda: Concern.objects.values_list("pk", flat=True),
    "complaint_id": lambda: Complaint.objects.values_list("pk", flat=True),
    "record_id": lambda: EvidenceRecord.objects.values_list("pk", flat=True),
    "area_code": lambda: Area.objects.values_list("code", flat=True),
    "inspection_number": lambda: Report.objects.values_list("inspection_number", flat=True),
    "number": lambda: ReportVersion.objects.values_list("number", flat=True),
    "name": lambda: list(FIGURE_TABLES),
}


def test_every_path_parameter_can_name_a_real_object():
    names = {
        parameter["name"]
        for path in schema.raw_schema["paths"].values()
        for operation in path.values()
        for parameter in operation.get("parameters", [])
        if parameter["in"] == "path"
    }
    assert names == set(REAL_OBJECTS), "say in REAL_OBJECTS where the objects a new path parameter names are"


def flatmap_path_parameters(context, path_parameters):
    """The generated path parameters, or the same with each replaced by a real object's: ids drawn at random
    almost never name one, and then only the 404s would be checked, never a real object's body."""
    real = {name: sorted(REAL_OBJECTS[name]()) for name in path_parameters or {} if name in REAL_OBJECTS}
    if not real or not all(real.values()):
        return st.just(path_parameters)
    return st.one_of(
        st.just(path_parameters),
        st.fixed_dictionaries({**{name: st.just(value) for name, value in path_parameters.items()},
                               **{name: st.sampled_from(ids) for name, ids in real.items()}}),
    )


SCHEDULER = "fuzzing.scheduler"


@pytest.fixture
def lifecycle(clock, make_inspection):
    """The scheduler SCHEDULER, with inspections in every state the lifecycle reaches so far, a request to defer,
    a standing offer, active and withdrawn inspectors (one with a record of each kind), a school's published
    history and a published report card."""
    scheduler = factories.make_user(Role.SCHEDULER, username=SCHEDULER)
    for state in (State.PLANNED, State.CANCELLED, State.DEFERRED):
        make_inspection(state, scheduler=scheduler)
    notified = make_inspection(State.NOTIFIED, scheduler=scheduler)
    services.request_deferral(
        actor=factories.make_user(Role.SCHOOL_USER, school=notified.school), inspection=notified,
        ground=DeferralGround.HEADTEACHER_ABSENT, details="The headteacher is in hospital.",
    )
    make_inspection(State.ON_SITE, scheduler=scheduler)
    make_inspection(State.PAUSED, scheduler=scheduler)
    services.create_blanket_offer(
        actor=scheduler, ground=DeferralGround.BLANKET_OFFER, starts_on=clock.today, ends_on=clock.today,
        description="Every request is granted today.",
    )
    workforce_services.withdraw_inspector(actor=scheduler, inspector=factories.make_inspector(), reason="Stepping back.")
    kept = factories.make_inspector()
    workforce_services.add_unavailability(actor=scheduler, inspector=kept, starts_on=clock.today, ends_on=clock.today)
    workforce_services.declare_conflict(
        actor=scheduler, inspector=kept, school=School.objects.first(), reason="A governor."
    )
    workforce_services.record_school_worked_at(
        actor=scheduler, inspector=kept, school=School.objects.first(), started_on=clock.today
    )
    factories.make_historic_outcome(
        School.objects.first(), "report-card-2025", safeguarding="met", grades={"inclusion": "strong-standard"}
    )
    walk_to(make_inspection(State.ON_SITE, scheduler=scheduler), "published")
    scheduling_services.request_plan(actor=scheduler, term="summer-2026")
    return scheduler


# schemathesis builds some requests (the coverage phase's) while collecting tests, before there is a database,
# so the scheduler's session has a key known in advance.
SCHEDULER_SESSION = "fuzzingschedulersession"


@pytest.fixture
def scheduler_session(lifecycle):
    """SCHEDULER signed in: the session Django's login() made, as the sign-in form would, kept under the
    known key."""
    client = Client()
    client.force_login(get_user_model().objects.get(username=SCHEDULER))
    Session.objects.filter(session_key=client.cookies[settings.SESSION_COOKIE_NAME].value).update(
        session_key=SCHEDULER_SESSION
    )


class SchedulerSession:
    """schemathesis's own authentication, so that it knows which requests carry the session, and checks that
    the ones it sends without it, or with a made-up one, are refused."""

    def get(self, case, context):
        return SCHEDULER_SESSION

    def set(self, case, session_key, context):
        case.cookies = {**(case.cookies or {}), settings.SESSION_COOKIE_NAME: session_key}


@schema.auth.apply(SchedulerSession)
@schema.hooks.apply(flatmap_path_parameters)
@schema.include(method="GET").parametrize()
@FUZZING
def test_a_signed_in_scheduler_reading_real_objects(case, scheduler_session):
    case.call_and_validate()


# Django checks a change's CSRF token against the secret in its cookie, which the client holds: any 32 letters do.
CSRF_SECRET = "fuzzing" * 4 + "csrf"


class SchedulerSessionWithCsrf(SchedulerSession):
    def set(self, case, session_key, context):
        super().set(case, session_key, context)
        case.cookies[settings.CSRF_COOKIE_NAME] = CSRF_SECRET
        case.headers = {**(case.headers or {}), "X-CSRFToken": CSRF_SECRET}


@schema.auth.apply(SchedulerSessionWithCsrf)
@schema.hooks.apply(flatmap_path_parameters)
@schema.exclude(method="GET").parametrize()
@FUZZING
def test_a_signed_in_scheduler_changing_real_objects(case, scheduler_session):
    # Each example starts from the same objects: what one changes is rolled back before the next.
    with rolled_back():
        # Data the description allows may still be refused with a 422 the service explains (a first day on a
        # weekend, a reason of spaces only): the description cannot say everything a service checks.
        case.call_and_validate(excluded_checks=[schemathesis.checks.positive_data_acceptance])
