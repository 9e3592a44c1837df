"""The database itself refuses to change audit events, whatever code (or person) asks.

UPDATE is refused on both databases. DELETE is refused on PostgreSQL, the production database; on SQLite
(the embedded default, used for demos and tests) the test runner empties tables with DELETE between
tests, so there the model and queryset guards refuse deletion instead. TRUNCATE needs the table owner's
rights, which the application's database user should not have in production.
"""

from django.db import migrations

POSTGRES_FORWARD = """
CREATE FUNCTION audit_event_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit events are append-only: % refused on event #%', TG_OP, OLD.sequence;
END;
$$;
CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_auditevent
  FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change();
"""
POSTGRES_REVERSE = """
DROP TRIGGER IF EXISTS audit_event_append_only ON audit_auditevent;
DROP FUNCTION IF EXISTS audit_event_refuse_change();
"""
SQLITE_FORWARD = """
CREATE TRIGGER audit_event_append_only BEFORE UPDATE ON audit_auditevent
BEGIN SELECT RAISE(ABORT, 'audit events are append-only: UPDATE refused'); END;
"""
SQLITE_REVERSE = "DROP TRIGGER IF EXISTS audit_event_append_only;"


def forward(apps, schema_editor):
    statements = {"postgresql": POSTGRES_FORWARD, "sqlite": SQLITE_FORWARD}.get(schema_editor.connection.vendor)
    if statements:
        schema_editor.execute(statements, params=None)


def reverse(apps, schema_editor):
    statements = {"postgresql": POSTGRES_REVERSE, "sqlite": SQLITE_REVERSE}.get(schema_editor.connection.vendor)
    if statements:
        schema_editor.execute(statements, params=None)


def create_chain_head(apps, schema_editor):
    apps.get_model("audit", "AuditChainHead").objects.get_or_create(id=1)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [
        migrations.RunPython(forward, reverse),
        migrations.RunPython(create_chain_head, migrations.RunPython.noop),
    ]
