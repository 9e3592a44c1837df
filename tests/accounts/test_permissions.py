"""The permission registry: roles are named there alone, and a refusal says who may in words."""

import ast
from pathlib import Path

import pytest

import fairinspect
from fairinspect.accounts import permissions
from fairinspect.accounts.permissions import MANAGE_WORKFORCE, PLAN_INSPECTIONS, SEE_EVERY_INSPECTION, holds, require
from fairinspect.accounts.roles import Role
from fairinspect.core.errors import NotPermitted

SOURCE = Path(fairinspect.__file__).parent
# Where roles may be named: where they are defined, the registry, and the demo, which makes an account per role.
NAMING_ROLES = ("accounts/roles.py", "accounts/permissions.py", "demo/")


def test_no_role_is_named_outside_the_permission_registry():
    named = []
    for path in sorted(SOURCE.rglob("*.py")):
        where = str(path.relative_to(SOURCE))
        if "migrations" in path.parts or where.startswith(NAMING_ROLES):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "Role":
                named.append(f"{where}:{node.lineno} Role.{node.attr}")
    assert named == [], "Name a capability of accounts/permissions.py instead of a role:\n  " + "\n  ".join(named)


def test_a_refusal_names_every_role_that_may_and_anyone_else_first():
    assert PLAN_INSPECTIONS.refusal() == "Only a scheduler can plan inspections."
    assert SEE_EVERY_INSPECTION.refusal("list inspectors") == (
        "Only a scheduler, a duty decision-maker or an administrator can list inspectors."
    )
    assert MANAGE_WORKFORCE.refusal("record their time away", besides=("the inspector",)) == (
        "Only the inspector, a scheduler or an administrator can record their time away."
    )


@pytest.mark.django_db
def test_holding_a_capability_is_holding_one_of_its_roles(make_user):
    scheduler, researcher, nobody = make_user(Role.SCHEDULER), make_user(Role.RESEARCHER), make_user()
    assert holds(scheduler, MANAGE_WORKFORCE) and not holds(researcher, MANAGE_WORKFORCE)
    assert not holds(nobody, PLAN_INSPECTIONS)
    with pytest.raises(NotPermitted, match="Only a scheduler or an administrator can keep the inspectors' records."):
        require(researcher, MANAGE_WORKFORCE)


@pytest.mark.django_db
def test_what_an_account_may_do_beyond_a_capability_is_listed_by_role(make_user):
    user = make_user(Role.INSPECTOR, Role.SCHEDULER)
    assert permissions.roles_beyond(user, permissions.INSPECT) == ["Scheduler"]
