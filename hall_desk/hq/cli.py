"""``hall-desk-hq``: run and administer the head-office intake service.

    hall-desk-hq serve --host H --port P --database URL
    hall-desk-hq add-hall CODE --name NAME
    hall-desk-hq add-desk DESK [--new-token]      prints the desk's token once, alone on stdout;
                                                  --new-token re-issues it (the old one stops
                                                  working at once): a replaced PC recovers with it
    hall-desk-hq revoke-desk DESK
    hall-desk-hq status                           one tab-separated line per desk (with the
                                                  version of its key escrow, or none)
    hall-desk-hq add-operator NAME [--new-token]  prints the operator's token once, alone on stdout
    hall-desk-hq reply COMPLAINT --text T --operator NAME
    hall-desk-hq decide-refund REFUND --approve|--refuse --reason R --operator NAME [--hall H]
    hall-desk-hq set-policy FILE --operator NAME [--hall H]     every hall without --hall
    hall-desk-hq disable-staff HALL STAFF --operator NAME     stands until enable-staff
    hall-desk-hq enable-staff HALL STAFF --operator NAME      lifts head office's disable
    hall-desk-hq intake                           what the intake rules hold: events applied
                                                  under an older payload version's looser rule
                                                  (per rule), flagged events, waiting events

Each decision is an event on the hall's head-office chain ``<HALL>-00`` with ``op:<NAME>`` as actor;
the command prints the event's id and seq.

``serve --escrow-key FILE`` (default ``$HALL_DESK_HQ_ESCROW_KEY``, or ``<database file>.escrow-key``
beside a SQLite database) is head office's key-escrow private key (:mod:`hall_desk.hq.escrow_keeper`).

Every command takes ``--database URL`` (default ``$HALL_DESK_HQ_DATABASE``). Errors are one line on
stderr and a non-zero exit code. ``serve`` prints ``listening on http://H:P`` once it accepts
connections (with ``--port 0``, the port the system chose).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import socket
import sys
from pathlib import Path

from hall_desk.hq.escrow_keeper import ESCROW_KEY_ENV, EscrowKeeper, default_key_path
from hall_desk.hq.store import HQStore, HQStoreError, redact_url
from hall_desk.logfiles import masking_handler

log = logging.getLogger("hall_desk.hq.cli")

DATABASE_ENV = "HALL_DESK_HQ_DATABASE"
EXIT_ERROR = 1
EXIT_USAGE = 2


class CommandError(Exception):
    pass


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="hall-desk-hq", description="Head-office intake service.")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--database",
        metavar="URL",
        default=os.environ.get(DATABASE_ENV),
        help=f"sqlite:///path or postgresql://user:password@host/db (default: ${DATABASE_ENV})",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", parents=[common], help="run the HTTP service")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8470, help="0 picks a free port")
    serve.add_argument("--log-level", default="info", choices=["debug", "info", "warning", "error"])
    serve.add_argument(
        "--escrow-key",
        metavar="FILE",
        default=os.environ.get(ESCROW_KEY_ENV),
        help="head office's escrow private key, made on first use (default: $"
        f"{ESCROW_KEY_ENV}, or <database file>.escrow-key beside a SQLite database)",
    )

    hall = commands.add_parser("add-hall", parents=[common], help="register a hall")
    hall.add_argument("code")
    hall.add_argument("--name", required=True)

    desk = commands.add_parser(
        "add-desk", parents=[common], help="register a desk, print its token"
    )
    desk.add_argument("desk")
    desk.add_argument(
        "--new-token", action="store_true", help="replace the token of an existing desk"
    )

    revoke = commands.add_parser("revoke-desk", parents=[common], help="revoke a desk's token")
    revoke.add_argument("desk")

    commands.add_parser("status", parents=[common], help="per desk: events, seq, chain, quarantine")

    operator = commands.add_parser(
        "add-operator", parents=[common], help="register a head-office operator, print the token"
    )
    operator.add_argument("name")
    operator.add_argument(
        "--new-token", action="store_true", help="replace the token of an existing operator"
    )

    acting = argparse.ArgumentParser(add_help=False)
    acting.add_argument("--operator", required=True, metavar="NAME", help="who decides")

    reply = commands.add_parser(
        "reply", parents=[common, acting], help="answer a complaint transferred to head office"
    )
    reply.add_argument("complaint", help="the complaint's id or number")
    reply.add_argument("--text", required=True)

    refund = commands.add_parser(
        "decide-refund", parents=[common, acting], help="approve or refuse a refund"
    )
    refund.add_argument("refund", help="the refund's id")
    verdict = refund.add_mutually_exclusive_group(required=True)
    verdict.add_argument("--approve", action="store_true")
    verdict.add_argument("--refuse", action="store_true")
    refund.add_argument("--reason", required=True)
    refund.add_argument("--hall", help="the refund's hall, if head office has not received it yet")

    policy = commands.add_parser(
        "set-policy", parents=[common, acting], help="publish a policy document (JSON file)"
    )
    policy.add_argument("file")
    policy.add_argument("--hall", help="only this hall (default: every hall)")

    disable = commands.add_parser(
        "disable-staff", parents=[common, acting], help="disable a hall's staff account"
    )
    disable.add_argument("hall")
    disable.add_argument("staff")

    enable = commands.add_parser(
        "enable-staff",
        parents=[common, acting],
        help="lift head office's disable of a hall's staff account",
    )
    enable.add_argument("hall")
    enable.add_argument("staff")

    commands.add_parser(
        "intake",
        parents=[common],
        help="looser-rule counts, flagged and waiting events of head office's intake",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if not args.database:
        print(
            f"hall-desk-hq: no database: pass --database sqlite:///path (or postgresql://…)"
            f" or set {DATABASE_ENV}",
            file=sys.stderr,
        )
        return EXIT_USAGE
    try:
        if args.command == "serve":
            return _serve(args)
        # Only add-hall may start a new database: a mistyped path elsewhere is an error, not a file.
        store = HQStore.open(args.database, create=args.command == "add-hall")
        try:
            return _admin(store, args)
        finally:
            store.close()
    except (HQStoreError, CommandError) as error:
        print(f"hall-desk-hq: {error}", file=sys.stderr)
        return EXIT_ERROR


def _admin(store: HQStore, args: argparse.Namespace) -> int:
    if args.command == "add-hall":
        store.add_hall(args.code, args.name)
        print(f"hall {args.code} added", file=sys.stderr)
    elif args.command == "add-desk":
        token = store.add_desk(args.desk, new_token_for_existing=args.new_token)
        print(
            f"desk {args.desk}: its token follows, shown this once (head office keeps only a hash)",
            file=sys.stderr,
        )
        print(token)
    elif args.command == "revoke-desk":
        store.revoke_desk(args.desk)
        print(f"desk {args.desk} revoked", file=sys.stderr)
    elif args.command == "status":
        print(_status_table(store))
    elif args.command == "intake":
        print(_intake_report(store))
    elif args.command == "add-operator":
        token = store.add_operator(args.name, new_token_for_existing=args.new_token)
        print(
            f"operator {args.name}: the token follows, shown this once"
            " (head office keeps only a hash)",
            file=sys.stderr,
        )
        print(token)
    else:
        _decide(store, args)
    return 0


def _decide(store: HQStore, args: argparse.Namespace) -> None:
    operator = store.operator(args.operator)
    if args.command == "reply":
        events = [store.reply_complaint(args.complaint, args.text, operator)]
    elif args.command == "decide-refund":
        events = [
            store.decide_refund(args.refund, args.approve, args.reason, operator, hall=args.hall)
        ]
    elif args.command == "set-policy":
        try:
            with open(args.file, encoding="utf-8") as file:
                document = json.load(file)
        except OSError as error:
            raise CommandError(f"cannot read {args.file}: {error.strerror}") from None
        except ValueError as error:
            raise CommandError(f"{args.file} is not JSON: {error}") from None
        events = store.set_policy(document, operator, hall=args.hall)
    elif args.command == "disable-staff":
        events = [store.disable_staff(args.hall, args.staff, operator)]
    elif args.command == "enable-staff":
        events = [store.enable_staff(args.hall, args.staff, operator)]
    else:  # pragma: no cover - argparse knows every command
        raise CommandError(f"unknown command {args.command}")
    for event in events:
        print(f"{event['desk']}\t{event['seq']}\t{event['type']}\t{event['id']}")


STATUS_COLUMNS = (
    "desk",
    "hall",
    "stored",
    "highest_seq",
    "chain",
    "quarantined",
    "conflicts",
    "files",
    "escrow",
    "token",
    "waiting",
    "flagged",
)


def _status_table(store: HQStore) -> str:
    lines = ["\t".join(STATUS_COLUMNS)]
    for desk in store.status():
        row = (
            desk.desk, desk.hall, desk.stored, desk.highest_seq, desk.describe_chain(),
            desk.quarantined, desk.conflicts, desk.files,
            "-" if desk.desk.endswith("-00")
            else "none" if desk.escrow_version is None else f"v{desk.escrow_version}",
            "head office" if desk.desk.endswith("-00")
            else "revoked" if desk.revoked else "active",
            desk.waiting, desk.flagged,
        )  # fmt: skip
        lines.append("\t".join(str(cell) for cell in row))
    return "\n".join(lines)


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from hall_desk.hq.app import FAULT_ENV, create_app

    # To stderr (the service manager keeps it), masked like the desk's log files.
    logging.basicConfig(
        level=args.log_level.upper(), handlers=[masking_handler(logging.StreamHandler(sys.stderr))]
    )
    fault = os.environ.get(FAULT_ENV, "")
    store = HQStore.open(args.database)
    log.info("head-office store: %s", redact_url(args.database))
    key_path = (
        Path(args.escrow_key).expanduser() if args.escrow_key else default_key_path(store.path)
    )
    if key_path is None:
        log.warning("no escrow key file (--escrow-key): desks' keys cannot be escrowed here")
    else:
        log.info("escrow key file: %s", key_path)
    try:
        app = create_app(store, fault=fault, escrow_keeper=EscrowKeeper(key_path))
    except ValueError as error:
        store.close()
        raise CommandError(str(error)) from None
    if fault:
        log.warning("fault injection on: %s=%s", FAULT_ENV, fault)
    try:
        # proto=IPPROTO_TCP, not 0: asyncio sets TCP_NODELAY on accepted sockets only then, and
        # without it every keep-alive reply waits ~40 ms for a delayed ACK (Nagle).
        family = socket.AF_INET6 if ":" in args.host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((args.host, args.port))
    except OSError as error:
        store.close()
        raise CommandError(f"cannot listen on {args.host}:{args.port}: {error.strerror}") from None
    host, port = sock.getsockname()[:2]
    url_host = f"[{host}]" if ":" in host else host

    class _Server(uvicorn.Server):
        async def startup(self, sockets: list[socket.socket] | None = None) -> None:
            await super().startup(sockets)
            if not self.should_exit:
                print(f"listening on http://{url_host}:{port}", flush=True)

    config = uvicorn.Config(
        app,
        log_level=args.log_level,
        access_log=False,  # the store logs each batch; an access log adds nothing but noise
        timeout_keep_alive=30,
        lifespan="off",
    )
    server = _Server(config)
    try:
        asyncio.run(server.serve(sockets=[sock]))
    finally:
        sock.close()
        store.close()
    log.info("head office stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main())


def _intake_report(store: HQStore) -> str:
    """Three tab-separated tables, each under a header line: ``looser`` (family, version, rule,
    events applied under it), ``flagged`` (desk, seq, flag, event id, detail), ``waiting`` (desk,
    seq, family, entity id, event id)."""
    lines = ["looser\tfamily\tschema\trule\tevents"]
    lines += [f"looser\t{f}\t{v}\t{rule}\t{n}" for f, v, rule, n in store.looser_rules()]
    lines.append("flagged\tdesk\tseq\tflag\tevent\tdetail")
    lines += [f"flagged\t{d}\t{s}\t{flag}\t{e}\t{why}" for e, d, s, flag, why in store.flags()]
    lines.append("waiting\tdesk\tseq\tfamily\tentity\tevent")
    lines += [f"waiting\t{d}\t{s}\t{k}\t{i}\t{e}" for e, d, s, k, i in store.waiting()]
    return "\n".join(lines)
