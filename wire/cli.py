"""The `newswire` command: serve, and make editor tokens and partner keys."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from aiohttp import web

from wire.app import create_app
from wire.auth import digest, new_secret
from wire.config import load_config
from wire.errors import ConfigError

DEFAULT_CONFIG = "config.toml"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the process exit status."""
    args = _parser().parse_args(argv)
    try:
        return int(args.run(args))
    except ConfigError as exc:
        print(f"newswire: {exc}", file=sys.stderr)
        return 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newswire", description="The Newswire syndication feed server.")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    serve = commands.add_parser("serve", help="run the server")
    serve.add_argument("--config", default=DEFAULT_CONFIG, help="config file (default: %(default)s)")
    serve.add_argument("--host", help="address to listen on (default: [server] host)")
    serve.add_argument("--port", type=int, help="port to listen on (default: [server] port)")
    serve.set_defaults(run=_serve)

    token = commands.add_parser("token", help="make a new editor token and print the config lines for it")
    token.add_argument("name", help="the editor's name, e.g. desk")
    token.set_defaults(run=_token)

    key = commands.add_parser("key", help="make a new partner key and print the config line for it")
    key.add_argument("name", help="the partner's id, e.g. daily-planet")
    key.set_defaults(run=_key)
    return parser


def _serve(args: argparse.Namespace) -> int:
    config = load_config(Path(args.config))
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    host = args.host or config.server.host
    port = args.port or config.server.port
    web.run_app(create_app(config), host=host, port=port, print=lambda _: None, access_log=None)
    return 0


def _token(args: argparse.Namespace) -> int:
    secret = new_secret()
    print(
        f"# Editor token for {args.name} (give it to the editor; it is shown only once):",
        file=sys.stderr,
    )
    print(f"#   {secret}", file=sys.stderr)
    print(f'[editors.{args.name}]\ntoken_sha256 = "{digest(secret)}"')
    return 0


def _key(args: argparse.Namespace) -> int:
    secret = new_secret()
    print(
        f"# Key for partner {args.name} (give it to the partner; it is shown only once):",
        file=sys.stderr,
    )
    print(f"#   {secret}", file=sys.stderr)
    print(f'key_sha256 = "{digest(secret)}"')
    return 0
