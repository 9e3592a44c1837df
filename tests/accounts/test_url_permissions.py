"""Which status every role gets from every URL of the project.

Every URL pattern (ours, the API's and any routed third-party one) needs at least one row in CASES below;
a pattern without one fails `test_every_url_pattern_has_a_row`. Every operation the API describes (a path
and a method) needs a row with that method too, as one API URL pattern serves every method of its path
(`test_every_api_operation_has_a_row`). Each row is run once per role and once signed out, and the response
must have the status the row expects for that role. A refusal (a 4xx, or the sign-in page) of any method but GET
must also have changed nothing: no row of any table, no audit event, no email queued (`tests.refusals`).

Adding a row
------------
    Case("inspections:detail",                      # the URL's name, with its namespace
         expect(403, anonymous=SIGN_IN, scheduler=200, administrator=200),
         kwargs=inspection_of_another_school,       # a dict, or a function of the acting user (below)
         label="another school's")                  # tells apart several rows for one URL

- `expect(default, **by_role)`: the status for every role not named, then one per role (`Role` values,
  e.g. `school_user=`, plus `anonymous=`). A status is an int, `SIGN_IN` (302 to the sign-in page with
  `?next=` the page asked for) or `Redirect("app:name")` (302 to that page). `signed_in(200)` is
  `expect(200, anonymous=SIGN_IN)`; `only(200, Role.SCHEDULER, ...)` gives the named roles 200, other
  signed-in users 403 and the signed-out SIGN_IN.
- `kwargs`: a function `(actor) -> dict` builds the object the URL is about, in the relationship to the
  acting user the row is testing. `actor.user` is the signed-in user (None when signed out), `actor.role`
  their single role, `actor.school` the school a school user acts for (a school unrelated to anyone
  else), `actor.fixture("name")` any pytest fixture.
- `method="POST"` (or PUT, PATCH, DELETE) with `data` (a dict or a function of the actor) tests the method
  an endpoint is used with; `content_type="application/json"` sends `data` as JSON (the API). Add a GET
  row expecting 405 for endpoints that refuse GET.

A URL about one school's inspection or one inspector gets rows for the user's own object and for someone
else's, which a school user or an inspector cannot see (404) though every other role gets the same status:
    *own_and_others("api:inspection-start", on_inspection(401, inspector=200),
                    partial(inspection_in, State.NOTIFIED, key="inspection_id"),   # called with own=True, False
                    method="POST", data={}, content_type=API)
A page with one form acting on one object gets `form_page(...)`: those two rows shown (GET), and sent (POST)
with valid data, where the roles that see the form make the change (302) and the rest are refused alike.
"""

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from functools import cached_property, partial
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from fairinspect.accounts.roles import Role
from fairinspect.analytics.figure_tables import FIGURE_TABLES
from fairinspect.inspections.models import State
from tests import factories
from tests.refusals import Snapshot

ANONYMOUS = "anonymous"
HTTP_METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE"}
# Methods that change nothing by definition; a refusal of any other must leave the database as it was.
SAFE_METHODS = {"GET", "HEAD"}
ACTORS = (ANONYMOUS, *Role.values)


@dataclass(frozen=True)
class Redirect:
    """A 302 to the page named `to` (a URL name without arguments)."""

    to: str


SIGN_IN = Redirect(settings.LOGIN_URL)

Status = int | Redirect


def expect(default: Status, **by_role: Status) -> dict[str, Status]:
    unknown = set(by_role) - set(ACTORS)
    if unknown:
        raise ValueError(f"expect() got {sorted(unknown)}, which are not roles; use one of {list(ACTORS)}")
    return {actor: by_role.get(actor, default) for actor in ACTORS}


def signed_in(status: Status) -> dict[str, Status]:
    return expect(status, anonymous=SIGN_IN)


def only(status: Status, *roles: Role) -> dict[str, Status]:
    return expect(403, anonymous=SIGN_IN, **{role.value: status for role in roles})


@dataclass
class Actor:
    """Who makes the request in one run of a row, and what of theirs a row may build objects around."""

    role: Role | None
    request: pytest.FixtureRequest

    @cached_property
    def user(self):
        return None if self.role is None else factories.make_user(self.role)

    @cached_property
    def school(self):
        if self.role is Role.SCHOOL_USER:
            return self.user.school_memberships.get().school
        return factories.make_school()

    def fixture(self, name: str):
        return self.request.getfixturevalue(name)


Build = Mapping | Callable[[Actor], Mapping]


@dataclass(frozen=True)
class Case:
    url_name: str
    expect: dict[str, Status]
    kwargs: Build = field(default_factory=dict)
    method: str = "GET"
    data: Build | None = None
    content_type: str | None = None
    label: str = ""

    @property
    def id(self) -> str:
        return " ".join(part for part in (self.method, self.url_name, self.label) if part)


def built(value: Build | None, actor: Actor):
    return value(actor) if callable(value) else value


def a_school(actor: Actor) -> dict:
    return {"urn": factories.make_school().urn}


def _inspection(actor: Actor, state, *, own: bool):
    """An inspection in `state`; when `own`, of the acting school user's school or led by the acting inspector
    (its lead), so object-level rules can be told apart from role rules."""
    school = actor.school if own and actor.role is Role.SCHOOL_USER else None
    lead = factories.make_inspector(user=actor.user) if own and actor.role is Role.INSPECTOR else None
    return actor.fixture("make_inspection")(state, school=school, lead=lead)


def inspection_in(state, *, own: bool = True, key: str = "pk", on_first_day: bool = False):
    def build(actor: Actor) -> dict:
        inspection = _inspection(actor, state, own=own)
        if on_first_day:
            actor.fixture("clock").set(inspection.starts_on)
        return {key: inspection.pk}

    return build


def pending_deferral(key: str, *, own: bool = True):
    """A school's request to defer its notified inspection, waiting for a decision."""

    def build(actor: Actor) -> dict:
        from fairinspect.inspections.services import request_deferral

        inspection = _inspection(actor, State.NOTIFIED, own=own)
        asker = factories.make_user(Role.SCHOOL_USER, school=inspection.school)
        request = request_deferral(actor=asker, inspection=inspection, ground="building-work", details="The roof is off.")
        return {key: request.pk}

    return build


def the_lead_of_a_planned_inspection(inspection_key: str, inspector_key: str, *, own: bool = True):
    def build(actor: Actor) -> dict:
        inspection = _inspection(actor, State.PLANNED, own=own)
        return {inspection_key: inspection.pk, inspector_key: inspection.team.get(is_lead=True).inspector_id}

    return build


def an_inspector(key: str, *, own: bool = True, withdrawn: bool = False):
    def build(actor: Actor) -> dict:
        user = actor.user if own and actor.role is Role.INSPECTOR else None
        status = {"withdrawn_on": "2026-01-05", "withdrawal_reason": "Stepping back."} if withdrawn else {}
        return {key: factories.make_inspector(user=user, **status).pk}

    return build


# One record of each kind an inspector's record holds, by the inspector's related name for it.
INSPECTOR_RECORDS = {
    "training": lambda inspector: inspector.training.first(),
    "unavailability": lambda inspector: inspector.unavailability.create(starts_on="2026-04-06", ends_on="2026-04-17"),
    "declared_conflicts": lambda inspector: inspector.declared_conflicts.create(
        school=factories.make_school(), reason="A governor there.", declared_on="2026-03-02"
    ),
    "schools_worked_at": lambda inspector: inspector.schools_worked_at.create(
        school=factories.make_school(), started_on="2015-09-01"
    ),
}


def an_inspectors_record(kind: str, *, own: bool = True, keys: tuple[str, str] = ("pk", "record_pk")):
    """An inspector (the acting inspector, when `own`) and one of their records of `kind` (INSPECTOR_RECORDS)."""

    def build(actor: Actor) -> dict:
        user = actor.user if own and actor.role is Role.INSPECTOR else None
        inspector = factories.make_inspector(user=user)
        return dict(zip(keys, (inspector.pk, INSPECTOR_RECORDS[kind](inspector).pk)))

    return build


def on_inspector(anonymous=SIGN_IN, **by_role) -> dict:
    """Statuses for an inspector's record: 404 for roles that never see it, 403 for a duty decision-maker, who
    sees every inspector's but changes none."""
    return expect(404, anonymous=anonymous, duty_decision_maker=403, **by_role)


def conflict_data(actor: Actor) -> dict:
    return {"school_urn": factories.make_school().urn, "reason": "My child attends the school."}


def school_worked_at_data(actor: Actor) -> dict:
    return {"school_urn": factories.make_school().urn, "started_on": "2015-09-01"}


def date_boxes(name: str, day: str) -> dict:
    """A date as the GOV.UK date input sends it, in day, month and year boxes."""
    year, month, day_of_month = day.split("-")
    return {f"{name}_day": day_of_month, f"{name}_month": month, f"{name}_year": year}


def training_form(actor: Actor) -> dict:
    from fairinspect.frameworks.models import TrainingCourse

    course = TrainingCourse.objects.get(code="mental-health-awareness")
    return {"course": course.pk, **date_boxes("completed_on", "2025-09-01")}


def conflict_form(actor: Actor) -> dict:
    return {"school": factories.make_school().urn, "reason": "My child attends the school."}


def school_worked_at_form(actor: Actor) -> dict:
    return {"school": factories.make_school().urn, **date_boxes("started_on", "2015-09-01")}


def an_offer(key: str):
    def build(actor: Actor) -> dict:
        from fairinspect.inspections.models import BlanketDeferralOffer

        offer = BlanketDeferralOffer.objects.create(
            ground="exceptional", starts_on="2026-03-01", ends_on="2026-03-31", description="Until Easter.",
            created_by=factories.make_user(Role.SCHEDULER),
        )
        return {key: offer.pk}

    return build


def halted(actor: Actor) -> dict:
    """Inspections halted nationally (by another administrator); the URL takes no arguments."""
    from fairinspect.inspections.services import halt_inspections

    halt_inspections(actor=factories.make_user(Role.ADMINISTRATOR), reason="A national emergency.")
    return {}


def plan_data(actor: Actor) -> dict:
    actor.fixture("clock")
    return {"school_urn": factories.make_school().urn, "framework": "report-card-2025", "kind": "full", "starts_on": "2026-03-03"}


def assign_data(actor: Actor) -> dict:
    return {"inspector_id": factories.make_inspector().pk}


def assign_form(actor: Actor) -> dict:
    return {"inspector": factories.make_inspector().pk}


def offer_data(actor: Actor) -> dict:
    actor.fixture("clock")
    return {"ground": "exceptional", "starts_on": "2026-03-02", "ends_on": "2026-03-31", "description": "Until Easter."}


def an_account(key: str = "pk", *roles: Role, active: bool = True):
    """Someone else's account (a scheduler's, unless other roles are given), for the administrators' pages."""

    def build(actor: Actor) -> dict:
        return {key: factories.make_user(*(roles or (Role.SCHEDULER,)), is_active=active).pk}

    return build


def a_membership(actor: Actor) -> dict:
    user = factories.make_user(Role.SCHOOL_USER)
    return {"pk": user.pk, "membership_pk": user.school_memberships.get().pk}


def a_school_to_act_for(actor: Actor) -> dict:
    return {"school": factories.make_school().urn}


A_NEW_ACCOUNT = {"username": "new.researcher", "roles": ["researcher"]}


def a_plan(*, own: bool = True, key: str = "pk", approved: bool = False):
    """A plan of the summer term 2026 ready to review (or approved), made by the acting scheduler when `own`, else
    by another: one school due, one HM Inspector to lead it, and a team member's place left for someone to fill."""

    def build(actor: Actor) -> dict:
        return {key: _plan_made(actor, own=own, approved=approved)[0].pk}

    return build


def _plan_made(actor: Actor, *, own: bool, approved: bool = False) -> tuple:
    from fairinspect.scheduling import planner, services as scheduling

    actor.fixture("clock")
    actor.fixture("frameworks")
    school = factories.make_school(number_of_pupils=200)
    factories.make_historic_outcome(school, "eif-2019", start_date="2022-04-20", inspection_type="S5 Inspection")
    factories.make_inspector()
    maker = actor.user if own and actor.role is Role.SCHEDULER else factories.make_user(Role.SCHEDULER)
    plan = planner.run_plan(scheduling.request_plan(actor=maker, term="summer-2026")).plan
    if approved:
        scheduling.approve_plan(actor=maker, plan=plan)
    # The one planned inspection of the school made here (others may be due too: a school user's own school).
    return plan, plan.inspections.get(school=school)


def a_planned_inspection(*, own: bool = True):
    def build(actor: Actor) -> dict:
        plan, planned = _plan_made(actor, own=own)
        return {"pk": plan.pk, "planned_pk": planned.pk}

    return build


def a_week_of_a_plan(*, own: bool = True):
    def build(actor: Actor) -> dict:
        plan, planned = _plan_made(actor, own=own)
        starts_on = planned.starts_on
        return {"pk": plan.pk, "monday": (starts_on - timedelta(days=starts_on.weekday())).isoformat()}

    return build


def a_place_in_a_plan(*, own: bool = True, pinned: bool = False):
    def build(actor: Actor) -> dict:
        from fairinspect.scheduling import services as scheduling

        plan, planned = _plan_made(actor, own=own)
        place = planned.places.get()
        if pinned:
            scheduling.pin_place(actor=plan.created_by, place=place)
        return {"pk": plan.pk, "place_pk": place.pk}

    return build


def another_inspector_form(actor: Actor) -> dict:
    return {"inspector": factories.make_inspector().pk}


def term_data(actor: Actor) -> dict:
    actor.fixture("clock")
    actor.fixture("frameworks")
    return {"term": "summer-2026"}


def a_report_at(stage: str, *, own: bool = True, key: str = "inspection_id", review: bool = False):
    """An inspection whose report is at `stage` (tests.reports.walk.STAGES), the acting school user's or led by the
    acting inspector when `own`; with a request for a review waiting (`review`)."""

    def build(actor: Actor) -> dict:
        from fairinspect.reports.services import request_review
        from tests.reports.walk import walk_to

        inspection = walk_to(_inspection(actor, State.ON_SITE, own=own), stage)
        if review:
            asker = factories.make_user(Role.SCHOOL_USER, school=inspection.school)
            request_review(actor=asker, inspection=inspection, reason="Leadership is stronger than that.")
        return {key: inspection.pk}

    return build


def a_comment_to_answer(*, own: bool = True):
    def build(actor: Actor) -> dict:
        from fairinspect.reports.models import FactualAccuracyComment

        built_kwargs = a_report_at("factual_accuracy_check", own=own)(actor)
        comment = FactualAccuracyComment.objects.get(report__inspection_id=built_kwargs["inspection_id"])
        return {**built_kwargs, "comment_id": comment.pk}

    return build


def a_report_card(*, key: str = "inspection_number", version: bool = False, pdf: bool = False):
    """A published report card (its current version's number too, when `version`; its PDF made, when `pdf`)."""

    def build(actor: Actor) -> dict:
        from fairinspect.reports.selectors import published_report
        from fairinspect.reports.tasks import make_report_pdf
        from tests.reports.walk import walk_to

        inspection = _inspection(actor, State.ON_SITE, own=False)
        published = published_report(walk_to(inspection, "published"))
        assert published is not None
        if pdf:
            make_report_pdf.call(published.pk)
        return {key: published.report.inspection_number, **({"number": published.number} if version else {})}

    return build


A_REASON = {"reason": "The head needs time."}
A_DEFERRAL_REQUEST = {"ground": "building-work", "details": "The roof is off."}
A_DECISION = {"decision": "grant", "reason": "The roof is off."}
TIME_AWAY_FORM = date_boxes("starts_on", "2026-04-06") | date_boxes("ends_on", "2026-04-17")

# Who may act on an inspection they can see, by the state it is in. Everyone else gets 404 (they cannot
# see it) or 403 (they can see it but may not act), and the signed-out the sign-in page.
SEES_ALL = {"scheduler": 200, "duty_decision_maker": 200, "administrator": 200}
CANNOT_SEE = {"quality_assurer": 404, "complaints_officer": 404, "researcher": 404}
API = "application/json"


# Who may take a report's steps on an inspection whose report they can read: the lead (their own inspection), the
# school (its own), and no other role; those who cannot read the report find nothing.
REPORT_STAFF = expect(403, anonymous=SIGN_IN, complaints_officer=404, researcher=404)
REPORT_LEAD = REPORT_STAFF | {"inspector": 200}
REPORT_SCHOOL = REPORT_STAFF | {"school_user": 200}


def on_inspection(anonymous=SIGN_IN, **by_role) -> dict:
    """Statuses for an inspection the actor is related to: 404 for roles that never see it, else 403."""
    return expect(403, anonymous=anonymous, **CANNOT_SEE, **by_role)


# A school user sees only their school's inspections, and an inspector only the inspections they are on and their
# own record: someone else's is not found. Every other role sees every object or none, whoever's it is.
SEES_ONLY_THEIR_OWN = {"school_user": 404, "inspector": 404}
SOMEONE_ELSES = "someone else's"
ANOTHER_INSPECTORS = "another inspector's"
ANOTHER_SCHEDULERS = "another scheduler's"


def own_and_others(url_name: str, statuses: dict, build: Callable[..., Build], *, others: str = SOMEONE_ELSES,
                   unrelated: Mapping = SEES_ONLY_THEIR_OWN, label: str = "", **case) -> list[Case]:  # fmt: skip
    """Two rows for a URL about one object: the actor's own (`build(own=True)`: their school's inspection, one they
    lead, their own record) with `statuses`, and someone else's (`build(own=False)`) with `statuses` but for
    `unrelated`. Pass `unrelated={}` where the role is refused before the object is looked up."""
    return [
        Case(url_name, statuses, kwargs=build(own=True), label=", ".join(filter(None, (label, "their own"))), **case),
        Case(url_name, statuses | dict(unrelated), kwargs=build(own=False),
             label=", ".join(filter(None, (label, others))), **case),
    ]  # fmt: skip


def form_page(url_name: str, shown: dict, build: Callable[..., Build], *, data: Build, **rows) -> list[Case]:
    """Rows for a page with one form acting on one object, for the actor's own object and someone else's: the form
    shown (GET) with `shown`, and sent (POST) with valid `data`, where a change made goes on to another page (302)
    and every refusal is the one the form's page gets."""
    sent = {actor: 302 if status == 200 else status for actor, status in shown.items()}
    return [*own_and_others(url_name, shown, build, **rows),
            *own_and_others(url_name, sent, build, method="POST", data=data, **rows)]  # fmt: skip


# Evidence and grading: an inspection's own team, quality assurers and administrators read its evidence and
# grading; nobody else finds them (404). The lead (the acting inspector, on their own inspection) writes and judges.
def on_site_inspection(*, own: bool = True, key: str = "pk", area_code: str = "", graded: bool = False,
                       feedback: bool = False):  # fmt: skip
    def build(actor: Actor) -> dict:
        from tests.grading.factories import confirm_grades, give_feedback

        inspection = _inspection(actor, State.ON_SITE, own=own)
        if graded or feedback:
            confirm_grades(inspection)
        if feedback:
            give_feedback(inspection)
        return {key: inspection.pk, **({"area_code": area_code} if area_code else {})}

    return build


def an_evidence_record(*, own: bool = True, key: str = "pk", attachment: bool = False):
    """A record written on site by the lead of an inspection (the acting inspector's own, when `own`); its
    attachment's id instead when `attachment`."""

    def build(actor: Actor) -> dict:
        from django.core.files.base import ContentFile

        from fairinspect.evidence.services import write_evidence
        from tests.grading.factories import lead_user

        inspection = _inspection(actor, State.ON_SITE, own=own)
        record = write_evidence(
            actor=lead_user(inspection), inspection=inspection, activity="meeting", area_code="inclusion",
            text="Met the SENCo.", attachments=[ContentFile(b"%PDF-1.7 test", name="notes.pdf")],
        )  # fmt: skip
        return {key: record.attachments.get().pk if attachment else record.pk}

    return build


# Reads: the team (the lead here), quality assurers and administrators; writes: the team only (the others, who can
# read, are refused: 403).
READS_EVIDENCE = expect(404, anonymous=SIGN_IN, inspector=200, quality_assurer=200, administrator=200)
WRITES_EVIDENCE = READS_EVIDENCE | {"quality_assurer": 403, "administrator": 403}
READS_EVIDENCE_API = READS_EVIDENCE | {"anonymous": 401}
# After the final feedback the school, and those who may change grades after it, see the provisional outcome.
SEES_PROVISIONAL = READS_EVIDENCE | {"school_user": 200, "duty_decision_maker": 200, "complaints_officer": 200}
ONLY_THE_LEAD = expect(404, anonymous=SIGN_IN, inspector=200)
CHANGES_GRADES = expect(404, anonymous=SIGN_IN, inspector=403, quality_assurer=403, administrator=403,
                        duty_decision_maker=200, complaints_officer=200)
EVIDENCE_FORM = {"activity": "meeting", "text": "Met the SENCo."}


def api(statuses: dict, success: int) -> dict:
    return statuses | {"anonymous": 401, "inspector": success}



# Concerns, complaints and learning reviews: seen only by the school concerned, the senior inspector on duty a
# concern went to, complaints staff, and (reviews) those who manage or carry them out.


def _complaints_inspection(actor: Actor, state, *, own: bool):
    """An inspection in `state` (past on-site work where the state says so), of the acting school user's school when
    `own`, with a senior inspector on duty free of it to take a concern."""
    from tests.complaints.conftest import moved_on

    factories.make_user(Role.DUTY_DECISION_MAKER)
    on_site = State.PAUSED if state == State.PAUSED else State.ON_SITE
    inspection = _inspection(actor, on_site, own=own)
    return inspection if state in (State.ON_SITE, State.PAUSED) else moved_on(inspection, state)


def an_inspection_to_raise(state, *, own: bool = True, key: str = "pk"):
    return lambda actor: {key: _complaints_inspection(actor, state, own=own).pk}


def a_concern(*, own: bool = True, key: str = "pk"):
    """A concern the school raised, routed to the acting senior inspector on duty when `own`."""

    def build(actor: Actor) -> dict:
        from fairinspect.complaints import services
        from fairinspect.complaints.models import Concern

        inspection = _complaints_inspection(actor, State.ON_SITE, own=own)
        raiser = factories.make_user(Role.SCHOOL_USER, school=inspection.school)
        concern = services.raise_concern(actor=raiser, inspection=inspection, details="We were not heard.")
        handler = actor.user if own and actor.role is Role.DUTY_DECISION_MAKER else factories.make_user(Role.DUTY_DECISION_MAKER)
        Concern.objects.filter(pk=concern.pk).update(handler=handler)
        return {key: concern.pk}

    return build


COMPLAINT_STAGES = ("made", "decided", "upheld", "escalated", "referred")


def a_complaint(stage: str = "made", *, own: bool = True, key: str = "pk", recommendation_key: str = ""):
    """A complaint of the acting school user's school when `own`, walked to `stage` (COMPLAINT_STAGES) by another
    complaints officer; with `recommendation_key`, an adjudicator's recommendation of it waiting for an answer."""

    def build(actor: Actor) -> dict:
        from fairinspect.complaints import services

        inspection = _complaints_inspection(actor, State.FEEDBACK_GIVEN, own=own)
        user = factories.make_user(Role.SCHOOL_USER, school=inspection.school)
        complaint = services.make_complaint(actor=user, inspection=inspection, grounds="Unfair grades.")
        reached = COMPLAINT_STAGES.index(stage)
        officer = factories.make_user(Role.COMPLAINTS_OFFICER)
        if reached >= 1:
            outcome = "not_upheld" if stage == "decided" else "upheld"
            services.decide_complaint(actor=officer, complaint=complaint, outcome=outcome, reason="Our reasons.")
        if reached >= 3:
            services.escalate_complaint(actor=user, complaint=complaint, grounds="Not satisfied.")
        if reached >= 4:
            services.refer_to_adjudicator(actor=officer, complaint=complaint, adjudicator="ICASE", sent="The file.")
        ids = {key: complaint.pk}
        if recommendation_key:
            recommendation = services.record_recommendation(actor=officer, complaint=complaint, text="Apologise.")
            ids[recommendation_key] = recommendation.pk
        return ids

    return build


def an_upheld_complaint_on_a_published_report(*, own: bool = True, key: str = "pk"):
    """A complaint upheld about a published report, of the acting school user's school when `own`."""

    def build(actor: Actor) -> dict:
        from fairinspect.complaints import services
        from tests.reports.walk import walk_to

        inspection = _inspection(actor, State.ON_SITE, own=own)
        school_user = factories.make_user(Role.SCHOOL_USER, school=inspection.school)
        inspection = walk_to(inspection, "published", school_user=school_user)
        # The services' clock stands still: the complaint comes after the grades, and a grade changed after it.
        actor.fixture("clock").advance(minutes=10)
        complaint = services.make_complaint(actor=school_user, inspection=inspection, grounds="The report is wrong.")
        officer = factories.make_user(Role.COMPLAINTS_OFFICER)
        services.decide_complaint(actor=officer, complaint=complaint, outcome="upheld", reason="It is.")
        actor.fixture("clock").advance(minutes=10)
        return {key: complaint.pk}

    return build


def with_area(make: Callable[..., Callable[[Actor], dict]], area_code: str = "inclusion"):
    """A builder of `make`'s object that also names one of its inspection's areas."""

    def made(**kwargs) -> Callable[[Actor], dict]:
        build = make(**kwargs)
        return lambda actor: build(actor) | {"area_code": area_code}

    return made


def an_incident(key: str = "pk"):
    def build(actor: Actor) -> dict:
        from fairinspect.complaints import services

        inspection = actor.fixture("make_inspection")(State.ON_SITE)
        incident = services.record_incident(
            actor=factories.make_user(Role.COMPLAINTS_OFFICER), inspection=inspection,
            occurred_on=inspection.starts_on, description="Serious harm.",
        )  # fmt: skip
        return {key: incident.pk}

    return build


def a_review(*, own: bool = True, key: str = "pk", ready: bool = False, published: bool = False):
    """A learning review, carried out by the acting user when `own` and they may carry one out; `ready` to publish
    (findings and an action recorded), or `published`."""

    def build(actor: Actor) -> dict:
        from fairinspect.accounts.permissions import CONDUCT_LEARNING_REVIEWS, holds
        from fairinspect.complaints import services
        from fairinspect.complaints.models import SeriousIncident

        incident = SeriousIncident.objects.get(pk=an_incident()(actor)["pk"])
        reviewer = actor.user if own and holds(actor.user, CONDUCT_LEARNING_REVIEWS) else factories.make_user(Role.QUALITY_ASSURER)
        officer = factories.make_user(Role.COMPLAINTS_OFFICER)
        review = services.commission_review(actor=officer, incident=incident, reviewer=reviewer, terms_of_reference="Why.")
        if ready or published:
            services.record_findings(actor=reviewer, review=review, findings="Too slow.")
            services.add_review_action(actor=reviewer, review=review, description="Train.", owner="Training",
                                       due_on=incident.occurred_on + timedelta(days=30))  # fmt: skip
        if published:
            services.publish_summary(actor=officer, review=review, summary="We act faster now.")
        return {key: review.pk}

    return build


def incident_form(actor: Actor) -> dict:
    inspection = actor.fixture("make_inspection")(State.ON_SITE)
    return {"inspection": inspection.pk, **date_boxes("occurred_on", inspection.starts_on.isoformat()), "description": "Harm."}


def commission_form(actor: Actor) -> dict:
    return {"reviewer": factories.make_user(Role.QUALITY_ASSURER).pk, "terms_of_reference": "Why."}


def review_action_form(actor: Actor) -> dict:
    from fairinspect.core import working_days

    due = working_days.today() + timedelta(days=30)
    return {"description": "Train.", "owner": "Training", **date_boxes("due_on", due.isoformat())}


def reinspection_form(actor: Actor) -> dict:
    from fairinspect.core import working_days

    return {"reason": "Inspect again.", **date_boxes("due_by", (working_days.today() + timedelta(days=60)).isoformat())}


def _sees(**by_role) -> dict:
    """Statuses for a concern, complaint or review: the signed-out sign in, anyone not named gets 404."""
    return expect(404, anonymous=SIGN_IN, **by_role)


def _api_sees(**by_role) -> dict:
    return expect(404, anonymous=401, **by_role)


# Raising about an inspection: its school's users may; those who see every inspection, and its lead, are refused.
RAISES = {"school_user": 200, "scheduler": 403, "duty_decision_maker": 403, "administrator": 403, "inspector": 403}
# A concern: its school, the senior inspector on duty it went to, and complaints staff.
CONCERN_SEEN = {"school_user": 200, "duty_decision_maker": 200, "complaints_officer": 200}
ONLY_ITS_OWN_DUTY = {"school_user": 404, "duty_decision_maker": 404}
ONLY_ITS_OWN_SCHOOL = {"school_user": 404}
# A review: those who manage reviews, and its reviewer (any role that may carry one out).
REVIEW_SEEN = {"complaints_officer": 200, "administrator": 200, "quality_assurer": 200, "duty_decision_maker": 200}
ANOTHER_REVIEWERS = {"quality_assurer": 404, "duty_decision_maker": 404}


def a_survey_invitation(*, own: bool) -> Callable[[Actor], dict]:
    """An open invitation to the impact survey: of the acting school user's school when `own`."""
    return partial(_survey_invitation, own=own)


def _survey_invitation(actor: Actor, *, own: bool) -> dict:
    from fairinspect.core import working_days
    from fairinspect.survey.models import Invitation
    from fairinspect.survey.invitations import closes_on

    school = actor.school if own and actor.role is Role.SCHOOL_USER else factories.make_school()
    today = working_days.today()
    invitation = Invitation.objects.create(
        inspection_number=f"S{school.urn}", urn=school.urn, published_on=today, invited_at=working_days.now(),
        closes_on=closes_on(today),
    )  # fmt: skip
    return {"pk": invitation.pk}


A_SURVEY_RESPONSE = {"workload": "3", "wellbeing": "2", "fairness": "4", "reflects_school": "4", "comments": ""}
SEES_ANALYTICS = (Role.RESEARCHER, Role.SCHEDULER, Role.DUTY_DECISION_MAKER, Role.QUALITY_ASSURER,
                  Role.COMPLAINTS_OFFICER, Role.ADMINISTRATOR)  # fmt: skip


def with_frameworks(actor: Actor) -> dict:
    actor.fixture("frameworks")
    return {}


CASES = [
    # Public pages.
    Case("schools:start", expect(200)),
    Case("web:accessibility", expect(200)),
    Case("web:favicon", expect(301)),
    Case("schools:search", expect(200)),
    Case("outcomes:school", expect(200), kwargs=a_school),
    Case("outcomes:school", expect(404), kwargs={"urn": 999999999}, label="unknown URN"),
    # Accounts.
    Case("accounts:sign-in", expect(Redirect("accounts:home"), anonymous=200)),
    Case("accounts:sign-in", expect(Redirect("accounts:home"), anonymous=200), method="POST",
         data={"username": "nobody", "password": "wrong"}),
    Case("accounts:sign-out", expect(200, anonymous=Redirect("schools:start"))),
    Case("accounts:sign-out", expect(Redirect("schools:start")), method="POST"),
    Case("accounts:sign-out", expect(405), method="PUT"),
    Case("accounts:home", signed_in(200)),
    # The JSON API: open data, the same for everyone.
    Case("api:api-root", expect(404)),
    Case("api:openapi-json", expect(200)),
    Case("api:openapi-view", expect(200)),
    Case("api:school-list", expect(200)),
    Case("api:school-list", expect(405), method="POST", data={}, content_type="application/json"),
    Case("api:school-detail", expect(200), kwargs=a_school),
    Case("api:school-detail", expect(404), kwargs={"urn": 999999999}, label="unknown URN"),
    # The inspection lifecycle: pages.
    Case("inspections:board", only(200, Role.SCHEDULER, Role.DUTY_DECISION_MAKER, Role.ADMINISTRATOR)),
    Case("inspections:mine", signed_in(200)),
    Case("inspections:plan", only(200, Role.SCHEDULER)),
    *own_and_others("inspections:detail", on_inspection(**SEES_ALL, school_user=200, inspector=200),
                    partial(inspection_in, State.NOTIFIED)),
    Case("inspections:detail", on_inspection(**SEES_ALL, school_user=404, inspector=200),
         kwargs=inspection_in(State.PLANNED), label="planned: the school is not told yet"),
    *form_page("inspections:assign", on_inspection(scheduler=200, school_user=404),
               partial(inspection_in, State.PLANNED), data=assign_form),
    Case("inspections:unassign", expect(405, anonymous=SIGN_IN), kwargs={"pk": 1, "inspector_pk": 1}),
    *own_and_others("inspections:unassign", on_inspection(scheduler=302, school_user=404),
                    partial(the_lead_of_a_planned_inspection, "pk", "inspector_pk"), method="POST"),
    *form_page("inspections:notify", on_inspection(scheduler=200, school_user=404),
               partial(inspection_in, State.PLANNED), data={}),
    *form_page("inspections:start", on_inspection(inspector=200),
               partial(inspection_in, State.NOTIFIED, on_first_day=True), data={}),
    *form_page("inspections:request-deferral", on_inspection(school_user=200),
               partial(inspection_in, State.NOTIFIED), data=A_DEFERRAL_REQUEST),
    *form_page("inspections:pause", on_inspection(inspector=200, duty_decision_maker=200), partial(inspection_in, State.ON_SITE),
               data={"ground": "other"}, label="a school user who is not the headteacher may not"),
    *form_page("inspections:confirm-pause", on_inspection(duty_decision_maker=200),
               partial(inspection_in, State.PAUSED), data={}),
    *form_page("inspections:resume", on_inspection(inspector=200, duty_decision_maker=200),
               partial(inspection_in, State.PAUSED), data={}),
    *form_page("inspections:defer", on_inspection(scheduler=200, duty_decision_maker=200),
               partial(inspection_in, State.PAUSED), data=A_REASON, label="paused"),
    *form_page("inspections:defer", on_inspection(scheduler=200), partial(inspection_in, State.NOTIFIED),
               data=A_REASON, label="notified"),
    *form_page("inspections:replan", on_inspection(scheduler=200), partial(inspection_in, State.DEFERRED),
               data=date_boxes("starts_on", "2026-03-10")),
    *form_page("inspections:cancel", on_inspection(scheduler=200, school_user=404),
               partial(inspection_in, State.PLANNED), data=A_REASON),
    Case("inspections:deferral-queue", only(200, Role.SCHEDULER, Role.ADMINISTRATOR)),
    *form_page("inspections:decide-deferral", on_inspection(scheduler=200), partial(pending_deferral, "request_pk"),
               data=A_DECISION),
    Case("inspections:offers", only(200, Role.SCHEDULER, Role.ADMINISTRATOR)),
    Case("inspections:withdraw-offer", only(405, Role.SCHEDULER, Role.ADMINISTRATOR), kwargs={"pk": 1}),
    Case("inspections:withdraw-offer", only(Redirect("inspections:offers"), Role.SCHEDULER, Role.ADMINISTRATOR),
         method="POST", kwargs=an_offer("pk")),
    Case("inspections:pauses", only(200, Role.SCHEDULER, Role.DUTY_DECISION_MAKER, Role.ADMINISTRATOR)),
    Case("inspections:halt", only(200, Role.ADMINISTRATOR)),
    Case("inspections:halt-notice", signed_in(200)),
    Case("inspections:halt-notice", signed_in(200), kwargs=halted, label="when halted"),
    Case("inspections:halt", only(Redirect("inspections:halt"), Role.ADMINISTRATOR), method="POST",
         data={"reason": "A national emergency."}),
    Case("inspections:halt", only(409, Role.ADMINISTRATOR), method="POST", kwargs=halted,
         data={"reason": "A national emergency."}, label="when halted"),
    Case("inspections:lift-halt", only(405, Role.ADMINISTRATOR)),
    Case("inspections:lift-halt", only(Redirect("inspections:halt"), Role.ADMINISTRATOR), method="POST",
         kwargs=halted, data={"reason": "It is over."}),
    Case("inspections:lift-halt", only(409, Role.ADMINISTRATOR), method="POST", data={"reason": "It is over."},
         label="when not halted"),
    # The administrators' pages: accounts, frameworks, the audit trail.
    Case("administration:users", only(200, Role.ADMINISTRATOR)),
    Case("administration:user-create", only(200, Role.ADMINISTRATOR)),
    Case("administration:user-create", only(302, Role.ADMINISTRATOR), method="POST", data=A_NEW_ACCOUNT),
    Case("administration:user", only(200, Role.ADMINISTRATOR), kwargs=an_account()),
    Case("administration:user-roles", only(405, Role.ADMINISTRATOR), kwargs=an_account()),
    Case("administration:user-roles", only(302, Role.ADMINISTRATOR), method="POST", kwargs=an_account(),
         data={"roles": ["researcher"]}),
    Case("administration:user-deactivate", only(405, Role.ADMINISTRATOR), kwargs=an_account()),
    Case("administration:user-deactivate", only(302, Role.ADMINISTRATOR), method="POST", kwargs=an_account(),
         data={"reason": "They have left."}),
    Case("administration:user-reactivate", only(405, Role.ADMINISTRATOR), kwargs=an_account(active=False)),
    Case("administration:user-reactivate", only(302, Role.ADMINISTRATOR), method="POST",
         kwargs=an_account("pk", Role.SCHEDULER, active=False), data={"reason": "They are back."}),
    Case("administration:user-reactivate", only(409, Role.ADMINISTRATOR), method="POST", kwargs=an_account(),
         data={"reason": "They are back."}, label="already on"),
    Case("administration:membership-add", only(405, Role.ADMINISTRATOR), kwargs=an_account("pk", Role.SCHOOL_USER)),
    Case("administration:membership-add", only(302, Role.ADMINISTRATOR), method="POST",
         kwargs=an_account("pk", Role.SCHOOL_USER), data=a_school_to_act_for),
    Case("administration:membership-remove", only(405, Role.ADMINISTRATOR), kwargs=a_membership),
    Case("administration:membership-remove", only(302, Role.ADMINISTRATOR), method="POST", kwargs=a_membership),
    Case("administration:frameworks", only(200, Role.ADMINISTRATOR)),
    Case("administration:framework", only(200, Role.ADMINISTRATOR), kwargs={"code": "report-card-2025"}),
    Case("administration:framework", only(404, Role.ADMINISTRATOR), kwargs={"code": "no-such-framework"},
         label="unknown code"),
    Case("administration:audit", only(200, Role.ADMINISTRATOR)),
    Case("administration:audit-export-csv", only(200, Role.ADMINISTRATOR)),
    Case("administration:audit-export-json", only(200, Role.ADMINISTRATOR)),
    # Inspectors: pages.
    Case("workforce:list", only(200, Role.SCHEDULER, Role.DUTY_DECISION_MAKER, Role.ADMINISTRATOR)),
    *own_and_others("workforce:detail", expect(404, anonymous=SIGN_IN, **SEES_ALL, inspector=200),
                    partial(an_inspector, "pk"), others=ANOTHER_INSPECTORS),
    # Withdrawing and reinstating are the scheduling team's alone: the role is refused before the inspector is found.
    *form_page("workforce:withdraw", only(200, Role.SCHEDULER, Role.ADMINISTRATOR), partial(an_inspector, "pk"),
               data={"reason": "Stepping back."}, others=ANOTHER_INSPECTORS, unrelated={}),
    *form_page("workforce:reinstate", only(200, Role.SCHEDULER, Role.ADMINISTRATOR),
               partial(an_inspector, "pk", withdrawn=True), data={"reason": "Back."}, others=ANOTHER_INSPECTORS,
               unrelated={}),
    # Inspectors: keeping their record. Their own time away and conflicts are theirs to record as well as the
    # scheduling team's; the rest, and withdrawing a conflict, is the team's alone.
    *form_page("workforce:add-training", on_inspector(scheduler=200, administrator=200, inspector=403),
               partial(an_inspector, "pk"), data=training_form, others=ANOTHER_INSPECTORS),
    *form_page("workforce:remove-training", on_inspector(scheduler=200, administrator=200, inspector=403),
               partial(an_inspectors_record, "training"), data={"reason": "Recorded in error."},
               others=ANOTHER_INSPECTORS),
    *form_page("workforce:add-unavailability", on_inspector(scheduler=200, administrator=200, inspector=200),
               partial(an_inspector, "pk"), data=TIME_AWAY_FORM, others=ANOTHER_INSPECTORS),
    *form_page("workforce:remove-unavailability", on_inspector(scheduler=200, administrator=200, inspector=200),
               partial(an_inspectors_record, "unavailability"), data={}, others=ANOTHER_INSPECTORS),
    *form_page("workforce:declare-conflict", on_inspector(scheduler=200, administrator=200, inspector=200),
               partial(an_inspector, "pk"), data=conflict_form, others=ANOTHER_INSPECTORS),
    *form_page("workforce:withdraw-conflict", on_inspector(scheduler=200, administrator=200, inspector=403),
               partial(an_inspectors_record, "declared_conflicts"), data={"reason": "Their child has left."},
               others=ANOTHER_INSPECTORS),
    *form_page("workforce:add-school-worked-at", on_inspector(scheduler=200, administrator=200, inspector=403),
               partial(an_inspector, "pk"), data=school_worked_at_form, others=ANOTHER_INSPECTORS),
    *form_page("workforce:left-school", on_inspector(scheduler=200, administrator=200, inspector=403),
               partial(an_inspectors_record, "schools_worked_at"), data=date_boxes("left_on", "2020-08-31"),
               others=ANOTHER_INSPECTORS),
    # The inspection lifecycle: the API (signed-out clients get 401).
    Case("api:inspections", signed_in(200) | {"anonymous": 401}),
    Case("api:inspections", expect(403, anonymous=401, scheduler=201), method="POST", data=plan_data, content_type=API),
    *own_and_others("api:inspection", on_inspection(401, **SEES_ALL, school_user=200, inspector=200),
                    partial(inspection_in, State.NOTIFIED, key="inspection_id")),
    *own_and_others("api:inspection-team", on_inspection(401, scheduler=200, school_user=404),
                    partial(inspection_in, State.PLANNED, key="inspection_id"), method="POST", data=assign_data,
                    content_type=API),
    *own_and_others("api:inspection-team-member", on_inspection(401, scheduler=200, school_user=404),
                    partial(the_lead_of_a_planned_inspection, "inspection_id", "inspector_id"), method="DELETE"),
    *own_and_others("api:inspection-notify", on_inspection(401, scheduler=200, school_user=404),
                    partial(inspection_in, State.PLANNED, key="inspection_id"), method="POST", data={},
                    content_type=API),
    *own_and_others("api:inspection-start", on_inspection(401, inspector=200),
                    partial(inspection_in, State.NOTIFIED, key="inspection_id", on_first_day=True), method="POST",
                    data={}, content_type=API),
    *own_and_others("api:inspection-deferral-requests", on_inspection(401, school_user=201),
                    partial(inspection_in, State.NOTIFIED, key="inspection_id"), method="POST",
                    data=A_DEFERRAL_REQUEST, content_type=API),
    *own_and_others("api:inspection-pause", on_inspection(401, inspector=200, duty_decision_maker=200),
                    partial(inspection_in, State.ON_SITE, key="inspection_id"), method="POST",
                    data={"ground": "other"}, content_type=API),
    *own_and_others("api:inspection-pause-confirm", on_inspection(401, duty_decision_maker=200),
                    partial(inspection_in, State.PAUSED, key="inspection_id"), method="POST", data={},
                    content_type=API),
    *own_and_others("api:inspection-resume", on_inspection(401, inspector=200, duty_decision_maker=200),
                    partial(inspection_in, State.PAUSED, key="inspection_id"), method="POST", data={},
                    content_type=API),
    *own_and_others("api:inspection-defer", on_inspection(401, scheduler=200, duty_decision_maker=200),
                    partial(inspection_in, State.PAUSED, key="inspection_id"), method="POST", data=A_REASON,
                    content_type=API),
    *own_and_others("api:inspection-replan", on_inspection(401, scheduler=200),
                    partial(inspection_in, State.DEFERRED, key="inspection_id"), method="POST",
                    data={"starts_on": "2026-03-10"}, content_type=API),
    *own_and_others("api:inspection-cancel", on_inspection(401, scheduler=200, school_user=404),
                    partial(inspection_in, State.PLANNED, key="inspection_id"), method="POST",
                    data={"reason": "The school closed."}, content_type=API),
    Case("api:deferral-requests", expect(403, anonymous=401, scheduler=200, administrator=200)),
    *own_and_others("api:deferral-decision", on_inspection(401, scheduler=200), partial(pending_deferral, "request_id"),
                    method="POST", data={"grant": True, "reason": "The roof is off."}, content_type=API),
    Case("api:deferral-offers", expect(403, anonymous=401, scheduler=200, administrator=200)),
    Case("api:deferral-offers", expect(403, anonymous=401, scheduler=201, administrator=201), method="POST",
         data=offer_data, content_type=API),
    Case("api:deferral-offer-withdraw", expect(403, anonymous=401, scheduler=200, administrator=200), method="POST",
         kwargs=an_offer("offer_id"), data={}, content_type=API),
    Case("api:national-halt", signed_in(200) | {"anonymous": 401}),
    Case("api:national-halt", expect(403, anonymous=401, administrator=200), method="POST",
         data={"reason": "A national emergency."}, content_type=API),
    Case("api:national-halt-lift", expect(403, anonymous=401, administrator=409), method="POST",
         data={"reason": "Over."}, content_type=API, label="when not halted"),
    # Inspectors: the API.
    Case("api:inspectors", expect(403, anonymous=401, **SEES_ALL)),
    *own_and_others("api:inspector", expect(404, anonymous=401, **SEES_ALL, inspector=200),
                    partial(an_inspector, "inspector_id"), others=ANOTHER_INSPECTORS),
    *own_and_others("api:inspector-withdraw", on_inspector(401, scheduler=200, administrator=200, inspector=403),
                    partial(an_inspector, "inspector_id"), method="POST", data={"reason": "Stepping back."},
                    content_type=API, others=ANOTHER_INSPECTORS),
    *own_and_others("api:inspector-reinstate", on_inspector(401, scheduler=200, administrator=200, inspector=403),
                    partial(an_inspector, "inspector_id", withdrawn=True), method="POST", data={"reason": "Back."},
                    content_type=API, others=ANOTHER_INSPECTORS),
    Case("api:inspector-reinstate", on_inspector(401, scheduler=409, administrator=409, inspector=403),
         method="POST", kwargs=an_inspector("inspector_id"), data={"reason": "Back."}, content_type=API,
         label="not withdrawn"),
    *own_and_others("api:inspector-training", on_inspector(401, scheduler=201, administrator=201, inspector=403),
                    partial(an_inspector, "inspector_id"), method="POST",
                    data={"course": "mental-health-awareness", "completed_on": "2025-09-01"}, content_type=API,
                    others=ANOTHER_INSPECTORS),
    *own_and_others("api:inspector-training-remove", on_inspector(401, scheduler=200, administrator=200, inspector=403),
                    partial(an_inspectors_record, "training", keys=("inspector_id", "training_id")), method="POST",
                    data={"reason": "Recorded in error."}, content_type=API, others=ANOTHER_INSPECTORS),
    *own_and_others("api:inspector-unavailability", on_inspector(401, scheduler=201, administrator=201, inspector=201),
                    partial(an_inspector, "inspector_id"), method="POST",
                    data={"starts_on": "2026-04-06", "ends_on": "2026-04-17"}, content_type=API,
                    others=ANOTHER_INSPECTORS),
    *own_and_others("api:inspector-unavailability-period",
                    on_inspector(401, scheduler=200, administrator=200, inspector=200),
                    partial(an_inspectors_record, "unavailability", keys=("inspector_id", "unavailability_id")),
                    method="DELETE", others=ANOTHER_INSPECTORS),
    *own_and_others("api:inspector-conflicts", on_inspector(401, scheduler=201, administrator=201, inspector=201),
                    partial(an_inspector, "inspector_id"), method="POST", data=conflict_data, content_type=API,
                    others=ANOTHER_INSPECTORS),
    *own_and_others("api:inspector-conflict-withdraw",
                    on_inspector(401, scheduler=200, administrator=200, inspector=403),
                    partial(an_inspectors_record, "declared_conflicts", keys=("inspector_id", "conflict_id")),
                    method="POST", data={"reason": "Their child has left the school."}, content_type=API,
                    others=ANOTHER_INSPECTORS),
    *own_and_others("api:inspector-schools-worked-at",
                    on_inspector(401, scheduler=201, administrator=201, inspector=403),
                    partial(an_inspector, "inspector_id"), method="POST", data=school_worked_at_data,
                    content_type=API, others=ANOTHER_INSPECTORS),
    *own_and_others("api:inspector-school-left", on_inspector(401, scheduler=200, administrator=200, inspector=403),
                    partial(an_inspectors_record, "schools_worked_at", keys=("inspector_id", "school_worked_at_id")),
                    method="POST", data={"left_on": "2020-08-31"}, content_type=API, others=ANOTHER_INSPECTORS),
    # Plans of a term's inspections: the scheduling team's alone, whoever made the plan.
    Case("scheduling:plans", only(200, Role.SCHEDULER)),
    Case("scheduling:plans", only(302, Role.SCHEDULER), method="POST", data=term_data),
    Case("scheduling:due", only(200, Role.SCHEDULER), kwargs=lambda actor: (actor.fixture("clock"), {})[1]),
    *own_and_others("scheduling:plan", only(200, Role.SCHEDULER), a_plan, unrelated={}, others=ANOTHER_SCHEDULERS),
    *own_and_others("scheduling:week", only(200, Role.SCHEDULER), a_week_of_a_plan, unrelated={},
                    others=ANOTHER_SCHEDULERS),
    *own_and_others("scheduling:inspectors", only(200, Role.SCHEDULER), a_plan, unrelated={}, others=ANOTHER_SCHEDULERS),
    *form_page("scheduling:planned", only(200, Role.SCHEDULER), a_planned_inspection, data=another_inspector_form,
               unrelated={}, others=ANOTHER_SCHEDULERS),
    Case("scheduling:pin", only(405, Role.SCHEDULER), kwargs={"pk": 1, "place_pk": 1}),
    *own_and_others("scheduling:pin", only(302, Role.SCHEDULER), a_place_in_a_plan, method="POST", unrelated={},
                    others=ANOTHER_SCHEDULERS),
    *own_and_others("scheduling:unpin", only(302, Role.SCHEDULER), partial(a_place_in_a_plan, pinned=True),
                    method="POST", unrelated={}, others=ANOTHER_SCHEDULERS),
    *own_and_others("scheduling:remove-place", only(302, Role.SCHEDULER), a_place_in_a_plan, method="POST",
                    unrelated={}, others=ANOTHER_SCHEDULERS),
    *own_and_others("scheduling:run", only(302, Role.SCHEDULER), a_plan, method="POST", unrelated={},
                    others=ANOTHER_SCHEDULERS),
    *form_page("scheduling:approve", only(200, Role.SCHEDULER), a_plan, data={"confirm": "on"}, unrelated={},
               others=ANOTHER_SCHEDULERS),
    *own_and_others("scheduling:repair", only(302, Role.SCHEDULER), partial(a_plan, approved=True), method="POST",
                    unrelated={}, others=ANOTHER_SCHEDULERS),
    Case("scheduling:repair", only(405, Role.SCHEDULER), kwargs={"pk": 1}),
    # Plans: the API.
    Case("api:plans", expect(403, anonymous=401, scheduler=200)),
    Case("api:plans", expect(403, anonymous=401, scheduler=202), method="POST", data=term_data, content_type=API),
    *own_and_others("api:plan", expect(403, anonymous=401, scheduler=200), partial(a_plan, key="plan_id"),
                    unrelated={}, others=ANOTHER_SCHEDULERS),
    *own_and_others("api:plan-runs", expect(403, anonymous=401, scheduler=202), partial(a_plan, key="plan_id"),
                    method="POST", data={}, content_type=API, unrelated={}, others=ANOTHER_SCHEDULERS),
    # Evidence and grading: pages.
    *own_and_others("evidence:list", READS_EVIDENCE, on_site_inspection),
    *own_and_others("evidence:export", READS_EVIDENCE, on_site_inspection),
    *form_page("evidence:write", WRITES_EVIDENCE, partial(on_site_inspection, area_code="inclusion"),
               data=EVIDENCE_FORM),
    *own_and_others("evidence:attachment", READS_EVIDENCE, partial(an_evidence_record, attachment=True)),
    *own_and_others("grading:sheet", READS_EVIDENCE, on_site_inspection),
    # The area's page is read by all who read grading; its form is the lead's.
    *own_and_others("grading:area", READS_EVIDENCE, partial(on_site_inspection, area_code="inclusion")),
    *own_and_others("grading:area", WRITES_EVIDENCE | {"inspector": 302}, partial(on_site_inspection, area_code="inclusion"),
                    method="POST", data={"version": 0}),
    *form_page("grading:propose", WRITES_EVIDENCE, partial(on_site_inspection, area_code="inclusion"),
               data={"grade": "expected-standard"}),
    *own_and_others("grading:safeguarding", WRITES_EVIDENCE, on_site_inspection),
    *own_and_others("grading:safeguarding", WRITES_EVIDENCE | {"inspector": 422}, on_site_inspection,
                    method="POST", data={"version": 0, "outcome": "met", "rationale": "Checks are made."},
                    label="no evidence cited"),
    # After the final feedback a grade is changed by those who may change grades then and were not on the team:
    # the lead (on the team) and the others who read grading are refused.
    *form_page("grading:regrade", CHANGES_GRADES, partial(on_site_inspection, feedback=True, area_code="inclusion"),
               data={"reason": "The review found the team erred."}),
    Case("grading:regrade", READS_EVIDENCE | {"inspector": 403, "quality_assurer": 403, "administrator": 403},
         kwargs=on_site_inspection(area_code="inclusion"), label="before the final feedback"),
    *form_page("grading:feedback", ONLY_THE_LEAD, partial(on_site_inspection, graded=True), data={}),
    *own_and_others("grading:provisional", SEES_PROVISIONAL, partial(on_site_inspection, feedback=True)),
    Case("grading:provisional", READS_EVIDENCE | {"inspector": 404, "quality_assurer": 404, "administrator": 404},
         kwargs=on_site_inspection(), label="before the final feedback"),
    # Evidence and grading: the API.
    *own_and_others("api:inspection-evidence", READS_EVIDENCE_API, partial(on_site_inspection, key="inspection_id")),
    *own_and_others("api:inspection-evidence", api(WRITES_EVIDENCE, 201),
                    partial(on_site_inspection, key="inspection_id"), method="POST",
                    data=EVIDENCE_FORM | {"area": "inclusion"}, content_type=API),
    *own_and_others("api:evidence-record", READS_EVIDENCE_API, partial(an_evidence_record, key="record_id")),
    *own_and_others("api:inspection-grades", READS_EVIDENCE_API, partial(on_site_inspection, key="inspection_id")),
    *own_and_others("api:inspection-area-grade", api(WRITES_EVIDENCE, 200),
                    partial(on_site_inspection, key="inspection_id", area_code="inclusion"), method="PUT",
                    data={"version": 0, "judgements": {}}, content_type=API),
    *own_and_others("api:inspection-area-proposals", api(WRITES_EVIDENCE, 201),
                    partial(on_site_inspection, key="inspection_id", area_code="inclusion"), method="POST",
                    data={"grade": "expected-standard"}, content_type=API),
    *own_and_others("api:inspection-safeguarding", api(WRITES_EVIDENCE, 422),
                    partial(on_site_inspection, key="inspection_id"), method="PUT",
                    data={"version": 0, "outcome": "met", "cites": [], "rationale": "Checks are made."},
                    content_type=API, label="no evidence cited"),
    *own_and_others("api:inspection-feedback", api(ONLY_THE_LEAD, 200),
                    partial(on_site_inspection, key="inspection_id", graded=True), method="POST", data={},
                    content_type=API),
    *own_and_others("api:inspection-provisional-outcome", SEES_PROVISIONAL | {"anonymous": 401},
                    partial(on_site_inspection, key="inspection_id", feedback=True)),
    # Reports: the public report card, and the report under embargo, which the school (from the feedback on),
    # the team, quality assurers and the staff who see every inspection read, and no one else finds.
    Case("reports:card", expect(200), kwargs=a_report_card()),
    Case("reports:card", expect(404), kwargs={"inspection_number": "FI99999999"}, label="unpublished"),
    Case("reports:card-version", expect(200), kwargs=a_report_card(version=True)),
    Case("reports:card-pdf", expect(200), kwargs=a_report_card(version=True, pdf=True)),
    Case("reports:under-way", only(200, Role.SCHEDULER, Role.DUTY_DECISION_MAKER, Role.ADMINISTRATOR, Role.QUALITY_ASSURER)),
    *own_and_others("reports:report", expect(200, anonymous=SIGN_IN, complaints_officer=404, researcher=404),
                    partial(a_report_at, "draft_report")),
    *form_page("reports:start-draft", REPORT_LEAD, partial(a_report_at, "feedback_given"), data={}),
    *form_page("reports:revise", REPORT_LEAD, partial(a_report_at, "draft_report"),
               data={"pupil_experience": "Pupils are kind.", "next_steps": "Read more."}),
    *form_page("reports:send-for-factual-accuracy", REPORT_LEAD, partial(a_report_at, "draft_report"), data={}),
    *form_page("reports:comment", REPORT_SCHOOL, partial(a_report_at, "factual_accuracy_check"),
               data={"section": "next-steps", "text": "We already do this."}),
    *form_page("reports:finish-commenting", REPORT_SCHOOL, partial(a_report_at, "factual_accuracy_check"), data={}),
    *form_page("reports:request-review", REPORT_SCHOOL, partial(a_report_at, "factual_accuracy_check"),
               data={"reason": "Leadership is stronger than that."}),
    *form_page("reports:answer", REPORT_LEAD, a_comment_to_answer, data={"accepted": "yes", "reason": "Corrected."}),
    *form_page("reports:decide-review", REPORT_STAFF | {"duty_decision_maker": 200},
               partial(a_report_at, "factual_accuracy_check", review=True),
               data={"upheld": "not-upheld", "reason": "The evidence holds."}),
    *form_page("reports:send-to-quality-assurance", REPORT_LEAD, partial(a_report_at, "returned"), data={}),
    *form_page("reports:return-to-lead", REPORT_STAFF | {"quality_assurer": 200},
               partial(a_report_at, "quality_assurance"), data={"comments": "Say more about reading."}),
    *form_page("reports:publish", REPORT_STAFF | {"quality_assurer": 200}, partial(a_report_at, "quality_assurance"),
               data={}),
    *form_page("reports:amend", REPORT_STAFF | {"quality_assurer": 200}, partial(a_report_at, "published"),
               data={"reason": "A fact corrected.", "pupil_experience": "Pupils are kind.", "next_steps": "Read."}),
    Case("api:report-card", expect(200), kwargs=a_report_card()),
    Case("api:report-card-version", expect(200), kwargs=a_report_card(version=True)),
    *own_and_others("api:inspection-report",
                    expect(200, anonymous=401, complaints_officer=404, researcher=404),
                    partial(a_report_at, "draft_report")),
    *own_and_others("api:inspection-report-comments", REPORT_SCHOOL | {"anonymous": 401, "school_user": 201},
                    partial(a_report_at, "factual_accuracy_check"), method="POST",
                    data={"section": "next-steps", "text": "We already do this."}, content_type=API),
    *own_and_others("api:inspection-report-publish", REPORT_STAFF | {"anonymous": 401, "quality_assurer": 200},
                    partial(a_report_at, "quality_assurance"), method="POST", data={}, content_type=API),
    # Concerns: raised by the school during on-site work, answered by the senior inspector on duty it went to.
    Case("complaints:mine", only(200, Role.SCHOOL_USER)),
    *form_page("complaints:raise-concern", _sees(**RAISES), partial(an_inspection_to_raise, State.ON_SITE),
               data={"details": "We were not heard."}),
    Case("complaints:concerns", only(200, Role.DUTY_DECISION_MAKER, Role.COMPLAINTS_OFFICER)),
    *own_and_others("complaints:concern", _sees(**CONCERN_SEEN), a_concern, unrelated=ONLY_ITS_OWN_DUTY),
    *form_page("complaints:answer-concern", _sees(school_user=403, duty_decision_maker=200, complaints_officer=403),
               a_concern, data={"response": "I spoke to the lead."}, unrelated=ONLY_ITS_OWN_DUTY),
    Case("api:concerns", expect(200, anonymous=401)),
    *own_and_others("api:inspection-concerns", expect(404, anonymous=401, school_user=201, inspector=403,
                                                      scheduler=403, duty_decision_maker=403, administrator=403),
                    partial(an_inspection_to_raise, State.ON_SITE, key="inspection_id"), method="POST",
                    data={"details": "We were not heard."}, content_type=API),
    *own_and_others("api:concern", _api_sees(**CONCERN_SEEN), partial(a_concern, key="concern_id"),
                    unrelated=ONLY_ITS_OWN_DUTY),
    *own_and_others("api:concern-answer", _api_sees(school_user=403, duty_decision_maker=200, complaints_officer=403),
                    partial(a_concern, key="concern_id"), method="POST", data={"response": "Answered."},
                    content_type=API, unrelated=ONLY_ITS_OWN_DUTY),
    # Complaints: the school's and the complaints team's alone.
    *form_page("complaints:make-complaint", _sees(**RAISES), partial(an_inspection_to_raise, State.FEEDBACK_GIVEN),
               data={"grounds": "Unfair grades."}),
    Case("complaints:queue", only(200, Role.COMPLAINTS_OFFICER)),
    *own_and_others("complaints:complaint", _sees(school_user=200, complaints_officer=200), a_complaint,
                    unrelated=ONLY_ITS_OWN_SCHOOL),
    Case("complaints:take", expect(405, anonymous=SIGN_IN), kwargs={"pk": 1}),
    *own_and_others("complaints:take", _sees(school_user=403, complaints_officer=302), a_complaint, method="POST",
                    unrelated=ONLY_ITS_OWN_SCHOOL),
    *form_page("complaints:escalate", _sees(school_user=200, complaints_officer=403), partial(a_complaint, "decided"),
               data={"grounds": "Not satisfied."}, unrelated=ONLY_ITS_OWN_SCHOOL),
    *form_page("complaints:decide", _sees(school_user=403, complaints_officer=200), a_complaint,
               data={"outcome": "upheld", "reason": "The team erred."}, unrelated=ONLY_ITS_OWN_SCHOOL),
    *form_page("complaints:release-hold", _sees(school_user=403, complaints_officer=200), a_complaint,
               data={"reason": "Not about the report."}, unrelated=ONLY_ITS_OWN_SCHOOL),
    *form_page("complaints:reinspection", _sees(school_user=403, complaints_officer=200),
               partial(a_complaint, "upheld"), data=reinspection_form, unrelated=ONLY_ITS_OWN_SCHOOL),
    *form_page("complaints:amend", _sees(school_user=403, complaints_officer=200),
               an_upheld_complaint_on_a_published_report, data={"reason": "The garden is the school's."},
               unrelated=ONLY_ITS_OWN_SCHOOL),
    *form_page("complaints:regrade", _sees(school_user=403, complaints_officer=200),
               with_area(an_upheld_complaint_on_a_published_report), data={"reason": "The team erred."},
               unrelated=ONLY_ITS_OWN_SCHOOL),
    *form_page("complaints:refer", _sees(school_user=403, complaints_officer=200), partial(a_complaint, "escalated"),
               data={"adjudicator": "ICASE", "sent": "The file."}, unrelated=ONLY_ITS_OWN_SCHOOL),
    *form_page("complaints:recommendation", _sees(school_user=403, complaints_officer=200),
               partial(a_complaint, "referred"), data={"text": "Apologise."}, unrelated=ONLY_ITS_OWN_SCHOOL),
    *form_page("complaints:answer-recommendation", _sees(school_user=403, complaints_officer=200),
               partial(a_complaint, "referred", recommendation_key="recommendation_pk"),
               data={"response": "declined", "reason": "The judgement stands."}, unrelated=ONLY_ITS_OWN_SCHOOL),
    Case("complaints:declined-recommendations", expect(200)),
    Case("api:complaints", expect(200, anonymous=401)),
    *own_and_others("api:inspection-complaints", expect(404, anonymous=401, school_user=201, inspector=403,
                                                        scheduler=403, duty_decision_maker=403, administrator=403),
                    partial(an_inspection_to_raise, State.FEEDBACK_GIVEN, key="inspection_id"), method="POST",
                    data={"grounds": "Unfair grades."}, content_type=API),
    *own_and_others("api:complaint", _api_sees(school_user=200, complaints_officer=200),
                    partial(a_complaint, key="complaint_id"), unrelated=ONLY_ITS_OWN_SCHOOL),
    *own_and_others("api:complaint-decision", _api_sees(school_user=403, complaints_officer=200),
                    partial(a_complaint, key="complaint_id"), method="POST",
                    data={"outcome": "not_upheld", "reason": "Our reasons."}, content_type=API,
                    unrelated=ONLY_ITS_OWN_SCHOOL),
    *own_and_others("api:complaint-amendment", _api_sees(school_user=403, complaints_officer=201),
                    partial(an_upheld_complaint_on_a_published_report, key="complaint_id"), method="POST",
                    data={"reason": "The garden is the school's."}, content_type=API, unrelated=ONLY_ITS_OWN_SCHOOL),
    # Judgements the grading rules refuse (no such area): the officer gets as far as the grading rules.
    *own_and_others("api:complaint-regrade", _api_sees(school_user=403, complaints_officer=422),
                    partial(a_complaint, "upheld", key="complaint_id"), method="POST",
                    data={"area_code": "no-such-area", "judgements": {}, "reason": "Judged again."}, content_type=API,
                    unrelated=ONLY_ITS_OWN_SCHOOL),
    *own_and_others("api:complaint-escalation", _api_sees(school_user=200, complaints_officer=403),
                    partial(a_complaint, "decided", key="complaint_id"), method="POST",
                    data={"grounds": "Not satisfied."}, content_type=API, unrelated=ONLY_ITS_OWN_SCHOOL),
    # Learning reviews: those who manage them and each review's reviewer; published summaries are public.
    Case("complaints:reviews", only(200, Role.COMPLAINTS_OFFICER, Role.ADMINISTRATOR, Role.QUALITY_ASSURER,
                                    Role.DUTY_DECISION_MAKER)),
    Case("complaints:record-incident", only(200, Role.COMPLAINTS_OFFICER, Role.ADMINISTRATOR)),
    Case("complaints:record-incident", only(302, Role.COMPLAINTS_OFFICER, Role.ADMINISTRATOR), method="POST",
         data=incident_form),
    Case("complaints:commission-review", only(200, Role.COMPLAINTS_OFFICER, Role.ADMINISTRATOR), kwargs=an_incident()),
    Case("complaints:commission-review", only(302, Role.COMPLAINTS_OFFICER, Role.ADMINISTRATOR), kwargs=an_incident(),
         method="POST", data=commission_form),
    *own_and_others("complaints:review", _sees(**REVIEW_SEEN), a_review, unrelated=ANOTHER_REVIEWERS),
    *form_page("complaints:review-findings", _sees(**(REVIEW_SEEN | {"complaints_officer": 403})), a_review,
               data={"findings": "Too slow."}, unrelated={**ANOTHER_REVIEWERS, "administrator": 403}),
    *form_page("complaints:review-action", _sees(**(REVIEW_SEEN | {"complaints_officer": 403})), a_review,
               data=review_action_form, unrelated={**ANOTHER_REVIEWERS, "administrator": 403}),
    *form_page("complaints:review-publish", _sees(**(REVIEW_SEEN | {"quality_assurer": 403, "duty_decision_maker": 403})),
               partial(a_review, ready=True), data={"summary": "We act faster now."}, unrelated=ANOTHER_REVIEWERS),
    Case("complaints:summaries", expect(200)),
    Case("complaints:summary", expect(200), kwargs=a_review(own=False, published=True), label="published"),
    Case("complaints:summary", expect(404), kwargs=a_review(own=False), label="not published"),


    # The impact survey: the school's own invitations; someone else's is not found.
    Case("survey:invitations", only(200, Role.SCHOOL_USER)),
    *form_page("survey:respond", only(200, Role.SCHOOL_USER), a_survey_invitation, data=A_SURVEY_RESPONSE,
               unrelated={"school_user": 404}),
    # Analytics: aggregate figures for staff, researchers and unions; the open data for everyone.
    Case("analytics:index", only(200, *SEES_ANALYTICS)),
    Case("analytics:grades", only(200, *SEES_ANALYTICS), kwargs=with_frameworks),
    Case("analytics:consistency", only(200, *SEES_ANALYTICS), kwargs=with_frameworks),
    Case("analytics:timeliness", only(200, *SEES_ANALYTICS)),
    Case("analytics:rates", only(200, *SEES_ANALYTICS)),
    Case("analytics:survey", only(200, *SEES_ANALYTICS)),
    Case("analytics:opendata", expect(200)),
    Case("api:opendata-package", expect(200)),
    Case("api:opendata-inspections-csv", expect(200)),
    Case("api:opendata-inspections", expect(200)),
    Case("api:opendata-lead-residuals", expect(200)),
    *(Case("api:opendata-figures", expect(200), kwargs={"name": name}, label=name) for name in FIGURE_TABLES),
    Case("api:opendata-figures", expect(404), kwargs={"name": "complaints-by-school"}, label="unknown table"),
]


def url_pattern_names(resolver: URLResolver | None = None, namespace: str = "", route: str = ""):
    """(name with namespace, route) of every routed pattern, walking included URLconfs recursively."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(part for part in (namespace, pattern.namespace) if part)
            yield from url_pattern_names(pattern, inner, route + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield name, route + str(pattern.pattern)


def test_every_url_pattern_has_a_row():
    covered = {case.url_name for case in CASES}
    unnamed = [route for name, route in url_pattern_names() if name is None]
    missing = sorted({f"{name} ({route})" for name, route in url_pattern_names() if name and name not in covered})
    assert not unnamed, f"Give these URL patterns a name= so their permissions can be tested: {unnamed}"
    assert not missing, (
        "These URLs have no row in tests/accounts/test_url_permissions.py saying which status each role gets; "
        "add a Case for each (how: the docstring at the top of that file):\n  " + "\n  ".join(missing)
    )


def test_every_api_operation_has_a_row(client):
    described = client.get(reverse("api:openapi-json")).json()["paths"]
    # The API's routes as its description writes them: /api/v1/inspections/{inspection_id}.
    paths = {name: "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route) for name, route in url_pattern_names() if name}
    operations = {(path, method.upper()) for path, methods in described.items() for method in methods if method.upper() in HTTP_METHODS}
    covered = {(paths[case.url_name], case.method) for case in CASES if case.url_name in paths}
    missing = sorted(operations - covered)
    assert not missing, (
        "These API operations have no row in tests/accounts/test_url_permissions.py with their method; add a Case "
        "with method= for each (how: the docstring at the top of that file):\n  "
        + "\n  ".join(f"{method} {path}" for path, method in missing)
    )


def test_actor_school_is_a_school_users_own_and_nobody_elses(request, db):
    school_user = Actor(role=Role.SCHOOL_USER, request=request)
    assert school_user.school.memberships.get().user == school_user.user
    scheduler = Actor(role=Role.SCHEDULER, request=request)
    assert not scheduler.school.memberships.exists()
    assert Actor(role=None, request=request).user is None


def test_every_row_names_a_routed_url():
    routed = {name for name, _ in url_pattern_names()}
    stale = sorted({case.url_name for case in CASES} - routed)
    assert not stale, f"These rows name URLs that no longer exist; remove or rename them: {stale}"


def _is_refusal(status: Status) -> bool:
    return status == SIGN_IN or (isinstance(status, int) and status >= 400)


# A refusal is decided by the permission registry and the selectors before any service runs, the same on either
# database: refused rows run in the SQLite pass only, while every row that succeeds (a service's SQL, its locks)
# runs on PostgreSQL too.
ROWS = [
    pytest.param(
        case, actor_name, id=f"{case.id}-{actor_name}",
        marks=[pytest.mark.sqlite_pass_only] if _is_refusal(case.expect[actor_name]) else [],
    )
    for case in CASES
    for actor_name in ACTORS
]  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize(("case", "actor_name"), ROWS)
def test_status_by_role(case: Case, actor_name: str, client, request):
    actor = Actor(role=None if actor_name == ANONYMOUS else Role(actor_name), request=request)
    if actor.user is not None:
        client.force_login(actor.user)
    path = reverse(case.url_name, kwargs=built(case.kwargs, actor) or None)
    data = built(case.data, actor)
    before = None if case.method in SAFE_METHODS else Snapshot.take()
    if data is None:
        response = client.generic(case.method, path)
    else:
        extra = {"content_type": case.content_type} if case.content_type else {}
        response = getattr(client, case.method.lower())(path, data, **extra)

    expected = case.expect[actor_name]
    where = f"{case.method} {path} as {actor_name}"
    if isinstance(expected, Redirect):
        assert response.status_code == 302, f"{where}: expected a redirect to {expected.to}, got {response.status_code}"
        location = urlsplit(response["Location"])
        assert location.path == reverse(expected.to), f"{where}: redirected to {response['Location']}"
        if expected == SIGN_IN:
            assert parse_qs(location.query).get("next") == [path], f"{where}: sign-in does not come back here"
    else:
        assert response.status_code == expected, f"{where}: expected {expected}, got {response.status_code}"
    if before is not None and (400 <= response.status_code < 500 or expected == SIGN_IN):
        before.assert_unchanged(f"{where}, refused with {response.status_code},")
