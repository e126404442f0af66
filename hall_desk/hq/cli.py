"""``hall-desk-hq``: run and administer the head-office intake service.

    hall-desk-hq serve --host H --port P --database URL [--pool-size N] [--workers N]
                       [--certfile PEM --keyfile PEM]
    hall-desk-hq add-hall CODE --name NAME
    hall-desk-hq add-desk DESK [--new-token]      prints the desk's token once, alone on stdout;
                                                  --new-token re-issues it (the old one stops
                                                  working at once) and prints a second line, the
                                                  recovery code that releases the desk's key
                                                  escrow once within 72 hours: a replaced PC
                                                  recovers with both (a new desk has no escrow,
                                                  so plain add-desk prints no code)
    hall-desk-hq revoke-desk DESK
    hall-desk-hq migrate                          bring the database to this version's schema and
                                                  print it (upgrades: stop every worker, migrate,
                                                  start the new version); a newer schema than
                                                  this version knows is refused, naming both
    hall-desk-hq status [--json]                  one tab-separated line per desk (with the
                                                  version of its key escrow, or none, waiting and
                                                  flagged events); then, after a blank line, one
                                                  per operator; --json: the monitoring figures
    hall-desk-hq escrow-key new FILE              (PostgreSQL) the escrow key pair, made once
    hall-desk-hq secrets-key new FILE             (PostgreSQL) the console's secrets key, made once
    hall-desk-hq add-operator LOGIN [--name NAME] [--role ROLE] [--new-token]
                                                  prints the operator's token once, alone on
                                                  stdout; LOGIN is ASCII (li.wei), NAME any (王五);
                                                  ROLE operator (default), director,
                                                  department_head, leadership, supervisor, auditor
    hall-desk-hq revoke-operator LOGIN            its token stops working at once
    hall-desk-hq verify-audit                     recompute head office's audit log's hash
                                                  chain (sign-ins, enrolments, account and role
                                                  changes, resets, exports): exit 0 when intact,
                                                  1 naming the first entry that breaks it

The acting commands read the acting account's token on standard input (one line: what add-operator
printed), never a name on the command line; the account acts with its role:

    hall-desk-hq reply COMPLAINT --text T [--method 电话 [--called-at UTC]
                  [--quiet-reason 客户要求|客户来电 --quiet-note N]]   a call in quiet hours
                                                  needs a reason and a note (issue 20)
    hall-desk-hq accept-late-reply COMPLAINT --note T
                                                  accepts the store manager's confirmation of a
                                                  补录 reply's stated time (issue 20)
    hall-desk-hq decide-refund REFUND --approve|--refuse --reason R [--hall H]
                                                  director / department_head / leadership, up to
                                                  their level (policy hq_levels) on the whole
                                                  complaint's counted total: refund.over_level
    hall-desk-hq recommend-refund REFUND --approve|--refuse --note N
                                                  a director, above the director's level: the
                                                  department head or leadership then decides
    hall-desk-hq execute-refund REFUND --reference REF --amount YUAN --at TIME
                                                  the billing system credited it (TIME ISO 8601
                                                  with an offset); another amount than the
                                                  approved one is recorded as a failure
    hall-desk-hq fail-refund REFUND --reason R    the billing system could not credit it
    hall-desk-hq cancel-execution REFUND --reason R   a failed execution given up
    hall-desk-hq import-executions FILE           the billing system's CSV (number,reference,
                                                  amount,time): one report line per line
    hall-desk-hq set-role LOGIN ROLE              a supervisor; nobody their own; director,
                                                  department_head or leadership waits for a
                                                  second supervisor's same command
    hall-desk-hq set-policy FILE [--hall H]       every hall without --hall
    hall-desk-hq disable-staff HALL STAFF         stands until enable-staff
    hall-desk-hq enable-staff HALL STAFF          lifts head office's disable

    hall-desk-hq execution-queue [--hall H]       the 待执行 queue (and failed executions), one
                                                  tab-separated line per refund
    hall-desk-hq intake                           what the intake rules hold: events applied
                                                  under an older payload version's looser rule
                                                  (per rule), flagged events, waiting events

Each decision is an event on the hall's head-office chain ``<HALL>-00`` with ``op:<LOGIN>`` as actor;
the command prints the event's desk, seq, type and id.

``serve --escrow-key FILE`` (default ``$HALL_DESK_HQ_ESCROW_KEY``, or ``<database file>.escrow-key``
beside a SQLite database) is head office's key-escrow private key (:mod:`hall_desk.hq.escrow_keeper`).

``hall-desk-hq escrow-key new FILE`` / ``secrets-key new FILE`` (issue 18 item 4) make head office's
escrow key pair (the private key in FILE, 0600; the public key in FILE.pub) or the console's secrets
key once and record the fingerprint (refused when a key is recorded already); with PostgreSQL no key
is made on first use, and ``serve`` (each worker) refuses to start with a key whose fingerprint is not
the recorded one, naming both. ``serve --escrow-public-key FILE`` (or no key file: the recorded
public key) stores desks' escrows but opens none: only ``--escrow-key`` workers open them.
``hall-desk-hq status --json [--silent-hours H]``: the monitoring figures (README: deployment).

``serve --workers N`` (issue 18) runs N worker processes (uvicorn's) on one listening socket, each
with its own pool of ``--pool-size`` connections, on one PostgreSQL database: the hall's row lock and
unique constraints keep them consistent, no in-process lock does; a worker that dies is replaced.
SQLite is single-process: ``--workers`` above 1 on it is refused with a one-line error.

``serve --db-timeout SECONDS`` (PostgreSQL, default 15): a statement or lock wait that takes longer
is cut off, its transaction rolled back, and the request answered 503 ``db.busy`` with
``Retry-After``, as is a request that gets no pooled connection within 10 s (``db.unavailable``).

``serve --figures-every SECONDS`` (default 60; 0: none) brings 全省指标's daily figures up to date
in the background that often (:mod:`hall_desk.hq.figures_refresher`), one worker at a time, so the
first reader after a burst of uploads does not pay the backlog; stopped on shutdown.

``serve --secrets-key FILE`` (default ``$HALL_DESK_HQ_SECRETS_KEY``, or ``<database file>.secrets-key``
beside a SQLite database) seals the console's TOTP secrets (:mod:`hall_desk.hq.secrets_keeper`).
The console (issue 17) is at ``/console/``; ``add-operator`` prints, on standard error, a one-time
enrolment link where the account sets its password and second factor (``--console-url``).

``serve --certfile PEM --keyfile PEM`` serves https itself (uvicorn's TLS: the certificate chain,
leaf first, and its private key); without them it serves plain http, meant for loopback behind a
reverse proxy that terminates TLS (README: deployment). Files that cannot be read, or a key that
is not the certificate's, are a one-line error before anything listens.

Every command takes ``--database URL`` (default ``$HALL_DESK_HQ_DATABASE``). Errors are one line on
stderr and a non-zero exit code. ``serve`` prints ``listening on http://H:P`` (``https://`` with a
certificate) once it accepts connections (with ``--port 0``, the port the system chose).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import socket
import ssl
import sys
from pathlib import Path

from hall_desk.domain.hq_refunds import HQRole
from hall_desk.hq.escrow_keeper import (
    ESCROW_KEY_ENV,
    EscrowKeyError,
    default_key_path,
)
from hall_desk.hq.escrow_keeper import make_key_file as make_escrow_key
from hall_desk.hq.figures_refresher import DEFAULT_EVERY as FIGURES_EVERY
from hall_desk.hq.figures_refresher import attach as attach_figures_refresher
from hall_desk.hq.key_check import KeyCheckError, KeyFiles, worker_keys
from hall_desk.hq.secrets_keeper import SECRETS_KEY_ENV, SecretsKeyError, default_secrets_path
from hall_desk.hq.secrets_keeper import make_key_file as make_secrets_key
from hall_desk.hq.store import (
    DEFAULT_POOL_SIZE,
    ESCROW_RECORD,
    POSTGRES,
    SECRETS_RECORD,
    STATEMENT_TIMEOUT,
    HQStore,
    HQStoreError,
    OperatorIdentity,
    dialect_of,
    redact_url,
)
from hall_desk.hq.store.console import ENROL_HOURS
from hall_desk.hq.store.monitoring import SILENT_HOURS
from hall_desk.logfiles import masking_handler
from hall_desk.sync import escrow
from hall_desk.sync.protocol import REFUND_EXECUTION_FAILED

log = logging.getLogger("hall_desk.hq.cli")

DATABASE_ENV = "HALL_DESK_HQ_DATABASE"
CONSOLE_URL = "https://HOST:8400"  # the enrolment link names the console; HOST is replaced by hand
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
        "--certfile",
        metavar="PEM",
        help="serve https with this certificate chain (leaf first); needs --keyfile",
    )
    serve.add_argument("--keyfile", metavar="PEM", help="the private key of --certfile")
    serve.add_argument(
        "--pool-size",
        type=int,
        default=DEFAULT_POOL_SIZE,
        metavar="N",
        help=f"PostgreSQL: at most N database connections (default {DEFAULT_POOL_SIZE})",
    )
    serve.add_argument(
        "--db-timeout",
        type=float,
        default=STATEMENT_TIMEOUT,
        metavar="SECONDS",
        help="PostgreSQL: a statement (or lock wait) taking longer is answered 503 with"
        f" Retry-After (default {STATEMENT_TIMEOUT:g})",
    )
    serve.add_argument(
        "--figures-every",
        type=float,
        default=FIGURES_EVERY,
        metavar="SECONDS",
        help="bring 全省指标's daily figures up to date in the background this often (default"
        f" {FIGURES_EVERY:g}; 0: only when read); one worker at a time",
    )
    serve.add_argument(
        "--workers",
        type=int,
        default=1,
        metavar="N",
        help="worker processes (PostgreSQL only above 1; each has its own --pool-size pool)",
    )
    serve.add_argument(
        "--escrow-key",
        metavar="FILE",
        default=os.environ.get(ESCROW_KEY_ENV),
        help="head office's escrow private key, made on first use (default: $"
        f"{ESCROW_KEY_ENV}, or <database file>.escrow-key beside a SQLite database)",
    )
    serve.add_argument(
        "--escrow-public-key",
        metavar="FILE",
        help="only the escrow public key (escrow-key new writes FILE.pub): this worker stores"
        " desks' escrows but opens none (route …/escrow/open to workers with --escrow-key);"
        " without either, the public key head office recorded",
    )
    serve.add_argument(
        "--secrets-key",
        metavar="FILE",
        default=os.environ.get(SECRETS_KEY_ENV),
        help="head office's secrets key sealing the console's TOTP secrets, made on first use"
        f" (default: ${SECRETS_KEY_ENV}, or <database file>.secrets-key beside a SQLite database)",
    )

    for kind, what in (("escrow-key", "escrow key pair"), ("secrets-key", "console secrets key")):
        key_command = commands.add_parser(
            kind, parents=[common], help=f"make head office's {what} once and record it"
        )
        key_actions = key_command.add_subparsers(dest="key_action", required=True)
        made = key_actions.add_parser(
            "new",
            parents=[common],
            help=f"make the {what} in FILE (0600; refused if it exists) and record its"
            " fingerprint in the database",
        )
        made.add_argument("file", metavar="FILE")

    hall = commands.add_parser("add-hall", parents=[common], help="register a hall")
    hall.add_argument("code")
    hall.add_argument("--name", required=True)

    desk = commands.add_parser(
        "add-desk", parents=[common], help="register a desk, print its token"
    )
    desk.add_argument("desk")
    desk.add_argument(
        "--new-token",
        action="store_true",
        help="replace the token of an existing desk (a replaced PC) and print, on a second line,"
        " a one-time recovery code releasing its key escrow for 72 hours",
    )

    revoke = commands.add_parser("revoke-desk", parents=[common], help="revoke a desk's token")
    revoke.add_argument("desk")

    status = commands.add_parser(
        "status", parents=[common], help="per desk: events, seq, chain, quarantine"
    )
    status.add_argument(
        "--json",
        action="store_true",
        help="the monitoring figures as one JSON object: per hall its queue depth, quarantine"
        " rate, oldest unexecuted refund and silent desks, and the replicas' lag (README)",
    )
    status.add_argument(
        "--silent-hours",
        type=int,
        default=SILENT_HOURS,
        metavar="H",
        help=f"with --json: a desk that sent nothing for H hours is silent (default {SILENT_HOURS})",
    )
    commands.add_parser(
        "verify-audit",
        parents=[common],
        help="recompute head office's audit log's hash chain (exit 1 when broken)",
    )
    commands.add_parser(
        "migrate",
        parents=[common],
        help="bring the database to this version's schema (every worker stopped first)",
    )

    operator = commands.add_parser(
        "add-operator", parents=[common], help="register a head-office operator, print the token"
    )
    operator.add_argument("login", help="ASCII, like li.wei: the actor op:LOGIN of its decisions")
    operator.add_argument("--name", help="the name people know, e.g. 王五 (default: the login)")
    operator.add_argument(
        "--role",
        choices=[r.value for r in HQRole],
        help="what the account may do (a new operator: operator; with --new-token: unchanged"
        " unless given)",
    )
    operator.add_argument(
        "--new-token",
        action="store_true",
        help="replace the token of an existing operator; its console password and second factor"
        " are reset (its sessions end) and a new enrolment link is printed",
    )
    operator.add_argument(
        "--console-url",
        default=CONSOLE_URL,
        metavar="URL",
        help=f"where the console is reached, for the enrolment link (default {CONSOLE_URL})",
    )

    revoke_operator = commands.add_parser(
        "revoke-operator", parents=[common], help="revoke an operator: its token stops working"
    )
    revoke_operator.add_argument("login")

    # Acting commands: the acting account's token is read on standard input (one line).
    acting = argparse.ArgumentParser(add_help=False)

    reply = commands.add_parser(
        "reply", parents=[common, acting], help="answer a complaint transferred to head office"
    )
    reply.add_argument("complaint", help="the complaint's id or number")
    reply.add_argument("--text", required=True)
    reply.add_argument("--method", default="", help="how the customer was told: 电话, 短信 …")
    reply.add_argument("--called-at", default=None, help="the call's time, UTC ISO (…Z)")
    reply.add_argument(
        "--quiet-reason", default="", help="a call in quiet hours: 客户要求/客户来电"
    )
    reply.add_argument("--quiet-note", default="", help="a call in quiet hours: what happened")

    accept_late = commands.add_parser(
        "accept-late-reply",
        parents=[common, acting],
        help="accept a store manager's confirmation of a 补录 reply's stated time (issue 20)",
    )
    accept_late.add_argument("complaint", help="the complaint's id or number")
    accept_late.add_argument("--note", required=True, help="what head office checked")

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

    recommend = commands.add_parser(
        "recommend-refund",
        parents=[common, acting],
        help="a director's recommendation on a refund above the director's level",
    )
    recommend.add_argument("refund", help="the refund's id or number")
    leaning = recommend.add_mutually_exclusive_group(required=True)
    leaning.add_argument("--approve", action="store_true", help="recommend approving it")
    leaning.add_argument("--refuse", action="store_true", help="recommend refusing it")
    recommend.add_argument("--note", required=True)

    execute = commands.add_parser(
        "execute-refund",
        parents=[common, acting],
        help="record a refund as credited to the phone account (已到账)",
    )
    execute.add_argument("refund", help="the refund's id or number")
    execute.add_argument("--reference", required=True, help="the billing system's reference")
    execute.add_argument("--amount", required=True, help="the amount credited, yuan")
    execute.add_argument(
        "--at", required=True, metavar="TIME", help="when it was credited, ISO 8601 with an offset"
    )

    fail = commands.add_parser(
        "fail-refund", parents=[common, acting], help="record a refund's execution as failed"
    )
    fail.add_argument("refund", help="the refund's id or number")
    fail.add_argument("--reason", required=True)

    cancel = commands.add_parser(
        "cancel-execution",
        parents=[common, acting],
        help="give up a failed execution (the refund no longer counts)",
    )
    cancel.add_argument("refund", help="the refund's id or number")
    cancel.add_argument("--reason", required=True)

    set_role = commands.add_parser(
        "set-role",
        parents=[common, acting],
        help="a supervisor changes an operator's role (its console sessions end); a deciding role"
        " waits for a second supervisor running the same command",
    )
    set_role.add_argument("login")
    set_role.add_argument("role", choices=[r.value for r in HQRole])

    batch = commands.add_parser(
        "import-executions",
        parents=[common, acting],
        help="import the billing system's result file (CSV: number,reference,amount,time)",
    )
    batch.add_argument("file")

    queue = commands.add_parser(
        "execution-queue", parents=[common], help="refunds waiting for execution (待执行) or failed"
    )
    queue.add_argument("--hall", help="only this hall")

    commands.add_parser(
        "rebuild-figures",
        parents=[common],
        help="recompute 全省指标's daily figures from the complaint and refund tables",
    )
    commands.add_parser(
        "intake",
        parents=[common],
        help="looser-rule counts, flagged and waiting events of head office's intake",
    )
    for name in ACTING_COMMANDS:  # argparse does not inherit a parent's epilog
        commands.choices[name].epilog = ACTING_EPILOG
    return parser


ACTING_COMMANDS = (
    "reply", "decide-refund", "set-policy", "disable-staff", "enable-staff", "recommend-refund",
    "execute-refund", "fail-refund", "cancel-execution", "import-executions", "accept-late-reply",
    "set-role",
)  # fmt: skip
ACTING_EPILOG = (
    "The acting operator's token (one line: what add-operator printed) is read on standard input;"
    " the account acts with its role."
)


def _figures_after_upgrade(store: HQStore) -> None:
    """全省指标's daily figures of the rows held before schema 17, built once (issue 17)."""
    rebuilt = store.rebuild_figures_if_pending()
    if rebuilt is not None:
        log.info("全省指标: daily figures built for %d complaints and %d refunds", *rebuilt)
        print(
            f"daily figures built for {rebuilt[0]} complaints and {rebuilt[1]} refunds held before"
            " the upgrade",
            file=sys.stderr,
        )


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
        store = HQStore.open(
            args.database, create=args.command in ("add-hall", "escrow-key", "secrets-key")
        )
        try:
            return _admin(store, args)
        finally:
            store.close()
    except (HQStoreError, CommandError) as error:
        print(f"hall-desk-hq: {error}", file=sys.stderr)
        return EXIT_ERROR


def _new_key(store: HQStore, kind: str, path: Path) -> None:
    """``escrow-key new FILE`` / ``secrets-key new FILE``: made once, its fingerprint recorded; a
    database that recorded another key already refuses (nothing is written)."""
    name = ESCROW_RECORD if kind == "escrow-key" else SECRETS_RECORD
    recorded = store.key_record(name)
    if recorded is not None:
        raise CommandError(
            f"head office recorded its {kind} on {recorded.recorded_at} (fingerprint"
            f" {recorded.fingerprint}): give every worker that key's file; a new one would"
            + (" leave every escrow unopenable" if name == ESCROW_RECORD else " void every TOTP")
        )
    try:
        if name == ESCROW_RECORD:
            public: str | None = make_escrow_key(path)
            fingerprint = escrow.fingerprint(public or "")
        else:
            public, fingerprint = None, make_secrets_key(path)
    except (EscrowKeyError, SecretsKeyError) as error:
        raise CommandError(error.message) from None
    record = store.record_key(name, fingerprint, public)
    if record.fingerprint != fingerprint:  # another command recorded one meanwhile
        raise CommandError(
            f"head office recorded another {kind} meanwhile ({record.fingerprint}); {path} is"
            " not it: remove it"
        )
    if name == ESCROW_RECORD:
        print(
            f"escrow key made in {path} (keep it apart from the database, backed up offline);"
            f" its public key in {path}.pub for workers that only store escrows",
            file=sys.stderr,
        )
    else:
        print(f"secrets key made in {path}: give every worker a copy (0600)", file=sys.stderr)
    print(fingerprint)


def _admin(store: HQStore, args: argparse.Namespace) -> int:
    if args.command in ("escrow-key", "secrets-key"):
        _new_key(store, args.command, Path(args.file).expanduser())
    elif args.command == "migrate":  # opening the store migrated it
        from hall_desk import __version__

        _figures_after_upgrade(store)
        print(
            f"{redact_url(args.database)}: schema {store.schema_version()}"
            f" (hall-desk-hq {__version__})"
        )
    elif args.command == "add-hall":
        store.add_hall(args.code, args.name)
        print(f"hall {args.code} added", file=sys.stderr)
    elif args.command == "add-desk" and args.new_token:
        _reissue(store, args.desk)
    elif args.command == "add-desk":
        token = store.add_desk(args.desk)
        print(
            f"desk {args.desk}: its token follows, shown this once (head office keeps only a hash);"
            " a new desk has no key escrow yet, so no recovery code is issued",
            file=sys.stderr,
        )
        print(token)
    elif args.command == "revoke-desk":
        store.revoke_desk(args.desk)
        print(f"desk {args.desk} revoked", file=sys.stderr)
    elif args.command == "status" and args.json:
        print(json.dumps(_monitoring(store, args.silent_hours), ensure_ascii=False, indent=1))
    elif args.command == "status":
        print(_status_table(store))
    elif args.command == "rebuild-figures":
        complaints, refunds = store.rebuild_figures()
        print(f"daily figures rebuilt from {complaints} complaints and {refunds} refunds")
    elif args.command == "verify-audit":
        checked = store.verify_audit()
        if not checked.intact:
            raise CommandError(
                f"audit log broken at entry {checked.broken_at}: {checked.problem}"
                f" ({checked.entries} entries before it intact)"
            )
        print(f"audit log: {checked.entries} entries, hash chain intact")
    elif args.command == "intake":
        print(_intake_report(store))
    elif args.command == "execution-queue":
        print(_queue_table(store, args.hall))
    elif args.command == "add-operator":
        token = store.add_operator(
            args.login, display_name=args.name, new_token_for_existing=args.new_token,
            role=args.role,
        )  # fmt: skip
        print(
            f"operator {args.login}: the token follows, shown this once"
            " (head office keeps only a hash)",
            file=sys.stderr,
        )
        enrolment = store.start_enrolment(args.login)
        print(
            f"console enrolment link (one use, {ENROL_HOURS} hours; sets the password and the"
            f" second factor): {args.console_url.rstrip('/')}/console/enrol/{enrolment}",
            file=sys.stderr,
        )
        print(token)
    elif args.command == "revoke-operator":
        store.revoke_operator(args.login)
        print(f"operator {args.login} revoked", file=sys.stderr)
    else:
        return _decide(store, args)
    return 0


def _reissue(store: HQStore, desk: str) -> None:
    """``add-desk --new-token``: the token, then the recovery code, one per line on stdout (so
    ``hall-desk recover`` can read both from standard input); what they are, on stderr."""
    issued = store.reissue_desk(desk)
    if issued.recovery_code is None:
        print(
            f"desk {desk}: registered; its token follows, shown this once (head office keeps only"
            " a hash); a new desk has no key escrow yet, so no recovery code is issued",
            file=sys.stderr,
        )
        print(issued.token)
        return
    held = (
        f"head office holds escrow version {issued.escrow_version} of this desk"
        if issued.escrow_version is not None
        else "head office holds no key escrow of this desk yet"
    )
    print(
        f"desk {desk}: new token (the old one no longer works) and the recovery code that releases"
        f" its key escrow for one opening until {issued.expires_at} follow, one per line, shown"
        f" this once (head office keeps only hashes); {held}. Give both to the person setting up"
        " the replaced PC (hall-desk recover, or 从总部恢复本台席).",
        file=sys.stderr,
    )
    print(issued.token)
    print(issued.recovery_code)


def _acting_operator(store: HQStore) -> OperatorIdentity:
    """The operator whose token is on standard input (its first line), unrevoked."""
    token = sys.stdin.readline().strip() if sys.stdin is not None else ""
    if not token:
        raise CommandError(
            "no operator token on standard input: give the acting account's token (what"
            " add-operator printed), e.g. hall-desk-hq decide-refund … < token-file"
        )
    operator = store.operator_for_token(token)
    if operator is None:
        raise CommandError("the token on standard input is not a head-office operator's")
    if operator.revoked:
        raise CommandError(f"operator {operator.name} was revoked: its token no longer works")
    return operator


def _decide(store: HQStore, args: argparse.Namespace) -> int:
    operator = _acting_operator(store)
    if args.command == "import-executions":
        return _import(store, args.file, operator)
    if args.command == "reply":
        events = [
            store.reply_complaint(
                args.complaint,
                args.text,
                operator,
                method=args.method,
                called_at=args.called_at,
                quiet_reason=args.quiet_reason,
                quiet_note=args.quiet_note,
            )
        ]
    elif args.command == "accept-late-reply":
        events = [store.accept_late_reply(args.complaint, args.note, operator)]
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
    elif args.command == "recommend-refund":
        events = [store.recommend_refund(args.refund, args.approve, args.note, operator)]
    elif args.command == "execute-refund":
        events = [
            store.record_execution(args.refund, args.reference, args.amount, args.at, operator)
        ]
    elif args.command == "fail-refund":
        events = [store.record_failure(args.refund, args.reason, operator)]
    elif args.command == "cancel-execution":
        events = [store.cancel_execution(args.refund, args.reason, operator)]
    elif args.command == "set-role":
        outcome = store.set_operator_role(args.login, args.role, operator)
        if outcome == "pending":
            print(
                f"{args.login} becomes {args.role} when a second supervisor runs the same command",
                file=sys.stderr,
            )
        else:
            print(f"{args.login} is now {args.role}; its console sessions ended", file=sys.stderr)
        return 0
    else:  # pragma: no cover - argparse knows every command
        raise CommandError(f"unknown command {args.command}")
    for event in events:
        print(f"{event['desk']}\t{event['seq']}\t{event['type']}\t{event['id']}")
    if args.command == "execute-refund" and events[0]["type"] == REFUND_EXECUTION_FAILED:
        print(
            f"hall-desk-hq: refund {events[0]['payload']['number']} recorded as FAILED, not"
            f" executed: {events[0]['payload']['reason']}",
            file=sys.stderr,
        )
        return EXIT_ERROR
    return 0


IMPORT_COLUMNS = ("line", "number", "outcome", "code", "detail")


def _import(store: HQStore, path: str, operator: OperatorIdentity) -> int:
    """``import-executions FILE``: one tab-separated report line per line of the file (after a
    header line); exit 1 when any line was not recorded as executed."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as file:
            text = file.read()
    except OSError as error:
        raise CommandError(f"cannot read {path}: {error.strerror}") from None
    except UnicodeDecodeError:
        raise CommandError(f"{path} is not UTF-8 text") from None
    reports = store.import_executions(text, operator)
    print("\t".join(IMPORT_COLUMNS))
    for r in reports:
        detail = " ".join(r.message.split())
        print("\t".join((str(r.line), r.number, r.outcome, r.code or "-", detail)))
    executed = sum(1 for r in reports if r.outcome == "executed")
    print(
        f"hall-desk-hq: {executed} of {len(reports)} lines recorded as executed",
        file=sys.stderr,
    )
    return 0 if executed == len(reports) else EXIT_ERROR


QUEUE_COLUMNS = ("hall", "number", "amount", "state", "execution", "since", "decided_by", "why")


def _queue_table(store: HQStore, hall: str | None) -> str:
    lines = ["\t".join(QUEUE_COLUMNS)]
    for q in store.execution_queue(hall):
        why = " ".join(q.failure.split())
        row = (q.hall, q.number, q.amount, q.state, q.execution, q.since, q.decided_by or "-", why)
        lines.append("\t".join(row))
    return "\n".join(lines)


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


OPERATOR_COLUMNS = ("operator", "name", "registered", "token", "role")
# Complaints whose first responder in head office's table is not their complaint.created event's.
FIRST_RESPONDER_COLUMNS = ("first_responder_differs", "table", "complaint.created")


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
    mismatches = store.first_responder_mismatches()
    if mismatches:  # 首问责任制 (issue 20): after a blank line, before the operators
        lines += ["", "\t".join(FIRST_RESPONDER_COLUMNS)]
        for wrong in mismatches:
            lines.append(
                "\t".join((wrong.number, wrong.table_no, wrong.created_no or "(no event)"))
            )
    operators = store.operators()
    if operators:  # a second table, after a blank line
        lines += ["", "\t".join(OPERATOR_COLUMNS)]
        for operator in operators:
            state = "revoked" if operator.revoked else "active"
            name = " ".join(operator.display_name.split())  # no tab or newline in a cell
            cells = (operator.login, name, operator.created_at, state, operator.role)
            lines.append("\t".join(cells))
    return "\n".join(lines)


def _monitoring(store: HQStore, silent_hours: int) -> dict[str, object]:
    """``status --json``: what to watch, with the README's thresholds in mind."""
    from hall_desk.domain.clock import utc_iso

    halls = store.hall_figures(silent_hours=silent_hours)
    return {
        "at": utc_iso(store.clock_now()),
        "schema": store.schema_version(),
        "silent_hours": silent_hours,
        "halls": [h.to_json() for h in halls],
        "replicas": store.replica_lag(),
    }


def _check_tls_files(certfile: str | None, keyfile: str | None) -> None:
    """Both or neither; readable; the key is the certificate's (a one-line error otherwise)."""
    if bool(certfile) != bool(keyfile):
        raise CommandError("--certfile and --keyfile go together (the certificate and its key)")
    if not certfile or not keyfile:
        return
    for option, path in (("--certfile", certfile), ("--keyfile", keyfile)):
        try:
            with open(path, "rb"):
                pass
        except OSError as error:
            raise CommandError(f"cannot read {option} {path}: {error.strerror}") from None
    try:
        ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER).load_cert_chain(certfile, keyfile)
    except ssl.SSLError as error:
        raise CommandError(
            f"--certfile {certfile} / --keyfile {keyfile} do not make a usable TLS identity "
            f"(not PEM, or the key is not the certificate's): {error.reason or error}"
        ) from None


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from hall_desk.hq.app import FAULT_ENV, create_app

    _check_tls_files(args.certfile, args.keyfile)
    if args.workers < 1:
        raise CommandError(f"--workers needs at least one worker, not {args.workers}")
    if args.figures_every < 0:
        raise CommandError(f"--figures-every needs 0 or more seconds, not {args.figures_every}")
    if args.workers > 1 and dialect_of(args.database) != POSTGRES:
        raise CommandError(
            f"--workers {args.workers}: SQLite serves from one process only (one writer at a"
            " time); several workers need a PostgreSQL database (postgresql://…)"
        )

    # To stderr (the service manager keeps it), masked like the desk's log files.
    logging.basicConfig(
        level=args.log_level.upper(), handlers=[masking_handler(logging.StreamHandler(sys.stderr))]
    )
    fault = os.environ.get(FAULT_ENV, "")
    # Opened here even for several workers: the database is migrated (or refused as newer) once,
    # before any worker starts.
    store = HQStore.open(args.database, pool_size=args.pool_size, statement_timeout=args.db_timeout)
    log.info("head-office store: %s", redact_url(args.database))
    _figures_after_upgrade(store)
    key_path = (
        Path(args.escrow_key).expanduser()
        if args.escrow_key
        else None  # a public-key-only worker: no private key beside the database either
        if args.escrow_public_key
        else default_key_path(store.path)
    )
    secrets_path = (
        Path(args.secrets_key).expanduser()
        if args.secrets_key
        else default_secrets_path(store.path)
    )
    files = KeyFiles(
        key_path,
        Path(args.escrow_public_key).expanduser() if args.escrow_public_key else None,
        secrets_path,
    )
    make = store.dialect != POSTGRES  # SQLite (one process): keys made on first use, as before
    try:
        escrow_keeper, secrets_keeper = worker_keys(store, files, make=make)
    except KeyCheckError as error:
        store.close()
        raise CommandError(error.message) from None
    log.info(
        "escrow: %s",
        {
            "private": f"key file {key_path} (opens escrows)",
            "public": "public key only (stores escrows, opens none)",
            "none": "no key (--escrow-key/--escrow-public-key): desks' keys cannot be escrowed here",
        }[escrow_keeper.mode],
    )
    if secrets_path is None:
        log.warning("no secrets key file (--secrets-key): nobody can enrol in the console")
    else:
        log.info("secrets key file: %s", secrets_path)
    try:
        app = create_app(
            store, fault=fault, escrow_keeper=escrow_keeper, secrets_keeper=secrets_keeper
        )
    except ValueError as error:
        store.close()
        raise CommandError(str(error)) from None
    if args.workers > 1:
        store.close()  # each worker opens its own store and pool
    if fault:
        log.warning("fault injection on: %s=%s", FAULT_ENV, fault)
    if args.certfile:
        log.info("serving https with certificate %s", args.certfile)
    elif args.host not in ("127.0.0.1", "::1", "localhost"):
        log.warning(
            "serving plain http on %s: desks' tokens and customers' numbers cross the network "
            "unencrypted; use --certfile/--keyfile or a TLS-terminating proxy",
            args.host,
        )
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
    scheme = "https" if args.certfile else "http"
    if args.workers > 1:
        return _serve_workers(args, sock, files, make, fault, f"{scheme}://{url_host}:{port}")

    class _Server(uvicorn.Server):
        async def startup(self, sockets: list[socket.socket] | None = None) -> None:
            await super().startup(sockets)
            if not self.should_exit:
                print(f"listening on {scheme}://{url_host}:{port}", flush=True)

    if args.figures_every:
        attach_figures_refresher(app, store, args.figures_every)
    config = uvicorn.Config(
        app,
        log_level=args.log_level,
        access_log=False,  # the store logs each batch; an access log adds nothing but noise
        timeout_keep_alive=30,
        lifespan="on" if args.figures_every else "off",  # the refresher's start and stop
        ssl_certfile=args.certfile,
        ssl_keyfile=args.keyfile,
    )
    server = _Server(config)
    try:
        asyncio.run(server.serve(sockets=[sock]))
    finally:
        sock.close()
        store.close()
    log.info("head office stopped")
    return 0


def _serve_workers(
    args: argparse.Namespace,
    sock: socket.socket,
    files: KeyFiles,
    make: bool,
    fault: str,
    url: str,
) -> int:
    """uvicorn's supervisor: ``args.workers`` processes accepting on ``sock``, each building its
    app with :func:`hall_desk.hq.worker.app_from_environment`; one that dies is replaced, one that
    cannot start (a newer schema) stops them all."""
    import uvicorn
    from uvicorn.supervisors import Multiprocess

    from hall_desk.hq.worker import APP_FACTORY, WORKER_ENV, WorkerSettings

    os.environ[WORKER_ENV] = WorkerSettings(
        args.database,
        args.pool_size,
        args.db_timeout,
        str(files.escrow_key) if files.escrow_key else None,
        fault,
        args.log_level,
        str(files.escrow_public_key) if files.escrow_public_key else None,
        str(files.secrets_key) if files.secrets_key else None,
        make,
        args.figures_every,
    ).to_environment()
    config = uvicorn.Config(
        APP_FACTORY,
        factory=True,
        workers=args.workers,
        log_level=args.log_level,
        access_log=False,
        timeout_keep_alive=30,
        lifespan="on" if args.figures_every else "off",  # the refresher's start and stop
        ssl_certfile=args.certfile,
        ssl_keyfile=args.keyfile,
    )
    sock.listen(config.backlog)  # connections wait in the backlog until a worker accepts
    log.info("starting %d workers", args.workers)
    print(f"listening on {url}", flush=True)
    try:
        Multiprocess(config, sockets=[sock]).run()
    finally:
        sock.close()
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
