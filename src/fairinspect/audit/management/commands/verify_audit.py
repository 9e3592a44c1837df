from django.core.management.base import BaseCommand, CommandError

from fairinspect.audit.selectors import check_chain


class Command(BaseCommand):
    help = "Check the audit trail's hash chain; exit non-zero naming the first broken event."

    def handle(self, *args, **options):
        check = check_chain()
        if check.chain_break is not None:
            raise CommandError(str(check.chain_break))
        self.stdout.write(self.style.SUCCESS(f"audit chain intact: {check.verified} events verified"))
