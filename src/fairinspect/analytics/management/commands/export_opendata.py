from pathlib import Path

from django.core.management.base import BaseCommand

from fairinspect.analytics import opendata


class Command(BaseCommand):
    help = (
        "Write the open data into DIR: datapackage.json (the tables' Frictionless schemas and the latest audit "
        "checkpoint), inspections.csv and inspections.json (every published inspection, one column per area, "
        "importable again with import_outcomes) and lead-residuals.csv (the consistency figures' input)."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path, metavar="DIR")

    def handle(self, *args, directory: Path, **options):
        counts = opendata.export(directory)
        self.stdout.write(
            f"Wrote {counts[opendata.INSPECTIONS]:,} published inspections and {counts[opendata.LEAD_RESIDUALS]:,} "
            f"lead residuals to {directory}/ (datapackage.json, inspections.csv, inspections.json, lead-residuals.csv)."
        )
