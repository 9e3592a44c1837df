"""What the API accepts from clients, bounded so that nothing a client sends reaches the database in a form the
database refuses (which would be a server error, not a 422 the client can act on)."""

from typing import Annotated

from ninja import Field, Schema
from ninja.pagination import PageNumberPagination

from fairinspect.core.text import REASON

# PostgreSQL cannot store text holding the NUL character, nor even compare with it; Django's forms refuse it
# too. As a pattern, the rule is in the OpenAPI description as well as enforced.
Text = Annotated[str, Field(pattern=r"^[^\x00]*$")]

# Far beyond any real list (50,000 schools one to a page), and far below where the offset overflows the
# database's 64-bit integers.
LAST_PAGE = 1_000_000


class Pages(PageNumberPagination):
    """ninja's page-number pagination, with a page number the database can always count to."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=LAST_PAGE)
        page_size: int | None = Field(None, ge=1)


class ReasonIn(Schema):
    reason: Text = Field(description=f"At most {REASON.limit:,} characters.")
