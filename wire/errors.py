"""The domain errors: raised where a problem is found, turned into problem+json in one middleware.

Each error knows its HTTP status and a short slug that names the problem type (RFC 9457 ``type``).
Messages never carry secrets or content the caller may not see.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class FieldProblem:
    """One thing wrong with one field of the input (``field`` is a JSON-pointer-like path)."""

    field: str
    reason: str

    def as_json(self) -> dict[str, str]:
        return {"field": self.field, "reason": self.reason}


# The reason given for a field given more than once (in a query, a form, or one object of a JSON document).
GIVEN_AGAIN = "is given more than once"


def given_again(names: Iterable[str]) -> tuple[str, ...]:
    """The names given more than once, each once, in the order of their second appearance."""
    seen: set[str] = set()
    again: dict[str, None] = {}
    for name in names:
        if name in seen:
            again[name] = None
        seen.add(name)
    return tuple(again)


class NewswireError(Exception):
    """Base of every error the service reports to a client."""

    status = 500
    slug = "internal"
    title = "Internal error"
    meaning = "Something went wrong in the server; the request may be sent again."

    def __init__(self, detail: str, *, headers: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.headers = headers or {}
        # Members the problem document gets beside its type's own extensions, from whoever answers with it (what a
        # bulk had stored when its body failed).
        self.members: dict[str, object] = {}

    def extensions(self) -> dict[str, object]:
        """Members added to the problem document beside the standard ones."""
        return {}


class BadRequest(NewswireError):
    status = 400
    slug = "bad-request"
    title = "Malformed request"
    meaning = (
        "The request is not well-formed HTTP or JSON (its syntax, not its values): the detail says what could "
        "not be read. Fix the request; sending it again as it is gets the same answer."
    )


class UndecodableBody(BadRequest):
    """A body that is not, whole, in the content coding its Content-Encoding names: not in it at all, its stream cut
    short, or bytes after its end. The rest of it is not read, so the connection is closed after the answer."""


# The most problems one answer names (see InvalidInput).
PROBLEMS_NAMED = 100


class InvalidInput(NewswireError):
    """The request is well-formed but one or more fields are wrong; names every field (PROBLEMS_NAMED at most)."""

    status = 422
    slug = "invalid-input"
    title = "Invalid input"
    meaning = (
        "The request is well-formed but fields are wrong: `errors` lists each field with its reason. Nothing "
        "was stored; fix those fields and send it again."
    )

    def __init__(self, problems: Sequence[FieldProblem]) -> None:
        # Past so many, the rest are counted in one: a problem each (an array of a million numbers, each "must be a
        # JSON object") would make the answer many times larger than its request.
        # Every one is kept for a caller gathering the problems of several documents into one answer, which counts
        # them (the count of one document's would be counted as one problem).
        self.every = tuple(problems)
        named = self.every[:PROBLEMS_NAMED]
        if len(problems) > PROBLEMS_NAMED:
            rest = len(problems) - PROBLEMS_NAMED
            named += (FieldProblem("(body)", f"and {rest} more problems, not named: fix those above first"),)
        self.problems = named
        detail = "; ".join(f"{p.field}: {p.reason}" for p in self.problems)
        super().__init__(detail)

    @classmethod
    def one(cls, field: str, reason: str) -> InvalidInput:
        return cls([FieldProblem(field, reason)])

    @classmethod
    def refuse_unread(cls, fields: Iterable[str], reason: Callable[[str], str]) -> None:
        """Refuse the fields of a query an endpoint does not read (each once, by its first 100 characters, with
        `reason(name)`): one put there would go unread, and the request be carried out all the same."""
        problems = [FieldProblem(name[:100], reason(name)) for name in dict.fromkeys(fields)]
        if problems:
            raise cls(problems)

    @classmethod
    def check_single(cls, fields: Iterable[str]) -> None:
        """Refuse a query or form that gives a field more than once (`fields`: its names, one per value): which
        value would count is anyone's guess."""
        repeated = given_again(fields)
        if repeated:
            raise cls([FieldProblem(name, GIVEN_AGAIN) for name in repeated])

    def extensions(self) -> dict[str, object]:
        return {"errors": [p.as_json() for p in self.problems]}


class Unauthorized(NewswireError):
    status = 401
    slug = "unauthorized"
    title = "Missing or wrong credentials"
    meaning = (
        "The request needs a valid key or token (`Authorization: Bearer ...`, or `?key=` for a partner's "
        "feeds), or the one it carries is not valid."
    )

    def __init__(self, detail: str, *, error: str | None = None) -> None:
        """`error` is the RFC 6750 (3.1) error code for credentials that were sent: `invalid_request` for a header
        that is not `Bearer <token>`, `invalid_token` for a token that is not valid; none when none were sent."""
        challenge = 'Bearer realm="newswire"' + (f', error="{error}"' if error else "")
        super().__init__(detail, headers={"WWW-Authenticate": challenge})


class Forbidden(NewswireError):
    status = 403
    slug = "forbidden"
    title = "Not allowed"
    meaning = "The key is valid but does not give access to this resource (a section outside the partner's list)."


class NotFound(NewswireError):
    status = 404
    slug = "not-found"
    title = "Not found"
    meaning = (
        "There is nothing at this address for this caller: no such item, section or resource, or one this "
        "caller may not see (which is not told apart, so that nothing is revealed)."
    )


class MethodNotAllowed(NewswireError):
    status = 405
    slug = "method-not-allowed"
    title = "Method not allowed"
    meaning = "The resource exists but does not take this method: `Allow` lists those it takes."


class NotImplementedMethod(NewswireError):
    """A well-formed request whose method this server knows nothing of (RFC 9110 15.6.2)."""

    status = 501
    slug = "not-implemented"
    title = "Method not implemented"
    meaning = "This server knows nothing of the request's method."


class RequestTimeout(NewswireError):
    """The request's head or its body did not arrive in the time allowed; the detail says which."""

    status = 408
    slug = "request-timeout"
    title = "The request came too slowly"
    meaning = (
        "The request's head or body did not arrive in the time allowed (the detail says which). Send it "
        "again, faster or in smaller pieces."
    )


class ExpectationFailed(NewswireError):
    """The request's `Expect` asks for something other than `100-continue` (RFC 9110 10.1.1)."""

    status = 417
    slug = "expectation-failed"
    title = "Expectation failed"
    meaning = (
        "The request's `Expect` header asks for something the server does not do: it knows `100-continue` "
        "alone. Send the request without it, or with `Expect: 100-continue`."
    )


class Conflict(NewswireError):
    """The request is valid but the stored state refuses it; names the fields concerned where there are some."""

    status = 409
    slug = "conflict"
    title = "Conflicts with the stored state"
    meaning = (
        "The request is valid, but the stored state refuses it (an older `updated` than the stored version, a "
        "withdrawn story pushed again, a section the story is out in left out): `errors` names the fields. "
        "Nothing was stored."
    )

    def __init__(self, detail: str, *, problems: Sequence[FieldProblem] = ()) -> None:
        super().__init__(detail)
        self.problems = tuple(problems)

    def extensions(self) -> dict[str, object]:
        return {"errors": [p.as_json() for p in self.problems]} if self.problems else {}


class Gone(NewswireError):
    status = 410
    slug = "gone"
    title = "Withdrawn"
    meaning = (
        "The item was withdrawn, or is no longer available to the caller. Take down any copy of it: its text is no "
        "longer published to the caller."
    )


class PayloadTooLarge(NewswireError):
    status = 413
    slug = "payload-too-large"
    title = "Request body too large"
    meaning = (
        "The body is larger than the server takes (`[server] max_body_bytes`, or `max_bulk_bytes` for an "
        "NDJSON bulk), as it came or decoded from its content coding. Send less at once."
    )


class UriTooLong(NewswireError):
    status = 414
    slug = "uri-too-long"
    title = "Request target too long"
    meaning = "The request's target (path and query) is longer than the server takes."


class UnsupportedMediaType(NewswireError):
    status = 415
    slug = "unsupported-media-type"
    title = "Unsupported media type"
    meaning = (
        "The body is not of a type this resource takes, or is in a content coding the server does not decode: the "
        "detail names the types it takes, and `Accept-Encoding` the codings (`gzip`, `deflate`, `br`)."
    )


class RateLimited(NewswireError):
    status = 429
    slug = "rate-limited"
    title = "Too many requests"
    meaning = (
        "Too many requests: over the caller's rate, or too many at once. Wait as long as `Retry-After` says, "
        "then go on; the `RateLimit-*` headers tell the rate."
    )


class HeaderFieldsTooLarge(NewswireError):
    status = 431
    slug = "header-fields-too-large"
    title = "Request header fields too large"
    meaning = "The request's header fields are too large, or too many."


class Unavailable(NewswireError):
    """The store cannot be reached or cannot commit: always with a `Retry-After`."""

    status = 503
    slug = "unavailable"
    title = "Service unavailable"
    meaning = (
        "The store cannot be reached or cannot commit just now. Nothing of the request was stored unless the "
        "detail says so; send it again after `Retry-After` seconds (pushing the same items again is safe)."
    )

    def __init__(self, detail: str, *, headers: dict[str, str] | None = None) -> None:
        super().__init__(detail, headers={"Retry-After": str(RETRY_AFTER_SECONDS), **(headers or {})})


# How long a client is asked to wait when the store is away (503 Retry-After).
RETRY_AFTER_SECONDS = 3


class ConfigError(Exception):
    """A configuration file is wrong; the message names the file and the key."""


def problem_types() -> dict[str, type[NewswireError]]:
    """Every problem type the server answers with, by its slug (its `type` is `/problems/<slug>`)."""
    found: dict[str, type[NewswireError]] = {}
    waiting: list[type[NewswireError]] = [NewswireError]
    while waiting:
        error = waiting.pop(0)
        found.setdefault(error.slug, error)
        waiting.extend(error.__subclasses__())
    return found
