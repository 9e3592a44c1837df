"""Nothing writes an inspection's state except its transition functions: the model refuses, and no code
outside `inspections/services.py` sets it."""

import ast
from pathlib import Path

import pytest

import fairinspect
from fairinspect.inspections.models import Inspection, State, StateWriteError

pytestmark = pytest.mark.django_db
SOURCE = Path(fairinspect.__file__).parent
TRANSITIONS = SOURCE / "inspections" / "services.py"


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


def _state_writes(path: Path) -> list[str]:
    """Places in a file that assign `.state`, pass `state=` to a call, or call `enter_state`."""
    found = []
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, (ast.AugAssign, ast.AnnAssign)) else []
        for target in targets:
            if isinstance(target, ast.Attribute) and target.attr == "state":
                found.append(f"{path.relative_to(SOURCE)}:{node.lineno} assigns .state")
        if isinstance(node, ast.Call):
            if isinstance(node.func, ast.Attribute) and node.func.attr == "enter_state":
                found.append(f"{path.relative_to(SOURCE)}:{node.lineno} calls enter_state")
            if any(keyword.arg == "state" for keyword in node.keywords) and isinstance(node.func, ast.Attribute) and node.func.attr in {"create", "update", "update_or_create", "get_or_create"}:
                found.append(f"{path.relative_to(SOURCE)}:{node.lineno} writes state= through {node.func.attr}")
    return found


def test_only_the_transition_functions_write_the_state():
    writes = [place for path in sorted(SOURCE.rglob("*.py")) if "migrations" not in path.parts for place in _state_writes(path)]
    outside = [place for place in writes if not place.startswith(("inspections/services.py", "inspections/models.py"))]
    assert outside == [], "Only the transition functions in inspections/services.py may change an inspection's state"
    assert [place for place in writes if place.startswith("inspections/services.py")] == [
        place for place in writes if place.startswith("inspections/services.py") and "calls enter_state" in place
    ], "services.py changes the state only through Inspection.enter_state"
    assert len([place for place in writes if place.startswith("inspections/services.py")]) == 1, (
        "exactly one function (_move) enters a new state, so every change gets its audit event"
    )


def test_the_check_finds_a_state_written_elsewhere(tmp_path, monkeypatch):
    monkeypatch.setattr("tests.inspections.test_state_writes.SOURCE", tmp_path)
    elsewhere = tmp_path / "elsewhere.py"
    elsewhere.write_text("inspection.state = 'on_site'\nInspection.objects.filter(pk=1).update(state='x')\n")
    assert _state_writes(elsewhere) == [
        "elsewhere.py:1 assigns .state",
        "elsewhere.py:2 writes state= through update",
    ]
