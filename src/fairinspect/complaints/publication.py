"""When an inspection's report was published, as the reports app records it: the complaint window counts from it."""

from datetime import date

from fairinspect.inspections.models import Inspection


def published_on(inspection: Inspection) -> date | None:
    """The day the inspection's final report was published, or None while it is not."""
    raise NotImplementedError("reports-contract not merged yet")
