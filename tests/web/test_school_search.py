"""Finding a school: by name, URN, postcode or local authority, paginated, with GOV.UK errors."""

from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from tests.factories import make_closed_school, make_local_authority
from tests.html import attribute, find, find_all, page, text

pytestmark = pytest.mark.django_db

SEARCH = reverse("schools:search")


def search(client, **params):
    response = client.get(SEARCH, params)
    assert response.status_code == 200
    return response


def result_names(response) -> list[str]:
    results = find_all(page(response), "ul", cls="govuk-list")
    listed = [ul for ul in results if attribute(ul, "aria-labelledby") == "results-heading"]
    return [text(link) for ul in listed for link in find_all(ul, "a")]


def error_summary(response) -> dict[str, str]:
    summary = find(page(response), cls="govuk-error-summary")
    return {text(link): attribute(link, "href") for link in find_all(summary, "a")}


@pytest.fixture
def camden(make_school):
    local_authority = make_local_authority(code=202, name="Camden")
    return {
        "brook": make_school(name="Brook Lane Primary", postcode="NW1 2AB", local_authority=local_authority),
        "hill": make_school(name="Hillside Academy", postcode="NW1 7QP", local_authority=local_authority),
        "neighbour": make_school(name="Kilburn Grange School", postcode="NW10 1AA"),
    }


def test_by_part_of_the_name_in_any_case(client, camden):
    assert result_names(search(client, q="brook lane")) == ["Brook Lane Primary"]


def test_by_urn(client, camden):
    assert result_names(search(client, q=str(camden["hill"].urn))) == ["Hillside Academy"]


@pytest.mark.parametrize("postcode", ["NW1 2AB", "nw12ab", " NW1  2AB "])
def test_by_full_postcode_however_it_is_typed(client, camden, postcode):
    assert result_names(search(client, q=postcode)) == ["Brook Lane Primary"]


def test_by_outward_code_finds_that_district_but_not_its_neighbours(client, camden):
    assert result_names(search(client, q="nw1")) == ["Brook Lane Primary", "Hillside Academy"]


def test_by_local_authority_name_typed_in_the_box(client, camden):
    assert result_names(search(client, q="camden")) == ["Brook Lane Primary", "Hillside Academy"]


def test_by_local_authority_chosen_from_the_list(client, camden, make_school):
    other = make_local_authority(code=203, name="Greenwich")
    make_school(name="Greenwich Brook School", local_authority=other)
    assert result_names(search(client, local_authority=202)) == ["Brook Lane Primary", "Hillside Academy"]
    assert result_names(search(client, q="brook", local_authority=203)) == ["Greenwich Brook School"]


def test_local_authority_list_keeps_the_choice(client, camden):
    select = find(page(search(client, local_authority=202)), "select", id="id_local_authority")
    selected = [text(option) for option in find_all(select, "option") if "selected" in dict(option.attributes)]
    assert selected == ["Camden"]


def test_closed_schools_are_left_out_unless_asked_for_and_come_last(client, make_school):
    make_closed_school(date(2020, 8, 31), name="Riverside Infant School")
    make_school(name="Riverside Primary School")
    assert result_names(search(client, q="riverside")) == ["Riverside Primary School"]
    assert result_names(search(client, q="riverside", include_closed="on")) == [
        "Riverside Primary School",
        "Riverside Infant School",
    ]


def test_no_match_says_so_and_suggests_what_to_try(client, camden):
    response = search(client, q="Nowhere Academy")
    assert text(find(page(response), "h2", id="results-heading")) == "0 schools found"
    assert result_names(response) == []
    assert "search by URN or postcode instead" in text(find(page(response), "main"))


class TestPagination:
    @pytest.fixture(autouse=True)
    def schools(self, settings, make_school):
        settings.FAIRINSPECT = {**settings.FAIRINSPECT, "SEARCH_PAGE_SIZE": 3}
        for number in range(1, 8):
            make_school(name=f"Oakfield School {number}")

    def test_pages_hold_the_page_size_in_name_order(self, client):
        assert result_names(search(client, q="oakfield")) == [f"Oakfield School {n}" for n in (1, 2, 3)]
        assert result_names(search(client, q="oakfield", page=3)) == ["Oakfield School 7"]
        assert text(find(page(search(client, q="oakfield", page=3)), "h2", id="results-heading")) == "7 schools found"

    def test_page_links_use_the_govuk_component_and_keep_the_query(self, client):
        results = page(search(client, q="oakfield", include_closed="on", page=2))
        navigation = find(results, "nav", cls="govuk-pagination")
        links = {text(link): attribute(link, "href") for link in find_all(navigation, "a")}
        assert set(links) == {"Previous page", "1", "2", "3", "Next page"}
        for label, href in links.items():
            query = parse_qs(urlsplit(href).query)
            assert query["q"] == ["oakfield"] and query["include_closed"] == ["on"], label
        assert parse_qs(urlsplit(links["Next page"]).query)["page"] == ["3"]
        current = find(navigation, cls="govuk-pagination__item--current")
        assert text(current) == "2" and attribute(find(current, "a"), "aria-current") == "page"

    @pytest.mark.parametrize(("asked", "shown"), [("99", "Oakfield School 7"), ("abc", "Oakfield School 1")])
    def test_a_page_number_out_of_range_or_not_a_number_shows_the_nearest_page(self, client, asked, shown):
        assert shown in result_names(search(client, q="oakfield", page=asked))

    def test_each_page_has_a_title_of_its_own(self, client):
        title = text(find(find(page(search(client, q="oakfield", page=2)), "head"), "title"))
        assert title == "Find a school (page 2 of 3) – School inspections"

    def test_one_page_of_results_has_no_pagination(self, client):
        assert find_all(page(search(client, q="Oakfield School 7")), "nav", cls="govuk-pagination") == []


def test_empty_search_asks_for_something_to_search_by(client, camden):
    response = search(client, q="  ")
    message = "Enter a school name, URN or postcode, or choose a local authority"
    assert error_summary(response) == {message: "#id_q"}
    assert text(find(page(response), id="id_q-error")) == f"Error: {message}"
    assert result_names(response) == []


def test_unknown_local_authority_is_an_error_by_the_list(client, camden):
    response = search(client, q="brook", local_authority="999")
    assert error_summary(response) == {"Choose a local authority from the list": "#id_local_authority"}
    assert text(find(page(response), id="id_local_authority-error")) == "Error: Choose a local authority from the list"
    assert text(find(find(page(response), "head"), "title")).startswith("Error: ")
    assert result_names(response) == []


def test_overlong_search_is_refused_with_a_plain_message(client):
    response = search(client, q="x" * 101)
    assert error_summary(response) == {"School name, URN or postcode must be 100 characters or fewer": "#id_q"}


def test_first_visit_explains_how_to_search_and_shows_no_errors(client):
    response = client.get(SEARCH)
    assert find_all(page(response), cls="govuk-error-summary") == []
    assert "unique reference number (URN)" in text(find(page(response), "main"))
