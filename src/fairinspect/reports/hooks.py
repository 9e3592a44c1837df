"""What the apps above reports contribute to a publication, without reports knowing them.

- `publication_holds`: each callable answers, for an inspection about to be published, why it must wait (a
  complaint that puts publication on hold), or None. Any reason refuses publishing, in those words.
- `on_publication`: each callable is run inside the publishing transaction with the inspection and its
  published `ReportVersion` (the survey invites the school), so what it writes commits or rolls back with it.
"""

from collections.abc import Callable

from fairinspect.core.hooks import Registry
from fairinspect.inspections.models import Inspection
from fairinspect.reports.models import ReportVersion

publication_holds: Registry[Callable[[Inspection], str | None]] = Registry("reasons an inspection's report waits")
on_publication: Registry[Callable[[Inspection, ReportVersion], None]] = Registry("what follows a report's publication")
