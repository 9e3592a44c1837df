"""A school and its published record over JSON: open to everyone."""

from datetime import date

from ninja import Field, Router, Schema

from fairinspect.outcomes.selectors import PublishedInspection, SchoolProfile, school_profile_or_404
from fairinspect.schools.api import SchoolSummary
from fairinspect.web.api_errors import ERROR_RESPONSES

router = Router(tags=["schools"])


class AreaGradeOut(Schema):
    area_code: str = Field(description="The area's code in the framework, e.g. curriculum-and-teaching.")
    area: str
    grade_code: str = Field(description="The grade's code on the framework's scale, e.g. expected-standard.")
    grade: str


class PublishedInspectionOut(Schema):
    inspection_number: str
    urn: int = Field(description="The school inspected: this school's URN, or that of a school it replaced.")
    framework_code: str
    framework: str
    inspection_type: str
    start_date: date
    end_date: date | None
    publication_date: date | None
    area_grades: list[AreaGradeOut]
    safeguarding: str
    overall_grade: str = Field(description="Only for inspections before September 2024, when it was still given.")
    category_of_concern: str
    ungraded_outcome: str
    report_card_url: str | None = Field(None, description="The report card page, for inspections published here.")


class LinkOut(Schema):
    urn: int
    name: str
    link_type: str
    established_date: date | None


class SchoolDetail(SchoolSummary):
    street: str
    statutory_low_age: int | None
    statutory_high_age: int | None
    number_of_pupils: int | None
    has_early_years: bool
    has_sixth_form: bool
    trust: str | None = Field(None, alias="trust.name")
    links: list[LinkOut]
    history: list[PublishedInspectionOut]

    @classmethod
    def of(cls, profile: SchoolProfile) -> "SchoolDetail":
        # The school's own fields are read from it, as for a summary; its links and history from the profile.
        return cls.model_validate(profile.school, context={"profile": profile})

    @staticmethod
    def resolve_links(school, context) -> list[dict]:
        return context["profile"].links

    @staticmethod
    def resolve_history(school, context) -> list[PublishedInspection]:
        return context["profile"].history


@router.get("/schools/{urn}", response={200: SchoolDetail, **ERROR_RESPONSES}, url_name="school-detail")
def school_detail(request, urn: int):
    """A school, its links to other URNs, and its published inspections and those of the schools it replaced."""
    return SchoolDetail.of(school_profile_or_404(urn))
