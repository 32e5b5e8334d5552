"""Editor tokens and partner keys: made at random, stored only as SHA-256 digests, checked in constant time."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Mapping
from typing import Generic, TypeVar

from multidict import CIMultiDictProxy

from wire.errors import Unauthorized

T = TypeVar("T")
# What a bearer token may be (RFC 6750 2.1, b64token).
_TOKEN = re.compile(r"[A-Za-z0-9\-._~+/]+=*")


def new_secret() -> str:
    """A new random token or key (256 bits, URL-safe)."""
    return secrets.token_urlsafe(32)


def digest(secret: str) -> str:
    """The SHA-256 hex digest under which a secret is configured."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


class Keyring(Generic[T]):
    """Finds who holds a presented secret.

    The secret is hashed, the digest looked up, and the configured digest compared with `hmac.compare_digest`.
    The lookup's timing can only reveal digests, never the secrets; an unknown and a wrong secret are handled
    alike, so the answer does not tell them apart.
    """

    def __init__(self, holders: Mapping[str, T], digest_of: Mapping[str, str]) -> None:
        self._by_digest = {digest_of[name]: (digest_of[name], name, holder) for name, holder in holders.items()}

    def find(self, secret: str) -> tuple[str, T] | None:
        """(name, holder) of the secret's holder, or None."""
        presented = digest(secret)
        found = self._by_digest.get(presented)
        if found is None:
            return None
        stored, name, holder = found
        if not hmac.compare_digest(presented, stored):
            return None
        return name, holder


def bearer_token(headers: CIMultiDictProxy[str]) -> str | None:
    """The token of the request's `Authorization: Bearer <token>` header (RFC 6750 2.1); None without one.

    A header that is there but not that is refused (Unauthorized, `invalid_request`), naming what is wrong: a client
    that sends its key the wrong way is not served as one that sends none. The detail never repeats the header.
    """
    given = headers.getall("Authorization", [])
    if not given:
        return None
    scheme, _, token = given[0].strip().partition(" ")
    token = token.strip()
    if len(given) > 1:
        reason = "is given more than once"
    elif scheme.lower() != "bearer":
        reason = "does not use the Bearer scheme" if scheme else "is empty"
    elif not token:
        reason = "has no token after Bearer"
    elif _TOKEN.fullmatch(token) is None:
        reason = "has a token with characters no bearer token holds (a space, a quote, ...)"
    else:
        return token
    detail = f"the Authorization header {reason}: send `Authorization: Bearer <token>`"
    raise Unauthorized(detail, error="invalid_request")
