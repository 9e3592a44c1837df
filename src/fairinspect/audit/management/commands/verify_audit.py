import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from fairinspect.audit.selectors import check_chain, checkpoint_problem


class Command(BaseCommand):
    help = (
        "Check the audit trail's sealed chain and, given checkpoints, that the chain still holds the head each one "
        "names; exit non-zero naming every problem and where it is."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--checkpoint",
            nargs="+",
            action="extend",
            default=[],
            type=Path,
            metavar="FILE",
            help="Checkpoints written by `fairinspect audit_checkpoint`: events removed from the end of the chain, "
            "with its head set back, are caught only against a checkpoint taken before.",
        )

    def handle(self, *args, checkpoint: list[Path], **options):
        check = check_chain()
        problems = [str(chain_break) for chain_break in check.breaks]
        held = []
        for path in checkpoint:
            statement, problem = _read(path)
            problem = problem or checkpoint_problem(statement)
            if problem:
                problems.append(f"checkpoint {path}: {problem}")
            else:
                held.append(f"checkpoint {path} holds: event #{statement['sequence']}, as at {statement['taken_at']}")
        if problems:
            raise CommandError("\n".join(problems))
        self.stdout.write(self.style.SUCCESS(f"audit chain intact: {check.verified} events verified"))
        for line in held:
            self.stdout.write(self.style.SUCCESS(line))


def _read(path: Path) -> tuple[Any, str | None]:
    """The checkpoint's JSON (any JSON, until `checkpoint_problem` has checked it), or what stops it being read."""
    try:
        return json.loads(path.read_text(encoding="utf-8")), None
    except OSError as error:
        return None, f"it cannot be read ({error.strerror})"
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        return None, f"it is not JSON ({error})"
