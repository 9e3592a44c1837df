"""Nothing writes an inspection's state except its transition functions: the model refuses, and no code
outside `inspections/lifecycle.py` sets it."""

import ast
from pathlib import Path

import pytest

import fairinspect
from fairinspect.accounts.roles import Role
from fairinspect.audit.models import AuditEvent
from fairinspect.inspections import services
from fairinspect.inspections.models import Inspection, State, StateWriteError
from tests import factories

pytestmark = pytest.mark.django_db
SOURCE = Path(fairinspect.__file__).parent
TRANSITIONS = SOURCE / "inspections" / "lifecycle.py"


def test_saving_a_changed_state_or_updating_it_in_bulk_is_refused(make_inspection):
    inspection = make_inspection(State.PLANNED)
    inspection.state = State.ON_SITE
    with pytest.raises(StateWriteError):
        inspection.save()
    with pytest.raises(StateWriteError):
        Inspection.objects.filter(pk=inspection.pk).update(state=State.ON_SITE)
    with pytest.raises(StateWriteError):
        Inspection.objects.bulk_update([inspection], ["state"])
    assert Inspection.objects.get(pk=inspection.pk).state == State.PLANNED
    # Other fields save as usual.
    stored = Inspection.objects.get(pk=inspection.pk)
    stored.save()


def test_saving_a_stale_copy_never_writes_its_old_state_over_a_newer_one(clock, make_inspection):
    inspection = make_inspection(State.NOTIFIED)
    stale = Inspection.objects.get(pk=inspection.pk)
    services.cancel_inspection(actor=factories.make_user(Role.SCHEDULER), inspection=inspection, reason="It closed.")
    events = AuditEvent.objects.count()
    stale.save()  # a copy loaded while the inspection was notified
    stale.save(update_fields=["state", "ends_on"])
    assert Inspection.objects.get(pk=inspection.pk).state == State.CANCELLED
    assert AuditEvent.objects.count() == events


def test_refreshing_a_copy_takes_the_stored_state_as_its_own(clock, make_inspection):
    inspection = make_inspection(State.PLANNED)
    copy = Inspection.objects.get(pk=inspection.pk)
    services.notify_school(actor=factories.make_user(Role.SCHEDULER), inspection=inspection)
    copy.refresh_from_db()
    assert copy.state == State.NOTIFIED
    copy.save()  # saving what was just read is not a change of state
    copy.refresh_from_db(fields=["state"])
    copy.state = State.PLANNED
    with pytest.raises(StateWriteError):
        copy.save()
    assert Inspection.objects.get(pk=inspection.pk).state == State.NOTIFIED


def test_inspections_are_never_created_with_a_state_but_by_planning(make_inspection, frameworks):
    planned = make_inspection(State.PLANNED)
    fields = {"school": planned.school, "framework": planned.framework, "kind": planned.kind,
              "starts_on": planned.starts_on, "ends_on": planned.ends_on}  # fmt: skip
    with pytest.raises(StateWriteError):
        Inspection.objects.bulk_create([Inspection(state=State.ON_SITE, **fields)])
    with pytest.raises(StateWriteError):
        Inspection.objects.create(state=State.PLANNED, **fields)
    with pytest.raises(StateWriteError):
        Inspection(**fields).save()
    assert list(Inspection.objects.all()) == [planned]


# Calls that write the fields they are given (as keywords, or as a `defaults` dict).
_WRITING_CALLS = {"create", "update", "update_or_create", "get_or_create", "bulk_update", "Inspection"}


def _assigned(target: ast.expr):
    """The expressions an assignment target writes, unpacking tuples and lists."""
    if isinstance(target, (ast.Tuple, ast.List)):
        for element in target.elts:
            yield from _assigned(element)
    elif isinstance(target, ast.Starred):
        yield from _assigned(target.value)
    else:
        yield target


def _called(call: ast.Call) -> str:
    return call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")


def _state_writes(path: Path) -> list[str]:
    """Places in a file that may write an inspection's state: assigning `.state` (also by setattr or unpacking),
    passing `state=` (or a `defaults` dict with "state") to a call that writes, creating inspections in bulk, or
    calling `enter_state`."""
    found = []
    where = path.relative_to(SOURCE)
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, (ast.AugAssign, ast.AnnAssign)) else []
        for target in (written for target in targets for written in _assigned(target)):
            if isinstance(target, ast.Attribute) and target.attr == "state":
                found.append(f"{where}:{node.lineno} assigns .state")
        if not isinstance(node, ast.Call):
            continue
        called = _called(node)
        if called == "enter_state":
            found.append(f"{where}:{node.lineno} calls enter_state")
        if called == "setattr" and len(node.args) > 1 and isinstance(node.args[1], ast.Constant) and node.args[1].value == "state":
            found.append(f"{where}:{node.lineno} sets state through setattr")
        if called == "bulk_create" and "Inspection" in ast.unparse(node.func):
            found.append(f"{where}:{node.lineno} creates inspections through bulk_create")
        if called in _WRITING_CALLS:
            dicts = [keyword.value for keyword in node.keywords if keyword.arg in (None, "defaults", "create_defaults")]
            in_dict = any(
                isinstance(value, ast.Dict) and any(isinstance(key, ast.Constant) and key.value == "state" for key in value.keys)
                for value in dicts
            )
            if in_dict or any(keyword.arg == "state" for keyword in node.keywords):
                found.append(f"{where}:{node.lineno} writes state= through {called}")
            if called == "bulk_update" and "'state'" in ast.unparse(node):
                found.append(f"{where}:{node.lineno} writes state through bulk_update")
    return sorted(found, key=lambda place: int(place.split(":")[1].split()[0]))


def test_only_the_transition_functions_write_the_state():
    writes = [place for path in sorted(SOURCE.rglob("*.py")) if "migrations" not in path.parts for place in _state_writes(path)]
    outside = [place for place in writes if not place.startswith(("inspections/lifecycle.py", "inspections/models.py"))]
    assert outside == [], "Only inspections.lifecycle.transition may change an inspection's state"
    assert [place for place in writes if place.startswith("inspections/lifecycle.py")] == [
        place for place in writes if place.startswith("inspections/lifecycle.py") and "calls enter_state" in place
    ], "lifecycle.py changes the state only through Inspection.enter_state"
    assert len([place for place in writes if place.startswith("inspections/lifecycle.py")]) == 1, (
        "exactly one place (Transition.write) enters a new state, so every change gets its audit event"
    )


def test_the_check_finds_a_state_written_elsewhere(tmp_path, monkeypatch):
    monkeypatch.setattr("tests.inspections.test_state_writes.SOURCE", tmp_path)
    elsewhere = tmp_path / "elsewhere.py"
    elsewhere.write_text(
        "inspection.state = 'on_site'\n"
        "Inspection.objects.filter(pk=1).update(state='x')\n"
        "Inspection.objects.bulk_create([Inspection(school=school)])\n"
        "Inspection(state='on_site', school=school)\n"
        "setattr(inspection, 'state', 'on_site')\n"
        "inspection.ends_on, inspection.state = day, 'on_site'\n"
        "Inspection.objects.update_or_create(pk=1, defaults={'state': 'on_site'})\n"
        "Inspection.objects.filter(pk=1).update(**{'state': 'on_site'})\n"
        "Inspection.objects.bulk_update(inspections, ['state'])\n"
        "inspection.enter_state('on_site')\n"
        "inspection.ends_on = day\n"
        "Pause.objects.create(inspection=inspection, ended_at=now)\n"
    )
    assert _state_writes(elsewhere) == [
        "elsewhere.py:1 assigns .state",
        "elsewhere.py:2 writes state= through update",
        "elsewhere.py:3 creates inspections through bulk_create",
        "elsewhere.py:4 writes state= through Inspection",
        "elsewhere.py:5 sets state through setattr",
        "elsewhere.py:6 assigns .state",
        "elsewhere.py:7 writes state= through update_or_create",
        "elsewhere.py:8 writes state= through update",
        "elsewhere.py:9 writes state through bulk_update",
        "elsewhere.py:10 calls enter_state",
    ]
