"""Recovering a desk on a new PC (issue 9): an empty data directory becomes the desk again from head
office, its off-site copy — ``hall-desk recover --head-office URL --desk CODE`` and the first-run
dialog's "从总部恢复本台席（更换电脑）".

With a token head office's operator re-issued for that desk code and the one-time recovery code
issued with it (``hall-desk-hq add-desk CODE --new-token``, which revokes the lost PC's token; the
code releases the desk's key escrow once, within 72 hours), :func:`recover_new_desk`:

1. asks head office who the token belongs to (it must be ``CODE``'s) and what it holds of the chain;
2. opens the key escrow with the recovery code
   (:func:`hall_desk.services.escrow.restore_from_escrow`): the field key, backup key and
   signing-key passphrase go back into the keyring, the encrypted signing key and its certificate
   into the store — before any record that needs them is restored;
3. takes the desk's own seq 1 (``hall.configured``, verified like every recovered event) to write
   the hall and desk rows, then all its own events from seq 1, page by page, through
   :func:`hall_desk.sync.recover.recover_own_events` (the storage's row builders; day counters
   moved past every number used). **No set-up event is written**: the chain goes on at seq N+1;
4. stores the token and head office's URL (registered), runs a normal round (pulls the hall's other
   desks' events and head office's: staff accounts, policy, decisions) and fetches the files of the
   desk's transfers so that its agreements open and verify again.

Interrupted part-way (network, power), it can be run again: a store marked as an unfinished
recovery of this desk (``setting`` ``recover.unfinished``, written with the hall and desk rows,
removed when everything is done) is continued, never set up anew; the app offers the recovery
dialog again instead of opening such a store. The recovery code is used up by the first opening:
a run that finds the keys already put back by an earlier attempt (the escrow version in the store,
the escrowed secrets in the keyring) does not open the escrow again, so it needs no code.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx

from hall_desk import credentials
from hall_desk.domain.errors import SetupError, ValidationError
from hall_desk.domain.payloads import PayloadUnreadable, read_payload
from hall_desk.services.context import DeskContext
from hall_desk.services.escrow import VERSION_SETTING, restore_from_escrow
from hall_desk.services.setup import UNFINISHED_SETTING, current_desk, recovery_unfinished
from hall_desk.services.sync import _check_token, check_link, normalise_hq_url
from hall_desk.storage.db import unit_of_work
from hall_desk.storage.models import Desk, Hall, Setting
from hall_desk.storage.replicas import parse_time
from hall_desk.sync import escrow, outbox
from hall_desk.sync.errors import DeskMismatch
from hall_desk.sync.recover import (
    RecoveryRefused,
    RecoveryReport,
    fetch_own_files,
    recover_own_events,
    verify_page,
)
from hall_desk.sync.runner import RoundReport, run_round
from hall_desk.sync.tls import verify_for
from hall_desk.sync.transport import HQClient, Timeouts

log = logging.getLogger(__name__)

DESK_CODE = re.compile(r"^([A-Z][A-Z0-9]{1,9})-([0-9]{2})$")
NOT_EMPTY = "recover.not_empty"  # this data directory already holds a (another) desk
NOTHING_HELD = "recover.nothing_held"  # head office holds no events of that desk
RECOVERY_CODE_INVALID = "recovery_code.invalid"  # typed, but not a recovery code (16 symbols)

# Stages reported to ``progress`` (the dialog shows them in words).
STAGE_CONNECT = "connect"
STAGE_KEYS = "keys"
STAGE_EVENTS = "events"
STAGE_HALL = "hall"
STAGE_FILES = "files"

Progress = Callable[[str, int, int], None]  # (stage, done, total)


@dataclass
class NewDeskRecovery:
    desk: str
    hq_url: str
    events: int = 0  # own events taken back (this run)
    to_seq: int = 0  # the chain's last seq: the next record is to_seq + 1
    keys: int = 0  # keyring secrets put back from escrow
    files: int = 0
    files_missing: int = 0
    round: RoundReport | None = None
    types: dict[str, int] = field(default_factory=dict)


def _may_recover_here(desk: str) -> bool:
    """True when the store is empty, False when it holds an unfinished recovery of ``desk``; a
    store with any other desk, or this desk recovered or set up already, is refused."""
    info = current_desk()
    if info is None:
        return True
    if info.desk_code == desk and recovery_unfinished() == desk:
        return False  # an earlier attempt stopped part-way: go on with it
    raise SetupError(NOT_EMPTY)


def _hall_and_desk(client: HQClient, desk: str, hall: str) -> None:
    """The hall and desk rows from the desk's own seq 1 (``hall.configured``), verified first."""
    reply = client.own_events(0, 1)
    if not reply.events:
        raise SetupError(NOTHING_HELD)
    env = verify_page(reply.events[:1], hall=hall, desk=desk, after_seq=0, prev_hash="")[0]
    if env["type"] != "hall.configured" or not isinstance(env["payload"], dict):
        raise RecoveryRefused(f"seq 1 is {env['type']}, not hall.configured", seq=1)
    try:  # read through the event catalogue, as every event the desk takes
        payload = read_payload(env["type"], env["schema"], env["payload"])
    except PayloadUnreadable as error:
        raise RecoveryRefused(f"seq 1: {error}", seq=1) from None
    try:
        name, district = str(payload["name"]), str(payload["district"])
        phone = str(payload["service_phone"])
    except KeyError as error:
        raise RecoveryRefused(f"seq 1 lacks {error}", seq=1) from None
    with unit_of_work():
        Hall.create(
            code=hall,
            name=name,
            district=district,
            service_phone=phone,
            created_at=parse_time(env["at"]),
        )
        Desk.create(id=1, code=desk, hall_code=hall, demo=False, created_at=parse_time(env["at"]))
        Setting.replace(key=UNFINISHED_SETTING, value=desk).execute()
    log.info("recovering desk %s: hall %s from its seq 1", desk, hall)


def _checked(
    desk_code: str, hq_url: str, token: str, *, allow_plain_http: bool
) -> tuple[str, str, str, str]:
    """(desk, hall, url, token) as typed, checked; plain http to another machine only when
    allowed (the token would cross the network in clear, like ``register``'s)."""
    desk = (desk_code or "").strip().upper()
    match = DESK_CODE.match(desk)
    if match is None or match.group(2) == "00":
        raise ValidationError("desk_code.invalid", "desk_code")
    url = normalise_hq_url(hq_url)
    check_link(url, allow_plain_http=allow_plain_http)
    return desk, match.group(1), url, _check_token(token)


def _checked_code(recovery_code: str) -> str:
    """The recovery code as head office takes it; empty when none was given (head office then
    answers ``escrow.release_required`` if the escrow must be opened); ``recovery_code.invalid``
    for something typed that is not a recovery code."""
    if not (recovery_code or "").strip():
        return ""
    code = escrow.normalise_recovery_code(recovery_code)
    if code is None:
        raise ValidationError(RECOVERY_CODE_INVALID, "recovery_code")
    return code


def _keys_already_back(desk: str) -> bool:
    """An earlier attempt of this recovery opened the escrow (its recovery code is used up): the
    escrow version is in the store and the escrowed secrets in this PC's keyring."""
    return Setting.get_or_none(Setting.key == VERSION_SETTING) is not None and bool(
        credentials.escrowed_secrets(desk)
    )


def _its_token(client: HQClient, desk: str) -> int:
    """Head office's highest seq of ``desk`` when the token is that desk's."""
    who = client.who_am_i()
    if who.desk != desk:
        raise DeskMismatch(f"head office knows this token as desk {who.desk}")
    return who.highest_seq


def recover_keys(
    ctx: DeskContext,
    hq_url: str,
    desk_code: str,
    token: str,
    recovery_code: str,
    *,
    ca_pem: str = "",
    allow_plain_http: bool = False,
    timeouts: Timeouts | None = None,
    transport: httpx.BaseTransport | None = None,
) -> int:
    """Only the keys (``hall-desk recover --keys-only``): the escrowed keys and the token into
    this PC's keyring, no store touched — before restoring a backup on a new PC (the backup key is
    among them; the backup holds the signing key and head office's URL). Returns how many keyring
    secrets were put back. Errors as :func:`recover_new_desk`."""
    desk, _, url, token = _checked(desk_code, hq_url, token, allow_plain_http=allow_plain_http)
    code = _checked_code(recovery_code)
    client = HQClient(
        url,
        token,
        clock=ctx.clock,
        timeouts=timeouts,
        transport=transport,
        verify=verify_for(ca_pem),
    )
    try:
        _its_token(client, desk)
        bundle = restore_from_escrow(desk, client, code, into_store=False)
    finally:
        client.close()
    credentials.save_token(desk, token)
    return len(bundle.keyring)


def recover_new_desk(
    ctx: DeskContext,
    hq_url: str,
    desk_code: str,
    token: str,
    recovery_code: str = "",
    *,
    progress: Progress | None = None,
    ca_pem: str = "",
    allow_plain_http: bool = False,
    timeouts: Timeouts | None = None,
    transport: httpx.BaseTransport | None = None,
) -> NewDeskRecovery:
    """Make this empty store desk ``desk_code`` again from head office (module docstring). Typed
    errors: ``recover.not_empty``, ``recover.nothing_held``, ``hq_url.invalid``,
    ``token.invalid``, ``desk_code.invalid``, ``recovery_code.invalid``, the sync errors (``sync.offline``,
    ``sync.auth_invalid``, ``sync.auth_revoked``, ``sync.desk_mismatch``,
    ``sync.recovery_refused``), ``escrow.release_required`` (no good recovery code),
    ``escrow.none`` / ``escrow.unopenable`` / ``escrow.unavailable``,
    ``credentials.unavailable``, ``hq_url.plain_http`` (plain http to another machine without
    ``allow_plain_http``), ``sync.certificate_refused``. ``ca_pem``: a private CA's certificates,
    trusted for this recovery and kept with the registration."""
    desk, hall, url, token = _checked(desk_code, hq_url, token, allow_plain_http=allow_plain_http)
    code = _checked_code(recovery_code)
    fresh = _may_recover_here(desk)

    def tell(stage: str, done: int = 0, total: int = 0) -> None:
        if progress is not None:
            progress(stage, done, total)

    result = NewDeskRecovery(desk, url)
    client = HQClient(
        url,
        token,
        clock=ctx.clock,
        timeouts=timeouts or Timeouts(read=60.0),
        transport=transport,
        verify=verify_for(ca_pem),
    )
    try:
        tell(STAGE_CONNECT)
        highest = _its_token(client, desk)
        if highest < 1:
            raise SetupError(NOTHING_HELD)
        tell(STAGE_KEYS)
        if _keys_already_back(desk):  # an earlier attempt used the recovery code up
            result.keys = len(credentials.escrowed_secrets(desk))
            log.info("desk %s: keys already put back by an earlier attempt", desk)
        else:
            result.keys = len(restore_from_escrow(desk, client, code).keyring)
        if fresh:
            _hall_and_desk(client, desk, hall)
        total = highest

        def page_done(report: RecoveryReport) -> None:
            tell(STAGE_EVENTS, report.from_seq + report.fetched, total)

        tell(STAGE_EVENTS, 0, total)
        report = recover_own_events(desk, client, at=ctx.clock.now(), on_page=page_done)
        result.events, result.to_seq, result.types = report.fetched, report.to_seq, report.types
        credentials.save_token(desk, token)
        tell(STAGE_HALL)
        result.round = run_round(desk, client, clock=ctx.clock)
        if result.round.error is not None:
            raise result.round.error
        tell(STAGE_FILES)
        files = fetch_own_files(desk, client, at=ctx.clock.now())
        result.files, result.files_missing = files.fetched, len(files.missing)
        with unit_of_work():  # registered, and the recovery done: the desk opens from now on
            outbox.set_hq_url(url, ca_pem=ca_pem)
            Setting.delete().where(Setting.key == UNFINISHED_SETTING).execute()
        outbox.record_contact(at=ctx.clock.now(), clock_offset=client.last_offset)
        if client.peer_not_after is not None:
            outbox.record_hq_certificate(client.peer_not_after)
    finally:
        client.close()
    log.info(
        "desk %s recovered from head office %s: %d own events (chain at seq %d), %d keys, %d files",
        desk,
        url,
        result.events,
        result.to_seq,
        result.keys,
        result.files,
    )
    return result
