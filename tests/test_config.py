"""Configuration: the shipped file loads, every setting is documented, and mistakes name the file and key."""

from __future__ import annotations

import json
import os
import pickle
import re
import socket
import subprocess
import sys
import threading
import tomllib
from dataclasses import fields
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pytest

from tests.conftest import REPO, SHIPPED_CONFIG, base_settings
from wire.auth import digest
from wire.config import SETTING_TABLES, config_from_mapping, host_cut_short, load_config
from wire.credits import CreditFinder
from wire.errors import ConfigError


def settings() -> list[tuple[str, str]]:
    return [(table, f.name) for table, cls in SETTING_TABLES.items() for f in fields(cls)]


def test_shipped_config_loads() -> None:
    config = load_config(SHIPPED_CONFIG)
    assert config.server.port == 8080
    assert config.database_url.startswith("sqlite:///")
    assert "world" in config.sections


@pytest.mark.parametrize(
    ("text", "credited"),
    [
        ("بيروت (أ ف ب) - قالت مصادر عسكرية", ("AFP",)),  # AFP's Arabic service signs with its initials
        ("بيروت (ا ف ب) - قالت مصادر عسكرية", ("AFP",)),  # and as often with its alif bare of the hamza
        ("قالت مصادر لوكالة فرانس برس", ("AFP",)),
        ("PARIS (Reuters) - Shares fell", ("Reuters",)),
        ("BERLIN (dpa) - Die Regierung", ("DPA",)),
        ("Reuters shares fell", ()),  # an agency's name alone is no credit
    ],
)
def test_the_shipped_agencies_are_credited_as_their_services_sign(text: str, credited: tuple[str, ...]) -> None:
    assert CreditFinder(load_config(SHIPPED_CONFIG).agencies).find(text) == credited


@pytest.mark.parametrize(("table", "key"), settings())
def test_every_setting_is_documented_in_the_shipped_config(table: str, key: str) -> None:
    text = SHIPPED_CONFIG.read_text(encoding="utf-8")
    assert re.search(rf"(^|[\s#,]){re.escape(key)}\s*[=:]", text, re.M), f"[{table}] {key} not in config.toml"


@pytest.mark.parametrize(("table", "key"), settings())
def test_every_setting_is_documented_in_the_readme(table: str, key: str) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert re.search(rf"\|\s*`\[{table}[^`]*\]`\s*\|\s*`{re.escape(key)}`\s*\|", readme), f"[{table}] {key}"


def write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "var").mkdir(exist_ok=True)  # the folder of the default store, sqlite:///var/newswire.db
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[server]\nprot = 80\n", "[server]: unknown key 'prot'"),
        ("[servr]\n", "unknown key 'servr'"),
        ("[server]\nport = 'eighty'\n", "[server] port: must be an integer"),
        ("[server]\nport = 70000\n", "[server] port: must be between"),
        ("[server]\nheader_timeout_seconds = -1\n", "[server] header_timeout_seconds: must be at least 1"),
        ("[server]\nmax_header_bytes = -8190\n", "[server] max_header_bytes: must be between 1024 and 1048576"),
        ("[server]\nmax_url_bytes = 100\n", "[server] max_url_bytes: must be between 1024 and 1048576"),
        ("[server]\nbulk_processes = -1\n", "[server] bulk_processes: must be between 0 and 64"),
        ("[server]\nmetrics_token_sha256 = 'abc'\n", "[server] metrics_token_sha256: must be 64 lowercase hex digits"),
        ("[server]\nmax_connections_per_client = -1\n", "[server] max_connections_per_client: must not be negative"),
        ("[server]\nmax_requests_per_client = -1\n", "[server] max_requests_per_client: must not be negative"),
        (
            "[server]\ntrusted_proxies = ['10.0.0.0/40']\n",
            "[server] trusted_proxies[0]: '10.0.0.0/40' is not an address",
        ),
        (
            "[public]\nlevel = 'everything'\n",
            "[public] level: 'everything' is not one of headline, summary, full",
        ),
        ("[sections.world]\ndescription = 'x'\n", "[sections.world]: missing required key 'title'"),
        ("[sources.s]\nname = 'S'\nzone = 'Mars/Olympus'\n", "[sources.s] zone: unknown time zone"),
        # Each would reach every feed: xml:lang the schemas refuse, a Cache-Control RFC 9111 does not allow.
        ("[sources.s]\nname = 'S'\nlanguage = 'not a lang'\n", "[sources.s] language: 'not a lang' is not a BCP 47"),
        ("[sections.w]\ntitle = 'W'\nlanguage = 'english!!'\n", "[sections.w] language: 'english!!' is not a BCP"),
        ("[sections.w]\ntitle = 'W'\nmax_age_seconds = -30\n", "[sections.w] max_age_seconds: must not be negative"),
        ("[public]\ncredit = '{holder'\n", "[public] credit: a '{' that is not part of a placeholder"),
        ("[public]\ncredit = '{holder} }'\n", "[public] credit: a '}' that is not part of a placeholder"),
        (
            "[editors.e]\ntoken_sha256 = 'secret'\n",
            "[editors.e] token_sha256: must be 64 lowercase hex",
        ),
        ("[server\n", "not valid TOML"),
        # Each would break every link, listen on every interface, lift a limit or make invalid Atom.
        ("[server]\npublic_url = 'http://'\n", "[server] public_url: must be an http:// or https:// URL with a host"),
        ("[server]\npublic_url = 'ftp://news.example.org'\n", "[server] public_url: must be an http:// or https://"),
        ("[server]\npublic_url = 'https://news.example.org/?a=1'\n", "[server] public_url: must not have a query"),
        ("[server]\npublic_url = 'https://news.example.org/#top'\n", "[server] public_url: must not have a query"),
        (
            "[server]\npublic_url = 'https://news.example.org:99999'\n",
            "[server] public_url: its host and port must read",
        ),
        ("[server]\npublic_url = 'https://news.example.org:abc'\n", "[server] public_url: its host and port must read"),
        ("[server]\npublic_url = 'https://news example.org'\n", "[server] public_url: must be an http://"),
        ("[server]\npublic_url = ' https://news.example.org'\n", "[server] public_url: must be an http://"),
        ("[server]\npublic_url = 'https://user:pw@news.example.org'\n", "[server] public_url: must name no user"),
        ("[server]\npublic_url = 'http://-bad-.org'\n", "[server] public_url: must be an http://"),
        ("[server]\npublic_url = 'http://[::1]x:80'\n", "[server] public_url: must be an http://"),
        ("[server]\npublic_url = 'http://news.example.org/a b'\n", "[server] public_url: must be an http://"),
        ("[server]\npublic_url = 'http://news.example.org/%zz'\n", "[server] public_url: its path must be written"),
        ("[server]\npublic_url = 'http://999.999.999.999'\n", "[server] public_url: must be an http://"),
        ("[server]\npublic_url = 'http://[::1'\n", "[server] public_url: its host and port must read"),
        ("[server]\nhost = ''\n", "[server] host: must name an address"),
        ("[server]\naccess_log = ''\n", "[server] access_log: must be -, off or a file path"),
        ("[server]\naccess_log = 'missing/folder/access.log'\n", "[server] access_log: the folder"),
        ("[server]\naccess_log = '.'\n", "is a folder, not a file"),
        ("[storage]\nurl = 'mysql://x'\n", "[storage] url: unsupported store 'mysql': use sqlite:///path or"),
        ("[storage]\nurl = 'newswire.db'\n", "[storage] url: unsupported store: use sqlite:///path or"),
        ("[storage]\nurl = 'sqlite:///missing/folder/wire.db'\n", "[storage] url: the folder"),
        ("[storage]\nurl = 'sqlite:///.'\n", "is a folder, not a file"),
        ("[public]\nrequests_per_minute = -5\n", "[public] requests_per_minute: must not be negative"),
        ("[feeds]\ntitle = ' '\n", "[feeds] title: must not be empty"),
        ("[sections.w]\ntitle = ''\n", "[sections.w] title: must not be empty"),
    ],
)
def test_mistakes_name_the_file_and_the_key(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert str(path) in str(caught.value)
    assert message in str(caught.value)


def test_a_configuration_reaches_another_process_whole() -> None:
    # Bulk processes are sent the server's configuration.
    config = load_config(SHIPPED_CONFIG)
    again = pickle.loads(pickle.dumps(config))  # noqa: S301 - the bytes were made just above
    assert again == config
    assert isinstance(again.sections, MappingProxyType)
    assert again.agencies["AFP"].credited_as == config.agencies["AFP"].credited_as


def test_partner_with_an_unknown_section_is_refused(tmp_path: Path) -> None:
    raw: dict[str, Any] = base_settings(tmp_path)
    raw["partners"] = {"p": {"name": "P", "key_sha256": digest("k"), "sections": ["moon"]}}
    with pytest.raises(ConfigError, match=r"\[partners.p\] sections: unknown section 'moon'"):
        config_from_mapping(raw, tmp_path / "c.toml")


def test_a_digest_configured_twice_names_both_tables(tmp_path: Path) -> None:
    raw: dict[str, Any] = base_settings(tmp_path)
    raw["partners"] = {
        "aa": {"name": "A", "key_sha256": digest("k"), "sections": []},
        "zz": {"name": "Z", "key_sha256": raw["editors"]["desk"]["token_sha256"], "sections": []},
    }
    with pytest.raises(ConfigError, match=r"\[editors.desk\] and \[partners.zz\]: the same token or key digest"):
        config_from_mapping(raw, tmp_path / "c.toml")
    raw["partners"]["zz"]["key_sha256"] = digest("k")
    with pytest.raises(ConfigError, match=r"\[partners.aa\] and \[partners.zz\]: the same token or key digest"):
        config_from_mapping(raw, tmp_path / "c.toml")
    raw["partners"]["zz"]["key_sha256"] = digest("z")
    raw["server"]["metrics_token_sha256"] = digest("k")
    with pytest.raises(ConfigError, match=r"\[partners.aa\] and \[server\] metrics_token_sha256: the same token"):
        config_from_mapping(raw, tmp_path / "c.toml")


@pytest.mark.parametrize(
    "url", ["http://[::1]:8080", "https://news.example.org/wire", "http://127.0.0.1:8080", "https://a-b.example.org."]
)
def test_a_public_url_with_an_ipv6_host_a_path_or_a_trailing_dot_is_taken(tmp_path: Path, url: str) -> None:
    assert load_config(write(tmp_path, f"[server]\npublic_url = '{url}'\n")).server.public_url == url


def test_a_relative_access_log_is_beside_the_config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "logs").mkdir()
    path = write(tmp_path, "[server]\naccess_log = 'logs/access.jsonl'\n")
    monkeypatch.chdir("/")
    assert load_config(path).access_log == str(tmp_path.resolve() / "logs" / "access.jsonl")
    assert load_config(write(tmp_path, "[server]\naccess_log = 'off'\n")).access_log == "off"


def test_database_url_from_the_environment_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSWIRE_DATABASE_URL", "postgresql://db.internal/newswire")
    config = config_from_mapping(base_settings(tmp_path), tmp_path / "c.toml")
    assert config.database_url == "postgresql://db.internal/newswire"


def test_token_command_prints_config_lines_that_accept_the_token(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "wire", "token", "night-desk"],
        capture_output=True,
        text=True,
        check=True,
    )
    token = re.search(r"#\s+(\S{40,})", done.stderr)
    assert token is not None
    table = tomllib.loads(done.stdout)
    assert table == {"editors": {"night-desk": {"token_sha256": digest(token.group(1))}}}


def test_bad_config_makes_serve_exit_with_a_clear_message(tmp_path: Path) -> None:
    path = write(tmp_path, "[server]\nport = 'x'\n")
    done = subprocess.run(
        [sys.executable, "-m", "wire", "serve", "--config", str(path)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2
    assert f"{path}: [server] port: must be an integer" in done.stderr


def test_serve_makes_no_store_in_a_folder_that_does_not_exist(tmp_path: Path) -> None:
    path = write(tmp_path, f'[storage]\nurl = "sqlite:///{tmp_path / "misspelt" / "wire.db"}"\n')
    done = run_newswire("serve", "--config", str(path))
    assert done.returncode == 2
    assert f"newswire: {path}: [storage] url: the folder {tmp_path / 'misspelt'} does not exist" in done.stderr
    assert not (tmp_path / "misspelt").exists()


def test_check_config_shows_the_store_in_use_without_its_password(tmp_path: Path) -> None:
    env = {**os.environ, "NEWSWIRE_DATABASE_URL": "postgresql://wire:s3cret-pw@db.internal:6432/newswire"}
    done = subprocess.run(
        [sys.executable, "-m", "wire", "check-config", "--config", str(REPO / "config.toml")],
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    assert "store: postgresql://db.internal:6432/newswire (from NEWSWIRE_DATABASE_URL)" in done.stdout
    assert "s3cret-pw" not in done.stdout + done.stderr


@pytest.mark.parametrize("command", ["check-config", "serve"])
def test_an_unsupported_store_url_is_refused_by_check_config_and_serve_alike(tmp_path: Path, command: str) -> None:
    path = write(tmp_path, "[storage]\nurl = 'mysql://x'\n")
    done = run_newswire(command, "--config", str(path))
    assert done.returncode == 2
    assert f"newswire: {path}: [storage] url: unsupported store 'mysql'" in done.stderr
    # From the environment, the message says so, and repeats nothing of the value but its scheme.
    path = write(tmp_path, f'[storage]\nurl = "sqlite:///{tmp_path / "wire.db"}"\n')
    for value, said in (("mysql://wire:pw@db/x", "unsupported store 'mysql'"), ("garbage", "unsupported store:")):
        env = {**os.environ, "NEWSWIRE_DATABASE_URL": value}
        done = subprocess.run(
            [sys.executable, "-m", "wire", command, "--config", str(path)],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
        assert done.returncode == 2
        assert f"newswire: NEWSWIRE_DATABASE_URL: {said}" in done.stderr
        assert "[storage]" not in done.stderr
        assert "pw" not in done.stderr
        assert "garbage" not in done.stderr
    assert not (tmp_path / "wire.db").exists()


def test_check_config_shows_what_each_partner_receives(tmp_path: Path) -> None:
    raw: dict[str, Any] = base_settings(tmp_path)
    raw["partners"] = {
        "planet": {
            "name": "Planet",
            "key_sha256": digest("k"),
            "sections": ["world"],
            "level": "full",
            "licences": ["AFP"],
            "delay_minutes": 15,
        },
    }
    path = tmp_path / "partners.toml"
    path.write_text(tomli_w(raw), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "wire", "check-config", "--config", str(path)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert f"{path}: valid" in done.stdout
    rows = {
        line.split()[0]: line.split() for line in done.stdout.splitlines() if line.startswith("  ") and line.split()
    }
    assert rows["planet"][1:5] == ["world", "15", "min", "full"]
    assert rows["planet"][5] == "full"  # AFP: licensed
    assert rows["planet"][6] == "headline"  # Reuters: not licensed
    assert rows["public"][4:6] == ["summary", "headline"]


def test_check_config_read_in_part_ends_quietly() -> None:
    # `newswire check-config | head -1`: the reader goes away before the report ends (here, before it starts).
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "wire", "check-config", "--config", str(SHIPPED_CONFIG)],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
        )
    finally:
        os.close(write_end)
    assert done.returncode == 1
    assert done.stderr == ""


def test_check_config_refuses_a_bad_file(tmp_path: Path) -> None:
    path = write(tmp_path, "[partners.x]\nname = 'X'\n")
    done = subprocess.run(
        [sys.executable, "-m", "wire", "check-config", "--config", str(path)], capture_output=True, text=True
    )
    assert done.returncode == 2
    assert "[partners.x]: missing required key 'key_sha256'" in done.stderr


def tomli_w(raw: dict[str, Any]) -> str:
    """A TOML rendering of the settings (tables of scalars, lists and tables), enough for these tests."""
    lines: list[str] = []

    def value(v: Any) -> str:
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, str):
            return json.dumps(v)  # a JSON string is a TOML basic string
        if isinstance(v, list):
            return "[" + ", ".join(value(x) for x in v) + "]"
        return str(v)

    def table(name: str, body: dict[str, Any]) -> None:
        scalars = {k: v for k, v in body.items() if not isinstance(v, dict)}
        lines.append(f"[{name}]")
        lines.extend(f"{k} = {value(v)}" for k, v in scalars.items())
        for k, v in body.items():
            if isinstance(v, dict):
                table(f"{name}.{k}", v)

    for name, body in raw.items():
        table(name, body)
    return "\n".join(lines) + "\n"


def run_newswire(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "wire", *arguments], capture_output=True, text=True, timeout=60)


def test_token_and_key_refuse_names_that_would_break_the_config(tmp_path: Path) -> None:
    for command in ("token", "key"):
        done = run_newswire(command, "bad name!")
        assert done.returncode == 2
        assert "'bad name!': a name is 1 to 64 letters, digits, '-' or '_'" in done.stderr
        assert done.stdout == ""
    path = write(tmp_path, f"[editors.desk]\ntoken_sha256 = '{digest('t')}'\n")
    done = run_newswire("token", "desk", "--config", str(path))
    assert done.returncode == 2
    assert "[editors.desk] is there already" in done.stderr


def test_a_config_file_with_a_byte_order_mark_reads_and_one_not_in_utf8_is_named(tmp_path: Path) -> None:
    (tmp_path / "var").mkdir()  # the folder of the default store
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf[server]\nport = 8123\n")
    assert load_config(path).server.port == 8123
    path.write_bytes(b"[server]\nhost = '\xff'\n")
    done = run_newswire("check-config", "--config", str(path))
    assert done.returncode == 2
    assert f"{path}: not UTF-8 text" in done.stderr
    assert "Traceback" not in done.stderr


def test_serve_says_why_it_cannot_listen_without_a_traceback(tmp_path: Path) -> None:
    path = write(tmp_path, f'[storage]\nurl = "sqlite:///{tmp_path / "wire.db"}"\n')
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = run_newswire("serve", "--config", str(path), "--host", "127.0.0.1", "--port", str(port))
    assert done.returncode == 2
    assert f"newswire: cannot listen on 127.0.0.1:{port}: " in done.stderr
    assert "Traceback" not in done.stderr
    for option, value in (("--port", "99999"), ("--workers", "0")):
        done = run_newswire("serve", "--config", str(path), option, value)
        assert done.returncode == 2
        assert f"newswire: {option}: must be" in done.stderr


def test_serve_says_where_it_listens(tmp_path: Path) -> None:
    path = write(tmp_path, f'[storage]\nurl = "sqlite:///{tmp_path / "wire.db"}"\n[server]\naccess_log = "off"\n')
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "wire", "serve", "--config", str(path), "--port", str(port)]
    with subprocess.Popen(command, stderr=subprocess.PIPE, text=True) as server:
        deadline = threading.Timer(30, server.kill)  # a server that never says it ends the test
        deadline.start()
        try:
            assert server.stderr is not None
            said = next((line for line in iter(server.stderr.readline, "") if "serving on" in line), "")
        finally:
            deadline.cancel()
            server.terminate()
            server.wait(timeout=10)
    assert f"serving on http://127.0.0.1:{port}" in said


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://wire:2024/s3cret@db.internal:6432/newswire",
        "postgresql://wire:/s3cret@db.internal:6432/newswire",
        "postgresql://wire:2024?s3cret@db.internal:6432/newswire",
    ],
)
def test_check_config_refuses_a_password_that_cuts_the_host_short_without_showing_it(url: str) -> None:
    # The piece of the password before its "/" reads as a port: the URL was valid, and the store shown held the
    # rest of the password as its database's name.
    done = subprocess.run(
        [sys.executable, "-m", "wire", "check-config", "--config", str(REPO / "config.toml")],
        capture_output=True,
        text=True,
        env={**os.environ, "NEWSWIRE_DATABASE_URL": url},
        timeout=60,
    )
    assert done.returncode == 2
    assert "which a URL writes as %2F, %3F and %23" in done.stderr
    assert "s3cret" not in done.stdout + done.stderr


def test_a_query_holding_an_at_sign_is_no_password() -> None:
    assert not host_cut_short("postgresql://db.internal/newswire?application_name=wire@night")
    assert not host_cut_short("postgresql://wire:s3cret@db.internal/newswire")
