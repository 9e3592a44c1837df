"""Search by part of a name is answered from an index made for it (migration schools 0003), which follows every
change of the registry."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fairinspect.schools.models import School
from fairinspect.schools.selectors import search_schools

pytestmark = pytest.mark.django_db


def names(query: str) -> list[str]:
    return [school.name for school in search_schools(query=query, include_closed=True)]


def plan_of_counting(query: str) -> str:
    """The plan of the query that counts a search's results (for its pages): it reads every match."""
    with CaptureQueriesContext(connection) as queries:
        search_schools(query=query).count()
    sql = queries[-1]["sql"]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")  # a handful of test rows would be read whole anyway
            cursor.execute(f"EXPLAIN {sql}")
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
        return "\n".join(str(row) for row in cursor.fetchall())


def test_a_search_by_part_of_a_name_reads_the_index(make_school):
    make_school(name="Hillside Primary School")
    found = plan_of_counting("primary")
    assert ("school_name_trigram" if connection.vendor == "postgresql" else "school_name_index") in found, found


def test_the_index_follows_names_as_they_are_created_changed_and_removed(make_school):
    school = make_school(name="Oakfield Primary School")
    make_school(name="Oakfield 100% Academy_Trust")
    assert names("oakfield prim") == ["Oakfield Primary School"]

    School.objects.filter(urn=school.urn).update(name="Elmfield Primary School")
    assert names("oakfield prim") == [] and names("ELMFIELD") == ["Elmfield Primary School"]
    School.objects.filter(urn=school.urn).delete()
    assert names("elmfield") == []


def test_the_characters_a_pattern_uses_are_matched_as_themselves(make_school):
    make_school(name="Oakfield 100% Academy_Trust")
    make_school(name="Oakfield 1000 Academy Trust")
    assert names("100%") == ["Oakfield 100% Academy_Trust"]
    assert names("y_t") == ["Oakfield 100% Academy_Trust"]
    assert names("a%t") == []
