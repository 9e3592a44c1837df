"""The refusals a service raises. Each carries a message a person can act on; the web shows it as a form
error and the API returns it as JSON with the status its class names."""


class DomainError(Exception):
    """A change was refused. `status` is the HTTP status the API answers with."""

    status = 422

    def __init__(self, message: str, *, field: str | None = None):
        self.message = message
        # The input the message is about (a form field or API property), when it is about one.
        self.field = field
        super().__init__(message)

    def messages(self) -> list[str]:
        """What to show on a form, one entry per thing to put right (one unless a refusal lists several)."""
        return [self.message]

    def as_dict(self) -> dict:
        """The body of the API's answer."""
        return {"detail": self.message, **({"field": self.field} if self.field else {})}


class NotPermitted(DomainError):
    """The user may not do this to this object (their role, or their relation to it)."""

    status = 403


class WrongState(DomainError):
    """The object is not in a state this can be done from (or a national halt holds it)."""

    status = 409


class InvalidRequest(DomainError):
    """What was asked is not acceptable: a missing reason, a date that is not a working day, …"""

    status = 422
