from django.core.management.base import BaseCommand

from fairinspect.analytics.services import refresh_figures


class Command(BaseCommand):
    help = "Rebuild the analytics figures from the published record and the school registry (run after imports)."

    def handle(self, *args, **options):
        total = refresh_figures()
        self.stdout.write(f"The figures now hold {total:,} published inspections.")
