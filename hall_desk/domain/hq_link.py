"""The link between a desk and head office (issue 15, finding 10): is it encrypted, and for how long
is head office's certificate still good?

- Plain ``http://`` is allowed without a second thought only to this machine (``localhost``,
  ``127.0.0.0/8``, ``::1``): anything else sends the desk's token and customers' numbers across the
  network in clear, so registering with it needs an explicit choice (``--allow-plain-http``), which
  is recorded (:data:`HQ_LINK_REGISTERED`) and shown in red for as long as it lasts
  (:func:`sends_in_clear`). No name is resolved here: a host name other than ``localhost`` counts
  as another machine.
- Head office's certificate expiring within :data:`CERT_WARNING` is shown with the days left
  (:func:`cert_days_left`).

Pure: no network, no I/O.
"""

from __future__ import annotations

import ipaddress
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

# Written on every registration with head office (schema 1), in the registration's transaction.
HQ_LINK_REGISTERED = "hq_link.registered"
HQ_LINK_SCHEMA = 1
# The actor of an event the desk writes with nobody signed in (``hall-desk register`` is run by
# whoever installs the desk, before or without any staff sign-in): the desk itself, in the form head
# office already uses for a desk acting by its token (``desk:<code>``).
UNATTENDED_PREFIX = "desk:"

CERT_WARNING = timedelta(days=30)


def unattended_actor(desk: str) -> str:
    """``desk:HA01-02``: the desk itself, no person signed in."""
    return f"{UNATTENDED_PREFIX}{desk}"


def is_loopback_host(host: str) -> bool:
    """This machine: ``localhost`` (and ``*.localhost``), ``127.0.0.0/8``, ``::1``."""
    name = (host or "").strip().strip("[]").rstrip(".").lower()
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def sends_in_clear(url: str) -> bool:
    """True for plain ``http://`` to a host other than this machine: not encrypted on the wire."""
    try:
        parts = urlsplit((url or "").strip())
    except ValueError:
        return False
    return parts.scheme.lower() == "http" and not is_loopback_host(parts.hostname or "")


def registered_payload(url: str, *, ca_file: bool) -> dict[str, Any]:
    """The payload of :data:`HQ_LINK_REGISTERED`: the URL as registered (it never carries user
    info: ``normalise_hq_url`` refuses it), whether it sends in clear, whether a private CA was
    given."""
    return {"url": url, "plain_http": sends_in_clear(url), "ca_file": ca_file}


def cert_days_left(not_after: datetime, now: datetime) -> int:
    """Whole days left until ``not_after`` (0 in its last day, and once it has passed)."""
    return max(0, (not_after - now) // timedelta(days=1))


def cert_expiring(not_after: datetime | None, now: datetime) -> bool:
    """Head office's certificate ends within :data:`CERT_WARNING` (or has ended)."""
    return not_after is not None and not_after - now <= CERT_WARNING
