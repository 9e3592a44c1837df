from datetime import date

from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from fairinspect.web.api_errors import ValidationProblem
from fairinspect.web.api_inputs import Pages, Text
from fairinspect.schools.selectors import search_schools

router = Router(tags=["schools"])


class SchoolSummary(Schema):
    urn: int
    name: str
    type: str = Field(alias="type_name")
    phase: str = Field(description="The phase of education; empty where the establishment has none (see its type).")
    status: str = Field(alias="status_name")
    town: str
    postcode: str
    local_authority: str | None = Field(None, alias="local_authority.name")
    close_date: date | None


class SchoolFilters(Schema):
    q: Text = Field("", max_length=100, description="A school name, URN or postcode.")
    include_closed: bool = False


@router.get("/schools", response={200: list[SchoolSummary], 422: ValidationProblem}, url_name="school-list")
@paginate(Pages, page_size=20, max_page_size=100)
def list_schools(request, filters: Query[SchoolFilters]):
    """Schools matching a name, URN, postcode (full or outward code) or local authority name, by name; closed
    ones only when asked for, after the rest."""
    return search_schools(query=filters.q, include_closed=filters.include_closed)
