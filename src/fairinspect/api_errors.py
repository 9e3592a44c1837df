"""The JSON bodies of the API's errors, so every router can declare them in the OpenAPI description."""

from ninja import Schema


class Problem(Schema):
    detail: str


class FieldProblem(Schema):
    location: str
    message: str


class InvalidRequest(Problem):
    errors: list[FieldProblem]


# What any endpoint may answer besides success: no such object, or a parameter that is not valid.
ERROR_RESPONSES = {404: Problem, 422: InvalidRequest}
