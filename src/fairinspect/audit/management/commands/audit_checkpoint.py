import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from fairinspect.audit.models import AuditTrailTampered
from fairinspect.audit.selectors import latest_checkpoint


class Command(BaseCommand):
    help = (
        "Check the audit trail, then write a signed statement of its head (the newest event's number and hash, the "
        "time and the key) to keep outside the database: `verify_audit --checkpoint FILE` proves later that the "
        "chain still holds it."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            metavar="FILE",
            help="Write it to FILE, which must not exist yet (checkpoints are kept, never replaced); "
            "without it, to standard output.",
        )

    def handle(self, *args, output: Path | None, **options):
        try:
            checkpoint = latest_checkpoint()
        except AuditTrailTampered as refusal:
            raise CommandError(str(refusal)) from None
        text = json.dumps(checkpoint, indent=2) + "\n"
        if output is None:
            self.stdout.write(text, ending="")
            return
        try:
            with output.open("x", encoding="utf-8") as file:
                file.write(text)
        except FileExistsError:
            problem = f"{output} exists already: checkpoints are kept, never replaced; name a new file"
            raise CommandError(problem) from None
        except OSError as error:
            raise CommandError(f"{output} cannot be written ({error.strerror})") from None
        self.stdout.write(
            self.style.SUCCESS(
                f"checkpoint of event #{checkpoint['sequence']} written to {output}: keep it outside the database"
            )
        )
