"""A head office that misbehaves on purpose (stdlib ``http.server`` on loopback): 500, 503, slow,
garbage, replies that answer other events, a dropped connection. Each request takes the next
behaviour from ``script`` (the last one repeats); ``bodies`` keeps what was posted.

The pull (``GET /v1/events?after=``) answers, when the behaviour is ``ok``, with ``pages[after]`` if
set (a page as head office would send it: any events, hostile ones included), else an empty page."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


class Misbehaving:
    def __init__(self, script: list[str]) -> None:
        self.script = list(script)
        self.bodies: list[dict[str, Any]] = []
        self.pages: dict[int, dict[str, Any]] = {}
        self.pulls: list[int] = []
        self.server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def next_behaviour(self) -> str:
        return self.script.pop(0) if len(self.script) > 1 else self.script[0]


def _handler(owner: Misbehaving) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def _send(self, status: int, body: bytes, kind: str = "application/json") -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            url = urlsplit(self.path)
            if url.path == "/v1/events":
                after = int(parse_qs(url.query).get("after", ["0"])[0])
                owner.pulls.append(after)
                behaviour = owner.next_behaviour()
                if behaviour == "ok":
                    page = owner.pages.get(after) or {
                        "protocol": 1,
                        "server_time": "2026-11-22T02:00:00.000000Z",
                        "events": [],
                        "cursor": after,
                        "more": False,
                    }
                    self._send(200, json.dumps(page, ensure_ascii=False).encode())
                    return
                self._reply({}, behaviour)
                return
            self._reply({})

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = json.loads(self.rfile.read(length))
            owner.bodies.append(body)
            self._reply(body)

        def _reply(self, body: dict[str, Any], behaviour: str = "") -> None:
            behaviour = behaviour or owner.next_behaviour()
            events = body.get("events", [])
            now = "2026-11-22T02:00:00.000000Z"
            if behaviour == "ok":
                reply = {
                    "protocol": 1,
                    "server_time": now,
                    "hall": "HA01",
                    "desk": "HA01-02",
                    "results": [
                        {"id": e["id"], "outcome": "stored", "reason": "", "detail": ""}
                        for e in events
                    ],
                    "highest_seq": events[-1]["seq"] if events else 0,
                    "chain": {"state": "intact", "seq": None, "detail": ""},
                }
                self._send(200, json.dumps(reply).encode())
            elif behaviour in ("500", "503"):
                self._send(int(behaviour), b'{"protocol":1,"error":"oops","message":"down"}')
            elif behaviour == "401":
                self._send(401, b'{"protocol":1,"error":"auth.invalid","message":"who?"}')
            elif behaviour == "403":
                self._send(403, b'{"protocol":1,"error":"auth.revoked","message":"gone"}')
            elif behaviour == "slow":
                time.sleep(1.5)
                self._send(200, b"{}")
            elif behaviour == "garbage":
                self._send(200, b"<html>proxy says hello</html>", "text/html")
            elif behaviour == "short":  # answers one event fewer than sent
                results = [{"id": e["id"], "outcome": "stored"} for e in events[:-1]]
                self._send(
                    200,
                    json.dumps(
                        {
                            "protocol": 1,
                            "server_time": now,
                            "results": results,
                            "highest_seq": 0,
                            "chain": {"state": "intact"},
                        }
                    ).encode(),
                )
            elif behaviour == "others":  # answers events it was not sent
                results = [{"id": "0" + e["id"][1:], "outcome": "stored"} for e in events]
                self._send(
                    200,
                    json.dumps(
                        {
                            "protocol": 1,
                            "server_time": now,
                            "results": results,
                            "highest_seq": 0,
                            "chain": {"state": "intact"},
                        }
                    ).encode(),
                )
            elif behaviour == "drop":  # closes the connection without a reply
                self.close_connection = True
                self.connection.shutdown(2)
            else:
                raise AssertionError(behaviour)

    return Handler


@contextmanager
def misbehaving(script: list[str]) -> Iterator[Misbehaving]:
    owner = Misbehaving(script)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(owner))
    server.daemon_threads = True
    owner.server = server
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield owner
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
