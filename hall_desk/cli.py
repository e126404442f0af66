"""Command line: ``hall-desk [--data-dir DIR] [--demo]`` starts the app (also ``python -m hall_desk``).

Subcommands (each accepts ``--data-dir``):

- ``hall-desk register --hq URL --desk DESK [--ca-file PEM] [--allow-plain-http]`` — the desk's
  token is read from standard input (never from the command line, where ``ps`` and shell history
  would keep it) and stored in the system keyring only. ``--ca-file``: head office's certificate
  is issued by a private CA; its certificates are kept with the registration (not the path: moving
  the file breaks nothing) and every connection to head office trusts only them. Plain ``http://``
  to another machine is refused unless ``--allow-plain-http`` (recorded, and shown in red for as
  long as it lasts). Exits 1 when head office could not be reached (the registration is stored
  and the message says so) and when its certificate is refused (nothing stored);
- ``hall-desk sync-now`` — one round: upload (prints sent / stored / duplicate / quarantined /
  refused), then pull the hall's events (prints pulled / applied / kept / duplicate / dead letters);
  exits 1 with a one-line reason when the round failed;
- ``hall-desk recover`` — after a restore: fetch this desk's own events that head office holds
  beyond the local chain, verify and take them back (prints how many, which seqs), and the files of
  its transfers the store lacks;
- ``hall-desk recover --head-office URL --desk DESK [--recovery-code-file FILE]`` — on a new PC
  (empty data directory): the token head office re-issued and the one-time recovery code issued
  with it (``hall-desk-hq add-desk DESK --new-token`` prints both, one per line) are read from
  standard input, one per line (at a terminal: asked for, not echoed), never from the command
  line; ``--recovery-code-file`` reads the code from a file instead. The keys come back
  from key escrow, the whole chain from seq 1, then the hall's events and the transfer files
  (:mod:`hall_desk.services.desk_recovery`); no set-up event is written. With ``--keys-only``
  only the keys and the token go into the keyring (then ``hall-desk restore`` a backup).
  ``--ca-file`` and ``--allow-plain-http`` as for ``register``;
- ``hall-desk sync-status`` — waiting, delivered, dead letters (up and down), last success, last
  heard from head office, pull cursor, last error, clock offset (flagged beyond 5 minutes); the
  transport (``plain http (not encrypted)`` for plain http to another machine) and when head
  office's certificate ends (flagged within 30 days);
- ``hall-desk backup --staff NO [--to DIR]`` — (a store manager; password asked for, or the first
  line of stdin) an encrypted, verified backup now, into the folder the store
  manager chose (or ``DIR``); the oldest generations beyond the number kept are removed;
- ``hall-desk restore FILE [--yes] [--force]`` — with the app closed: verifies the backup, asks for
  "yes" on standard input (unless ``--yes``), then replaces the store, keeping the replaced file as
  ``desk.sqlite3.replaced-<UTC time>``. ``--force`` restores a backup of another desk. Needs this
  desk's backup key in the system keyring (on a new PC: put back from head office first).
- ``hall-desk support-bundle [FILE]`` — 导出诊断包: the logs, versions, sync counts and the store's
  schema and health in a zip for technical support (never the database's content nor any secret),
  to FILE (a folder: the default name inside it; default: the current folder). Works without a
  display and when the store cannot be opened (the bundle then says why).
- ``hall-desk verify-audit`` — re-checks this desk's whole event chain (seq without gaps, each
  ``prev`` link, each hash) streaming from seq 1; exits 0 when whole, 1 naming the first bad event
  (seq, id and what is wrong), or the missing last events head office had already answered for.
  Prints progress on a terminal every 10,000 events. An event a retention purge redacted is listed
  as "redacted by <event>": its links are checked and its content against the hash that purge
  recorded (a missing purge event, or any other change, is named as bad). Then every complaint's
  first responder against its ``complaint.created`` event (首问责任制): any that differs is listed
  and the exit is 1.
- ``hall-desk self-test`` — after installing: a temporary store (a hall set up, a complaint
  recorded), its receipt rendered with the embedded font, the system keyring (write, read, delete
  a probe entry) and, when this desk is registered, head office's health endpoint; one
  ``PASS``/``FAIL`` line per check, exit 1 when any failed. Works without any desk data.

Every command (and the app) takes ``--log-dir DIR`` (default ``HALL_DESK_LOG_DIR``, else ``logs``
in a data directory given explicitly, else the user's log directory: see
:func:`hall_desk.paths.log_dir`).
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

EXIT_FAILED = 1
EXIT_USAGE = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hall-desk", description="营业厅投诉受理台 (hall_desk): every complaint recorded."
    )
    data_dir_help = (
        "where this desk keeps its data (default: HALL_DESK_DATA_DIR or the user data dir)"
    )
    log_dir_help = (
        "where the log files go (default: HALL_DESK_LOG_DIR, else logs/ in a --data-dir "
        "given, else the user log dir)"
    )
    parser.add_argument("--data-dir", metavar="DIR", help=data_dir_help)
    parser.add_argument("--log-dir", metavar="DIR", help=log_dir_help)
    parser.add_argument(
        "--demo",
        action="store_true",
        help="start with the demo hall DEMO (refused on a data directory that holds a real hall)",
    )
    parser.add_argument(
        "--lang",
        choices=("zh_CN", "en"),
        default=None,
        help="UI language for this run (default: HALL_DESK_LANG, else the one chosen in 设置 → 界面语言)",
    )
    # Subcommands take --data-dir too, before or after their name; SUPPRESS keeps the top-level
    # value when the subcommand's is not given.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS, help=data_dir_help)
    common.add_argument("--log-dir", metavar="DIR", default=argparse.SUPPRESS, help=log_dir_help)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    register = commands.add_parser(
        "register",
        parents=[common],
        help="register this desk with head office",
        description="Register this desk with head office. The desk token is read from standard "
        "input and kept in the system keyring only.",
    )
    register.add_argument(
        "--hq", required=True, metavar="URL", help="head office, e.g. https://hq.example:8443"
    )
    register.add_argument(
        "--desk", required=True, metavar="DESK", help="this desk's code, e.g. HA01-02"
    )
    _link_options(register)
    commands.add_parser(
        "sync-now",
        parents=[common],
        help="upload waiting events to head office now, then pull the hall's events",
    )
    recover = commands.add_parser(
        "recover",
        parents=[common],
        help="fetch this desk's own events head office holds beyond the local chain (after a "
        "restore, or on a new PC) and continue the chain from them",
        description="After a restore: fetch this desk's own events head office holds beyond the "
        "local chain. On a new PC (empty data directory): --head-office URL --desk CODE, with the "
        "token head office re-issued and the one-time recovery code issued with it (hall-desk-hq "
        "add-desk CODE --new-token prints both, one per line) on standard input, one per line (at "
        "a terminal they are asked for, not echoed); the desk's keys come back from head office's "
        "key escrow (the code releases it once, within 72 hours) and its whole chain from seq 1.",
    )
    recover.add_argument(
        "--head-office", metavar="URL", help="a new PC: head office to recover this desk from"
    )
    recover.add_argument("--desk", metavar="DESK", help="a new PC: the desk's code, e.g. HA01-02")
    _link_options(recover, "a new PC: ")
    recover.add_argument(
        "--keys-only",
        action="store_true",
        help="a new PC: only put the escrowed keys and the token into this PC's keyring (then "
        "hall-desk restore a backup; the next sync takes back what the backup lacks)",
    )
    recover.add_argument(
        "--recovery-code-file",
        metavar="FILE",
        help="a new PC: read the recovery code from FILE instead of the line after the token "
        "(never give the code itself on the command line: shell history and ps keep it)",
    )
    commands.add_parser(
        "sync-status", parents=[common], help="show the upload queue and sync health"
    )
    backup = commands.add_parser(
        "backup",
        parents=[common],
        help="make an encrypted, verified backup now",
        description="Back the desk's store up now (the app may be running), encrypted with this "
        "desk's key from the system keyring, and verify it.",
    )
    backup.add_argument("--to", metavar="DIR", help="this folder instead of the one chosen in 设置")
    backup.add_argument(
        "--staff",
        metavar="NO",
        required=True,
        help="the store manager's staff number (a manual backup needs one, issue 20); the "
        "password is asked for, or read from the first line of standard input",
    )
    restore = commands.add_parser(
        "restore",
        parents=[common],
        help="replace the store by a backup (the app must be closed)",
        description="Verify FILE, then replace the desk's store by it; the replaced store is kept "
        "as desk.sqlite3.replaced-<time>. Needs this desk's backup key in the system keyring.",
    )
    restore.add_argument("file", metavar="FILE", help="a .hdbak backup file")
    restore.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    restore.add_argument("--force", action="store_true", help="restore a backup of another desk")
    bundle = commands.add_parser(
        "support-bundle",
        parents=[common],
        help="write a diagnostics zip for technical support",
        description="Write the logs, versions, sync counts and the store's schema and health to a "
        "zip for technical support. Never the database's content, the token or any password.",
    )
    bundle.add_argument(
        "file",
        metavar="FILE",
        nargs="?",
        help="the zip to write, or a folder for the default name (default: the current folder)",
    )
    commands.add_parser(
        "verify-audit",
        parents=[common],
        help="check this desk's whole event chain; names the first bad event",
    )
    commands.add_parser(
        "self-test",
        parents=[common],
        help="check this installation: store, receipt font, keyring, head office; exit 1 on failure",
    )
    return parser


def _link_options(command: argparse.ArgumentParser, prefix: str = "") -> None:
    command.add_argument(
        "--ca-file",
        metavar="PEM",
        help=f"{prefix}head office's certificate is issued by this private CA (PEM); its "
        "certificates are kept with the registration and trusted instead of the public CAs",
    )
    command.add_argument(
        "--allow-plain-http",
        action="store_true",
        help=f"{prefix}accept an http:// head office on another machine: the token and customers' "
        "numbers cross the network unencrypted (recorded, and shown in red)",
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from hall_desk.services.keys import wire_keys

    wire_keys()  # storage's field key comes from the system keyring (at start-up, not on import)
    if args.command is None:
        from hall_desk.app import run

        return run(data_dir=args.data_dir, demo=args.demo, logs=args.log_dir, lang=args.lang)
    if args.demo:
        print("hall-desk: --demo only applies when starting the app", file=sys.stderr)
        return EXIT_USAGE
    return _run_command(args)


# -- subcommands ------------------------------------------------------------------------------


def _run_command(args: argparse.Namespace) -> int:
    from hall_desk.logfiles import setup_logging
    from hall_desk.paths import data_dir, log_dir, store_path
    from hall_desk.storage.db import StoreError, close_store, open_store

    directory = data_dir(args.data_dir)
    logs = setup_logging(log_dir(args.data_dir, args.log_dir))
    if args.command == "self-test":  # needs no desk data; its store is a temporary one
        return _self_test(store_path(directory))
    if args.command == "restore":  # the store stays closed: it may be damaged, or absent
        return _restore(args, store_path(directory))
    if args.command == "support-bundle":
        return _support_bundle(args, store_path(directory), logs)
    if (
        args.command == "recover"
        and not args.head_office
        and (args.ca_file or args.allow_plain_http)
    ):
        print(
            "hall-desk recover: --ca-file and --allow-plain-http go with --head-office (a new "
            "PC); after a restore the registration's own are used (register again to change them)",
            file=sys.stderr,
        )
        return EXIT_USAGE
    if args.command == "recover" and (
        args.head_office or args.desk or args.keys_only or args.recovery_code_file
    ):
        if not (args.head_office and args.desk):
            print(
                "hall-desk recover: a new PC needs both --head-office URL and --desk CODE",
                file=sys.stderr,
            )
            return EXIT_USAGE
        return _recover_new_pc(args, store_path(directory))
    if not store_path(directory).exists():
        print(
            f"hall-desk: no desk data in {directory} (start the app once to set up the hall)",
            file=sys.stderr,
        )
        return EXIT_FAILED
    try:
        open_store(store_path(directory))
    except StoreError as error:
        print(
            f"hall-desk: cannot open {error.path}: {error.code} {error.detail}".strip(),
            file=sys.stderr,
        )
        return EXIT_FAILED
    from hall_desk.services.identity import seal_stored_identity

    seal_stored_identity()  # once, for a store from before identity data was sealed
    from hall_desk.storage.events import compact_stored_events

    compact_stored_events()  # once a new store holds enough events to train its dictionary
    _tell_upgrade()
    try:
        handler = {
            "register": _register,
            "sync-now": _sync_now,
            "recover": _recover,
            "sync-status": _sync_status,
            "backup": _backup,
            "verify-audit": _verify_audit,
        }
        return handler[args.command](args)
    finally:
        close_store()


def _tell_upgrade() -> None:
    """Said when opening the store upgraded it from an older version (a copy was taken first)."""
    from hall_desk.storage.db import last_upgrade_backup

    upgrade = last_upgrade_backup()
    if upgrade is not None and upgrade.path.exists():
        print(
            f"升级前已自动备份数据：{upgrade.path} (store upgraded from schema "
            f"{upgrade.from_version} to {upgrade.to_version})",
            file=sys.stderr,
        )
    elif upgrade is not None:  # it held identity data in clear that the store now seals
        print(
            f"数据已升级 (schema {upgrade.from_version} to {upgrade.to_version})，客户身份资料已改为"
            "加密保存；升级前的副本含未加密的身份资料，已删除，请以加密的日常备份为准",
            file=sys.stderr,
        )


def _read_token() -> str:
    if sys.stdin is None:
        return ""
    if sys.stdin.isatty():
        return getpass.getpass("desk token (from hall-desk-hq add-desk): ")
    return sys.stdin.read()


def _read_password(staff_no: str) -> str:
    """A staff member's password: asked for on a terminal, else the first line of stdin."""
    if sys.stdin is None:
        return ""
    if sys.stdin.isatty():
        return getpass.getpass(f"password of staff {staff_no}: ")
    return sys.stdin.readline().rstrip("\r\n")


class CommandFailed(Exception):
    """A command cannot start (one line on stderr, exit 1)."""


def _read_recovery(args: argparse.Namespace) -> tuple[str, str]:
    """(token, recovery code) for a new PC: one per line on standard input, or asked for without
    echo at a terminal; ``--recovery-code-file`` gives the code instead. Either may be empty."""
    from_file = None
    if args.recovery_code_file:
        try:
            with open(args.recovery_code_file, encoding="utf-8") as file:
                from_file = file.read(256).strip()
        except (OSError, UnicodeDecodeError) as error:
            raise CommandFailed(
                f"cannot read the recovery code from {args.recovery_code_file}: "
                f"{getattr(error, 'strerror', None) or error}"
            ) from None
    if sys.stdin is None:
        return "", from_file or ""
    if sys.stdin.isatty():
        token = getpass.getpass("desk token (from hall-desk-hq add-desk --new-token): ")
        if from_file is not None:
            return token.strip(), from_file
        code = getpass.getpass("recovery code (the line after the token): ")
        return token.strip(), code.strip()
    lines = [line.strip() for line in sys.stdin.read().splitlines() if line.strip()]
    token = lines[0] if lines else ""
    code = from_file if from_file is not None else (lines[1] if len(lines) > 1 else "")
    return token, code


def _register(args: argparse.Namespace) -> int:
    from hall_desk.domain.errors import DomainError
    from hall_desk.services.context import DeskContext
    from hall_desk.services.sync import read_ca_bundle, register_desk

    try:
        ca_pem = read_ca_bundle(args.ca_file) if args.ca_file else ""
    except DomainError as error:
        print(f"hall-desk register: {reason(error)}", file=sys.stderr)
        return EXIT_FAILED
    token = _read_token().strip()
    if not token:
        print("hall-desk register: no token on standard input", file=sys.stderr)
        return EXIT_USAGE
    try:
        result = register_desk(
            DeskContext(),
            args.hq,
            args.desk,
            token,
            ca_pem=ca_pem,
            allow_plain_http=args.allow_plain_http,
        )
    except DomainError as error:
        print(f"hall-desk register: {reason(error)}; nothing was stored", file=sys.stderr)
        return EXIT_FAILED
    if result.plain_http:
        print(
            f"WARNING: {result.hq_url} is plain http to another machine: the token and customers' "
            "numbers cross the network unencrypted (recorded; shown in red until head office "
            "offers https)",
            file=sys.stderr,
        )
    if result.warning is not None:
        print(
            f"hall-desk register: head office could not be reached: {reason(result.warning)}. "
            f"Desk {result.desk} is registered with {result.hq_url} all the same (the token is "
            "kept and checked at the first sync; hall-desk sync-now tries now)",
            file=sys.stderr,
        )
        return EXIT_FAILED
    print(
        f"registered desk {result.desk} with {result.hq_url} (token checked"
        + (", private CA kept" if result.private_ca else "")
        + ")"
    )
    return 0


def _sync_now(args: argparse.Namespace) -> int:
    from hall_desk.domain.errors import DomainError
    from hall_desk.services.context import DeskContext
    from hall_desk.services.sync import sync_now

    try:
        report = sync_now(DeskContext())
    except DomainError as error:
        print(f"sync failed: {reason(error)}", file=sys.stderr)
        return EXIT_FAILED
    if report.recovered:
        print(f"recovered {report.recovered} own events from head office first")
    print(
        f"sent {report.sent}, stored {report.stored}, duplicate {report.duplicate}, "
        f"quarantined {report.quarantined}, refused {report.refused}"
    )
    print(
        f"pulled {report.pulled}, applied {report.applied}, kept {report.pull_kept}, "
        f"duplicate {report.pull_duplicate}, dead letters {report.pull_dead}"
        + (", new policy in force" if report.policy_changed else "")
        + (" (head office offers no downlink)" if report.downlink_unavailable else "")
    )
    if report.files_sent or report.files_failed or report.files_unavailable:
        print(
            f"files sent {report.files_sent} ({report.file_bytes} bytes), "
            f"refused {report.files_failed}"
            + (" (head office takes no files yet)" if report.files_unavailable else "")
        )
    if report.status is not None:
        print(
            f"waiting {report.status.waiting}, dead letters {report.status.dead_letters}, "
            f"files waiting {report.status.files_waiting}, "
            f"files refused {report.status.files_failed}"
        )
    if report.error is not None:
        print(f"sync failed: {reason(report.error)}", file=sys.stderr)
        return EXIT_FAILED
    return 0


def _recover(args: argparse.Namespace) -> int:
    from hall_desk.domain.errors import DomainError
    from hall_desk.services.context import DeskContext
    from hall_desk.services.sync import recover_from_hq

    try:
        report = recover_from_hq(DeskContext())
    except DomainError as error:
        print(f"hall-desk recover: {reason(error)}", file=sys.stderr)
        return EXIT_FAILED
    if not report.fetched:
        print(
            f"nothing to recover: head office holds no events of this desk past seq "
            f"{report.from_seq}"
        )
        return 0
    kinds = ", ".join(f"{kind} {count}" for kind, count in sorted(report.types.items()))
    print(
        f"recovered {report.fetched} events from head office: seq {report.from_seq + 1}"
        f"..{report.to_seq} ({kinds}); applied {report.applied}, not applied "
        f"{report.not_applied}"
    )
    if report.files_fetched or report.files_missing:
        print(
            f"files of this desk's transfers fetched: {report.files_fetched}"
            + (f" ({report.files_missing} not held by head office)" if report.files_missing else "")
        )
    return 0


STAGES = {
    "connect": "asking head office who this token belongs to",
    "keys": "opening the key escrow",
    "events": "taking back this desk's events",
    "hall": "pulling the hall's events (staff, policy, other desks)",
    "files": "fetching the files of this desk's transfers",
}


def _recover_new_pc(args: argparse.Namespace, store: Any) -> int:
    from hall_desk.domain.errors import DomainError
    from hall_desk.services.context import DeskContext
    from hall_desk.services.desk_recovery import recover_new_desk
    from hall_desk.services.sync import read_ca_bundle
    from hall_desk.storage.db import StoreError, close_store, open_store

    try:
        ca_pem = read_ca_bundle(args.ca_file) if args.ca_file else ""
    except DomainError as error:
        print(f"hall-desk recover: {reason(error)}", file=sys.stderr)
        return EXIT_FAILED
    link = {"ca_pem": ca_pem, "allow_plain_http": args.allow_plain_http}
    try:
        token, recovery_code = _read_recovery(args)
    except CommandFailed as error:
        print(f"hall-desk recover: {error}", file=sys.stderr)
        return EXIT_FAILED
    if not token:
        print("hall-desk recover: no token on standard input", file=sys.stderr)
        return EXIT_USAGE
    if args.keys_only:
        from hall_desk.services.desk_recovery import recover_keys

        try:
            count = recover_keys(
                DeskContext(), args.head_office, args.desk, token, recovery_code, **link
            )
        except DomainError as error:
            print(f"hall-desk recover: {reason(error)}", file=sys.stderr)
            return EXIT_FAILED
        print(
            f"desk {args.desk.strip().upper()}: {count} keys and the token put back into this "
            f"PC's keyring from head office's escrow; restore a backup now (hall-desk restore)"
        )
        return 0
    try:
        open_store(store)
    except StoreError as error:
        print(
            f"hall-desk recover: cannot open {error.path}: {error.code} {error.detail}".strip(),
            file=sys.stderr,
        )
        return EXIT_FAILED
    shown = {"stage": ""}

    def progress(stage: str, done: int, total: int) -> None:
        if stage != shown["stage"]:
            shown["stage"] = stage
            print(f"{STAGES.get(stage, stage)} …", flush=True)
        if stage == "events" and total and sys.stdout.isatty():
            print(f"\r  seq {done} of {total}", end="", flush=True)

    try:
        result = recover_new_desk(
            DeskContext(),
            args.head_office,
            args.desk,
            token,
            recovery_code,
            progress=progress,
            **link,
        )
    except DomainError as error:
        print(f"hall-desk recover: {reason(error)}", file=sys.stderr)
        return EXIT_FAILED
    finally:
        close_store()
    print(
        f"desk {result.desk} recovered from {result.hq_url}: {result.events} own events, chain "
        f"at seq {result.to_seq}; {result.keys} keys back from escrow; {result.files} files"
        + (f" ({result.files_missing} not held by head office)" if result.files_missing else "")
    )
    if result.round is not None:
        print(f"pulled {result.round.pulled} hall events, applied {result.round.applied}")
    print(f"the next record is seq {result.to_seq + 1}")
    return 0


def _online_text(status: Any) -> str:
    """``yes``; ``no`` when head office cannot be reached (offline); and when it answered, but
    with an error (it is up: a 5xx, a refused token), says so with the HTTP status."""
    from hall_desk.sync.outbox import Reachability

    reach = status.reachability
    if reach is Reachability.ONLINE:
        return "yes"
    error = status.last_error
    if reach is Reachability.HQ_ERROR and error is not None:
        words = error.detail.split()
        said = " ".join(words[:3]) if error.http_status is not None else error.detail[:80]
        return f"head office answered with an error ({said or error.code})"
    return "no"  # offline: head office cannot be reached (or not tried yet)


def _sync_status(args: argparse.Namespace) -> int:
    from hall_desk.domain.clock import format_local
    from hall_desk.domain.errors import DomainError
    from hall_desk.services.sync import queue_status

    try:
        status = queue_status()
    except DomainError as error:
        print(f"hall-desk sync-status: {reason(error)}", file=sys.stderr)
        return EXIT_FAILED
    never = "never"
    lines = [
        ("head office", status.hq_url or "not registered"),
        ("online", _online_text(status)),
        ("waiting", str(status.waiting)),
        ("delivered", str(status.delivered)),
        (
            "dead letters",
            f"{status.dead_letters} (upload {status.upload_dead_letters}, "
            f"pull {status.pull_dead_letters})",
        ),
        ("last success", format_local(status.last_success) or never),
        ("last heard", format_local(status.last_heard) or never),
        ("files", f"{status.files_waiting} waiting, {status.files_failed} refused by head office"),
        ("pull cursor", str(status.pull_cursor)),
        (
            "last error",
            (
                f"{format_local(status.last_error.at)} {status.last_error.code}"
                + (f" ({status.last_error.detail})" if status.last_error.detail else "")
                if status.last_error
                else "none"
            ),
        ),
        ("clock offset", _offset_text(status.clock_offset, status.clock_skewed)),
    ]
    lines[1:1] = _link_lines(status)
    if status.hq_chain_state and status.hq_chain_state != "intact":
        lines.append(("head office chain", f"{status.hq_chain_state} {status.hq_chain_detail}"))
    width = max(len(label) for label, _ in lines)
    for label, value in lines:
        print(f"{label + ':':<{width + 1}} {value}")
    return 0


def _link_lines(status: Any) -> list[tuple[str, str]]:
    """``transport`` (and ``certificate`` when head office presented one) for ``sync-status``."""
    from hall_desk.domain.clock import SystemClock, format_local

    if not status.registered:
        return []
    if status.plain_http:
        return [("transport", "plain http (not encrypted)")]
    scheme = status.hq_url.split(":", 1)[0]
    lines = [("transport", scheme + (" (private CA)" if status.private_ca else ""))]
    if status.hq_cert_not_after is not None:
        days = status.cert_days_left(SystemClock().now())
        lines.append(
            (
                "certificate",
                f"valid until {format_local(status.hq_cert_not_after)}"
                + (
                    f"  WARNING: head office's certificate expires in {days} days"
                    if days is not None
                    else ""
                ),
            )
        )
    return lines


def _backup(args: argparse.Namespace) -> int:
    from pathlib import Path

    from hall_desk.domain.errors import DomainError
    from hall_desk.services.backup import backup_now
    from hall_desk.services.context import DeskContext
    from hall_desk.services.staff import authenticate

    ctx = DeskContext()
    try:
        # 立即备份 is a store manager's (issue 20): the same sign-in as the app's, lockout included.
        session = authenticate(ctx, args.staff, _read_password(args.staff))
        done = backup_now(ctx, session, folder=Path(args.to).expanduser() if args.to else None)
    except DomainError as error:
        print(f"backup failed: {reason(error)}", file=sys.stderr)
        return EXIT_FAILED
    header = done.backup.header
    print(
        f"backup written and verified: {done.backup.path} ({done.backup.size} bytes, "
        f"desk {header.desk}, event seq {header.seq}, {done.seconds:.1f} s)"
    )
    for path in done.pruned:
        print(f"removed old backup {path.name}")
    return 0


def _restore(args: argparse.Namespace, store: Any) -> int:
    from pathlib import Path

    from hall_desk.domain.clock import SystemClock, format_local, parse_utc_iso
    from hall_desk.domain.errors import DomainError
    from hall_desk.services.backup import backup_key_present, restore_backup
    from hall_desk.storage.backup import read_header, store_desk

    backup = Path(args.file).expanduser().resolve()
    try:
        header = read_header(backup)
        backup_key_present(backup, header)  # before asking: without the key nothing can be done
    except DomainError as error:
        print(f"hall-desk restore: {reason(error)}", file=sys.stderr)
        return EXIT_FAILED
    current = store_desk(store)
    print(
        f"backup of desk {header.desk} (hall {header.hall}) made "
        f"{format_local(parse_utc_iso(header.created))}, event seq {header.seq}"
    )
    if store.exists():
        print(
            f"it replaces {store}"
            + (f" (desk {current})" if current else " (unreadable)")
            + "; that file is kept as "
            + store.name
            + ".replaced-<time>"
        )
    if not args.yes:
        if sys.stdin is None:
            return EXIT_USAGE
        print('type "yes" to verify the backup and restore it: ', end="", flush=True)
        if sys.stdin.readline().strip().lower() != "yes":
            print("not restored", file=sys.stderr)
            return EXIT_FAILED
    try:
        print(f"verifying {backup} …", flush=True)
        _, kept = restore_backup(store, backup, now=SystemClock().now(), force=args.force)
    except DomainError as error:
        print(f"hall-desk restore: {reason(error)}; nothing was replaced", file=sys.stderr)
        return EXIT_FAILED
    print(
        f"verified and restored {store} from {backup.name}"
        + (f"; the replaced store is {kept}" if kept else "")
    )
    return 0


def _support_bundle(args: argparse.Namespace, store: Any, logs: Any) -> int:
    from pathlib import Path

    from hall_desk.domain.clock import SystemClock
    from hall_desk.domain.errors import DomainError
    from hall_desk.services.support import bundle_name, desk_code, write_support_bundle
    from hall_desk.storage.db import StoreError, close_store, open_store

    problem = ""
    opened = False
    if not store.is_file():
        problem = f"no store file at {store}"
    else:
        try:
            open_store(store)
            opened = True
        except StoreError as error:
            problem = f"{error.code} {error.detail}".strip()
    try:
        now = SystemClock().now()
        target = Path(args.file).expanduser() if args.file else Path.cwd()
        if target.is_dir():
            target = target / bundle_name(desk_code() if opened else None, now)
        try:
            done = write_support_bundle(
                target.resolve(),
                now=now,
                logs=logs,
                store=store,
                store_open=opened,
                store_problem=problem,
                qt_version=_qt_version(),
            )
        except DomainError as error:
            print(f"hall-desk support-bundle: {target}: {reason(error)}", file=sys.stderr)
            return EXIT_FAILED
    finally:
        if opened:
            close_store()
    if problem:
        print(f"the store could not be opened ({problem}); the bundle says so", file=sys.stderr)
    print(f"support bundle written: {done.path} ({done.size} bytes)")
    return 0


def _qt_version() -> str:
    """The Qt runtime's version, if Qt loads here (no display needed)."""
    try:
        from PySide6.QtCore import qVersion
    except ImportError:
        return ""
    return str(qVersion())


def _self_test(store: Any) -> int:
    from hall_desk.services.selftest import Outcome, passed, registered_hq_link, run_self_test
    from hall_desk.storage.db import StoreError

    print(f"hall-desk self-test ({__import__('hall_desk').__version__})", flush=True)
    try:
        hq_url, ca_pem = registered_hq_link(store)
        unreadable = None
    except StoreError as error:
        hq_url, ca_pem, unreadable = None, "", error
    _tell_upgrade()
    results = run_self_test(hq_url, ca_pem=ca_pem)
    if unreadable is not None:
        print(
            f"{Outcome.FAIL.value} 本机数据：无法打开 {unreadable.path}，总部地址无法读取 "
            f"[{unreadable.code}]"
        )
    for result in results:
        print(result.line, flush=True)
    ok = passed(results) and unreadable is None
    print("自检通过" if ok else "自检未通过：请把以上 FAIL 行告诉技术支持")
    return 0 if ok else EXIT_FAILED


PROGRESS_EVERY = 10_000


def _verify_audit(args: argparse.Namespace) -> int:
    from hall_desk.domain.errors import DomainError
    from hall_desk.services.setup import current_desk
    from hall_desk.storage.events import highest_answered_seq, verify_desk_chain

    info = current_desk()
    if info is None:
        print("hall-desk verify-audit: this data directory has no hall set up yet", file=sys.stderr)
        return EXIT_FAILED
    desk = info.desk_code
    on_terminal = sys.stderr.isatty()

    def progress(count: int) -> None:
        print(f"\r{count:,} events checked…", end="", file=sys.stderr, flush=True)

    try:
        report = verify_desk_chain(desk, progress if on_terminal else None, PROGRESS_EVERY)
    except DomainError as error:  # sealed identity data and no key: the chain cannot be checked
        print(f"hall-desk verify-audit: {reason(error)}", file=sys.stderr)
        return EXIT_FAILED
    if on_terminal and report.count >= PROGRESS_EVERY:
        print(file=sys.stderr)
    answered = highest_answered_seq()
    if report.intact and answered > report.count:
        print(
            f"desk {desk}: event chain BROKEN at its end: it stops at seq {report.count} but "
            f"head office answered for events up to seq {answered}: seq {report.count + 1}"
            f"{'' if answered == report.count + 1 else f'–{answered}'} missing"
        )
        return EXIT_FAILED
    if report.intact:
        print(f"desk {desk}: event chain whole, {report.count:,} events checked from seq 1")
        _print_redacted(report.redacted)
        return 0 if _first_responders_hold() else EXIT_FAILED
    if report.first_bad_seq is None:
        print(f"desk {desk}: event chain BROKEN: {report.reason}")
    else:
        print(
            f"desk {desk}: event chain BROKEN at seq {report.first_bad_seq} "
            f"(event {report.first_bad_id}): {report.reason}"
        )
        print(f"the {report.count - 1:,} events before it are whole")
    return EXIT_FAILED


REDACTED_SHOWN = 50


def _first_responders_hold() -> bool:
    """首问责任制 (issue 20): every complaint's first responder is its ``complaint.created``
    event's; any that differs is listed (the triggers were dropped and the row changed)."""
    from hall_desk.storage.events import first_responder_mismatches

    wrong = first_responder_mismatches()
    if not wrong:
        return True
    print(f"{len(wrong):,} complaints whose first responder differs from their complaint.created:")
    for item in wrong[:REDACTED_SHOWN]:
        said = item.created_no or "no complaint.created event held"
        print(f"  {item.number}: first responder {item.table_no}, complaint.created says {said}")
    if len(wrong) > REDACTED_SHOWN:
        print(f"  … and {len(wrong) - REDACTED_SHOWN:,} more")
    return False


def _print_redacted(redacted: tuple[tuple[int, str, str], ...]) -> None:
    """Events whose payload a retention purge redacted: links checked, the content checked against
    the hash the purge recorded (the original content's hash cannot be recomputed)."""
    if not redacted:
        return
    print(
        f"{len(redacted):,} events redacted by a retention purge (links checked; content "
        "checked against the hash the purge recorded):"
    )
    for seq, event_id, by in redacted[:REDACTED_SHOWN]:
        print(f"  seq {seq} (event {event_id}): redacted by {by}")
    if len(redacted) > REDACTED_SHOWN:
        print(f"  … and {len(redacted) - REDACTED_SHOWN:,} more")


def _offset_text(offset: timedelta | None, skewed: bool) -> str:
    if offset is None:
        return "unknown"
    seconds = offset.total_seconds()
    direction = "ahead of" if seconds >= 0 else "behind"
    text = f"{_duration(abs(seconds))} {direction} head office"
    if skewed:
        text += "  WARNING: more than 5 minutes off, fix the desk clock"
    return text


def _duration(seconds: float) -> str:
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, secs = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    days, hours = divmod(hours, 24)
    parts = [f"{days} d"] if days else []
    if hours or days:
        parts.append(f"{hours} h")
    parts.append(f"{minutes} min")
    if not days:
        parts.append(f"{secs} s")
    return " ".join(parts)


REASONS = {
    "auth.wrong_credentials": "wrong staff number or password",
    "auth.locked": "this account is locked for a while after too many wrong passwords",
    "auth.disabled": "this account is disabled",
    "auth.must_change_password": "this password was reset: sign in to the app and change it first",
    "auth.not_signed_in": "only a signed-in store manager may do this",
    "permission.denied": "this staff member's role may not do this (a manual backup: the store manager)",
    "identity.keyring_unavailable": "no system keyring holds the key of the identity data at rest",
    "identity.key_missing": "the identity-data key is gone from the system keyring "
    "(restore it from key escrow)",
    "identity.key_wrong": "identity data does not open with this desk's key",
    "sync.not_registered": "this desk is not registered with head office (hall-desk register)",
    "sync.no_token": "the system keyring holds no token for this desk (register again)",
    "sync.offline": "head office cannot be reached (network down or head office stopped)",
    "sync.timeout": "head office did not answer in time",
    "sync.certificate_refused": "head office's TLS certificate was refused (expired, another "
    "name, or issued by a CA this desk does not trust: give head office's CA with --ca-file)",
    "hq_url.plain_http": "plain http to another machine would send the token and customers' "
    "numbers unencrypted: use https:// (or --allow-plain-http to accept that)",
    "hq_ca.invalid": "the --ca-file is not a readable PEM file of certificates",
    "sync.auth_invalid": "head office does not accept this desk's token (register again)",
    "sync.auth_revoked": "head office has revoked this desk's token (ask head office for a new one)",
    "sync.server_error": "head office answered with an error or garbage; nothing was marked delivered",
    "sync.desk_mismatch": "the desk code or token belongs to another desk",
    "sync.unexpected": "an unexpected error in the uploader (see the log)",
    "credentials.unavailable": "no system keyring is available to keep the token; "
    "the desk keeps queuing but cannot upload",
    "demo.cannot_register": "the demo desk can never be registered with head office",
    "setup.not_done": "this data directory has no hall set up yet",
    "hq_url.invalid": "the head-office URL is not a valid http(s) URL",
    "token.invalid": "that is not a desk token (hd1_…)",
    "backup.no_folder": "no backup folder is chosen (设置 → 数据备份, or --to DIR)",
    "backup.folder_missing": "the backup folder is not there (USB drive not plugged in, or the "
    "network share not connected)",
    "backup.keyring_unavailable": "no system keyring is available to keep the backup key; "
    "no backup is written without encryption",
    "backup.write_failed": "the backup could not be written (disk full or removed?); nothing "
    "half-written is left",
    "backup.corrupt": "the backup (or the store it was made from) fails its check: damaged",
    "backup.not_a_backup": "that file is not a hall_desk backup",
    "backup.copy_failed": "the store could not be copied beside itself for the backup (this PC's "
    "disk full?)",
    "backup.format_unknown": "that backup was written by a newer app version",
    "backup.unreadable": "the backup file cannot be read",
    "backup.wrong_key": "the backup key in this system keyring is not the one the backup was "
    "made with",
    "backup.no_key": "this desk's backup key is not in the system keyring: restoring on a new PC "
    "needs the key put back from head office's escrow first",
    "backup.other_desk": "the backup belongs to another desk than this store (--force to restore "
    "it anyway)",
    "backup.newer_schema": "the backup was made by a newer app version: install it first",
    "backup.app_running": "the app is running on this data directory: close it first",
    "support.folder_not_writable": "that folder cannot be written to (missing, or no permission)",
    "support.disk_full": "the disk is full; nothing half-written is left",
    "support.write_failed": "the bundle could not be written; nothing half-written is left",
    "recover.not_empty": "this data directory already holds a desk: recover a new PC into an "
    "empty data directory (--data-dir)",
    "recover.nothing_held": "head office holds no events of this desk: nothing to recover",
    "desk_code.invalid": "that is not a desk code (like HA01-02)",
    "sync.recovery_refused": "an event head office sent does not continue this desk's chain; "
    "nothing of it was kept",
    "escrow.none": "head office holds no key escrow of this desk (it never synced its keys)",
    "escrow.unopenable": "the key escrow held for this desk does not open (altered?)",
    "escrow.invalid": "the key escrow is not in a form this app reads",
    "escrow.unavailable": "head office keeps no escrow key (its operator must set --escrow-key)",
    "escrow.key_changed": "head office offers another escrow key than the one this desk pinned",
    "escrow.release_required": "head office did not release this desk's key escrow: give the "
    "recovery code issued with the new token (hall-desk-hq add-desk DESK --new-token prints it on "
    "the line after the token; valid 72 hours, once) on the line after the token, or with "
    "--recovery-code-file; a used, expired or mistyped code needs a new --new-token",
    "recovery_code.invalid": "that is not a recovery code (16 letters and digits, like "
    "7KQ2-M9XD-4TRV-0HCW)",
}


def reason(error: Any) -> str:
    """One line: what went wrong in words, and the code (and detail) for the log and support."""
    code = getattr(error, "code", "")
    detail = getattr(error, "detail", "") or ""
    text = REASONS.get(code, code or str(error))
    return f"{text} [{code}{': ' + detail if detail else ''}]".replace("\n", " ")
