"""The domain errors: raised where a problem is found, turned into problem+json in one middleware.

Each error knows its HTTP status and a short slug that names the problem type (RFC 9457 ``type``).
Messages never carry secrets or content the caller may not see.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class FieldProblem:
    """One thing wrong with one field of the input (``field`` is a JSON-pointer-like path)."""

    field: str
    reason: str

    def as_json(self) -> dict[str, str]:
        return {"field": self.field, "reason": self.reason}


class NewswireError(Exception):
    """Base of every error the service reports to a client."""

    status = 500
    slug = "internal"
    title = "Internal error"

    def __init__(self, detail: str, *, headers: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.headers = headers or {}

    def extensions(self) -> dict[str, object]:
        """Members added to the problem document beside the standard ones."""
        return {}


class BadRequest(NewswireError):
    status = 400
    slug = "bad-request"
    title = "Malformed request"


class InvalidInput(NewswireError):
    """The request is well-formed but one or more fields are wrong; names every field."""

    status = 422
    slug = "invalid-input"
    title = "Invalid input"

    def __init__(self, problems: Sequence[FieldProblem]) -> None:
        self.problems = tuple(problems)
        detail = "; ".join(f"{p.field}: {p.reason}" for p in self.problems)
        super().__init__(detail)

    @classmethod
    def one(cls, field: str, reason: str) -> InvalidInput:
        return cls([FieldProblem(field, reason)])

    @classmethod
    def check_single(cls, fields: Iterable[str]) -> None:
        """Refuse a query or form that gives a field more than once (`fields`: its names, one per value): which
        value would count is anyone's guess."""
        seen: set[str] = set()
        repeated: dict[str, None] = {}
        for name in fields:
            if name in seen:
                repeated[name] = None
            seen.add(name)
        if repeated:
            raise cls([FieldProblem(name, "is given more than once") for name in repeated])

    def extensions(self) -> dict[str, object]:
        return {"errors": [p.as_json() for p in self.problems]}


class Unauthorized(NewswireError):
    status = 401
    slug = "unauthorized"
    title = "Missing or wrong credentials"

    def __init__(self, detail: str) -> None:
        super().__init__(detail, headers={"WWW-Authenticate": 'Bearer realm="newswire"'})


class Forbidden(NewswireError):
    status = 403
    slug = "forbidden"
    title = "Not allowed"


class NotFound(NewswireError):
    status = 404
    slug = "not-found"
    title = "Not found"


class MethodNotAllowed(NewswireError):
    status = 405
    slug = "method-not-allowed"
    title = "Method not allowed"


class NotImplementedMethod(NewswireError):
    """A well-formed request whose method this server knows nothing of (RFC 9110 15.6.2)."""

    status = 501
    slug = "not-implemented"
    title = "Method not implemented"


class RequestTimeout(NewswireError):
    """The request's head or its body did not arrive in the time allowed; the detail says which."""

    status = 408
    slug = "request-timeout"
    title = "The request came too slowly"


class Conflict(NewswireError):
    """The request is valid but the stored state refuses it; names the fields concerned where there are some."""

    status = 409
    slug = "conflict"
    title = "Conflicts with the stored state"

    def __init__(self, detail: str, *, problems: Sequence[FieldProblem] = ()) -> None:
        super().__init__(detail)
        self.problems = tuple(problems)

    def extensions(self) -> dict[str, object]:
        return {"errors": [p.as_json() for p in self.problems]} if self.problems else {}


class Gone(NewswireError):
    status = 410
    slug = "gone"
    title = "Withdrawn"


class PayloadTooLarge(NewswireError):
    status = 413
    slug = "payload-too-large"
    title = "Request body too large"


class UriTooLong(NewswireError):
    status = 414
    slug = "uri-too-long"
    title = "Request target too long"


class UnsupportedMediaType(NewswireError):
    status = 415
    slug = "unsupported-media-type"
    title = "Unsupported media type"


class RateLimited(NewswireError):
    status = 429
    slug = "rate-limited"
    title = "Too many requests"


class HeaderFieldsTooLarge(NewswireError):
    status = 431
    slug = "header-fields-too-large"
    title = "Request header fields too large"


class Unavailable(NewswireError):
    """The store cannot be reached or cannot commit: always with a `Retry-After`."""

    status = 503
    slug = "unavailable"
    title = "Service unavailable"

    def __init__(self, detail: str, *, headers: dict[str, str] | None = None) -> None:
        super().__init__(detail, headers={"Retry-After": str(RETRY_AFTER_SECONDS), **(headers or {})})


# How long a client is asked to wait when the store is away (503 Retry-After).
RETRY_AFTER_SECONDS = 3


class ConfigError(Exception):
    """A configuration file is wrong; the message names the file and the key."""
