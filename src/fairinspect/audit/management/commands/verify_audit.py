from django.core.management.base import BaseCommand, CommandError

from fairinspect.audit.models import AuditEvent
from fairinspect.audit.selectors import find_chain_break


class Command(BaseCommand):
    help = "Check the audit trail's hash chain; exit non-zero naming the first broken event."

    def handle(self, *args, **options):
        chain_break = find_chain_break()
        if chain_break is not None:
            raise CommandError(str(chain_break))
        self.stdout.write(self.style.SUCCESS(f"audit chain intact: {AuditEvent.objects.count()} events verified"))
