"""packaging/nginx/hall-desk-hq.conf run by a real nginx of the test's own (issue 18): its upstreams
pointed at ``serve`` processes on loopback, TLS from a test CA, under a private prefix (its own
pid, logs and temporary folders), on a free loopback port.

    with packaged_nginx(tmp_path, serving=["127.0.0.1:8401", …], escrow=["127.0.0.1:8402"],
                        cert=ca.issue(tmp_path)) as url:   # https://127.0.0.1:PORT
        …
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.hq.certificates import ServerCert

REPO = Path(__file__).resolve().parents[2]
NGINX_CONF = REPO / "packaging" / "nginx" / "hall-desk-hq.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _upstream(text: str, name: str, servers: list[str]) -> str:
    body = "".join(f"    server {s};\n" for s in servers)
    replaced, count = re.subn(
        rf"upstream {name} \{{[^}}]*\}}", f"upstream {name} {{\n{body}    keepalive 16;\n}}", text
    )
    assert count == 1, f"no upstream {name} in {NGINX_CONF}"
    return replaced


def site_for_test(serving: list[str], escrow: list[str], port: int, cert: ServerCert) -> str:
    """The packaged site with its upstreams, address and certificate replaced."""
    site = NGINX_CONF.read_text(encoding="utf-8")
    site = _upstream(site, "hall_desk_hq", serving)
    site = _upstream(site, "hall_desk_hq_escrow", escrow)
    site = site.replace("listen 443 ssl;", f"listen 127.0.0.1:{port} ssl;")
    site = re.sub(r"ssl_certificate\s+\S+;", f"ssl_certificate {cert.certfile};", site)
    return re.sub(r"ssl_certificate_key\s+\S+;", f"ssl_certificate_key {cert.keyfile};", site)


def _write_main(directory: Path) -> None:
    for temp in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (directory / temp).mkdir(parents=True, exist_ok=True)
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers read the test's 0700 folders
    (directory / "nginx.conf").write_text(
        f"{user}daemon off;\nworker_processes 1;\npid {directory}/nginx.pid;\n"
        f"error_log {directory}/error.log info;\nevents {{ worker_connections 1024; }}\n"
        f"http {{\n access_log {directory}/access.log;\n"
        + "".join(f" {t}_temp_path {directory}/{t};\n" for t in ("fastcgi", "uwsgi", "scgi"))
        + f" client_body_temp_path {directory}/body;\n proxy_temp_path {directory}/proxy;\n"
        f" include {directory}/site.conf;\n}}\n",
        encoding="utf-8",
    )


@contextmanager
def packaged_nginx(
    directory: Path, *, serving: list[str], escrow: list[str], cert: ServerCert
) -> Iterator[str]:
    """The packaged site in front of ``serving`` and ``escrow`` (host:port each); its https URL."""
    if not os.path.exists(NGINX):
        pytest.skip("nginx is not installed (packaging/bootstrap.sh installs nginx-light)")
    directory.mkdir(parents=True, exist_ok=True)
    port = free_port()
    (directory / "site.conf").write_text(
        site_for_test(serving, escrow, port, cert), encoding="utf-8"
    )
    _write_main(directory)
    command = [NGINX, "-p", str(directory), "-c", "nginx.conf"]
    tested = subprocess.run([*command, "-t"], capture_output=True, text=True, check=False)
    assert tested.returncode == 0, tested.stderr
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError(f"nginx did not listen; see {directory}/error.log") from None
                time.sleep(0.1)
        yield f"https://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)
