"""What each role's home page offers. Every app registers the links to its own pages (in its
AppConfig.ready()), each for the holders of a capability, so a role's section lists exactly the work that role
can do and accounts names no page above it."""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

from fairinspect.accounts.permissions import Capability, roles_of
from fairinspect.accounts.roles import ROLE_HOME_SECTIONS
from fairinspect.core.hooks import Registry


@dataclass(frozen=True)
class HomeLink:
    """A link in the home section of every role that holds one of `capabilities`: to the page `url_name`, or,
    for links of the user's own (their school, their record), those `links_of(user)` gives as (text, href)."""

    capabilities: tuple[Capability, ...]
    order: int
    text: str = ""
    url_name: str = ""
    links_of: Callable[[object], list[tuple[str, str]]] | None = None

    def held_by(self, role) -> bool:
        return any(role in capability.roles for capability in self.capabilities)

    def links(self, user) -> list[dict]:
        if self.links_of is not None:
            return [{"text": text, "href": href} for text, href in self.links_of(user)]
        return [{"text": self.text, "href": reverse(self.url_name)}]


home_links: Registry[HomeLink] = Registry("the home page's links", order=lambda link: link.order)


def home_sections_for(user) -> list[dict]:
    """The sections of a signed-in user's home page, one per role they hold, in a fixed order."""
    sections = []
    held = roles_of(user)
    for role, (title, text) in ROLE_HOME_SECTIONS.items():
        if role not in held:
            continue
        links = [entry for link in home_links if link.held_by(role) for entry in link.links(user)]
        sections.append({"role": role.label, "title": title, "text": text, "links": links})
    return sections
