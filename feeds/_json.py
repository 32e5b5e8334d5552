"""JSON documents as bytes: UTF-8, compact, the same bytes for the same document.

JSON can carry every character: `json.dumps` escapes the control characters, so the output is well-formed whatever
the view holds, except for lone surrogates, which UTF-8 cannot encode. Only then are strings cleaned, losing the
characters XML forbids as the XML formats do; the ingest keeps such characters out of views in the first place.
"""

from __future__ import annotations

import json
from typing import Any

from feeds._text import legal_text


def json_bytes(doc: Any) -> bytes:
    """`doc` as compact UTF-8 JSON (no spaces, key order kept)."""
    try:
        return _dumps(doc).encode()
    except UnicodeEncodeError:
        return _dumps(_legal(doc)).encode()


def _dumps(doc: Any) -> str:
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":"))


def _legal(value: Any) -> Any:
    if isinstance(value, str):
        return legal_text(value)
    if isinstance(value, dict):
        return {legal_text(k): _legal(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_legal(v) for v in value]
    return value
