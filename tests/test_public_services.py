"""Every public function of a `services` module is a public service: a durable transaction of its own that
records at least one audit event (`audit.services.public_service`)."""

import importlib
import inspect
import pkgutil

import pytest
from django.contrib.auth.models import Group
from django.db import transaction

import fairinspect
from fairinspect.audit.models import AuditEvent
from fairinspect.audit.services import UnauditedChange, public_service, record_event


# The audit trail's own appends, which every public service makes inside its transaction.
TRAIL = "fairinspect.audit.services"


def services_modules():
    """Each app's services module, or each module of its services package but its private helpers."""
    for info in pkgutil.walk_packages(fairinspect.__path__, "fairinspect."):
        parts = info.name.split(".")
        if "services" in parts and not parts[-1].startswith("_") and info.name != TRAIL:
            yield importlib.import_module(info.name)


def test_there_are_services_modules_to_check():
    names = {module.__name__ for module in services_modules()}
    assert {"fairinspect.schools.services", "fairinspect.inspections.services.planning"} <= names


def test_every_public_function_of_a_services_module_is_a_public_service():
    plain = [
        f"{module.__name__}.{name}"
        for module in services_modules()
        for name, function in inspect.getmembers(module, inspect.isfunction)
        if function.__module__ == module.__name__ and not name.startswith("_")
        and not getattr(function, "is_public_service", False)
    ]  # fmt: skip
    assert plain == [], (
        "These are public functions of services modules but not public services: decorate them with "
        "@public_service, or make them helpers (a leading underscore, or another module):\n  " + "\n  ".join(plain)
    )


@public_service
def _rename_group_recorded(*, name: str) -> Group:
    group = Group.objects.create(name=name)
    record_event(actor=None, actor_label="test", action="test.group_created", obj=group)
    return group


@public_service
def _rename_group_unrecorded(*, name: str) -> Group:
    return Group.objects.create(name=name)


@pytest.mark.django_db
def test_a_public_service_that_records_its_event_commits():
    group = _rename_group_recorded(name="recorded")
    assert Group.objects.filter(pk=group.pk).exists()
    assert AuditEvent.objects.filter(action="test.group_created", object_id=str(group.pk)).exists()


@pytest.mark.django_db
def test_a_public_service_that_changes_something_without_an_audit_event_is_rolled_back():
    with pytest.raises(UnauditedChange, match="_rename_group_unrecorded changed something without an audit event"):
        _rename_group_unrecorded(name="unrecorded")
    assert not Group.objects.filter(name="unrecorded").exists()


@pytest.mark.django_db(transaction=True)
def test_a_public_service_refuses_to_run_inside_another_transaction():
    with pytest.raises(RuntimeError, match="durable"), transaction.atomic():
        _rename_group_recorded(name="nested")
    assert not Group.objects.filter(name="nested").exists()
