"""Changes to the workforce: importing inspectors, withdrawing them, and recording their training,
unavailability, declared conflicts and the schools they worked at, and putting those records right. Each change
is audited."""

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from fairinspect.accounts.permissions import INSPECT, MANAGE_WORKFORCE, give_role_for, require, roles_beyond
from fairinspect.audit.services import public_service, record_event, record_import
from fairinspect.core import working_days
from fairinspect.core.actors import Actor
from fairinspect.core.bulk import upsert
from fairinspect.core.csv_import import (
    CsvFile,
    ImportSummary,
    Layout,
    RowError,
    RowProblem,
    RowsRejected,
    normalise_header,
    parse_choice,
    parse_date,
    parse_int,
    parse_text,
)
from fairinspect.core.errors import InvalidRequest, NotPermitted, WrongState
from fairinspect.core.text import LINE, REASON, SHORT_NOTE
from fairinspect.frameworks.models import TrainingCourse
from fairinspect.schools.models import School, Trust
from fairinspect.core.formatting import govuk_date
from fairinspect.workforce.models import (
    DeclaredConflict,
    Inspector,
    InspectorKind,
    Phase,
    SchoolWorkedAt,
    TrainingRecord,
    Unavailability,
    WorkforceEvent,
)
from fairinspect.workforce.selectors import can_declare_for

# The inspector file ---------------------------------------------------------------------------------------

REFERENCE = "Reference"
USERNAME = "Username"
FIRST_NAME = "First name"
LAST_NAME = "Last name"
EMAIL = "Email"
KIND = "Kind"
PHASES = "Phases"
OWN_SCHOOL = "Own school URN"
HOME_EASTING = "Home easting"
HOME_NORTHING = "Home northing"
LOAD_CAP = "Load cap per term"
LAST_WORKED_AS_HMI = "Last worked as HMI on"
INSPECTORS = Layout(
    "inspector list",
    required=(REFERENCE, USERNAME, FIRST_NAME, LAST_NAME, EMAIL, KIND, PHASES, LOAD_CAP),
    optional=(OWN_SCHOOL, HOME_EASTING, HOME_NORTHING, LAST_WORKED_AS_HMI),
)
INSPECTOR_FIELDS = (
    "user_id", "kind", "own_school_id", "home_easting", "home_northing", "phases", "load_cap_per_term",
    "last_worked_as_hmi_on",
)  # fmt: skip
_KINDS = {
    normalise_header(name): kind
    for kind in InspectorKind
    for name in (kind.value, kind.label, kind.label.replace("His Majesty's ", "HM "))
}
_PHASES = {normalise_header(name): phase for phase in Phase for name in (phase.value, phase.label)}
_EASTING_MAX, _NORTHING_MAX = 700_000, 1_300_000


@dataclass(frozen=True)
class _InspectorRow:
    username: str
    first_name: str
    last_name: str
    email: str
    inspector: dict  # INSPECTOR_FIELDS but user_id


def _inspector_parser(csv_file: CsvFile):
    cell = {column: csv_file.getter(column) for column in (*INSPECTORS.required, *INSPECTORS.optional)}
    user_model = get_user_model()
    username_length = user_model._meta.get_field("username").max_length

    def parse(row: list[str]) -> tuple[str, _InspectorRow]:
        reference = parse_text(cell[REFERENCE](row), REFERENCE, required=True, max_length=20)
        phases = set()
        for name in cell[PHASES](row).split(";"):
            if name.strip():
                phases.add(parse_choice(name.strip(), PHASES, _PHASES))
        if not phases:
            raise RowProblem(f"{PHASES} is blank: list the phases they may inspect, separated by ';'")
        kind = parse_choice(cell[KIND](row), KIND, _KINDS)
        if kind is None:
            raise RowProblem(f"{KIND} is blank (HMI or OI)")
        easting = parse_int(cell[HOME_EASTING](row), HOME_EASTING, minimum=0, maximum=_EASTING_MAX)
        northing = parse_int(cell[HOME_NORTHING](row), HOME_NORTHING, minimum=0, maximum=_NORTHING_MAX)
        if (easting is None) != (northing is None):
            raise RowProblem(f"give both {HOME_EASTING} and {HOME_NORTHING}, or neither")
        return reference, _InspectorRow(
            username=parse_text(cell[USERNAME](row), USERNAME, required=True, max_length=username_length),
            first_name=parse_text(cell[FIRST_NAME](row), FIRST_NAME, required=True, max_length=150),
            last_name=parse_text(cell[LAST_NAME](row), LAST_NAME, required=True, max_length=150),
            email=_parse_email(cell[EMAIL](row)),
            inspector={
                "kind": kind,
                "own_school_id": parse_int(cell[OWN_SCHOOL](row), OWN_SCHOOL, minimum=1),
                "home_easting": easting,
                "home_northing": northing,
                "phases": sorted(phases),
                "load_cap_per_term": parse_int(cell[LOAD_CAP](row), LOAD_CAP, required=True, minimum=1, maximum=100),
                "last_worked_as_hmi_on": _parse_last_worked_as_hmi(cell[LAST_WORKED_AS_HMI](row)),
            },
        )

    return parse


def _parse_last_worked_as_hmi(value: str) -> date | None:
    last_worked_on = parse_date(value, LAST_WORKED_AS_HMI)
    if last_worked_on is not None and last_worked_on > working_days.today():
        raise RowProblem(f"{LAST_WORKED_AS_HMI} {value!r} is in the future")
    return last_worked_on


def _parse_email(value: str) -> str:
    email = parse_text(value, EMAIL, required=True, max_length=254)
    try:
        validate_email(email)
    except ValidationError:
        raise RowProblem(f"{EMAIL} {email!r} is not an email address") from None
    return email


def _check_against_stored(rows: dict[str, _InspectorRow], lines: dict[str, int]) -> list[RowError]:
    """Problems only the database can show: unknown schools, and a username whose account is not this
    inspector's to have: another inspector's, or one with any role but inspector's. An account that holds
    the inspector role alone and is no other inspector's becomes this inspector's."""
    errors = []
    known_urns = set(
        School.objects.filter(urn__in={row.inspector["own_school_id"] for row in rows.values()}).values_list("urn", flat=True)
    )
    taken = dict(
        Inspector.objects.filter(user__username__in=[row.username for row in rows.values()]).values_list(
            "user__username", "reference"
        )
    )
    accounts = get_user_model().objects.filter(username__in=[row.username for row in rows.values()])
    # What an existing account may do besides inspecting: an import must never take such an account over (change
    # its name and email, and so where its password resets go).
    powers = {user.username: roles_beyond(user, INSPECT) for user in accounts}
    usernames: dict[str, str] = {}
    for reference, row in rows.items():
        urn = row.inspector["own_school_id"]
        if urn is not None and urn not in known_urns:
            errors.append(RowError(lines[reference], f"{OWN_SCHOOL} {urn} is not a school in the registry"))
        if taken.get(row.username, reference) != reference:
            errors.append(RowError(lines[reference], f"{USERNAME} {row.username!r} belongs to inspector {taken[row.username]}"))
        elif powers.get(row.username):
            errors.append(
                RowError(
                    lines[reference],
                    f"{USERNAME} {row.username!r} is an existing account with other roles "
                    f"({', '.join(powers[row.username])}): choose a username of the inspector's own",
                )
            )
        if row.username in usernames:
            errors.append(RowError(lines[reference], f"{USERNAME} {row.username!r} is also given to {usernames[row.username]}"))
        usernames.setdefault(row.username, reference)
    return errors


def _upsert_users(rows: list[_InspectorRow]) -> dict[str, int]:
    """Accounts for the inspectors (new ones cannot sign in until a password is set); username → user id."""
    user_model = get_user_model()
    existing = {user.username: user for user in user_model.objects.filter(username__in=[row.username for row in rows])}
    new, changed = [], []
    for row in rows:
        user = existing.get(row.username)
        details = {"first_name": row.first_name, "last_name": row.last_name, "email": row.email}
        if user is None:
            new.append(user_model(username=row.username, password=make_password(None), **details))
        elif any(getattr(user, name) != value for name, value in details.items()):
            for name, value in details.items():
                setattr(user, name, value)
            changed.append(user)
    user_model.objects.bulk_create(new)
    user_model.objects.bulk_update(changed, ["first_name", "last_name", "email"])
    ids = dict(user_model.objects.filter(username__in=[row.username for row in rows]).values_list("username", "pk"))
    give_role_for(INSPECT, ids.values())
    return ids


@public_service
def import_inspectors(
    path: Path | str, *, skip_invalid: bool = False, progress: bool = True, actor: Actor = None
) -> ImportSummary:
    """Create or update inspectors (and their accounts, with the inspector role) from a CSV file, by reference.

    Like every import: a missing column stops it before anything is written; bad rows are named by line;
    by default any bad row means nothing is written, and `skip_invalid` writes the good rows instead.
    """
    csv_file = CsvFile(path, [INSPECTORS])
    parsed, errors = csv_file.records(_inspector_parser(csv_file), progress)
    lines: dict[str, int] = {}
    rows: dict[str, _InspectorRow] = {}
    for line, (reference, row) in parsed:
        if reference in rows:
            errors.append(RowError(line, f"{REFERENCE} {reference} is also on line {lines[reference]}"))
            continue
        rows[reference], lines[reference] = row, line
    errors += _check_against_stored(rows, lines)
    errors.sort(key=lambda error: error.line)
    if errors and not skip_invalid:
        raise RowsRejected(errors)
    bad_lines = {error.line for error in errors}
    rows = {reference: row for reference, row in rows.items() if lines[reference] not in bad_lines}
    user_ids = _upsert_users(list(rows.values()))
    summary = ImportSummary(
        *upsert(
            Inspector,
            {reference: {**row.inspector, "user_id": user_ids[row.username]} for reference, row in rows.items()},
            key="reference",
            fields=INSPECTOR_FIELDS,
        ),
        rejected=errors,
    )
    record_import(WorkforceEvent.INSPECTORS_IMPORTED, csv_file, summary, actor)
    return summary


# One inspector at a time ------------------------------------------------------------------------------------


def _locked(inspector: Inspector) -> Inspector:
    """The inspector's row, locked. Whatever may bar an inspector from a team is recorded under this lock, which
    assigning them (after the inspection's) and notifying or starting an inspection they are on also take: an
    assignment never misses a conflict, time away or training recorded at the same moment, as one waits for
    the other."""
    return Inspector.objects.select_for_update(of=("self",)).select_related("user").get(pk=inspector.pk)


@public_service
def withdraw_inspector(
    *, actor: Actor, inspector: Inspector, reason: str, withdrawn_on: date | None = None
) -> Inspector:
    """An inspector steps back (for example during a dispute): they cannot be assigned until reinstated."""
    require(actor, MANAGE_WORKFORCE, "withdraw an inspector")
    inspector = _locked(inspector)
    if inspector.is_withdrawn:
        raise WrongState(f"{inspector.name} was already withdrawn on {govuk_date(inspector.withdrawn_on)}")
    reason = REASON.clean(reason, field="reason", what="why the inspector is withdrawing")
    inspector.withdrawn_on = withdrawn_on or working_days.today()
    inspector.withdrawal_reason = reason
    inspector.save(update_fields=["withdrawn_on", "withdrawal_reason"])
    record_event(
        actor=actor, action=WorkforceEvent.INSPECTOR_WITHDRAWN, obj=inspector,
        before={"withdrawn_on": None}, after={"withdrawn_on": inspector.withdrawn_on}, reason=reason,
    )
    return inspector


@public_service
def reinstate_inspector(*, actor: Actor, inspector: Inspector, reason: str) -> Inspector:
    require(actor, MANAGE_WORKFORCE, "reinstate an inspector")
    inspector = _locked(inspector)
    if not inspector.is_withdrawn:
        raise WrongState(f"{inspector.name} is not withdrawn")
    reason = REASON.clean(reason, field="reason", what="why the inspector is coming back")
    before = {"withdrawn_on": inspector.withdrawn_on, "withdrawal_reason": inspector.withdrawal_reason}
    inspector.withdrawn_on, inspector.withdrawal_reason = None, ""
    inspector.save(update_fields=["withdrawn_on", "withdrawal_reason"])
    record_event(actor=actor, action=WorkforceEvent.INSPECTOR_REINSTATED, obj=inspector, before=before, after={"withdrawn_on": None}, reason=reason)
    return inspector


@public_service
def record_training(
    *, actor: Actor, inspector: Inspector, course: TrainingCourse, completed_on: date, expires_on: date | None = None
) -> TrainingRecord:
    require(actor, MANAGE_WORKFORCE, "record training")
    if completed_on > working_days.today():
        raise InvalidRequest("The course cannot be completed in the future", field="completed_on")
    if expires_on is not None and expires_on <= completed_on:
        raise InvalidRequest("Training must expire after it was completed", field="expires_on")
    # Locked, so that the same record sent twice at once is refused here rather than by the unique constraint.
    inspector = _locked(inspector)
    if inspector.training.filter(course=course, completed_on=completed_on).exists():
        raise InvalidRequest(
            f"“{course.title}” is already recorded as completed on {govuk_date(completed_on)}", field="completed_on"
        )
    record = TrainingRecord.objects.create(inspector=inspector, course=course, completed_on=completed_on, expires_on=expires_on)
    record_event(
        actor=actor, action=WorkforceEvent.TRAINING_RECORDED, obj=inspector,
        after={"course": course.code, "completed_on": completed_on, "expires_on": expires_on},
    )
    return record


@public_service
def add_unavailability(
    *, actor: Actor, inspector: Inspector, starts_on: date, ends_on: date, reason: str = ""
) -> Unavailability:
    """A period the inspector cannot work; they may record it themselves, or a scheduler for them."""
    if not can_declare_for(actor, inspector):
        raise NotPermitted(MANAGE_WORKFORCE.refusal("record their unavailability", besides=("the inspector",)))
    if ends_on < starts_on:
        raise InvalidRequest("The last day must be the same as or after the first day", field="ends_on")
    inspector = _locked(inspector)
    reason = SHORT_NOTE.clean(reason, field="reason", what="why they are away", required=False)
    period = Unavailability.objects.create(inspector=inspector, starts_on=starts_on, ends_on=ends_on, reason=reason)
    record_event(
        actor=actor, action=WorkforceEvent.UNAVAILABILITY_ADDED, obj=inspector,
        after={"starts_on": starts_on, "ends_on": ends_on},
    )
    return period


@public_service
def declare_conflict(
    *, actor: Actor, inspector: Inspector, reason: str, school: School | None = None, trust: Trust | None = None
) -> DeclaredConflict:
    """A conflict of interest with a school or a whole trust, declared by the inspector or for them."""
    if not can_declare_for(actor, inspector):
        raise NotPermitted(MANAGE_WORKFORCE.refusal("declare their conflicts of interest", besides=("the inspector",)))
    if (school is None) == (trust is None):
        raise InvalidRequest("Name either a school or a trust", field="school")
    reason = LINE.clean(reason, field="reason", what="the reason for the conflict of interest")
    inspector = _locked(inspector)
    conflict = DeclaredConflict.objects.create(
        inspector=inspector, school=school, trust=trust, reason=reason, declared_on=working_days.today()
    )
    record_event(
        actor=actor, action=WorkforceEvent.CONFLICT_DECLARED, obj=inspector,
        after={"school": school.urn if school else None, "trust": trust.code if trust else None}, reason=reason,
    )
    return conflict


@public_service
def record_school_worked_at(
    *, actor: Actor, inspector: Inspector, school: School, started_on: date, left_on: date | None = None
) -> SchoolWorkedAt:
    require(actor, MANAGE_WORKFORCE, "record where an inspector worked")
    if left_on is not None and left_on < started_on:
        raise InvalidRequest("They must leave after they started", field="left_on")
    inspector = _locked(inspector)
    worked = SchoolWorkedAt.objects.create(inspector=inspector, school=school, started_on=started_on, left_on=left_on)
    record_event(
        actor=actor, action=WorkforceEvent.SCHOOL_WORKED_AT_RECORDED, obj=inspector,
        after={"school": school.urn, "started_on": started_on, "left_on": left_on},
    )
    return worked


# Putting an inspector's record right ----------------------------------------------------------------------------
# Each removal deletes by id and checks a row went, so that two people removing the same record at once cannot
# both succeed. The audit event keeps what was removed. Removing training can bar an inspector from teams, so it
# takes their lock (see `_locked`); the other corrections only ever free them for more.


def _removed(record, what: str) -> None:
    deleted, _ = type(record).objects.filter(pk=record.pk).delete()
    if not deleted:
        raise WrongState(f"This {what} was already removed")


@public_service
def remove_training(*, actor: Actor, record: TrainingRecord, reason: str) -> None:
    """A training record entered in error. Without it the inspector may lack a course a framework requires,
    and so be refused for teams they were eligible for."""
    require(actor, MANAGE_WORKFORCE, "remove a training record")
    reason = REASON.clean(reason, field="reason", what="why the training record is wrong")
    _locked(record.inspector)
    _removed(record, "training record")
    record_event(
        actor=actor, action=WorkforceEvent.TRAINING_REMOVED, obj=record.inspector,
        before={"course": record.course.code, "completed_on": record.completed_on, "expires_on": record.expires_on},
        reason=reason,
    )  # fmt: skip


@public_service
def remove_unavailability(*, actor: Actor, period: Unavailability) -> None:
    """A period away that was entered in error or will not happen: the inspector can be put on teams then."""
    if not can_declare_for(actor, period.inspector):
        raise NotPermitted(MANAGE_WORKFORCE.refusal("remove their unavailability", besides=("the inspector",)))
    _removed(period, "period")
    record_event(
        actor=actor, action=WorkforceEvent.UNAVAILABILITY_REMOVED, obj=period.inspector,
        before={"starts_on": period.starts_on, "ends_on": period.ends_on},
    )  # fmt: skip


@public_service
def withdraw_conflict(*, actor: Actor, conflict: DeclaredConflict, reason: str) -> None:
    """A declared conflict of interest that has ended (the inspector's child has left the school, say). The
    scheduling team decides this, never the inspector alone: declaring a conflict keeps an inspection fair,
    taking one back could make it unfair."""
    require(actor, MANAGE_WORKFORCE, "withdraw a declared conflict of interest")
    reason = REASON.clean(reason, field="reason", what="why the conflict of interest has ended")
    _removed(conflict, "conflict of interest")
    record_event(
        actor=actor, action=WorkforceEvent.CONFLICT_WITHDRAWN, obj=conflict.inspector,
        before={"school": conflict.school_id, "trust": conflict.trust_id, "reason": conflict.reason,
                "declared_on": conflict.declared_on},
        reason=reason,
    )  # fmt: skip


@public_service
def record_leaving_school(*, actor: Actor, worked: SchoolWorkedAt, left_on: date) -> SchoolWorkedAt:
    """The day an inspector left a school they still worked at: the look-back for conflicts counts from it."""
    require(actor, MANAGE_WORKFORCE, "record where an inspector worked")
    worked = SchoolWorkedAt.objects.select_for_update().select_related("inspector").get(pk=worked.pk)
    if worked.left_on is not None:
        raise WrongState(f"They already left this school on {govuk_date(worked.left_on)}")
    if left_on < worked.started_on:
        raise InvalidRequest(
            f"They must leave after they started, on {govuk_date(worked.started_on)}", field="left_on"
        )
    worked.left_on = left_on
    worked.save(update_fields=["left_on"])
    record_event(
        actor=actor, action=WorkforceEvent.SCHOOL_LEFT, obj=worked.inspector,
        before={"school": worked.school_id, "left_on": None}, after={"school": worked.school_id, "left_on": left_on},
    )  # fmt: skip
    return worked
