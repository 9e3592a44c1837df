"""An index made for finding schools by part of their name, which a B-tree cannot serve ("primary" anywhere in a
name): on PostgreSQL a trigram index (pg_trgm) on the upper-cased name, which Django's `icontains` uses as it is;
on SQLite an FTS5 table of names with the trigram tokenizer, kept up to date by triggers, which
`schools.selectors` asks with the same LIKE. Both answer what `icontains` answers, only from an index.
"""

from django.db import migrations

POSTGRES_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX school_name_trigram ON schools_school USING gin (UPPER(name) gin_trgm_ops)",
]
POSTGRES_REVERSE = ["DROP INDEX IF EXISTS school_name_trigram"]
SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE school_name_index USING fts5(name, content='schools_school', content_rowid='urn', "
    "tokenize='trigram')",
    "CREATE TRIGGER school_name_index_insert AFTER INSERT ON schools_school BEGIN "
    "INSERT INTO school_name_index(rowid, name) VALUES (new.urn, new.name); END",
    "CREATE TRIGGER school_name_index_delete AFTER DELETE ON schools_school BEGIN "
    "INSERT INTO school_name_index(school_name_index, rowid, name) VALUES ('delete', old.urn, old.name); END",
    "CREATE TRIGGER school_name_index_update AFTER UPDATE OF urn, name ON schools_school BEGIN "
    "INSERT INTO school_name_index(school_name_index, rowid, name) VALUES ('delete', old.urn, old.name); "
    "INSERT INTO school_name_index(rowid, name) VALUES (new.urn, new.name); END",
    "INSERT INTO school_name_index(school_name_index) VALUES ('rebuild')",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS school_name_index_insert",
    "DROP TRIGGER IF EXISTS school_name_index_delete",
    "DROP TRIGGER IF EXISTS school_name_index_update",
    "DROP TABLE IF EXISTS school_name_index",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("schools", "0002_historicoutcome_moved_to_outcomes")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": POSTGRES_REVERSE, "sqlite": SQLITE_REVERSE}),
        )
    ]
