"""Files head office must receive (issue 7: transfer evidence and final PDFs), sent by the sync round
after the events, against a real head office: once, oldest first, bounded per round; refusals kept
and shown, never re-sent silently; a network failure leaves them for the next round; files without
the upload mark (signature images) never leave the desk."""

from __future__ import annotations

import hashlib
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx

from hall_desk.domain.clock import FixedClock
from hall_desk.services import sync
from hall_desk.services.context import DeskContext
from hall_desk.storage.models import StoredFile
from hall_desk.sync.errors import HQTrouble, HQUnreachable
from hall_desk.sync.protocol import MAX_FILE_BYTES, FileReply
from hall_desk.sync.runner import run_round
from hall_desk.sync.transport import HQClient
from tests.hq.live import LiveHQ
from tests.sync.downlink_events import page
from tests.sync.fixtures import DESK, HALL
from tests.sync.stored_files import attach, file_bytes, keep_file


def at_head_office(hq: LiveHQ) -> dict[str, dict[str, Any]]:
    store = hq.store()
    try:
        return {f["sha256"]: f for f in store.files_of(HALL)}
    finally:
        store.close()


def row(digest: str) -> StoredFile:
    return StoredFile.get_by_id(digest)


def test_waiting_files_are_sent_once_oldest_first_and_signatures_never(
    ctx: DeskContext, clock: FixedClock, registered: str, hq: LiveHQ
) -> None:
    now = clock.now()
    newest = keep_file(file_bytes(3), now)
    oldest = keep_file(file_bytes(1, "jpeg"), now - timedelta(minutes=2), media_type="image/jpeg")
    middle = keep_file(file_bytes(2), now - timedelta(minutes=1))
    signature = keep_file(
        b"\x89PNG\r\n\x1a\n signature",
        now - timedelta(hours=1),
        media_type="image/png",
        upload=False,
    )
    status = sync.queue_status()
    assert (status.files_waiting, status.files_failed) == (3, 0)

    clock.advance(minutes=5)
    report = sync.sync_now(ctx)
    assert report.ok, report.error
    assert (report.files_sent, report.files_failed) == (3, 0)
    assert report.file_bytes == sum(row(d).size for d in (oldest, middle, newest))
    held = at_head_office(hq)
    assert set(held) == {oldest, middle, newest}  # the signature image stayed on the desk
    assert signature not in held
    # Oldest first: head office received them in the desk's order.
    assert sorted(held, key=lambda d: (held[d]["received_at"], d))[0] == oldest
    assert all(held[d]["desk"] == DESK for d in held)
    assert held[oldest]["media_type"] == "image/jpeg" and held[newest]["size"] == len(file_bytes(3))
    for digest in (oldest, middle, newest):
        assert row(digest).uploaded_at == clock.now() and row(digest).upload_error == ""
    assert row(signature).uploaded_at is None
    assert report.status is not None and report.status.files_waiting == 0

    again = sync.sync_now(ctx)
    assert again.ok and (again.files_sent, again.files_failed) == (0, 0)
    assert at_head_office(hq).keys() == held.keys()


def test_a_file_head_office_refuses_is_kept_shown_and_not_sent_again(
    ctx: DeskContext, clock: FixedClock, registered: str, hq: LiveHQ
) -> None:
    now = clock.now()
    transfer_id = str(uuid.uuid4())
    # Damaged on the desk: the bytes no longer hash to the name they were stored under.
    damaged = keep_file(
        file_bytes(1),
        now - timedelta(minutes=3),
        sha256=hashlib.sha256(b"the original scan").hexdigest(),
    )
    attach(damaged, "原机主身份证.pdf", now, transfer_id)
    gif = keep_file(b"GIF89a" + b"\0" * 64, now - timedelta(minutes=2), media_type="image/gif")
    huge = keep_file(b"%PDF-1.7 short", now - timedelta(minutes=1), size=MAX_FILE_BYTES + 1)
    good = keep_file(file_bytes(4), now)

    report = sync.sync_now(ctx)
    assert report.ok, report.error  # a refused file does not stop the round
    assert (report.files_sent, report.files_failed) == (1, 3)
    assert set(at_head_office(hq)) == {good}
    assert row(damaged).upload_error.startswith("file.hash_mismatch")
    assert row(gif).upload_error.startswith("file.media_type")
    assert row(huge).upload_error.startswith("file.too_large")  # refused here, never sent
    for digest in (damaged, gif, huge):
        assert row(digest).uploaded_at is None
    status = sync.queue_status()
    assert (status.files_waiting, status.files_failed) == (0, 3)
    failed = {f.sha256: f for f in sync.failed_files()}
    assert list(failed) == [damaged, gif, huge]  # oldest first
    assert failed[damaged].reason == "file.hash_mismatch" and failed[damaged].message
    assert failed[damaged].names == ("原机主身份证.pdf",)
    assert failed[gif].names == ()

    again = sync.sync_now(ctx)
    assert (again.files_sent, again.files_failed) == (0, 0)  # not retried silently
    assert sync.queue_status().files_failed == 3

    assert sync.retry_failed_files() == 3  # on purpose: they are sent again, and refused again
    assert sync.queue_status().files_waiting == 3
    third = sync.sync_now(ctx)
    assert (third.files_sent, third.files_failed) == (0, 3)


def test_head_office_unreachable_leaves_the_files_for_the_next_round(
    ctx: DeskContext, clock: FixedClock, registered: str, hq: LiveHQ
) -> None:
    digests = [keep_file(file_bytes(n), clock.now() + timedelta(seconds=n)) for n in range(3)]
    hq.kill()
    report = sync.sync_now(ctx)
    assert isinstance(report.error, HQUnreachable)
    assert report.files_sent == report.files_failed == 0
    assert all(row(d).uploaded_at is None and row(d).upload_error == "" for d in digests)
    assert sync.queue_status().files_waiting == 3
    hq.restart()
    report = sync.sync_now(ctx)
    assert report.ok and report.files_sent == 3
    assert set(at_head_office(hq)) == set(digests)


class CutAfter:
    """A real head-office client whose network goes away after ``n`` files."""

    def __init__(self, client: HQClient, n: int) -> None:
        self.client, self.n, self.sent = client, n, 0
        self.last_offset = None

    def __getattr__(self, name: str) -> Any:
        return getattr(self.client, name)

    def put_file(self, sha256: str, media_type: str, content: bytes) -> FileReply:
        if self.sent >= self.n:
            raise HQUnreachable("ConnectError: cable pulled")
        self.sent += 1
        return self.client.put_file(sha256, media_type, content)


def test_a_network_failure_mid_files_stops_there_and_the_rest_follow_next_round(
    ctx: DeskContext, clock: FixedClock, registered: str, hq: LiveHQ
) -> None:
    digests = [keep_file(file_bytes(n), clock.now() + timedelta(seconds=n)) for n in range(4)]
    with HQClient(hq.url, registered, clock=clock) as client:
        report = run_round(DESK, CutAfter(client, 1), clock=clock)
        assert isinstance(report.error, HQUnreachable)
        assert report.files_sent == 1 and report.files_failed == 0
        assert set(at_head_office(hq)) == {digests[0]}
        assert [row(d).uploaded_at is None for d in digests] == [False, True, True, True]
        assert all(row(d).upload_error == "" for d in digests)  # not a refusal: they wait
        assert sync.queue_status().files_waiting == 3
        report = run_round(DESK, client, clock=clock)
    assert report.ok and report.files_sent == 3
    assert set(at_head_office(hq)) == set(digests)


def test_a_round_sends_at_most_its_budget(
    ctx: DeskContext, clock: FixedClock, registered: str, hq: LiveHQ
) -> None:
    digests = [keep_file(file_bytes(n), clock.now() + timedelta(seconds=n)) for n in range(5)]
    with HQClient(hq.url, registered, clock=clock) as client:
        one = run_round(DESK, client, clock=clock, file_bytes=1)  # always at least one file
        assert one.files_sent == 1 and set(at_head_office(hq)) == {digests[0]}
        two = run_round(DESK, client, clock=clock, max_files=2)
        assert two.files_sent == 2 and set(at_head_office(hq)) == set(digests[:3])
        rest = run_round(DESK, client, clock=clock)
        assert rest.files_sent == 2
        assert run_round(DESK, client, clock=clock).files_sent == 0
    assert set(at_head_office(hq)) == set(digests)


def test_a_head_office_without_the_file_endpoint_keeps_them_waiting(
    store: Path, ctx: DeskContext, clock: FixedClock
) -> None:
    digest = keep_file(file_bytes(1), clock.now())
    asked: list[str] = []

    def older_head_office(request: httpx.Request) -> httpx.Response:
        asked.append(f"{request.method} {request.url.path}")
        if request.method == "PUT":
            return httpx.Response(
                404, json={"protocol": 1, "error": "request.not_found", "message": "Not Found"}
            )
        if request.url.path == "/v1/desk":
            return httpx.Response(
                200,
                json={
                    "protocol": 1,
                    "hall": HALL,
                    "desk": DESK,
                    "highest_seq": 0,
                    "server_time": "x",
                },
            )
        return httpx.Response(200, json=page([], 0))

    transport = httpx.MockTransport(older_head_office)
    with HQClient(
        "http://hq.invalid", "hd1_" + "t" * 43, clock=clock, transport=transport
    ) as client:
        report = run_round(DESK, client, clock=clock)
    assert report.ok and report.files_unavailable
    assert f"PUT /v1/files/{digest}" in asked
    assert (report.files_sent, report.files_failed) == (0, 0)
    assert row(digest).upload_error == "" and row(digest).uploaded_at is None


def test_nothing_is_asked_of_head_office_when_no_file_waits(
    store: Path, ctx: DeskContext, clock: FixedClock
) -> None:
    keep_file(b"\x89PNG signature", clock.now(), media_type="image/png", upload=False)
    asked: list[str] = []

    def head_office(request: httpx.Request) -> httpx.Response:
        asked.append(request.method)
        if request.url.path == "/v1/desk":
            return httpx.Response(
                200,
                json={
                    "protocol": 1,
                    "hall": HALL,
                    "desk": DESK,
                    "highest_seq": 0,
                    "server_time": "x",
                },
            )
        return httpx.Response(200, json=page([], 0))

    with HQClient(
        "http://hq.invalid",
        "hd1_" + "t" * 43,
        clock=clock,
        transport=httpx.MockTransport(head_office),
    ) as client:
        report = run_round(DESK, client, clock=clock)
    assert report.ok and "PUT" not in asked


def test_a_proxy_refusing_the_size_is_not_taken_for_head_offices_refusal(
    store: Path, ctx: DeskContext, clock: FixedClock
) -> None:
    """An HTML 413 from a proxy in front of head office (its body limit too small): the file waits
    and the round says head office is in trouble, so it goes once the proxy is fixed."""
    digest = keep_file(file_bytes(1), clock.now())

    def behind_a_proxy(request: httpx.Request) -> httpx.Response:
        if request.method == "PUT":
            return httpx.Response(413, text="<html>413 Request Entity Too Large</html>")
        if request.url.path == "/v1/desk":
            return httpx.Response(
                200,
                json={
                    "protocol": 1,
                    "hall": HALL,
                    "desk": DESK,
                    "highest_seq": 0,
                    "server_time": "x",
                },
            )
        return httpx.Response(200, json=page([], 0))

    with HQClient(
        "http://hq.invalid",
        "hd1_" + "t" * 43,
        clock=clock,
        transport=httpx.MockTransport(behind_a_proxy),
    ) as client:
        report = run_round(DESK, client, clock=clock)
    assert isinstance(report.error, HQTrouble) and report.error.status == 413
    assert row(digest).upload_error == "" and row(digest).uploaded_at is None
    assert report.status is not None and report.status.files_waiting == 1


def test_bytes_that_are_not_of_their_declared_type_are_refused_and_listed_as_failed(
    ctx: DeskContext, clock: FixedClock, registered: str, hq: LiveHQ
) -> None:
    """Issue 15: HTML kept as a PNG and a JPEG kept as a PDF are refused by head office for their
    first bytes (``file.type_mismatch``) and shown in the failed files; the good one goes."""
    now = clock.now()
    html = keep_file(
        b"<html><body>scan</body></html>", now - timedelta(minutes=2), media_type="image/png"
    )
    jpeg = keep_file(file_bytes(1, "jpeg"), now - timedelta(minutes=1))  # declared as a PDF
    good = keep_file(file_bytes(2), now)

    report = sync.sync_now(ctx)
    assert report.ok, report.error
    assert (report.files_sent, report.files_failed) == (1, 2)
    assert set(at_head_office(hq)) == {good}
    failed = {f.sha256: f for f in sync.failed_files()}
    assert list(failed) == [html, jpeg]
    assert {f.reason for f in failed.values()} == {"file.type_mismatch"}
    assert all(row(d).uploaded_at is None for d in (html, jpeg))
