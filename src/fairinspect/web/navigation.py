"""The links every page's header and footer carry. Each app registers its own (in its AppConfig.ready()), so
page furniture names no page of any app."""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

from fairinspect.core.hooks import Registry


def _anyone(user) -> bool:
    return True


@dataclass(frozen=True)
class Link:
    text: str
    url_name: str
    order: int
    shown_to: Callable[[object], bool] = _anyone  # a predicate of the signed-in (or anonymous) user


service_navigation: Registry[Link] = Registry("the service navigation", order=lambda link: link.order)
footer_links: Registry[Link] = Registry("the footer's links", order=lambda link: link.order)


def links_for(registry: Registry[Link], user, current_path: str = "") -> list[dict]:
    """The registry's links this user is shown, as GOV.UK's navigation components take them; a link is active
    when the page is under it."""
    links = []
    for link in registry:
        if link.shown_to(user):
            href = reverse(link.url_name)
            links.append({"href": href, "text": link.text, "active": bool(current_path) and current_path.startswith(href)})
    return links
