"""The JSON bodies of the API's errors, so every router can declare them in the OpenAPI description."""

from ninja import Field, Schema
from pydantic.json_schema import SkipJsonSchema


class Problem(Schema):
    detail: str


class FieldProblem(Schema):
    location: str
    message: str


class ValidationProblem(Problem):
    """A request whose parameters or body do not fit the endpoint's description, with each problem located."""

    errors: list[FieldProblem]


class RefusalReason(Schema):
    code: str = Field(description="What stands in the way, e.g. own-school or training-missing.")
    message: str


class Refused(Problem):
    """A change the service refused, saying what to put right."""

    # Left out of the body, never null, when they do not apply (hence no null in the description).
    field: str | SkipJsonSchema[None] = Field(None, description="The input the refusal is about, when it is about one.")
    reasons: list[RefusalReason] | SkipJsonSchema[None] = Field(
        None, description="Every reason an inspector cannot join the team, when that is the refusal."
    )


# What any endpoint may answer besides success: no such object, or a parameter that is not valid.
ERROR_RESPONSES = {404: Problem, 422: ValidationProblem}
# Endpoints for signed-in users add: not signed in, and not allowed (their role, or a change sent without
# Django's CSRF token).
SIGNED_IN_ERROR_RESPONSES = {401: Problem, 403: Problem, **ERROR_RESPONSES}
# A change may also be sent a body that is not JSON (400), or be refused by a service: because of the object's
# state (409), or what was asked (422).
CHANGE_ERROR_RESPONSES = {
    400: Problem,
    **SIGNED_IN_ERROR_RESPONSES,
    409: Refused,
    422: ValidationProblem | Refused,
}
