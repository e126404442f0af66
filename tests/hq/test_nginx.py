"""The deployment recipe's files, tested (issue 18 item 6): ``packaging/nginx/hall-desk-hq.conf``
run by a real nginx (its upstreams pointed at two ``serve`` processes on loopback, TLS from a test
CA) routes ``…/escrow/open`` only to the key-holding worker and everything else to the
public-key-only one; the systemd units start ``serve`` with options it takes."""

from __future__ import annotations

import configparser
import os
import re
import shlex
import shutil
import socket
import ssl
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from hall_desk.hq.cli import _parser
from hall_desk.hq.cli import main as hq_main
from hall_desk.sync import escrow
from tests.hq.certificates import TestCA
from tests.hq.live import LiveHQ
from tests.hq.test_escrow_hq import DESK, ask_open, bundle, put_escrow, reissue

REPO = Path(__file__).resolve().parents[2]
NGINX_CONF = REPO / "packaging" / "nginx" / "hall-desk-hq.conf"
UNITS = sorted((REPO / "packaging" / "systemd").glob("*.service"))
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _upstream(text: str, name: str, servers: list[str]) -> str:
    body = "".join(f"    server {s};\n" for s in servers)
    replaced, count = re.subn(
        rf"upstream {name} \{{[^}}]*\}}", f"upstream {name} {{\n{body}}}", text
    )
    assert count == 1, f"no upstream {name} in {NGINX_CONF}"
    return replaced


@pytest.fixture
def nginx_site(tmp_path: Path) -> Iterator[tuple[Path, list[str]]]:
    """(the directory, the command) to run the packaged site under a private nginx prefix."""
    if not os.path.exists(NGINX):
        pytest.skip("nginx is not installed (packaging/bootstrap.sh installs nginx-light)")
    yield tmp_path / "nginx", [NGINX, "-p", str(tmp_path / "nginx"), "-c", "nginx.conf"]


def _write_nginx(directory: Path, site: str) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for temp in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (directory / temp).mkdir(exist_ok=True)
    (directory / "site.conf").write_text(site, encoding="utf-8")
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers read the test's 0700 folders
    (directory / "nginx.conf").write_text(
        f"{user}daemon off;\nworker_processes 1;\npid {directory}/nginx.pid;\n"
        f"error_log {directory}/error.log info;\nevents {{ worker_connections 64; }}\n"
        f"http {{\n access_log {directory}/access.log;\n"
        + "".join(f" {t}_temp_path {directory}/{t};\n" for t in ("fastcgi", "uwsgi", "scgi"))
        + f" client_body_temp_path {directory}/body;\n proxy_temp_path {directory}/proxy;\n"
        f" include {directory}/site.conf;\n}}\n",
        encoding="utf-8",
    )


def test_nginx_routes_escrow_opening_only_to_the_key_holding_worker(
    tmp_path: Path, database_url: str, nginx_site: tuple[Path, list[str]]
) -> None:
    directory, command = nginx_site
    key, secrets = tmp_path / "keys" / "escrow.key", tmp_path / "keys" / "secrets.key"
    assert hq_main(["escrow-key", "new", str(key), "--database", database_url]) == 0
    assert hq_main(["secrets-key", "new", str(secrets), "--database", database_url]) == 0
    shared = {"HALL_DESK_HQ_SECRETS_KEY": str(secrets)}
    private = LiveHQ(
        tmp_path / "private",
        database=database_url,
        env={**shared, "HALL_DESK_HQ_ESCROW_KEY": str(key)},
    ).start()
    public = LiveHQ(
        tmp_path / "public",
        database=database_url,
        env={**shared, "HALL_DESK_HQ_ESCROW_KEY": ""},
        args=["--escrow-public-key", f"{key}.pub"],
    )
    nginx: subprocess.Popen[bytes] | None = None
    try:
        public.start()
        ca = TestCA.make(tmp_path / "ca")
        cert = ca.issue(tmp_path / "cert")
        port = _free_port()
        site = NGINX_CONF.read_text(encoding="utf-8")
        site = _upstream(site, "hall_desk_hq", [f"127.0.0.1:{public.port}"])
        site = _upstream(site, "hall_desk_hq_escrow", [f"127.0.0.1:{private.port}"])
        site = site.replace("listen 443 ssl;", f"listen 127.0.0.1:{port} ssl;")
        site = re.sub(r"ssl_certificate\s+\S+;", f"ssl_certificate {cert.certfile};", site)
        site = re.sub(r"ssl_certificate_key\s+\S+;", f"ssl_certificate_key {cert.keyfile};", site)
        _write_nginx(directory, site)
        tested = subprocess.run([*command, "-t"], capture_output=True, text=True, check=False)
        assert tested.returncode == 0, tested.stderr
        nginx = subprocess.Popen(command, stdin=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        url = f"https://127.0.0.1:{port}"
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "nginx did not listen"
                time.sleep(0.1)
        private.add_hall("HA01", "人民路营业厅")
        token = private.add_desk(DESK)
        with httpx.Client(
            base_url=url, timeout=30, verify=ssl.create_default_context(cafile=str(ca.pem))
        ) as client:
            for _ in range(3):  # every request but the opening goes to the public-only host
                health = client.get("/v1/health").json()
                assert health["escrow"] == "public" and health["status"] == "ok"
            stored = put_escrow(client, public, token, DESK)
            assert stored.status_code == 200 and stored.json()["version"] == 1, stored.text
            issued = reissue(private, DESK)
            assert issued.recovery_code is not None
            reply, ephemeral = ask_open(client, public, issued.token, issued.recovery_code)
            assert reply.status_code == 200, reply.text
            opened = escrow.open_sealed(
                reply.json()["sealed"], ephemeral, escrow.opened_context(DESK)
            )
            assert opened == bundle(DESK)
        assert "escrow version 1 opened" in private.log_text()
        assert "opened" not in public.log_text()
    finally:
        if nginx is not None:
            nginx.terminate()
            nginx.wait(timeout=10)
        public.stop()
        private.stop()


@pytest.mark.parametrize("unit", UNITS, ids=[u.name for u in UNITS])
def test_a_systemd_unit_starts_serve_with_options_it_takes(unit: Path) -> None:
    parsed = configparser.ConfigParser(strict=False, interpolation=None)
    parsed.optionxform = str  # type: ignore[assignment,method-assign]
    parsed.read(unit, encoding="utf-8")
    assert parsed["Service"]["RestartPreventExitStatus"] == "1"  # a refused start does not loop
    line = parsed["Service"]["ExecStart"].replace("\\\n", " ")
    example = {"HQ_WORKERS": "4", "HQ_POOL_SIZE": "4", "HQ_ESCROW": "--escrow-public-key k.pub"}
    for name, value in example.items():
        line = line.replace("${" + name + "}", value).replace("$" + name, value)
    words = shlex.split(line)
    assert words[0].endswith("/hall-desk-hq") and words[1] == "serve"
    args = _parser().parse_args([*words[1:], "--database", "postgresql://hq@db/hq"])
    assert args.command == "serve" and args.workers >= 1
    assert bool(args.escrow_key) != bool(args.escrow_public_key)  # one kind of escrow key each
