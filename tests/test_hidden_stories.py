"""A correction that credits an agency an audience may not see at all: a removal for those that had the story, by
the version they had (its sections, its times), and nothing at all for the others."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from pathlib import Path

from tests.conftest import EDITOR, Wire, make_config, story
from wire.auth import digest
from wire.config import Config

KEYS = {"sport": "key-sport", "delayed": "key-delayed", "full": "key-full"}


def cfg(tmp_path: Path, store_url: str) -> Config:
    return make_config(
        tmp_path,
        storage={"url": store_url},
        agencies={"EXW": {"name": "Exclusive Wire", "credited_as": ["(EXW)"], "without_licence": "none"}},
        partners={
            "sport": {"name": "sport", "key_sha256": digest(KEYS["sport"]), "sections": ["sport"], "level": "full"},
            "full": {
                "name": "full",
                "key_sha256": digest(KEYS["full"]),
                "sections": ["world", "sport"],
                "level": "full",
            },
            "delayed": {
                "name": "delayed",
                "key_sha256": digest(KEYS["delayed"]),
                "sections": ["world"],
                "level": "full",
                "delay_minutes": 60,
            },
        },
    )


def bearer(name: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {KEYS[name]}"}


async def told(wire: Wire, item_id: str, sync: str, headers: dict[str, str]) -> tuple[int, bytes, bytes, bytes]:
    """What an audience is told of an item: its URL's status, and world's current Atom, `sync` page and archive."""
    status = (await wire.get(f"/v1/items/{item_id}", **headers))[0]
    _, current, _ = await wire.get("/feeds/world.atom", **headers)
    _, page, _ = await wire.get(sync, **headers)
    _, archive, _ = await wire.get("/feeds/world.atom?archive=2026-03-01", **headers)
    return status, current, page, archive


async def test_a_section_the_hiding_correction_adds_learns_nothing_of_the_story(
    make_wire: Callable[[Config], Awaitable[Wire]], tmp_path: Path, store_url: str
) -> None:
    # "kept" is out in world only; the sport-only partner never had it. A correction credits EXW (which the sport
    # partner may not see at all) and adds sport: the sport partner must learn nothing of it.
    wire = await make_wire(cfg(tmp_path, store_url))
    await wire.push(story("kept", headline="KEPT STORY", published="2026-03-01T11:00:00Z"))
    wire.clock.advance(minutes=1)
    await wire.push(
        {
            **story("kept", headline="KEPT STORY", published="2026-03-01T11:00:00Z", summary="Said (EXW) so."),
            "sections": ["world", "sport"],
            "signal": "correction",
        }
    )
    wire.clock.advance(minutes=1)
    found = []
    for path in (
        "/feeds/sport.atom",
        "/feeds/sport.atom?since=2026-03-01T00:00:00Z",
        "/feeds/sport.json?since=2026-03-01T00:00:00Z",
        "/feeds/sport.atom?archive=2026-03-01",
    ):
        _, body, _ = await wire.get(path, **bearer("sport"))
        if b"kept" in body:
            found.append(path)
    status = (await wire.get("/v1/items/kept", **bearer("sport")))[0]
    assert (found, status) == ([], 404)


async def test_a_delayed_partner_that_had_the_story_learns_of_its_removal_though_the_correction_moved_its_time_later(
    make_wire: Callable[[Config], Awaitable[Wire]], tmp_path: Path, store_url: str
) -> None:
    wire = await make_wire(cfg(tmp_path, store_url))
    await wire.push(story("kept", headline="KEPT STORY", published="2026-03-01T10:30:00Z"))
    wire.clock.advance(minutes=1)
    _, body, answer = await wire.get("/feeds/world.atom?since=2026-03-01T00:00:00Z", **bearer("delayed"))
    assert b"KEPT STORY" in body  # out for the delayed partner since 11:30: it has a copy
    assert (await wire.get("/v1/items/kept", **bearer("delayed")))[0] == 200
    link = re.search(r'<https://news\.example\.org([^>]+)>; rel="next"', answer["Link"])
    assert link is not None
    cursor = link.group(1)
    # A correction credits EXW (the delayed partner has no licence) and corrects the time to 11:30.
    await wire.push(
        story(
            "kept",
            headline="KEPT STORY",
            published="2026-03-01T11:30:00Z",
            summary="Said (EXW) so.",
            signal="correction",
        ),
        status=None,
    )
    wire.clock.advance(minutes=5)
    item, current, sync, archive = await told(wire, "kept", cursor, bearer("delayed"))
    got = (item, b"deleted-entry" in current, b"kept" in sync, b"deleted-entry" in archive)
    assert got == (410, True, True, True)


async def test_a_delayed_partner_that_never_had_the_story_learns_nothing_though_the_correction_moved_its_time_earlier(
    make_wire: Callable[[Config], Awaitable[Wire]], tmp_path: Path, store_url: str
) -> None:
    wire = await make_wire(cfg(tmp_path, store_url))
    await wire.push(story("fresh", headline="FRESH STORY", published="2026-03-01T11:50:00Z"))
    wire.clock.advance(minutes=1)
    # Out for the public; not yet for the delayed partner (12:50).
    assert (await wire.get("/v1/items/fresh", **bearer("delayed")))[0] == 404
    await wire.push(
        story(
            "fresh",
            headline="FRESH STORY",
            published="2026-03-01T10:00:00Z",
            summary="Said (EXW) so.",
            signal="correction",
        ),
        status=None,
    )
    wire.clock.advance(minutes=5)
    item, current, sync, archive = await told(
        wire, "fresh", "/feeds/world.atom?since=2026-03-01T00:00:00Z", bearer("delayed")
    )
    got = (item, b"fresh" in current, b"fresh" in sync, b"fresh" in archive)
    assert got == (404, False, False, False)


async def test_the_public_learns_nothing_of_an_embargoed_story_hidden_by_the_correction_that_lifted_its_embargo(
    make_wire: Callable[[Config], Awaitable[Wire]], tmp_path: Path, store_url: str
) -> None:
    wire = await make_wire(cfg(tmp_path, store_url))
    await wire.push(
        story("held", headline="HELD STORY", published="2026-03-01T11:00:00Z", embargo="2026-03-01T12:10:00Z")
    )
    wire.clock.advance(minutes=5)
    # Still under embargo: nobody but the desk has seen it. The correction credits EXW and ends the embargo early.
    response = await wire.client.post(
        "/v1/items",
        json=story(
            "held",
            headline="HELD STORY",
            published="2026-03-01T11:00:00Z",
            embargo="2026-03-01T12:01:00Z",
            summary="Said (EXW) so.",
            signal="correction",
        ),
        headers=EDITOR,
    )
    assert response.status in (200, 201), await response.text()
    wire.clock.advance(minutes=1)
    item, current, sync, archive = await told(wire, "held", "/feeds/world.json?since=2026-03-01T00:00:00Z", {})
    got = (item, b"held" in current, b"held" in sync, b"held" in archive)
    assert got == (404, False, False, False)
