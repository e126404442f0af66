"""A head office on "another machine" without leaving this one: a network namespace of the test's
own, joined to this machine by a veth pair on a /30 of 198.18.0.0/15 (RFC 2544, set aside for
network tests).

Tests of what a desk does with a head office that is *not* on loopback (plain http refused without
``--allow-plain-http``, shown in red with it) need a non-loopback address that really answers. The
machine's own LAN address is not one to use (test traffic stays on loopback or on test hosts the
run made itself), so each such test makes its host: ``ip netns add`` + ``ip link add … type veth``,
needs root (CI runs as root) and iproute2 (packaging/bootstrap.sh installs it). Without them the
test skips with the reason, which the suite's conftest turns into a failure under ``CI=true``.
Everything is removed afterwards (deleting the namespace deletes the veth pair).
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pytest


@dataclass(frozen=True)
class TestHost:
    """A namespace reachable from this machine at ``address``; ``prefix`` runs a command in it."""

    __test__ = False  # not a test class

    name: str
    address: str

    @property
    def prefix(self) -> list[str]:
        return ["ip", "netns", "exec", self.name]


def _ip(*args: str) -> None:
    result = subprocess.run(
        ["ip", *args], capture_output=True, text=True, stdin=subprocess.DEVNULL, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(f"ip {' '.join(args)}: {result.stderr.strip()}")


def unavailable() -> str:
    """Why no test host can be made here ("" when one can)."""
    if shutil.which("ip") is None:
        return "iproute2's ip is not installed (packaging/bootstrap.sh installs it)"
    if os.geteuid() != 0:
        return "making a network namespace needs root"
    return ""


@contextmanager
def test_host() -> Iterator[TestHost]:
    """A fresh namespace with its own loopback and one veth address, removed afterwards."""
    reason = unavailable()
    if reason:
        pytest.skip(reason)
    tag = secrets.token_hex(3)
    name, outside, inside = f"hdq{tag}", f"hdq{tag}o", f"hdq{tag}i"
    # A random /30 of 198.18.0.0/15, so tests running side by side do not share one.
    block = secrets.randbelow(1 << 15) * 4
    net = (198 << 24) | (18 << 16) | block
    ours, theirs = (
        ".".join(str((value >> shift) & 255) for shift in (24, 16, 8, 0))
        for value in (net + 1, net + 2)
    )
    _ip("netns", "add", name)
    try:
        _ip("link", "add", outside, "type", "veth", "peer", "name", inside)
        _ip("link", "set", inside, "netns", name)
        _ip("addr", "add", f"{ours}/30", "dev", outside)
        _ip("link", "set", outside, "up")
        _ip("netns", "exec", name, "ip", "link", "set", "lo", "up")
        _ip("netns", "exec", name, "ip", "addr", "add", f"{theirs}/30", "dev", inside)
        _ip("netns", "exec", name, "ip", "link", "set", inside, "up")
        yield TestHost(name, theirs)
    finally:
        subprocess.run(["ip", "netns", "del", name], capture_output=True, check=False)
        subprocess.run(["ip", "link", "del", outside], capture_output=True, check=False)


@pytest.fixture
def remote_host() -> Iterator[TestHost]:
    """A test host that is not this machine's loopback (see the module docstring)."""
    with test_host() as host:
        yield host
