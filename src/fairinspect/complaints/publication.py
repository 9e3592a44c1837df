"""When an inspection's report was published, as the reports app records it: the complaint window counts from it."""

from datetime import date

from django.utils import timezone

from fairinspect.inspections.models import Inspection
from fairinspect.reports.selectors import publication_date


def published_on(inspection: Inspection) -> date | None:
    """The day (in England) the inspection's final report was first published, or None while it is not: an
    amendment does not reopen the window."""
    published_at = publication_date(inspection)
    return None if published_at is None else timezone.localdate(published_at)
