"""Intake figures on a seeded store: cold start, saving a complaint, the customer's history.

Usage (from the repository root)::

    python benchmarks/bench_intake.py                  # 100,000 complaints (seeded and cached once)
    python benchmarks/bench_intake.py --rows 1000000   # ten years of a busy hall
    python benchmarks/bench_intake.py --json           # machine-readable figures on stdout
    python benchmarks/bench_intake.py --rows 1500 --startup-only   # the cold start alone, quickly
    python benchmarks/bench_intake.py --startup-only --venv /tmp/hd-venv  # also `pip install .`

Works on a copy of the cached store (see ``seed.py``) in a temporary directory, so the cache is
never altered. Prints a markdown table (rows / figure / target / result / pass) that can be pasted
into the README, then the query plans of the history and repeat queries and a few figures that have
no target yet. Progress goes to stderr.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import random
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from functools import partial
from itertools import pairwise
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from seed import CLASS_WEIGHTS, CLERK, DEFAULT_ROWS, MANAGER, MOBILE_PREFIXES, seeded_copy  # noqa: E402

from benchmarks import outcome  # noqa: E402
from hall_desk.domain.catalogue import DEFAULT_CATALOGUE, NETWORK_CLASS  # noqa: E402
from hall_desk.domain.clock import parse_utc_iso  # noqa: E402
from hall_desk.domain.complaints import ComplaintDraft  # noqa: E402
from hall_desk.domain.identity import is_complete_phone  # noqa: E402
from hall_desk.domain.policy import NetworkUrgency, Tier  # noqa: E402
from hall_desk.services import complaints  # noqa: E402
from hall_desk.services.context import DeskContext  # noqa: E402
from hall_desk.services.staff import sign_in  # noqa: E402
from hall_desk.storage import db as storage_db  # noqa: E402
from hall_desk.storage.db import close_store, open_store  # noqa: E402
from hall_desk.storage.events import envelope_hash, events_of_desk, verify_chain  # noqa: E402

DESK = "HA01-02"
STARTUP_TIMEOUT = 120.0  # seconds; an app that never quits is "not ready"
BARE_QT = textwrap.dedent(
    """\
    import sys

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QWidget

    app = QApplication(sys.argv)
    window = QWidget()
    window.show()
    QTimer.singleShot(0, app.quit)
    sys.exit(app.exec())
    """
)


# ----------------------------------------------------------------------------------------------
# Results
# ----------------------------------------------------------------------------------------------


@dataclass
class Figure:
    """One line of the table. ``value`` is in ``unit``; ``ok`` is None when there is no target
    or the figure could not be measured."""

    key: str
    label: str
    value: float | None
    unit: str
    target: str = ""
    ok: bool | None = None
    note: str = ""
    headline: bool = False  # in the main table (the figures the README quotes)

    def shown(self) -> str:
        if self.value is None:
            return self.note or "n/a"
        if float(self.value).is_integer() and not self.unit:
            number = f"{self.value:,.0f}"  # a count
        else:
            number = f"{self.value:.2f}" if self.value < 100 else f"{self.value:,.0f}"
        text = f"{number} {self.unit}".strip()
        return f"{text} ({self.note})" if self.note else text


@dataclass
class Report:
    rows: int
    environment: dict[str, Any]
    figures: list[Figure] = field(default_factory=list)
    plans: dict[str, list[str]] = field(default_factory=dict)
    checks: dict[str, bool] = field(default_factory=dict)
    samples_ms: dict[str, dict[str, float]] = field(default_factory=dict)

    def add(self, figure: Figure) -> Figure:
        self.figures.append(figure)
        return figure


def percentile(values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100) of a non-empty sample."""
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def summary_ms(samples_s: Sequence[float]) -> dict[str, float]:
    ms = [s * 1000 for s in samples_s]
    return {
        "n": float(len(ms)),
        "p50": percentile(ms, 50),
        "p90": percentile(ms, 90),
        "p99": percentile(ms, 99),
        "max": max(ms),
        "mean": statistics.fmean(ms),
    }


def progress(text: str) -> None:
    print(f"[bench] {text}", file=sys.stderr, flush=True)


# ----------------------------------------------------------------------------------------------
# Cold start: the app to its sign-in window, beside a bare Qt window
# ----------------------------------------------------------------------------------------------


def _environment_for_start(installed: bool = False) -> dict[str, str]:
    env = dict(os.environ)
    env["HALL_DESK_QUIT_AFTER_SHOWN"] = "1"
    env["QT_QPA_PLATFORM"] = "offscreen"
    # As installed, the modules' bytecode is cached (pip compiles it): the untimed first start
    # writes it, rather than every start compiling the sources again.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if installed:  # the venv's own hall_desk, not this checkout's
        env.pop("PYTHONPATH", None)
    return env


def _run_once(
    command: list[str], cwd: Path, installed: bool = False
) -> tuple[float, subprocess.CompletedProcess[str] | None, str]:
    """Seconds from spawn to exit; the finished process, or None and why it did not finish."""
    started = time.perf_counter()
    try:
        done = subprocess.run(
            command,
            cwd=cwd,
            env=_environment_for_start(installed),
            capture_output=True,
            text=True,
            timeout=STARTUP_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return time.perf_counter() - started, None, f"did not exit within {STARTUP_TIMEOUT:.0f} s"
    return time.perf_counter() - started, done, ""


def _why_not(done: subprocess.CompletedProcess[str] | None, reason: str) -> str:
    if done is None:
        return reason
    lines = [line for line in (done.stderr or "").strip().splitlines() if line.strip()]
    return f"exit code {done.returncode}: {lines[-1] if lines else 'no error output'}"


def installed_venv(venv: Path) -> Path:
    """The Python of a virtual environment holding the app as the bundle has it: ``pip install .``
    from this checkout, no extras (so no psycopg, no test tools), with the pinned versions of
    packaging/constraints.txt. Made when ``venv`` does not exist yet (PyPI, or pip's cache, must be
    reachable); reinstalled from this checkout each run so that it holds the code measured."""
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    if not python.exists():
        progress(f"making the venv {venv} (pip install . — minutes the first time)")
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    progress(f"pip install . into {venv}")
    constraints = str(REPO / "packaging" / "constraints.txt")
    pip = [str(python), "-m", "pip", "install", "-q", "-c", constraints]
    subprocess.run([*pip, str(REPO)], check=True)  # the dependencies, when missing
    subprocess.run([*pip, "--no-deps", "--force-reinstall", str(REPO)], check=True)  # this code
    return python


def measure_startup(
    report: Report,
    data_dir: Path,
    work: Path,
    runs: int,
    python: str = sys.executable,
    installed: str = "",
) -> None:
    """Cold start of the app and of a bare Qt window, alternately, with ``python``; ``installed``
    names a venv where the app is installed (``pip install .``): its figures get that suffix."""
    bare_script = work / "bare_qt.py"
    bare_script.write_text(BARE_QT, encoding="utf-8")
    app = [python, "-m", "hall_desk", "--data-dir", str(data_dir)]
    bare = [python, str(bare_script)]
    # The checkout's hall_desk through cwd; the venv's own from a folder that holds none.
    cwd = work if installed else Path(__file__).resolve().parent.parent
    suffix = "_venv" if installed else ""
    where = f", `pip install .` venv {installed}" if installed else ", dev install"
    _run = partial(_run_once, installed=bool(installed))

    # One untimed start of each (loads the interpreter, Qt and the store into the OS cache).
    progress("cold start: warming up")
    _, bare_done, bare_reason = _run(bare, cwd)
    if bare_done is None or bare_done.returncode != 0:
        report.add(
            Figure(
                f"startup_bare_ms{suffix}",
                "bare Qt window shown and closed, median",
                None,
                "ms",
                note=f"bare Qt failed: {_why_not(bare_done, bare_reason)}",
            )
        )
        report.checks[f"a bare Qt window starts and quits{where}"] = False
        return
    _, app_done, app_reason = _run(app, cwd)
    app_ready = app_done is not None and app_done.returncode == 0
    app_note = "" if app_ready else f"app not ready: {_why_not(app_done, app_reason)}"

    # Alternate the two so that drift on the machine hits both alike.
    app_times: list[float] = []
    bare_times: list[float] = []
    for run in range(runs):
        progress(f"cold start: run {run + 1}/{runs}")
        seconds, done, _ = _run(bare, cwd)
        if done is not None and done.returncode == 0:
            bare_times.append(seconds)
        if app_ready:
            seconds, done, reason = _run(app, cwd)
            if done is None or done.returncode != 0:
                app_ready, app_note = False, f"app failed: {_why_not(done, reason)}"
            else:
                app_times.append(seconds)

    bare_ms = statistics.median(bare_times) * 1000 if bare_times else None
    app_ms = statistics.median(app_times) * 1000 if app_ready and app_times else None
    report.samples_ms[f"startup_bare{suffix}"] = summary_ms(bare_times) if bare_times else {}
    report.samples_ms[f"startup_app{suffix}"] = summary_ms(app_times) if app_ms is not None else {}
    report.add(
        Figure(
            f"startup_app_ms{suffix}",
            f"cold start to the sign-in window, median of {runs}{where}",
            app_ms,
            "ms",
            note="" if app_ms is not None else app_note,
            headline=True,
        )
    )
    report.add(
        Figure(
            f"startup_bare_ms{suffix}",
            f"bare Qt window shown and closed, median of {runs}{where}",
            bare_ms,
            "ms",
            headline=True,
        )
    )
    report.checks[f"the app starts and quits once its window shows, every run{where}"] = (
        app_ms is not None
    )
    ratio = app_ms / bare_ms if app_ms is not None and bare_ms else None
    report.add(
        Figure(
            f"startup_ratio{suffix}",
            f"cold start ÷ bare Qt window{where}",
            ratio,
            "×",
            "≤ 3×",
            None if ratio is None else ratio <= 3.0,
            note="" if ratio is not None else app_note,
        )
    )


# ----------------------------------------------------------------------------------------------
# In-process figures: history lookups, repeat preview, saves
# ----------------------------------------------------------------------------------------------


class RunningClock:
    """Real time, moved so that the benchmark's "now" starts just after the newest seeded
    complaint (the cache may have been built days ago); saves continue that day's numbering."""

    def __init__(self, start: datetime) -> None:
        self._shift = datetime.now(UTC) - start

    def now(self) -> datetime:
        return datetime.now(UTC) - self._shift


@contextmanager
def captured_sql() -> Iterator[list[tuple[str, tuple[Any, ...]]]]:
    """Every statement peewee sends while the block runs, with its parameters."""
    seen: list[tuple[str, tuple[Any, ...]]] = []
    database = storage_db.database
    original = database.execute_sql

    def recording(sql: str, params: Sequence[Any] | None = None) -> Any:
        seen.append((sql, tuple(params or ())))
        return original(sql, params)

    database.execute_sql = recording  # type: ignore[method-assign]
    try:
        yield seen
    finally:
        del database.execute_sql  # back to the class's method


def query_plan(sql: str, params: tuple[Any, ...]) -> list[str]:
    rows = storage_db.database.execute_sql("EXPLAIN QUERY PLAN " + sql, params).fetchall()
    return [str(row[3]) for row in rows]


def plan_of(call: Callable[[], object], table: str = "complaint") -> tuple[str, list[str]]:
    """The SQL (first statement reading ``table``, quoted by peewee or not) that ``call`` runs,
    and its query plan."""
    reads = re.compile(rf'\b(FROM|JOIN)\s+"?{re.escape(table)}"?(\s|$)')
    with captured_sql() as seen:
        call()
    for sql, params in seen:
        if sql.lstrip().upper().startswith("SELECT") and reads.search(sql):
            return sql, query_plan(sql, params)
    raise AssertionError(f"no SELECT on {table} seen")


def uses_index(plan: Sequence[str], index: str) -> bool:
    """Searched through ``index``, with no table scan and no sort of its own."""
    return (
        any(
            f"USING INDEX {index}" in line or f"USING COVERING INDEX {index}" in line
            for line in plan
        )
        and not any(line.startswith("SCAN") for line in plan)
        and not any("TEMP B-TREE" in line for line in plan)
    )


def timed(calls: Sequence[Callable[[], object]]) -> list[float]:
    samples = []
    for call in calls:
        started = time.perf_counter()
        call()
        samples.append(time.perf_counter() - started)
    return samples


def machine_environment(**extra: object) -> dict[str, object]:
    """What the figures depend on, printed under every report."""
    return {
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "cpus": os.cpu_count(),
        "machine": platform.machine(),
        **extra,
        "date": datetime.now(UTC).strftime("%Y-%m-%d"),
    }


def time_cases(
    report: Report,
    cases: Sequence[tuple[str, str, Callable[[], object], bool]],
    repeat: int,
    quantiles: Sequence[str],
    target_ms: float,
) -> None:
    """Each case (key, label, call, has a target) warmed once, then timed ``repeat`` times."""
    for key, label, call, targeted in cases:
        progress(label)
        call()  # warm
        ms = summary_ms(timed([call] * repeat))
        report.samples_ms[key] = ms
        for q in quantiles:
            report.add(
                Figure(
                    f"{key}_{q}_ms",
                    f"{label}, {q} of {repeat}",
                    ms[q],
                    "ms",
                    f"≤ {target_ms:.0f} ms" if targeted else "",
                    ms[q] <= target_ms if targeted else None,
                    headline=targeted,
                )
            )


def finish(report: Report, as_json: bool, strict: bool) -> int:
    """Prints the report (markdown or JSON); returns the exit code (``benchmarks/outcome.py``)."""
    if as_json:
        print(json.dumps(asdict(report), ensure_ascii=False, indent=2, default=str))
    else:
        print(markdown(report))
    return outcome.exit_code(
        strict=strict,
        missed=[f.key for f in report.figures if f.ok is False],
        failed=[name for name, ok in report.checks.items() if not ok],
    )


def _new_phone(rng: random.Random, taken: set[str]) -> str:
    while True:
        phone = rng.choice(MOBILE_PREFIXES) + str(rng.randrange(10**8)).zfill(8)
        if phone not in taken and is_complete_phone(phone):
            taken.add(phone)
            return phone


def _drafts(
    rng: random.Random, count: int, known: Sequence[tuple[str, str, str]], taken: set[str]
) -> list[ComplaintDraft]:
    """Drafts as clerks type them: 60 % from customers already in the store (half of those
    about the same problem as last time), 40 % from new customers."""
    drafts = []
    mains = list(CLASS_WEIGHTS)
    weights = list(CLASS_WEIGHTS.values())
    for _ in range(count):
        if rng.random() < 0.6:
            phone, main, sub = rng.choice(known)
            if rng.random() < 0.5:
                main = rng.choices(mains, weights=weights)[0]
                sub = rng.choice(DEFAULT_CATALOGUE.sub_classes(main))
        else:
            phone = _new_phone(rng, taken)
            main = rng.choices(mains, weights=weights)[0]
            sub = rng.choice(DEFAULT_CATALOGUE.sub_classes(main))
        drafts.append(
            ComplaintDraft(
                phone=phone,
                customer_name=rng.choice(("陈先生", "刘女士", "周伟", "吴秀英")),
                tier=rng.choices([t.value for t in Tier], weights=(0.05, 0.15, 0.8))[0],
                main_class=main,
                sub_class=sub,
                description="客户反映本月话费异常，要求核实。" * rng.randint(1, 4),
                customer_request="核实并退还多收费用",
                network_urgency=NetworkUrgency.NORMAL.value if main == NETWORK_CLASS else "",
                amount=f"{rng.randint(1, 500)}.{rng.randint(0, 99):02d}"
                if rng.random() < 0.3
                else "",
            )
        )
    return drafts


def measure_in_process(report: Report, store: Path, args: argparse.Namespace) -> None:
    rng = random.Random(args.seed)
    started = time.perf_counter()
    open_store(store)
    report.add(
        Figure(
            "open_store_ms",
            "open_store (checks, pragmas, migrations)",
            (time.perf_counter() - started) * 1000,
            "ms",
        )
    )
    try:
        database = storage_db.database
        newest = database.execute_sql("SELECT max(accepted_at) FROM complaint").fetchone()[0]
        ctx = DeskContext(clock=RunningClock(parse_utc_iso(newest) + timedelta(minutes=1)))
        clerk = sign_in(ctx, CLERK.staff_no, CLERK.password)
        manager = sign_in(ctx, MANAGER.staff_no, MANAGER.password)

        # The customers to look up: random existing numbers, with their latest problem.
        phones = [r[0] for r in database.execute_sql("SELECT DISTINCT phone FROM complaint")]
        lookups = rng.sample(phones, min(args.lookups, len(phones)))
        latest = {
            phone: database.execute_sql(
                "SELECT main_class, sub_class FROM complaint WHERE phone = ? "
                "ORDER BY accepted_at DESC LIMIT 1",
                (phone,),
            ).fetchone()
            for phone in rng.sample(phones, min(len(phones), args.saves * 2))
        }
        known = [(phone, main, sub) for phone, (main, sub) in latest.items()]

        # Query plans of the exact statements the services run.
        probe = lookups[0]
        sql, plan = plan_of(lambda: complaints.customer_history(probe))
        report.plans["customer_history"] = [sql, *plan]
        report.checks["history query searches complaint_phone_accepted"] = uses_index(
            plan, "complaint_phone_accepted"
        )
        sql, plan = plan_of(lambda: complaints.preview_repeat(ctx, probe, "电信资费", "代收信息费"))
        report.plans["preview_repeat / repeat check in record_complaint"] = [sql, *plan]
        report.checks["repeat query searches complaint_phone_accepted"] = uses_index(
            plan, "complaint_phone_accepted"
        )

        # Customer history, as the intake form asks for it once the number is complete.
        progress(f"customer_history × {len(lookups)}")
        timed([partial(complaints.customer_history, p) for p in phones[:50]])  # warm the cache
        samples = timed([partial(complaints.customer_history, p) for p in lookups])
        history = summary_ms(samples)
        report.samples_ms["customer_history"] = history
        for q in ("p50", "p99"):
            report.add(
                Figure(
                    f"history_{q}_ms",
                    f"customer_history, {q} of {len(lookups)}",
                    history[q],
                    "ms",
                    "≤ 5 ms",
                    history[q] <= 5.0,
                )
            )

        # The repeat warning on the form (the same query record_complaint runs before saving).
        progress(f"preview_repeat × {len(lookups)}")
        classes = [(s.main, s.name) for s in DEFAULT_CATALOGUE.all()]
        calls: list[Callable[[], object]] = []
        for phone in lookups:
            main, sub = rng.choice(classes)
            calls.append(partial(complaints.preview_repeat, ctx, phone, main, sub))
        repeat = summary_ms(timed(calls))
        report.samples_ms["preview_repeat"] = repeat
        for q in ("p50", "p99"):
            report.add(
                Figure(
                    f"repeat_{q}_ms",
                    f"preview_repeat, {q} of {len(lookups)}",
                    repeat[q],
                    "ms",
                    "≤ 5 ms",
                    repeat[q] <= 5.0,
                )
            )

        # Informational: the lists and the search (no target yet).
        informational(report, manager, clerk, rng.choice(lookups), _new_phone(rng, set(phones)))

        # Saving: record_complaint with its event, synchronous=FULL as the store opens it.
        sync = database.execute_sql("PRAGMA synchronous").fetchone()[0]
        report.checks["saves run with synchronous=FULL"] = sync == 2
        day_counter_before = dict(database.execute_sql("SELECT day, last FROM day_counter"))
        last_seq = database.execute_sql("SELECT max(seq) FROM event").fetchone()[0]
        drafts = _drafts(rng, args.saves, known, set(phones))
        progress(f"record_complaint × {len(drafts)}")
        saved: list[complaints.RecordedComplaint] = []

        def save(draft: ComplaintDraft) -> None:
            saved.append(complaints.record_complaint(ctx, clerk, draft))

        samples = timed([partial(save, d) for d in drafts])
        saves = summary_ms(samples)
        report.samples_ms["record_complaint"] = saves
        target = 20.0
        for q in ("p50", "p99"):
            report.add(
                Figure(
                    f"save_{q}_ms",
                    f"record_complaint + event, {q} of {len(drafts)}",
                    saves[q],
                    "ms",
                    f"≤ {target:.0f} ms" if q == "p99" else "",
                    saves[q] <= target if q == "p99" else None,
                    headline=True,
                )
            )
        report.add(
            Figure(
                "save_repeats",
                "of which marked 重复投诉",
                sum(s.repeat.is_repeat for s in saved),
                "",
            )
        )
        report.add(
            Figure(
                "wal_mb", "WAL after the saves (no checkpoint ran)", _wal_size(store) / 1e6, "MB"
            )
        )

        # The saves continued the numbering and the chain.
        first = saved[0].number
        day = first.split("-")[2]
        report.checks["first save continues the day's numbering"] = (
            int(first.split("-")[3]) == day_counter_before.get(day, 0) + 1
        )
        tail = list(events_of_desk(DESK, after_seq=last_seq - 1))
        report.checks["event chain intact across the saves"] = (
            len(tail) == len(saved) + 1
            and all(envelope_hash(e) == e["hash"] for e in tail)
            and all(b["prev"] == a["hash"] and b["seq"] == a["seq"] + 1 for a, b in pairwise(tail))
        )
        if args.verify_chain:
            progress("verify_desk_chain (whole log)")
            started = time.perf_counter()
            result = verify_chain(events_of_desk(DESK))
            report.add(
                Figure(
                    "verify_chain_s",
                    "verify_desk_chain over the whole log",
                    time.perf_counter() - started,
                    "s",
                )
            )
            report.checks["whole event chain verifies"] = result.intact
    finally:
        close_store()


def informational(report: Report, manager: Any, clerk: Any, phone: str, missing_phone: str) -> None:
    """Figures with no target: what the lists and the search cost at this size."""
    cases: list[tuple[str, str, Callable[[], object]]] = [
        (
            "list_hall_ms",
            "list_complaints, hall (newest 200)",
            lambda: complaints.list_complaints(manager),
        ),
        (
            "list_clerk_ms",
            "list_complaints, a clerk's own (newest 200)",
            lambda: complaints.list_complaints(clerk),
        ),
        (
            "search_phone_ms",
            "list_complaints search, 4 digits of a phone",
            lambda: complaints.list_complaints(manager, phone[-4:]),
        ),
        (
            "search_name_ms",
            "list_complaints search, a customer name",
            lambda: complaints.list_complaints(manager, "刘女士"),
        ),
        (
            "search_missing_ms",
            "list_complaints search, a full phone number not in the store",
            lambda: complaints.list_complaints(manager, missing_phone),
        ),
        ("count_ms", "count_complaints", complaints.count_complaints),
    ]
    for key, label, call in cases:
        call()
        samples = timed([call] * 5)
        report.add(Figure(key, f"{label}, median of 5", statistics.median(samples) * 1000, "ms"))
        sql, plan = plan_of(call)
        report.plans[label] = [sql, *plan]


def short_sql(sql: str) -> str:
    """The statement with a long column list shown as ``<n columns>``."""
    head, found, tail = sql.partition(" FROM ")
    columns = head.removeprefix("SELECT ").split(", ")
    if not found or len(columns) <= 6:
        return sql
    return f"SELECT <{len(columns)} columns> FROM {tail}"


def _wal_size(store: Path) -> int:
    wal = store.with_name(store.name + "-wal")
    return wal.stat().st_size if wal.exists() else 0


# ----------------------------------------------------------------------------------------------
# Output
# ----------------------------------------------------------------------------------------------


def markdown(report: Report) -> str:
    rows = f"{report.rows:,}"
    mark = {True: "✅", False: "❌", None: ""}
    lines = ["| rows | figure | target | result | pass |", "|---:|---|---|---:|:---:|"]
    headline = [f for f in report.figures if f.headline or f.target]
    others = [f for f in report.figures if f not in headline]
    lines += [f"| {rows} | {f.label} | {f.target} | {f.shown()} | {mark[f.ok]} |" for f in headline]
    lines += ["", "Also measured (no target):", "", "| rows | figure | result |", "|---:|---|---:|"]
    lines += [f"| {rows} | {f.label} | {f.shown()} |" for f in others]
    lines += ["", "Checks:", ""]
    lines += [f"- {mark[ok]} {name}" for name, ok in report.checks.items()]
    lines += ["", "Query plans (EXPLAIN QUERY PLAN of the statements the services run):", ""]
    for name, (sql, *plan) in report.plans.items():
        lines += [f"{name}:", "```", short_sql(sql), *(f"  {step}" for step in plan), "```"]
    env = ", ".join(f"{k} {v}" for k, v in report.environment.items())
    lines += ["", f"Environment: {env}"]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Intake benchmarks on a seeded desk store.")
    parser.add_argument("--rows", type=int, default=DEFAULT_ROWS, help="complaints in the store")
    parser.add_argument("--saves", type=int, default=500, help="record_complaint calls")
    parser.add_argument("--lookups", type=int, default=1000, help="history lookups")
    parser.add_argument("--runs", type=int, default=5, help="cold starts of each kind")
    parser.add_argument("--seed", type=int, default=7, help="random seed of the workload")
    parser.add_argument("--skip-startup", action="store_true", help="leave out the cold start")
    parser.add_argument(
        "--startup-only",
        action="store_true",
        help="only the cold start (quick: a small --rows store is enough to print the figure)",
    )
    parser.add_argument(
        "--venv",
        metavar="DIR",
        help="also measure the cold start with the app installed by `pip install .` (no extras) "
        "in the virtual environment DIR (made if missing: needs PyPI or pip's cache)",
    )
    parser.add_argument(
        "--verify-chain",
        action="store_true",
        help="also time verify_desk_chain over the whole log (minutes on 1M)",
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of markdown")
    outcome.add_strict(parser)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="hall_desk-bench-") as tmp:
        work = Path(tmp)
        data_dir = work / "data"
        progress(f"store with {args.rows:,} complaints → {data_dir}")
        started = time.perf_counter()
        store, seeded = seeded_copy(args.rows, data_dir)
        report = Report(
            args.rows, machine_environment(**{"store MB": round(store.stat().st_size / 1e6)})
        )
        if seeded is not None:
            report.add(Figure("seed_s", "seeding (built now, then cached)", seeded.seconds, "s"))
        report.add(
            Figure(
                "copy_s",
                "copy of the cached store (and its fsync)",
                time.perf_counter() - started - (seeded.seconds if seeded else 0.0),
                "s",
            )
        )
        if not args.skip_startup:
            measure_startup(report, data_dir, work, args.runs)
            if args.venv:
                python = installed_venv(Path(args.venv).resolve())
                measure_startup(report, data_dir, work, args.runs, str(python), args.venv)
        if not args.startup_only:
            measure_in_process(report, store, args)
    return finish(report, args.json, args.strict)


if __name__ == "__main__":
    outcome.run(main)
