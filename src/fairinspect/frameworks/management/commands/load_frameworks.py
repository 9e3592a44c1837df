from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from fairinspect.frameworks.files import DATA_DIR, FrameworkFileError
from fairinspect.frameworks.services import load_frameworks


class Command(BaseCommand):
    help = "Load the inspection framework data files (areas, scales, criteria, rules) into the database."

    def add_arguments(self, parser):
        parser.add_argument("--dir", type=Path, default=DATA_DIR, help=f"Folder of *.yaml files (default: {DATA_DIR}).")

    def handle(self, *args, dir: Path, **options):
        try:
            outcomes = load_frameworks(dir)
        except FrameworkFileError as error:
            raise CommandError(str(error)) from None
        for code, outcome in outcomes.items():
            self.stdout.write(f"{code}: {outcome}")
