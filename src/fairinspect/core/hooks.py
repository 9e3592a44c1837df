"""Extension points, so that a lower app can use what only the apps above it know without importing upwards.

The apps form a stack (CONTRIBUTING.md, "Layers"): each imports only from those below it. When a lower app
needs something from above (the workforce's pages show each inspector's inspections, which the inspections
app keeps; every page's navigation lists links that each app owns), it declares a `Hook` (one function) or a
`Registry` (many contributions) and the app above fills it in its `AppConfig.ready()`. The lower app states
what it needs; it never learns who provides it.
"""

from collections.abc import Callable, Iterator
from typing import Any

from django.core.exceptions import ImproperlyConfigured


class Hook[**P, R]:
    """One function that an app higher in the stack provides, called through the hook. Its type says the
    function's signature, so that both the provider and the callers are checked: `Hook[[int], str]`."""

    def __init__(self, name: str, needs: str):
        self.name = name
        self.needs = needs  # what the function must do, for the error when none is provided
        self._function: Callable[P, R] | None = None

    def provide(self, function: Callable[P, R]) -> Callable[P, R]:
        """Fill the hook (usable as a decorator). Providing the same function again changes nothing; another
        function is refused, so two apps can never silently compete for one hook."""
        if self._function is not None and self._function is not function:
            raise ImproperlyConfigured(f"The hook {self.name!r} is already provided by {self._function.__qualname__}")
        self._function = function
        return function

    @property
    def function(self) -> Callable[P, R]:
        if self._function is None:
            raise ImproperlyConfigured(
                f"Nothing provides the hook {self.name!r} ({self.needs}): the app that does is missing from "
                "INSTALLED_APPS, or its AppConfig.ready() does not provide it"
            )
        return self._function

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R:
        return self.function(*args, **kwargs)


class Registry[T]:
    """Contributions from any app, kept in the order of their `order` key, then of registration."""

    def __init__(self, name: str, *, order: Callable[[T], Any] = lambda item: 0):
        self.name = name
        self._order = order
        self._items: list[T] = []

    def register(self, *items: T) -> None:
        # AppConfig.ready() may run more than once (the test runner, management commands): an item registered
        # again is not listed twice.
        for item in items:
            if item not in self._items:
                self._items.append(item)
        self._items.sort(key=self._order)

    def __iter__(self) -> Iterator[T]:
        return iter(self._items)
