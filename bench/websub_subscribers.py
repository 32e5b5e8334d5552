"""Many WebSub subscribers in one process, for bench/websub.py: every callback echoes challenges and counts
what it is sent; GET /received tells how many notifications arrived and when the last one did."""

from __future__ import annotations

import argparse
import time

from aiohttp import web

received: dict[str, float] = {}
verified: set[str] = set()


async def verify(request: web.Request) -> web.Response:
    verified.add(request.match_info["n"])
    return web.Response(text=request.query.get("hub.challenge", ""))


async def notify(request: web.Request) -> web.Response:
    await request.read()
    received[request.match_info["n"]] = time.time()
    return web.Response(text="ok")


async def count(request: web.Request) -> web.Response:
    last = max(received.values(), default=0.0)
    first = min(received.values(), default=0.0)
    return web.json_response({"received": len(received), "first": first, "last": last, "verified": len(verified)})


async def reset(request: web.Request) -> web.Response:
    received.clear()
    return web.Response(text="ok")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    app = web.Application()
    app.router.add_get("/cb/{n}", verify)
    app.router.add_post("/cb/{n}", notify)
    app.router.add_get("/received", count)
    app.router.add_post("/reset", reset)
    web.run_app(app, host="127.0.0.1", port=args.port, print=None, access_log=None)


if __name__ == "__main__":
    main()
