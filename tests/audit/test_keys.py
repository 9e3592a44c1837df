"""The audit keys: required in production, rotated without old events failing, and kept by the demo beside its
database when none is set."""

import importlib
import json
import stat

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import CommandError
from django.db import transaction

from fairinspect.audit import keys
from fairinspect.audit.models import AuditEvent
from fairinspect.audit.selectors import latest_checkpoint
from fairinspect.audit.services import record_event
from tests.audit.tampering import append_events, verify
from tests.environment import settings_from_the_environment

pytestmark = pytest.mark.django_db

SECRET = "a-long-random-secret-of-forty-characters"


def test_production_settings_refuse_to_start_without_audit_keys_and_a_debug_run_starts(monkeypatch):
    monkeypatch.delenv("AUDIT_KEYS")
    with pytest.raises(ImproperlyConfigured, match="AUDIT_KEYS is not set"):
        settings_from_the_environment(monkeypatch, DEBUG="0")
    assert settings_from_the_environment(monkeypatch, DEBUG="1")["AUDIT_KEYS"] == {}


def test_audit_keys_are_read_in_order_the_first_sealing_new_events(monkeypatch):
    environment = f" 2027 : {SECRET}:with-a-colon , 2026-a:{SECRET}"
    assert settings_from_the_environment(monkeypatch, AUDIT_KEYS=environment)["AUDIT_KEYS"] == {
        "2027": f"{SECRET}:with-a-colon".encode(),
        "2026-a": SECRET.encode(),
    }


@pytest.mark.parametrize(
    ("environment", "problem"),
    [
        (f"2027-{SECRET}", "AUDIT_KEYS: key 1 is not written id:secret"),
        (f"2027:{SECRET},", "AUDIT_KEYS: key 2 is not written id:secret"),
        (f"new key:{SECRET}", "AUDIT_KEYS: key 1 has the id 'new key': an id is 1 to 32 letters, digits, dots"),
        (f"2027:{SECRET},2027:{SECRET}x", "AUDIT_KEYS: key 2 has the id '2027', which an earlier key already has"),
        ("2027:short-secret", "AUDIT_KEYS: key 1 \\('2027'\\) has a secret of 12 characters: use at least 32"),
    ],
    ids=["no colon", "an empty pair", "an id with a space", "an id twice", "a short secret"],
)
def test_malformed_audit_keys_are_refused_naming_the_key_and_never_showing_a_secret(monkeypatch, environment, problem):
    with pytest.raises(ImproperlyConfigured, match=problem) as refused:
        settings_from_the_environment(monkeypatch, AUDIT_KEYS=environment)
    assert SECRET not in str(refused.value) and "short-secret" not in str(refused.value)


def test_after_rotation_new_events_use_the_new_key_and_old_events_still_verify(make_school, settings, tmp_path):
    school = make_school()
    old = append_events(school, count=2)
    checkpoint = tmp_path / "checkpoint.json"
    checkpoint.write_text(json.dumps(latest_checkpoint()))
    settings.AUDIT_KEYS = {"2027": SECRET.encode(), **settings.AUDIT_KEYS}

    new = append_events(school, count=2)

    assert {event.key_id for event in old} == {"tests"} and {event.key_id for event in new} == {"2027"}
    verify(checkpoint)


def test_a_key_removed_instead_of_retired_is_named_at_the_first_event_it_sealed(make_school, settings):
    append_events(make_school(), count=1)
    first = AuditEvent.objects.get(sequence=1)
    settings.AUDIT_KEYS = {"2027": SECRET.encode()}
    named = rf"event #{first.sequence}: it is sealed with the key 'tests', which AUDIT_KEYS does not hold \(a retired"
    with pytest.raises(CommandError, match=named):
        verify()


def test_without_audit_keys_a_key_is_made_beside_the_database_on_first_use_and_kept(make_school, settings, tmp_path):
    """As the demo runs: a restarted process (the cache emptied) reads the key the first one made, so the events
    it sealed still verify."""
    settings.AUDIT_KEYS = {}
    settings.AUDIT_KEY_FILE = tmp_path / "var" / "audit-key"
    with transaction.atomic():
        event = record_event(actor=None, action="school.noted", obj=make_school())

    assert event.key_id == keys.LOCAL_KEY_ID
    assert stat.S_IMODE(settings.AUDIT_KEY_FILE.stat().st_mode) == 0o600
    assert list(settings.AUDIT_KEY_FILE.parent.iterdir()) == [settings.AUDIT_KEY_FILE]
    keys._local_keys.cache_clear()
    assert AuditEvent.objects.get(pk=event.pk).compute_hash() == event.hash
    assert keys.audit_keys() == {keys.LOCAL_KEY_ID: settings.AUDIT_KEY_FILE.read_text().strip().encode()}


def test_a_key_file_too_short_to_be_one_fairinspect_made_is_refused(settings, tmp_path):
    settings.AUDIT_KEYS = {}
    settings.AUDIT_KEY_FILE = tmp_path / "audit-key"
    settings.AUDIT_KEY_FILE.write_text("\n")
    with pytest.raises(ImproperlyConfigured, match=rf"{settings.AUDIT_KEY_FILE} holds a key of 0 characters"):
        keys.audit_keys()


def test_a_database_whose_trail_was_sealed_without_a_key_is_refused_by_the_migration(make_school):
    """Old, unkeyed chains are not carried over (fairinspect has no production deployments): the migration that
    keys the chain stops, saying what to do, rather than leave a trail that can never verify."""
    append_events(make_school(), count=1)
    migration = importlib.import_module("fairinspect.audit.migrations.0003_keyed_chain")
    count = AuditEvent.objects.count()
    with pytest.raises(CommandError, match=f"holds an audit trail of {count} events sealed without a key, .+ --fresh"):
        migration.refuse_unkeyed_chain(django_apps, schema_editor=None)
