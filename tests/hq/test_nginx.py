"""The deployment recipe's files, tested (issue 18 item 6): ``packaging/nginx/hall-desk-hq.conf``
run by a real nginx (its upstreams pointed at two ``serve`` processes on loopback, TLS from a test
CA) routes ``…/escrow/open`` only to the key-holding worker and everything else to the
public-key-only one; the systemd units start ``serve`` with options it takes."""

from __future__ import annotations

import configparser
import shlex
import ssl
from pathlib import Path

import httpx
import pytest

from hall_desk.hq.cli import _parser
from hall_desk.hq.cli import main as hq_main
from hall_desk.sync import escrow
from tests.hq.certificates import TestCA
from tests.hq.live import LiveHQ
from tests.hq.nginx import packaged_nginx
from tests.hq.test_escrow_hq import DESK, ask_open, bundle, put_escrow, reissue

REPO = Path(__file__).resolve().parents[2]
UNITS = sorted((REPO / "packaging" / "systemd").glob("*.service"))


def test_nginx_routes_escrow_opening_only_to_the_key_holding_worker(
    tmp_path: Path, database_url: str
) -> None:
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
    try:
        public.start()
        ca = TestCA.make(tmp_path / "ca")
        with packaged_nginx(
            tmp_path / "nginx",
            serving=[f"127.0.0.1:{public.port}"],
            escrow=[f"127.0.0.1:{private.port}"],
            cert=ca.issue(tmp_path / "cert"),
        ) as url:
            private.add_hall("HA01", "人民路营业厅")
            token = private.add_desk(DESK)
            verify = ssl.create_default_context(cafile=str(ca.pem))
            with httpx.Client(base_url=url, timeout=30, verify=verify) as client:
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
