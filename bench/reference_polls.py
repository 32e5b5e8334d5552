"""The bare reference for bench/polls.py: an aiohttp handler that returns bytes it holds in memory.

It answers every GET with the body of `--body` (already gzip-compressed) and the headers a feed needs, or with a
bare 304 when `--not-modified` is given: the least any aiohttp server can do for a poll.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from aiohttp import web


def app(body: bytes, *, not_modified: bool) -> web.Application:
    headers = {
        "Content-Type": "application/atom+xml; charset=utf-8",
        "Content-Encoding": "gzip",
        "ETag": '"reference"',
        "Cache-Control": "public, max-age=60",
        "Vary": "Accept-Encoding, Authorization",
    }

    async def poll(request: web.Request) -> web.Response:
        if not_modified:
            return web.Response(status=304, headers={"ETag": '"reference"'})
        return web.Response(body=body, headers=headers)

    application = web.Application()
    application.router.add_get("/{tail:.*}", poll)
    return application


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--body", type=Path, required=True)
    parser.add_argument("--not-modified", action="store_true")
    args = parser.parse_args()
    body = args.body.read_bytes()
    web.run_app(
        app(body, not_modified=args.not_modified), host="127.0.0.1", port=args.port, print=None, access_log=None
    )


if __name__ == "__main__":
    main()
