"""Reads of the school registry: search, and the links between URNs."""

import re
from collections.abc import Iterable

from django.db import connection
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL

from fairinspect.schools import gias
from fairinspect.schools.models import REGISTRY_VERSION, LocalAuthority, School, SchoolLink

# A full postcode ("SW1A 1AA") or just its outward part ("SW1A"), with or without the space.
_POSTCODE = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]?(\s*\d[A-Z]{2})?$")
_MAX_LINK_DEPTH = 10
# The data (core.versions) search results are made from, which pages and API answers cached from them name.
SEARCH_MADE_FROM = (REGISTRY_VERSION,)


def normalise_postcode(value: str) -> str:
    compact = re.sub(r"\s+", "", value.upper())
    return f"{compact[:-3]} {compact[-3:]}" if len(compact) > 4 else compact


def _name_contains(text: str) -> Q:
    """Schools whose name holds `text` in any case, found through the index made for it (migration schools 0003):
    on PostgreSQL `icontains` uses the trigram index as it is; on SQLite the same LIKE asks the FTS5 table."""
    if connection.vendor != "sqlite":
        return Q(name__icontains=text)
    pattern = "%" + re.sub(r"([\\%_])", r"\\\1", text) + "%"
    return Q(urn__in=RawSQL("SELECT rowid FROM school_name_index WHERE name LIKE %s ESCAPE '\\'", [pattern]))


def search_schools(
    *, query: str = "", local_authority: LocalAuthority | None = None, include_closed: bool = False
) -> QuerySet[School]:
    """Schools matching a name, URN, postcode or local authority name, by name; closed ones (when asked for)
    after the rest."""
    schools = School.objects.select_related("local_authority")
    if not include_closed:
        schools = schools.not_closed()
    if local_authority is not None:
        schools = schools.filter(local_authority=local_authority)
    query = " ".join(query.split())
    if query.isdigit():
        schools = schools.filter(urn=int(query))
    elif _POSTCODE.match(query.upper()):
        postcode = normalise_postcode(query)
        # An outward code alone ("NW1") must not also find its neighbours ("NW10 1AA").
        schools = schools.filter(
            Q(postcode__iexact=postcode) if " " in postcode else Q(postcode__istartswith=f"{postcode} ")
        )
    elif query:
        # The local authorities named are looked up first (a small table), so that the two conditions are two
        # index scans side by side rather than a join on every school.
        named = list(LocalAuthority.objects.filter(name__iexact=query).values_list("code", flat=True))
        schools = schools.filter(_name_contains(query) | Q(local_authority__in=named))
    if not include_closed:
        return schools.order_by("name", "urn")
    return schools.annotate(
        closed_last=Case(When(status_code=gias.CLOSED, then=Value(1)), default=Value(0), output_field=IntegerField())
    ).order_by("closed_last", "name", "urn")


def predecessor_urns(urn: int) -> list[int]:
    """The URNs this school replaced, nearest first (following chains such as school → academy → new academy)."""
    return predecessor_urns_of([urn])[urn]


def predecessor_urns_of(urns: Iterable[int]) -> dict[int, list[int]]:
    """For each of many schools, the URNs it replaced, nearest first: one query per step along the chains."""
    found: dict[int, list[int]] = {urn: [] for urn in urns}
    # Each school's frontier: the URNs reached at the last step, to follow further.
    frontier: dict[int, list[int]] = {urn: [urn] for urn in found}
    for _ in range(_MAX_LINK_DEPTH):
        reached = {urn for urns_reached in frontier.values() for urn in urns_reached}
        if not reached:
            break
        links: dict[int, list[int]] = {}
        for urn, linked in SchoolLink.objects.filter(
            urn__in=reached, link_type__startswith=gias.PREDECESSOR
        ).values_list("urn", "linked_urn"):
            links.setdefault(urn, []).append(linked)
        for school, urns_reached in frontier.items():
            step = [
                linked for urn in urns_reached for linked in links.get(urn, ())
                if linked != school and linked not in found[school]
            ]  # fmt: skip
            step = list(dict.fromkeys(step))
            found[school].extend(step)
            frontier[school] = step
    return found


def linked_schools(school: School) -> list[dict]:
    """Every GIAS link from this school, with the linked school's name where the registry has it."""
    links = list(SchoolLink.objects.filter(urn=school.urn).order_by("link_type", "linked_urn"))
    names = dict(School.objects.filter(urn__in=[link.linked_urn for link in links]).values_list("urn", "name"))
    return [
        {
            "urn": link.linked_urn,
            "name": names.get(link.linked_urn, ""),
            "link_type": link.link_type,
            "established_date": link.established_date,
        }
        for link in links
    ]
