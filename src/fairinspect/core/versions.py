"""Versions of the data that public pages show, so that a cached page is never older than its data.

An app that owns a body of data (the school registry, the published record) names it once and bumps its
version in every transaction that changes it; a page cached from it is keyed by the versions it was made
from. The bump commits with the change, so no reader sees the new version before the new data; a reader that
read the old version and then the new data only stores a newer page under an older key, which no one asks for
once the new version is visible.
"""

from collections.abc import Iterable

from django.db.models import F

from fairinspect.core.models import DataVersion


def bump(name: str) -> None:
    """Record that the data called `name` changed; call it inside the transaction that changes it."""
    if DataVersion.objects.filter(name=name).update(number=F("number") + 1):
        return
    DataVersion.objects.bulk_create([DataVersion(name=name, number=0)], ignore_conflicts=True)
    DataVersion.objects.filter(name=name).update(number=F("number") + 1)


def current(names: Iterable[str]) -> tuple[int, ...]:
    """The versions of the data called `names`, in their order (0 for data that has never changed), in one query."""
    names = tuple(names)
    numbers = dict(DataVersion.objects.filter(name__in=names).values_list("name", "number"))
    return tuple(numbers.get(name, 0) for name in names)
