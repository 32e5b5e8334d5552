"""Editor tokens and partner keys: made at random, stored only as SHA-256 digests, checked in constant time."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Mapping
from typing import Generic, TypeVar

T = TypeVar("T")


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


def bearer_token(headers: Mapping[str, str]) -> str | None:
    """The token of an `Authorization: Bearer <token>` header, if there is one."""
    header = headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()
