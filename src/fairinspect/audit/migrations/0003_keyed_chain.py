"""The chain is sealed with a secret key (audit.keys), each event naming its key; and on SQLite too, no DELETE
of an audit event gets through, whichever way the ORM (or anyone) sends it.

A database holding events sealed before this migration (unkeyed SHA-256) is refused: fairinspect has no
production deployments, so no such trail needs carrying over, and re-sealing one would mean rewriting every
event, which is exactly what the key exists to make impossible.

PostgreSQL already refuses DELETE with the trigger of 0002, and the test runner empties its tables with
TRUNCATE, which row triggers do not see. The SQLite test runner empties tables with DELETE between
transactional tests instead, so 0002 left DELETE to the model and queryset guards there, and
`AuditEvent._base_manager`, a plain `QuerySet(model=AuditEvent)` or `_raw_delete` went round them. Now a
trigger refuses every DELETE unless `audit_flush_permit` holds a row. That table is no Django model, so no
ORM path (not even `flush`) writes to it; only tests/conftest.py does, with raw SQL, inside the transaction of
the test runner's own flush, so no test ever runs while the permit exists. Anyone who can run raw SQL could
grant the permit, as they could drop the trigger: what stops them is the key (the chain breaks) and the
checkpoints kept outside the database (a chain cut short no longer holds them).

On SQLite adding a column with a default rebuilds the table, which drops its triggers: both are made again.
"""

from django.core.management.base import CommandError
from django.db import migrations, models

SQLITE_UPDATE_TRIGGER = [
    "DROP TRIGGER IF EXISTS audit_event_append_only",
    """CREATE TRIGGER audit_event_append_only BEFORE UPDATE ON audit_auditevent
    BEGIN SELECT RAISE(ABORT, 'audit events are append-only: UPDATE refused'); END""",
]
SQLITE_FORWARD = [
    *SQLITE_UPDATE_TRIGGER,
    "CREATE TABLE audit_flush_permit (granted integer NOT NULL)",
    """CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_auditevent
    WHEN NOT EXISTS (SELECT 1 FROM audit_flush_permit)
    BEGIN SELECT RAISE(ABORT, 'audit events are append-only: DELETE refused'); END""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS audit_event_no_delete",
    "DROP TABLE IF EXISTS audit_flush_permit",
]


def refuse_unkeyed_chain(apps, schema_editor):
    count = apps.get_model("audit", "AuditEvent").objects.count()
    if count:
        # A CommandError, so that `migrate` (and `demo`, which runs it) print the reason rather than a traceback.
        raise CommandError(
            f"This database holds an audit trail of {count} event{'' if count == 1 else 's'} sealed without a key, "
            "before fairinspect keyed its trail. fairinspect has no production deployments, so such trails are not "
            "carried over: start from a new, empty database (for the demo, `fairinspect demo --fresh`)."
        )


def on_sqlite(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for statement in statements:
                schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_triggers")]

    operations = [
        # Undone last, after the column is removed (another rebuild), so 0002's trigger is back as 0002 left it.
        migrations.RunPython(refuse_unkeyed_chain, on_sqlite(SQLITE_UPDATE_TRIGGER)),
        migrations.AddField(
            model_name="auditevent",
            name="key_id",
            field=models.CharField(
                default="", help_text="The AUDIT_KEYS key whose HMAC is the hash.", max_length=32
            ),
            preserve_default=False,
        ),
        migrations.RunPython(on_sqlite(SQLITE_FORWARD), on_sqlite(SQLITE_REVERSE)),
    ]
