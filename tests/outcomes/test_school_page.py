"""A school's page: its details and the history of its published inspections, area by area."""

from datetime import date

import pytest
from django.urls import reverse

from fairinspect.frameworks.models import ScalePoint
from fairinspect.schools.models import SchoolLink, Trust
from tests.factories import make_closed_school, make_historic_outcome, make_local_authority
from tests.html import attribute, find, find_all, page, text

pytestmark = pytest.mark.django_db

REPORT_CARD_GRADES = {
    "leadership-and-governance": "expected-standard",  # the file's order is not the framework's order
    "inclusion": "strong-standard",
    "curriculum-and-teaching": "expected-standard",
    "achievement": "needs-attention",
    "attendance-and-behaviour": "expected-standard",
    "personal-development-and-well-being": "exceptional",
}
EIF_GRADES = {
    "quality-of-education": "good",
    "behaviour-and-attitudes": "outstanding",
    "personal-development": "good",
    "leadership-and-management": "requires-improvement",
}


def school_page(client, school):
    response = client.get(reverse("outcomes:school", args=[school.urn]))
    assert response.status_code == 200
    return page(response)


def summary(element) -> dict[str, str]:
    """A GOV.UK summary list's rows, key → value text."""
    return {
        text(find(row, "dt")): text(find(row, "dd"))
        for row in find_all(element, cls="govuk-summary-list__row")
    }


def inspection_cards(document) -> dict[str, dict[str, str]]:
    return {text(find(card, "h3")): summary(card) for card in find_all(document, cls="govuk-summary-card")}


@pytest.fixture
def school(make_school, frameworks):
    school = make_school(
        name="Brook Lane Primary",
        local_authority=make_local_authority(code=202, name="Camden"),
        trust=Trust.objects.create(code=4001, name="River Learning Trust"),
        street="1 Brook Lane",
        postcode="NW1 2AB",
        number_of_pupils=1234,
    )
    make_historic_outcome(
        school, "report-card-2025", inspection_number="10300001", start_date=date(2025, 12, 2),
        publication_date=date(2026, 1, 20), grades=REPORT_CARD_GRADES, safeguarding="met",
    )
    make_historic_outcome(
        school, "eif-2019", inspection_number="10200001", inspection_type="Section 5", start_date=date(2022, 3, 8),
        grades=EIF_GRADES, overall_grade="good", safeguarding="effective",
    )
    return school


def test_details_of_the_school(client, school):
    details = summary(find_all(school_page(client, school), cls="govuk-summary-list")[0])
    assert details == {
        "Type": "Community school",
        "Phase": "Primary",
        "Age range": "4 to 11",
        "Pupils": "1,234",
        "Address": "1 Brook Lane, Testbury, NW1 2AB",
        "Local authority": "Camden",
        "Trust": "River Learning Trust",
        "Status": "Open",
    }
    assert text(find(school_page(client, school), "h1")) == "Brook Lane Primary"


def test_history_newest_first_with_grades_area_by_area_in_framework_order(client, school):
    cards = inspection_cards(school_page(client, school))
    assert list(cards) == ["Full inspection, 2 December 2025", "Section 5, 8 March 2022"]
    report_card = cards["Full inspection, 2 December 2025"]
    assert list(report_card)[:7] == [
        "Inclusion",
        "Curriculum and teaching",
        "Achievement",
        "Attendance and behaviour",
        "Personal development and well-being",
        "Leadership and governance",
        "Safeguarding",
    ]
    assert report_card["Achievement"].startswith("Needs attention")
    assert report_card["Safeguarding"] == "Met"
    assert report_card["Inspection number"] == "10300001"
    assert report_card["Published"] == "20 January 2026"


def test_each_grade_says_what_it_means(client, school):
    cards = inspection_cards(school_page(client, school))
    exceptional = ScalePoint.objects.get(framework__code="report-card-2025", code="exceptional")
    assert cards["Full inspection, 2 December 2025"]["Personal development and well-being"] == (
        f"Exceptional {exceptional.meaning}"
    )


def test_eif_overall_grade_is_one_row_among_the_others_labelled_as_given_until_september_2024(client, school):
    eif = inspection_cards(school_page(client, school))["Section 5, 8 March 2022"]
    assert list(eif)[:5] == [
        "Quality of education",
        "Behaviour and attitudes",
        "Personal development",
        "Leadership and management",
        "Safeguarding",
    ]
    assert eif["Overall effectiveness (given until September 2024)"] == "Good"
    assert eif["Safeguarding"] == "Effective"


def test_no_overall_grade_is_shown_for_an_inspection_after_the_framework_stopped_giving_one(client, school):
    make_historic_outcome(
        school, "eif-2019", inspection_type="Section 5", start_date=date(2024, 10, 1),
        grades=EIF_GRADES, overall_grade="outstanding",
    )
    later = inspection_cards(school_page(client, school))["Section 5, 1 October 2024"]
    assert not any(key.startswith("Overall") for key in later)


def test_no_heading_is_a_single_word_verdict(client, school):
    document = school_page(client, school)
    labels = set(ScalePoint.objects.values_list("label", flat=True))
    headings = [text(heading) for level in ("h1", "h2", "h3") for heading in find_all(document, level)]
    assert not [heading for heading in headings if any(label.lower() in heading.lower() for label in labels)]


def test_ungraded_outcome_and_category_of_concern_are_shown_as_published(client, make_school, frameworks):
    school = make_school()
    make_historic_outcome(
        school, "eif-2019", inspection_type="Section 8", ungraded_outcome="School remains Good",
        category_of_concern="", safeguarding="effective",
    )
    make_historic_outcome(
        school, "report-card-2025", start_date=date(2026, 2, 3), grades={"inclusion": "urgent-improvement"},
        safeguarding="not-met", category_of_concern="Requires significant improvement",
    )
    cards = inspection_cards(school_page(client, school))
    assert cards["Section 8, 1 December 2025"]["Outcome"] == "School remains Good"
    concern = cards["Full inspection, 3 February 2026"]
    assert concern["Category of concern"] == "Requires significant improvement"
    assert concern["Safeguarding"] == "Not met"


def test_academy_page_shows_the_history_of_the_school_it_replaced(client, make_school, frameworks):
    old = make_closed_school(date(2021, 8, 31), name="Old Hillside School")
    academy = make_school(name="Hillside Academy", type_name="Academy converter")
    SchoolLink.objects.create(urn=academy.urn, linked_urn=old.urn, link_type="Predecessor")
    SchoolLink.objects.create(urn=old.urn, linked_urn=academy.urn, link_type="Successor")
    make_historic_outcome(old, "eif-2019", inspection_type="Section 5", start_date=date(2019, 11, 5),
                          grades=EIF_GRADES, overall_grade="good")
    make_historic_outcome(academy, "report-card-2025", grades=REPORT_CARD_GRADES)

    document = school_page(client, academy)
    cards = inspection_cards(document)
    assert list(cards) == ["Full inspection, 1 December 2025", "Section 5, 5 November 2019"]
    assert cards["Section 5, 5 November 2019"]["School inspected"] == (
        f"Old Hillside School (URN {old.urn}), which this school replaced"
    )
    assert "School inspected" not in cards["Full inspection, 1 December 2025"]
    predecessor_link = find(find(document, "ul", cls="govuk-list"), "a")
    assert text(predecessor_link) == "Old Hillside School"
    assert attribute(predecessor_link, "href") == reverse("outcomes:school", args=[old.urn])

    # The old school's own page does not take on its successor's inspections.
    assert list(inspection_cards(school_page(client, old))) == ["Section 5, 5 November 2019"]


def test_link_to_a_school_not_in_the_register_is_not_a_broken_link(client, make_school):
    school = make_school()
    SchoolLink.objects.create(urn=school.urn, linked_urn=123456, link_type="Predecessor")
    links = find(school_page(client, school), "ul", cls="govuk-list")
    assert find_all(links, "a") == []
    assert "URN 123456 (not in the register)" in text(links)


def test_school_without_inspections_says_so(client, make_school):
    document = school_page(client, make_school())
    assert find_all(document, cls="govuk-summary-card") == []
    assert "There are no published inspections of this school." in text(find(document, "main"))


def test_unknown_urn_is_a_govuk_not_found_page(client):
    response = client.get(reverse("outcomes:school", args=[999999999]))
    assert response.status_code == 404
    assert text(find(page(response), "h1")) == "Page not found"
