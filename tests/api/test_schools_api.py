"""The open-data JSON API: schools, their published history, clear JSON errors and the OpenAPI description."""

import json
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from fairinspect.api.assembly import api
from fairinspect.core import errors
from fairinspect.schools.models import SchoolLink
from tests.factories import make_closed_school, make_historic_outcome

pytestmark = pytest.mark.django_db

SCHOOLS = reverse("api:school-list")


def detail_url(urn) -> str:
    return reverse("api:school-detail", kwargs={"urn": urn})


def get_json(client, path, params=None, status=200):
    response = client.get(path, params or {})
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def names(body) -> list[str]:
    return [item["name"] for item in body["items"]]


class TestList:
    def test_by_name_urn_or_postcode(self, client, make_school):
        brook = make_school(name="Brook Lane Primary", postcode="NW1 2AB")
        make_school(name="Hillside Academy", postcode="NW10 1AA")
        assert names(get_json(client, SCHOOLS, {"q": "brook"})) == ["Brook Lane Primary"]
        assert names(get_json(client, SCHOOLS, {"q": str(brook.urn)})) == ["Brook Lane Primary"]
        assert names(get_json(client, SCHOOLS, {"q": "nw12ab"})) == ["Brook Lane Primary"]

    def test_items_are_summaries(self, client, make_school):
        school = make_school(name="Brook Lane Primary", postcode="NW1 2AB")
        item = get_json(client, SCHOOLS, {"q": "brook"})["items"][0]
        assert item == {
            "urn": school.urn,
            "name": "Brook Lane Primary",
            "type": "Community school",
            "phase": "Primary",
            "status": "Open",
            "town": "Testbury",
            "postcode": "NW1 2AB",
            "local_authority": school.local_authority.name,
            "close_date": None,
        }

    def test_paginated_with_the_count_of_all_matches(self, client, make_school):
        for number in range(1, 26):
            make_school(name=f"Oakfield School {number:02d}")
        first = get_json(client, SCHOOLS, {"q": "oakfield"})
        assert first["count"] == 25 and len(first["items"]) == 20
        second = get_json(client, SCHOOLS, {"q": "oakfield", "page": 2})
        assert names(second) == [f"Oakfield School {number}" for number in range(21, 26)]
        assert len(get_json(client, SCHOOLS, {"q": "oakfield", "page_size": 5})["items"]) == 5

    def test_closed_schools_only_when_asked(self, client, make_school):
        make_closed_school(date(2020, 8, 31), name="Riverside Infant School")
        assert names(get_json(client, SCHOOLS, {"q": "riverside"})) == []
        assert names(get_json(client, SCHOOLS, {"q": "riverside", "include_closed": "true"})) == [
            "Riverside Infant School"
        ]

    @pytest.mark.parametrize(
        ("params", "location", "message"),
        [
            ({"page": "abc"}, "query.page", "Input should be a valid integer"),
            ({"page": "0"}, "query.page", "Input should be greater than or equal to 1"),
            ({"q": "x" * 101}, "query.q", "String should have at most 100 characters"),
            ({"include_closed": "perhaps"}, "query.include_closed", "Input should be a valid boolean"),
            # Both were server errors on PostgreSQL: an offset past its 64-bit integers, and text it cannot hold.
            ({"page": str(10**20)}, "query.page", "Input should be less than or equal to 1000000"),
            ({"q": "Oak\x00field"}, "query.q", "String should match pattern"),
        ],
    )
    def test_bad_parameters_are_422_naming_the_parameter(self, client, params, location, message):
        body = get_json(client, SCHOOLS, params, status=422)
        assert [error["location"] for error in body["errors"]] == [location]
        assert body["errors"][0]["message"].startswith(message)
        assert body["detail"].startswith(f"Invalid request: {location}: {message}")


class TestDetail:
    def test_details_links_and_history_with_grades_in_framework_order(self, client, make_school, frameworks):
        old = make_closed_school(date(2021, 8, 31), name="Old Hillside School")
        academy = make_school(name="Hillside Academy")
        SchoolLink.objects.create(urn=academy.urn, linked_urn=old.urn, link_type="Predecessor",
                                  established_date=date(2021, 9, 1))
        make_historic_outcome(
            academy, "report-card-2025", inspection_number="10300001",
            grades={"achievement": "needs-attention", "inclusion": "strong-standard"}, safeguarding="met",
        )
        make_historic_outcome(
            old, "eif-2019", inspection_number="10100001", start_date=date(2019, 11, 5),
            grades={"quality-of-education": "good"}, overall_grade="good", safeguarding="effective",
        )

        body = get_json(client, detail_url(academy.urn))
        assert body["name"] == "Hillside Academy" and body["urn"] == academy.urn
        assert body["links"] == [
            {"urn": old.urn, "name": "Old Hillside School", "link_type": "Predecessor",
             "established_date": "2021-09-01"}
        ]
        latest, earlier = body["history"]
        assert latest["inspection_number"] == "10300001" and latest["framework_code"] == "report-card-2025"
        assert latest["area_grades"] == [
            {"area_code": "inclusion", "area": "Inclusion", "grade_code": "strong-standard",
             "grade": "Strong standard"},
            {"area_code": "achievement", "area": "Achievement", "grade_code": "needs-attention",
             "grade": "Needs attention"},
        ]
        assert latest["safeguarding"] == "Met" and latest["overall_grade"] == ""
        assert earlier["urn"] == old.urn and earlier["overall_grade"] == "Good"

    def test_unknown_urn_is_404_with_a_clear_message(self, client):
        assert get_json(client, detail_url(999999999), status=404) == {"detail": "No school has URN 999999999"}

    def test_urn_that_is_not_a_number_is_422(self, client):
        body = get_json(client, detail_url("abc"), status=422)
        assert [error["location"] for error in body["errors"]] == ["path.urn"]


class TestOpenApi:
    @pytest.fixture
    def schema(self, client):
        return get_json(client, reverse("api:openapi-json"))

    def test_lists_the_endpoints_with_their_error_responses(self, schema):
        assert schema["openapi"].startswith("3.")
        assert set(schema["paths"]) >= {"/api/v1/schools", "/api/v1/schools/{urn}"}
        assert set(schema["paths"]["/api/v1/schools"]["get"]["responses"]) == {"200", "422"}
        assert set(schema["paths"]["/api/v1/schools/{urn}"]["get"]["responses"]) == {"200", "404", "422"}

    def test_every_reference_resolves(self, schema):
        def references(node):
            if isinstance(node, dict):
                if "$ref" in node:
                    yield node["$ref"]
                for value in node.values():
                    yield from references(value)
            elif isinstance(node, list):
                for value in node:
                    yield from references(value)

        found = set(references(schema))
        assert found, "the schema should describe its bodies by reference"
        for ref in found:
            assert ref.startswith("#/components/schemas/") and ref.rsplit("/", 1)[1] in schema["components"]["schemas"]

    def test_every_operation_has_a_unique_id(self, schema):
        ids = [operation["operationId"] for path in schema["paths"].values() for operation in path.values()]
        assert len(ids) == len(set(ids))

    def test_the_description_names_every_part_of_the_api(self, schema):
        tags = {tag for path in schema["paths"].values() for operation in path.values() for tag in operation["tags"]}
        assert tags >= {"schools", "inspections", "inspectors"}
        for tag in tags:
            assert tag in schema["info"]["description"], f"the API's description does not mention its {tag}"

    def test_no_body_is_named_after_a_refusal_of_the_services(self, schema):
        """A client reading "InvalidRequest" in the description would take it for the service's refusal
        (`core.errors.InvalidRequest`, answered as a Refused body), not a request that does not fit."""
        refusals = {
            name for name, value in vars(errors).items() if isinstance(value, type) and issubclass(value, Exception)
        }
        assert refusals and not refusals & set(schema["components"]["schemas"])


class TestErrors:
    @pytest.mark.parametrize(
        ("exception", "status", "detail"),
        [
            (PermissionDenied("Only schedulers may notify a school"), 403, "Only schedulers may notify a school"),
            (PermissionDenied(), 403, "Your account may not do this"),
            (Http404("No inspection 7"), 404, "No inspection 7"),
        ],
    )
    def test_refusals_raised_by_any_endpoint_are_json(self, rf, exception, status, detail):
        response = api.on_exception(rf.get("/api/v1/anything"), exception)
        assert response.status_code == status
        assert json.loads(response.content) == {"detail": detail}

    def test_a_path_with_no_endpoint_is_json(self, client):
        body = get_json(client, "/api/v1/no-such-endpoint", status=404)
        assert body == {
            "detail": "There is no API endpoint at /api/v1/no-such-endpoint; /api/v1/docs documents them, and "
            "/api/v1/openapi.json describes them."
        }
