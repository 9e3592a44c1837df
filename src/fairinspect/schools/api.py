from datetime import date

from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from fairinspect.api_errors import ERROR_RESPONSES, ValidationProblem
from fairinspect.api_inputs import Pages, Text
from fairinspect.schools.selectors import PublishedInspection, SchoolProfile, school_profile_or_404, search_schools

router = Router(tags=["schools"])


class SchoolSummary(Schema):
    urn: int
    name: str
    type: str = Field(alias="type_name")
    phase: str = Field(alias="phase_name")
    status: str = Field(alias="status_name")
    town: str
    postcode: str
    local_authority: str | None = Field(None, alias="local_authority.name")
    close_date: date | None


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


class SchoolFilters(Schema):
    q: Text = Field("", max_length=100, description="A school name, URN or postcode.")
    include_closed: bool = False


@router.get("/schools", response={200: list[SchoolSummary], 422: ValidationProblem}, url_name="school-list")
@paginate(Pages, page_size=20, max_page_size=100)
def list_schools(request, filters: Query[SchoolFilters]):
    """Schools matching a name, URN, postcode (full or outward code) or local authority name, by name; closed
    ones only when asked for, after the rest."""
    return search_schools(query=filters.q, include_closed=filters.include_closed)


@router.get("/schools/{urn}", response={200: SchoolDetail, **ERROR_RESPONSES}, url_name="school-detail")
def school_detail(request, urn: int):
    """A school, its links to other URNs, and its published inspections and those of the schools it replaced."""
    return SchoolDetail.of(school_profile_or_404(urn))
