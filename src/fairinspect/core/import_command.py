"""What every `fairinspect import_*` command shares: its arguments, errors and summary."""

from collections.abc import Callable
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from fairinspect.core.csv_import import CsvImportError, ImportSummary


class ImportCommand(BaseCommand):
    """Subclasses set `help` and `import_service`: the app's service, called as
    `import_service(path, skip_invalid=..., progress=...)`, returning an ImportSummary."""

    import_service: Callable[..., ImportSummary]

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The CSV file to import.")
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="Import the good rows and list the rejected ones (by default one bad row means nothing is written).",
        )
        parser.add_argument("--no-progress", action="store_true", help="Do not draw a progress bar.")

    def handle(self, *args, path: Path, skip_invalid: bool, no_progress: bool, **options):
        try:
            summary = type(self).import_service(path, skip_invalid=skip_invalid, progress=not no_progress)
        except CsvImportError as error:
            raise CommandError(str(error)) from None
        for rejected in summary.rejected:
            self.stderr.write(f"rejected {rejected}")
        self.stdout.write(self.style.SUCCESS(f"{path.name}: {summary}"))
