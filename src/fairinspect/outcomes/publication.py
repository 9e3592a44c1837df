"""The one point every change to the published record passes, so that no cached page shows a record older than
the one in the database.

Public pages and API answers made from the record are cached, keyed by its version (web.caching). The imports of
published outcomes call `record_changed()`, and so must every other change to what the public sees of a school's
record (a report's publication or amendment, a withdrawal): inside the changing transaction, so that the old
copies are retired at its commit, never before and never after.
"""

from fairinspect.core import versions
from fairinspect.outcomes.models import PUBLISHED_RECORD_VERSION


def record_changed() -> None:
    """Bump the published record's version; call it inside the transaction that changes the record."""
    versions.bump(PUBLISHED_RECORD_VERSION)
