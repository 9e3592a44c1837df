"""The restore drill the README describes: a backup restored into a fresh database still proves its audit trail,
against the checkpoints taken before the backup; a checkpoint taken after it names what the backup lacks."""

import shutil
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

import pytest

from tests.processes import FAIRINSPECT, empty_database, environment, fairinspect, migrated_database

pytestmark = pytest.mark.django_db  # for the database server's settings; the drill uses databases of its own
FIXTURES = Path(__file__).resolve().parents[1]


def back_up(database_url: str, backup: Path) -> None:
    """As the README says: pg_dump's custom format, or SQLite's online backup (safe while the app writes)."""
    if database_url.startswith("sqlite:///"):
        with closing(sqlite3.connect(database_url.removeprefix("sqlite:///"))) as live:
            with closing(sqlite3.connect(backup)) as copy:
                live.backup(copy)
    else:
        subprocess.run(["pg_dump", "--format=custom", "--no-owner", f"--file={backup}", f"--dbname={database_url}"], check=True)


def restore(backup: Path, database_url: str) -> None:
    """Into a fresh, empty database."""
    if database_url.startswith("sqlite:///"):
        shutil.copyfile(backup, database_url.removeprefix("sqlite:///"))
    else:
        subprocess.run(["pg_restore", "--no-owner", "--exit-on-error", f"--dbname={database_url}", str(backup)], check=True)


def test_a_backup_restored_into_a_fresh_database_proves_its_trail_against_the_checkpoints_before_it(tmp_path):
    backup, before, after = tmp_path / "backup", tmp_path / "before.checkpoint", tmp_path / "after.checkpoint"
    with migrated_database(tmp_path, "live") as live:
        fairinspect(live, "load_frameworks")
        fairinspect(live, "import_schools", str(FIXTURES / "schools" / "fixtures" / "edubasealldata_current.csv"))
        fairinspect(live, "audit_checkpoint", "--output", str(before))
        back_up(live, backup)
        # Work done after the backup, and the checkpoint taken of it, which the backup cannot hold.
        fairinspect(live, "import_links", str(FIXTURES / "schools" / "fixtures" / "links_edubasealldata.csv"))
        fairinspect(live, "audit_checkpoint", "--output", str(after))

    with empty_database(tmp_path, "restored") as restored:
        restore(backup, restored)
        verified = fairinspect(restored, "verify_audit", "--checkpoint", str(before))
        assert "audit chain intact" in verified.stdout and f"checkpoint {before} holds" in verified.stdout

        lacking = subprocess.run(
            [FAIRINSPECT, "verify_audit", "--checkpoint", str(before), str(after)],
            env=environment(restored), capture_output=True, text=True,
        )  # fmt: skip
        assert lacking.returncode != 0
        assert f"checkpoint {after}" in lacking.stderr and f"checkpoint {before}" not in lacking.stderr
