"""Bulk seeder: a desk store holding years of a busy hall's complaints, for the benchmarks.

The hall, the desk and the staff accounts are created through the services (``set_up_hall`` and
``create_staff``), so those rows and their events are exactly what the app writes. The complaints,
their repeat links, the day counters and the chained events of every complaint's lifecycle are
then written directly with SQL (``executemany`` in big transactions), bypassing the services: a
million saves through ``record_complaint`` with ``synchronous=FULL`` would take hours.

What the generated data looks like (the complaints, links and payloads are the same for a given
row count and seeding day, whatever the number of workers; the set-up rows are not: the services
give them random UUIDs and password salts):

- ``rows`` complaints spread over ``rows / 100,000`` years (at least one, at most ten), ending on
  the day the seeder runs, during opening hours (08:30–20:00 Asia/Shanghai), fewer on weekends.
- Phone numbers from a pool of ``rows / 3`` customers: about 70 % of them complain once, the other
  30 % share the remaining complaints with a heavy tail (a few customers have hundreds). Repeat
  customers tend to come back within days about the same problem, so that 重复投诉 happens.
- Classes and sub-classes from :data:`hall_desk.domain.catalogue.DEFAULT_CATALOGUE`, deadlines
  from :func:`hall_desk.domain.deadlines.reply_deadline`, the ``repeat`` flag and the
  ``complaint_link`` rows from :func:`hall_desk.domain.complaints.find_repeats`, the event payload
  from :func:`hall_desk.services.complaints.complaint_state`: the same code the service runs.
- Numbers ``HA01-02-YYMMDD-NNNN`` run per local day in acceptance order, and ``day_counter`` holds
  the last number of each day, so the service continues the numbering correctly.
- Where each complaint is in its lifecycle, as of one minute after the newest complaint (the
  moment the benchmarks' clock shows), as a real hall's store looks:

  - older than 21 days: 已归档 (closed). Answered (``replied_at``) within its deadline for about
    92 %, after it for the rest; 85 % called back (满意 70 % / 基本满意 25 % / 不满意 5 %, which
    reopened it, answered again and called back 基本满意: ``dissatisfied`` stays set); archived
    1–5 days after the last step; verified (成立 60 % / 不成立 40 %, with whose responsibility);
    about 10 % transferred to a department or head office on the way (``handler_*``);
  - the last 21 days: accepted less than a day ago, 85 % still open; not yet due, half open; past
    its deadline, 4 % still open (overdue) and the rest answered, late for about 8 %. Open ones are
    已受理 35 % / 核实中 30 % / 已转派 15 % (a fifth of them to a colleague clerk, who then has it
    on their 我的跟进) / 处理中 20 %; answered ones are 已答复 if answered less than a day ago,
    else 已答复 30 % / 已回访 40 % / 已归档 30 %.

  On the 1,000,000-row store (seeded 2026-11-29): 491 open complaints, 204 of them overdue (the
  clerk 3001: 111 open, 46 overdue). Every answered complaint has its ``complaint_customer_reply`` row (so
  closing rules hold), every callback its ``complaint_callback`` row, every transfer its
  ``complaint_transfer`` row, and the v5 columns agree with them (``complaint_state``).
  ``--all-open`` keeps the worst case instead: every complaint of the ten years 已受理.
- The event log holds every event the services would have written: ``complaint.created`` (the
  state at acceptance, 已受理, through the catalogue's ``build_payload``: the current payload
  version, no ``changes`` map) and one event per lifecycle step the row went through
  (verification_started, verified, transferred, taken_back, replied_to_customer, called_back,
  closed), each with the full state, its ``changes`` and its ``record`` (the reply, callback and
  transfer records carry the ids of their rows), about six events per complaint. A complaint's
  steps follow its creation in the chain (its own events are in time order; the log as a whole
  is not sorted by time across complaints).
- Refunds (seed format ``s4``) on one complaint in ten (:data:`REFUND_SHARE`) of the fee class
  (电信资费, a third of all complaints): a hall refunds what a complaint about a charge proves
  wrong, and most fee complaints end in an explanation (a refund on every fee complaint would be
  a hall that overcharges everyone; one in a hundred would leave the queues empty). About 3.5 % of
  all complaints: 35,000 refunds in the million-row store, about ten a week. Only on a complaint
  whose verification holds (成立, our responsibility: 先确认，后退费), proposed by its first
  responder 5–30 minutes after the verification, numbered ``HA01-02-RYYMMDD-NNNN`` per local day
  with its ``day_counter`` row. The amount is the complaint's disputed amount (1–500 yuan) or,
  without one, about 30 yuan (log-normal); approval by :func:`decide_approval` with the limits of
  ``DEFAULT_POLICY`` (DOMAIN.md: the proposer's own request within their own limit, clerk 100
  yuan; the store manager up to 300; above, the store manager sends it to head office); the
  customer signs the slip (a signature pad's PNG, one of 16, and its SHA-256) at once. Head office
  decides half a day to four days later (85 % approved, by the director, department head or
  leadership by amount), kept in ``hq_decision`` and applied to the row as the downlink does
  (``replicas.decide_refund``); approved ones are executed (电子工单) a quarter day to three days
  after approval (``refund_execution`` as ``replicas.apply_refund_execution`` writes it) and the
  first responder tells the customer an eighth of a day to two days after that
  (``refund.customer_told``). As of the benchmarks' "now": a refund proposed less than a day ago is
  still 待审批 three times in ten; head office's and the execution's steps not yet due are not
  there (待总部审批, 待执行, the customer not yet told): the old ones are all finished. The desk's
  events (proposed, approved or sent_to_head_office, signed, customer_told) go through
  ``refund_state`` and the catalogue as refunds.py and refund_loop.py write them, chained right
  after their complaint's. A refund number planned for a complaint still open before its
  verification (the last day's) is not used: the service would not leave that gap.
- 过户 transfers (seed format ``s5``): one per hundred complaints (:data:`TRANSFER_SHARE`), opened
  1–10 minutes after a complaint's acceptance by whoever is at the counter. A hall whose desk takes
  about 270 complaints a day (100,000 a year) does two or three 过户 a day at that desk: a
  transfer needs both owners at the counter with their ID cards and happens a few times a day in
  a busy hall, less often than complaints (one per complaint would be a hall of transfers; one per
  thousand, a few a week, leaves the list empty). About 10,000 in the million-row store.
  Normal 过户 (原机主 and 新机主, resident ID cards), numbered ``HA01-02-GYYMMDD-NNNN`` per local
  day in the order opened, with their ``day_counter`` rows. As of the benchmarks' "now": opened
  more than a day ago: completed (both customers and the clerk signed 1–5 minutes apart, the
  agreements made half a minute to three minutes later), 3 % abandoned (:data:`ABANDON_REASONS`);
  opened within the last day: a quarter still 填写中, waiting for a signature (none, the new
  owner's, or both customers'); the rest completed. Each is written as transfers.py writes one:
  the ``transfer`` row with its identity data (``parties``, ``signatures``) **sealed with the
  seeded desk's own field key** (``Transfer.parties`` / ``.signatures`` setters:
  ``sealed.seal_value``), its ``transfer_file`` rows (three signatures, two agreements), and its
  events (transfer.opened, three transfer.signed, transfer.completed or transfer.abandoned) with
  ``transfer_state`` (the services' state builder) through the catalogue, stored sealed whole
  (``sealed.seal_payload``, bound to the event id, as ``events.stored_form`` stores
  ``transfer.*``), chained right after their complaint's events (as the refunds are).
  **What is real and what is shared**: at set-up, half an hour after the hall is set up, each of
  the five members of staff who handle 过户 (:data:`TRANSFER_STAFF`) completes one 过户 **through
  the services** (``open_transfer``, ``sign_as_customer`` twice, ``sign_as_clerk``,
  ``complete_transfer``): those five have real agreements, drawn and PAdES-certified with the
  desk's signing key, stored sealed in ``stored_file`` with their signature PNGs (and their print
  renditions). Every seeded 过户 handled by that member of staff references **that template's**
  signature files and its two certified agreements: the same ``stored_file`` rows (SHA-256, size,
  ``cert_sha256``, ``fingerprint`` of those bytes), under its own number (``document_no``, file
  name), its own parties, phone and times. So every hash, size and reference the app checks holds
  (``open_document``: the file's SHA-256 and its certification against the desk's certificate;
  ``StoredFile.read`` opens and ``file_content`` returns every file), but a seeded 过户's
  agreement *shows* the template's parties, number and dates, and the store holds 10 agreements
  (685 KB) instead of two per completed 过户. Why: through the services a completed 过户 costs
  about 0.26 s CPU (measured at b70e263, 2026-12-07, load 3.8 on the shared 2-core machine, the
  five templates: 1.32 s CPU) and its two agreements 137 KB (68.5 KB each): at a million
  complaints 10,000 real ones would add about 43 minutes of CPU to the seed (18 minutes
  without them, about 1.1 ms per complaint: more than three times as long) and 1.3 GB of files. A real store of that age holds those 1.3 GB of
  agreements in ``stored_file``; the seeded one does not (bench_store_size's ``stored_file``
  line is the templates' files only).
  The seed's keys (the desk's signing key and field key) go to a keyring file of its own, never
  the machine's keyring: beside the cached store, ``<cache>.keyring.json``
  (:func:`keyring_path`, tests.sync.keyrings.FileKeyring's JSON), copied beside a working copy by
  :func:`seeded_copy`; a test's seed (``build``) uses the keyring in use.

How it is fast: the plan (who, when, what, numbers, repeat windows, which complaints get a refund)
is made first in this process, which also builds the first chunk and trains the store's payload
dictionary on it (as a desk trains on its own payloads), and one more dictionary for every
``compact.RETRAIN_EVENTS`` events of the log, each trained on the payloads of the thousand
complaints just before it (as a desk trains a new one on its recent log when payloads have drifted
for that long; :func:`_era_dictionaries`); worker processes, forked after that,
build the rows and the events' payloads in chunks **and compress them** (``compact.encoder`` with
the dictionary's bytes: the bytes ``compact.encode`` gives) with their entity keys; this process
only chains the hashes and writes, with ``journal_mode=OFF`` and ``synchronous=OFF`` on its own
connection only. The payload JSON is made with the very ``json.dumps`` options of
``canonical_json`` from already-plain values; the catalogue's ``build_payload`` (which checks
every field against every payload version's rules: a fifth of the time) runs in full on the
first rows of every chunk and on the first event of each type, and the others take the version
it chose and the same ``changes`` rule (tests/test_seed_events.py validates every event of a
small seed). The first events of every chunk are checked byte for byte against
``canonical_json``, ``envelope_hash``, ``compact.decode`` and ``compact.entity_key``. The
complaint table's triggers (search key, the trigram / bigram / owner-bigram indexes, the daily
figures) are set aside during the bulk write and their tables built afterwards in one statement
each (``schema.SEARCH_KEYS_FILL``, ``search_index.REBUILD_STATEMENTS``,
``schema.DAY_FIGURES_FILL``: the same rows the triggers make, tests/test_seed_events.py
compares), then the triggers are put back as they were. The file is then reopened through
``open_store`` (the app's pragmas) and checked: counts, ``seq`` 1..n, every ``prev`` link,
whole-envelope hashes of the first and last 2,000 events, day counters (complaints', refunds'
and 过户'), every file a 过户 references stored with its size, two agreements per completed 过户
(and the first events of every chunk, a sealed ``transfer.*`` one included, opened back from
their stored form: ``compact.decode`` / ``sealed.open_payload``). The progress lines give each phase's wall time and the writing process's CPU time.

The seeded file is cached at ``~/.cache/hall_desk-bench/<schema version>-<rows>-<SEED_FORMAT>[-all-open]
.sqlite3``; a benchmark works on a copy (:func:`seeded_copy`), never on the cache itself.
:data:`SEED_FORMAT` changes whenever what is seeded changes, so an older cache is never reused.

Run ``python benchmarks/seed.py --rows 1000000`` to build (or rebuild with ``--rebuild``) a cache
file and print how long seeding took; ``--all-open`` for the worst case (nothing answered).
"""

from __future__ import annotations

import argparse
import bisect
import hashlib
import io
import itertools
import json
import multiprocessing
import os
import random
import shutil
import sqlite3
import sys
import tempfile
import time
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from functools import lru_cache
from itertools import islice, pairwise, takewhile
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

from hall_desk.domain.catalogue import DEFAULT_CATALOGUE, NETWORK_CLASS, OTHER, Channel
from hall_desk.domain.clock import SHANGHAI, FixedClock, utc_iso
from hall_desk.domain.complaints import (
    ComplaintState,
    EarlierComplaint,
    EscalationSource,
    EscalationTendency,
    find_repeats,
)
from hall_desk.domain.deadlines import reply_deadline
from hall_desk.domain.hq_refunds import HQRole
from hall_desk.domain.identity import is_complete_phone, normalise_phone
from hall_desk.domain.lifecycle import (
    HEAD_OFFICE_NAME,
    HandlerKind,
    ReplyMethod,
    Responsibility,
    Satisfaction,
    Verification,
)
from hall_desk.domain.money import from_fen, to_fen
from hall_desk.domain.payloads import CHANGES, build_payload, changes_between, spec_for
from hall_desk.domain.policy import DEFAULT_POLICY, NetworkUrgency, Role, Tier
from hall_desk.domain.refunds import (
    AccountType,
    ApprovalOutcome,
    ExecutionState,
    RefundMethod,
    RefundState,
    decide_approval,
    own_limit,
)
from hall_desk.domain.transfers import (
    TRANSFER_RETENTION,
    IdType,
    PartyRole,
    TransferKind,
    TransferState,
    paper_kept_until,
)
from hall_desk.services.complaints import REPEAT_LINK, complaint_state
from hall_desk.services.context import DeskContext
from hall_desk.services.refund_loop import CUSTOMER_TOLD as REFUND_CUSTOMER_TOLD
from hall_desk.services.refunds import APPROVED as REFUND_APPROVED
from hall_desk.services.refunds import PROPOSED as REFUND_PROPOSED
from hall_desk.services.refunds import SENT_TO_HEAD_OFFICE as REFUND_SENT
from hall_desk.services.refunds import SIGNED as REFUND_SIGNED
from hall_desk.services.refunds import refund_state
from hall_desk.services.setup import set_up_hall
from hall_desk.services.staff import create_staff, sign_in
from hall_desk.storage import compact, sealed
from hall_desk.storage.db import close_store, open_store
from hall_desk.storage.events import canonical_json, envelope_hash
from hall_desk.storage.models import Complaint, Refund
from hall_desk.storage.schema import DAY_FIGURES_FILL, LATEST_VERSION, SEARCH_KEYS_FILL
from hall_desk.storage.search_index import REBUILD_STATEMENTS
from hall_desk.sync.protocol import REFUND_DECIDED

HALL = "HA01"
DESK_NO = 2
DESK = "HA01-02"
DEFAULT_ROWS = 100_000
ROWS_PER_YEAR = 100_000
# HALL_DESK_BENCH_CACHE: elsewhere (the smoke test uses a temporary directory)
CACHE_DIR = Path(
    os.environ.get("HALL_DESK_BENCH_CACHE") or Path.home() / ".cache" / "hall_desk-bench"
)
STORE_FILE = "desk.sqlite3"  # hall_desk.paths.STORE_FILE: what ``--data-dir`` looks for
RANDOM_SEED = 20261122
# s6: s5 with the stored forms of issue 22's last step (8 KiB pages, 过户 payloads compressed before sealing,
# magicless zstd at level 15 with 64 KiB dictionaries, a new dictionary every
# compact.RETRAIN_EVENTS events); s5: s4 with 过户 transfers (their rows, files and sealed events); s4: s3c with refunds (their rows, head office's word and their events); s3c: s3 with events in
# the compact stored form (issue 22 goal 5); s3: lifecycle events; s2: the lifecycle in rows only;
# s1: all 已受理
SEED_FORMAT = "s6"
RECENT_DAYS = 21  # complaints older than this are 已归档


@dataclass(frozen=True)
class SeedStaff:
    staff_no: str
    name: str
    role: Role
    password: str
    share: float  # share of the complaints this person takes as first responder


STAFF = (
    SeedStaff("1001", "王店长", Role.STORE_MANAGER, "manager1", 0.03),
    SeedStaff("2001", "李班长", Role.SHIFT_LEADER, "leader01", 0.12),
    SeedStaff("3001", "张三", Role.CLERK, "clerk001", 0.25),
    SeedStaff("3002", "赵四", Role.CLERK, "clerk002", 0.22),
    SeedStaff("3003", "钱五", Role.CLERK, "clerk003", 0.20),
    SeedStaff("3004", "孙六", Role.CLERK, "clerk004", 0.18),
)
MANAGER = STAFF[0]
CLERK = STAFF[2]

# Share of the complaints per class, and the weight of each sub-class inside its class (其他 is rarer).
CLASS_WEIGHTS = {"电信资费": 0.35, "网络质量": 0.25, "电信服务": 0.25, "业务种类": 0.15}
MOBILE_PREFIXES = (
    "130",
    "131",
    "132",
    "133",
    "135",
    "136",
    "137",
    "138",
    "139",
    "150",
    "151",
    "152",
    "153",
    "155",
    "156",
    "157",
    "158",
    "159",
    "177",
    "180",
    "181",
    "182",
    "183",
    "186",
    "187",
    "188",
    "189",
    "199",
)
FIXED_AREAS = ("010", "021", "020", "0755", "0571", "025")
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国"
STORIES: dict[str, tuple[str, ...]] = {
    "资费争议/乱收费": (
        "本月话费比上月多出{n}元，客户称未办理任何新业务。",
        "套餐外流量费{n}元，客户不认可计费。",
    ),
    "代收信息费": ("账单中出现{n}元不认识的信息费，客户称从未订购。",),
    "套餐变更": ("办理套餐变更后仍按旧套餐扣费，多扣{n}元。",),
    "网络故障": ("家中宽带和手机同时无法上网已{d}天。",),
    "信号覆盖": ("小区室内信号很差，通话经常中断，已持续{d}天。",),
    "边界漫游": ("在省界附近被计漫游费{n}元。",),
    "上网速率": ("晚上高峰时段上网速度很慢，视频无法播放。",),
    "服务态度": ("上次来营业厅办理业务时工作人员态度冷淡。",),
    "业务办理差错": ("办理业务时工作人员操作错误，{d}天后才发现。",),
    "积分兑换": ("积分兑换的礼品{d}天仍未收到。",),
    "营销宣传": ("营销人员承诺的优惠没有兑现。",),
    "个人信息": ("怀疑个人信息被泄露，近{d}天接到大量推销电话。",),
    "携号转网": ("申请携号转网时被告知有未结清费用{n}元，客户不认可。",),
    "垃圾短信": ("每天收到多条营销短信，要求屏蔽。",),
    "增值业务": ("被开通未订购的增值业务，扣费{n}元。",),
    "宽带业务": ("宽带安装预约{d}天仍未上门。",),
}
REQUESTS = (
    "核实并退还多收费用",
    "尽快解决问题并回复",
    "希望道歉",
    "给出书面解释",
    "赔偿损失",
    "取消业务并退费",
    "尽快上门处理",
)
PLACES = ("人民路88号附近", "城东花园小区", "高新区软件园", "火车站广场", "滨江路地铁站")
ESCALATION_REFERENCE = {
    EscalationSource.REGULATOR: "管局申诉〔{y}〕{n}号",
    EscalationSource.MIIT: "工信部申诉〔{y}〕{n}号",
}


def cache_path(rows: int, *, all_open: bool = False) -> Path:
    suffix = "-all-open" if all_open else ""
    return CACHE_DIR / f"{LATEST_VERSION}-{rows}-{SEED_FORMAT}{suffix}.sqlite3"


def years_for(rows: int) -> int:
    return max(1, min(10, round(rows / ROWS_PER_YEAR)))


# ----------------------------------------------------------------------------------------------
# The plan: who complains about what, and when (cheap integers and strings, sorted by time)
# ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Customer:
    phone: str
    name: str
    tier: Tier


@dataclass
class Visit:
    at_us: int  # acceptance time, microseconds since the epoch (UTC)
    customer: int  # index into the customer list
    main: str
    sub: str
    number: str = ""  # HA01-02-YYMMDD-NNNN, set by number_visits
    earlier: tuple[int, ...] = ()  # the same customer's visits in the 30 days before (indices)
    refund_number: str = ""  # HA01-02-RYYMMDD-NNNN when a refund is proposed on it (plan_refunds)
    # a 过户 opened at the counter minutes after this complaint was accepted (plan_transfers):
    # its number HA01-02-GYYMMDD-NNNN and when it was opened (µs)
    transfer_number: str = ""
    transfer_at_us: int = 0


EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
DAY_US = 86_400_000_000
OPEN_US = (8 * 60 + 30) * 60_000_000  # 08:30 local
CLOSE_US = 20 * 60 * 60_000_000  # 20:00 local
SHANGHAI_OFFSET_US = 8 * 3_600_000_000  # no daylight saving in China since 1991


def _phone_pool(rng: random.Random, count: int) -> list[str]:
    """``count`` distinct valid numbers: mostly mobiles, about 5 % fixed lines with area code."""
    phones: set[str] = set()
    while len(phones) < count:
        if rng.random() < 0.05:
            # Fixed line: area code + 8 digits; libphonenumber knows which ranges exist.
            number = (
                rng.choice(FIXED_AREAS)
                + str(rng.randint(2, 8))
                + str(rng.randrange(10**7)).zfill(7)
            )
            if is_complete_phone(number):
                phones.add(number)
        else:
            phones.add(rng.choice(MOBILE_PREFIXES) + str(rng.randrange(10**8)).zfill(8))
    pool = sorted(phones)
    rng.shuffle(pool)
    # Check a sample with the app's own rule (libphonenumber): a bad number would make
    # customer_history raise in the benchmark.
    for phone in rng.sample(pool, min(len(pool), 2000)):
        if normalise_phone(phone) != phone:
            raise AssertionError(f"seeded phone {phone} is not in normal form")
    return pool


def _customers(rng: random.Random, count: int) -> list[Customer]:
    tiers = (Tier.ORDINARY, Tier.GOTONE, Tier.VIP)
    result = []
    for phone in _phone_pool(rng, count):
        if rng.random() < 0.6:
            name = rng.choice(SURNAMES) + rng.choice(("先生", "女士"))
        else:
            name = (
                rng.choice(SURNAMES)
                + rng.choice(GIVEN)
                + (rng.choice(GIVEN) if rng.random() < 0.6 else "")
            )
        tier = rng.choices(tiers, weights=(0.80, 0.15, 0.05))[0]
        result.append(Customer(phone, name, tier))
    return result


def _visits_per_customer(rng: random.Random, rows: int, customers: int) -> list[int]:
    """How many complaints each customer makes: 70 % once, 30 % twice or more (heavy tail)."""
    once = int(customers * 0.7) if rows > customers else customers
    repeaters = customers - once
    counts = [1] * once + [2] * repeaters
    extra = rows - sum(counts)
    if extra < 0:  # tiny runs: fewer rows than customers
        return [1] * rows
    if repeaters and extra:
        weights = [rng.lognormvariate(0.0, 1.1) for _ in range(repeaters)]
        cumulative = []
        total = 0.0
        for weight in weights:
            total += weight
            cumulative.append(total)
        for _ in range(extra):
            counts[once + bisect.bisect_left(cumulative, rng.random() * total)] += 1
    return counts


def _problems() -> tuple[list[tuple[str, str]], list[float]]:
    """Every (class, sub-class) of the catalogue with cumulative weights for ``rng.choices``."""
    problems: list[tuple[str, str]] = []
    cumulative: list[float] = []
    total = 0.0
    for main, share in CLASS_WEIGHTS.items():
        subs = DEFAULT_CATALOGUE.sub_classes(main)
        weights = [0.3 if sub == OTHER else 1.0 for sub in subs]
        for sub, weight in zip(subs, weights, strict=True):
            total += share * weight / sum(weights)
            problems.append((main, sub))
            cumulative.append(total)
    return problems, cumulative


def plan_visits(
    rng: random.Random, rows: int, end_day_us: int
) -> tuple[list[Customer], list[Visit]]:
    """Every complaint's customer, problem and acceptance time, sorted by time."""
    customers = _customers(rng, max(1, rows // 3))
    counts = _visits_per_customer(rng, rows, len(customers))
    days = years_for(rows) * 365
    start_day_us = end_day_us - days * DAY_US
    problems, problem_weights = _problems()

    def problem() -> tuple[str, str]:
        return rng.choices(problems, cum_weights=problem_weights)[0]

    def random_day() -> int:
        while True:
            day = rng.randrange(days)
            weekday = ((start_day_us + day * DAY_US) // DAY_US + 3) % 7  # 1970-01-01 was a Thursday
            if weekday < 5 or rng.random() < 0.7:  # fewer visitors on Saturdays and Sundays
                return day

    def moment(day: int) -> int:
        local_midnight_utc = start_day_us + day * DAY_US - SHANGHAI_OFFSET_US
        return local_midnight_utc + rng.randrange(OPEN_US, CLOSE_US)

    visits: list[Visit] = []
    for index, count in enumerate(counts):
        own: list[Visit] = []
        for _ in range(count):
            if own and rng.random() < 0.35:
                # Back again about the same thing (or something else) within three weeks.
                before = rng.choice(own)
                day = (before.at_us - start_day_us + SHANGHAI_OFFSET_US) // DAY_US + rng.randint(
                    1, 21
                )
                if day >= days:
                    day = random_day()
                main, sub = (before.main, before.sub) if rng.random() < 0.7 else problem()
            else:
                day = random_day()
                main, sub = problem()
            own.append(Visit(moment(day), index, main, sub))
        visits.extend(own)
    visits.sort(key=lambda v: v.at_us)
    # Acceptance times are unique so that "earlier" is never ambiguous.
    for before, after in pairwise(visits):
        if after.at_us <= before.at_us:
            after.at_us = before.at_us + 1
    return customers, visits


# ----------------------------------------------------------------------------------------------
# Numbers and repeat windows (sequential, cheap) in the main process
# ----------------------------------------------------------------------------------------------


def _utc(at_us: int) -> datetime:
    return EPOCH + timedelta(microseconds=at_us)


def number_visits(visits: Sequence[Visit]) -> dict[str, int]:
    """Give each visit its number (running per local day, in acceptance order, as
    ``next_day_number`` does) and its repeat window: the same customer's visits in the
    ``repeat_window_days`` before, as ``_earlier_of`` selects them. Returns day → last number."""
    day_last: dict[str, int] = {}
    day_text: dict[int, str] = {}
    window_us = DEFAULT_POLICY.repeat_window_days * DAY_US
    recent: dict[int, deque[int]] = {}
    for index, visit in enumerate(visits):
        local_day = (visit.at_us + SHANGHAI_OFFSET_US) // DAY_US
        day = day_text.get(local_day)
        if day is None:
            day = _utc(visit.at_us).astimezone(SHANGHAI).strftime("%y%m%d")
            day_text[local_day] = day
        running = day_last.get(day, 0) + 1
        day_last[day] = running
        visit.number = f"{DESK}-{day}-{running:04d}"
        own = recent.setdefault(visit.customer, deque())
        while own and visits[own[0]].at_us < visit.at_us - window_us:
            own.popleft()
        visit.earlier = tuple(own)
        own.append(index)
    return day_last


def plan_refunds(rng: random.Random, visits: Sequence[Visit]) -> dict[str, int]:
    """Choose the complaints a refund is proposed on (:data:`REFUND_SHARE` of the fee class) and
    number the refunds (``next_day_number``'s ``<desk>-R<yymmdd>-NNNN``, per local day: a refund is
    proposed the day its complaint is accepted, minutes after the verification). Returns the
    ``day_counter`` rows (``R<yymmdd>`` → last number)."""
    day_last: dict[str, int] = {}
    for visit in visits:
        if visit.main != REFUND_CLASS or rng.random() >= REFUND_SHARE:
            continue
        day = "R" + visit.number.split("-")[2]
        day_last[day] = day_last.get(day, 0) + 1
        visit.refund_number = f"{DESK}-{day}-{day_last[day]:04d}"
    return day_last


def plan_transfers(rng: random.Random, visits: Sequence[Visit], as_of_us: int) -> dict[str, int]:
    """Choose when 过户 are opened (:data:`TRANSFER_SHARE` of the complaints: each is opened 1–10
    minutes after a complaint's acceptance, whoever is at the counter; none after the benchmarks'
    "now") and number them as ``next_day_number`` does (``<desk>-G<yymmdd>-NNNN``, per local day,
    in the order they were opened). Returns the ``day_counter`` rows (``G<yymmdd>`` → last)."""
    chosen = []
    for visit in visits:
        if rng.random() >= TRANSFER_SHARE:
            continue
        at_us = visit.at_us + rng.randrange(60_000_000, 10 * 60_000_000)
        if at_us < as_of_us - 2 * 60_000_000:
            chosen.append((at_us, visit))
    chosen.sort(key=lambda pair: pair[0])
    day_last: dict[str, int] = {}
    for at_us, visit in chosen:
        day = "G" + _utc(at_us).astimezone(SHANGHAI).strftime("%y%m%d")
        day_last[day] = day_last.get(day, 0) + 1
        visit.transfer_number = f"{DESK}-{day}-{day_last[day]:04d}"
        visit.transfer_at_us = at_us
    return day_last


# ----------------------------------------------------------------------------------------------
# Rows and event payloads (the expensive part), in worker processes
# ----------------------------------------------------------------------------------------------

COMPLAINT_COLUMNS = (
    "id",
    "number",
    "hall_code",
    "desk_code",
    "phone",
    "customer_name",
    "tier",
    "channel",
    "main_class",
    "sub_class",
    "regulator_class",
    "occurred_at",
    "place",
    "amount_fen",
    "description",
    "customer_request",
    "network_urgency",
    "escalation_source",
    "escalation_reference",
    "escalation_tendency",
    "important",
    "media",
    "escalated",
    "repeat",
    "state",
    "first_responder_no",
    "first_responder_name",
    "accepted_at",
    "reply_due",
    "regulator_due",
    "deadline_basis",
    "policy_version",
    "updated_at",
    # schema v5: where the complaint is in its lifecycle
    "verification",
    "responsibility",
    "verification_note",
    "handler_kind",
    "handler_no",
    "handler_name",
    "satisfaction",
    "dissatisfied",
    "promised_at",
    "replied_at",
    "closed_at",
    "incident_id",
    # schema v16 (issue 20): the time the answer counts from for timeliness
    "reply_counted_at",
)
V5_INITIAL: dict[str, Any] = {
    "verification": None,
    "responsibility": None,
    "verification_note": "",
    "handler_kind": "",
    "handler_no": "",
    "handler_name": "",
    "satisfaction": None,
    "dissatisfied": False,
    "promised_at": None,
    "replied_at": None,
    "closed_at": None,
    "incident_id": None,
    "reply_counted_at": None,
}


def insert_statement(table: str, columns: tuple[str, ...]) -> str:
    """``INSERT INTO table (columns…) VALUES (?, …)``: one statement for a bulk ``executemany``."""
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"


INSERT_COMPLAINT = insert_statement("complaint", COMPLAINT_COLUMNS)
INSERT_EVENT = (
    "INSERT INTO event (id, hall, desk, seq, type, schema, at, actor, payload, prev, hash, entity) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
INSERT_REPLY = (
    "INSERT INTO complaint_customer_reply (id, complaint_id, content, method, replied_at, staff_no, "
    "staff_name, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)
INSERT_CALLBACK = (
    "INSERT INTO complaint_callback (id, complaint_id, satisfaction, reason, called_at, staff_no, "
    "staff_name, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)
INSERT_TRANSFER = (
    "INSERT INTO complaint_transfer (id, complaint_id, to_kind, to_no, to_name, note, staff_no, "
    "staff_name, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
INSERT_LINK = "INSERT INTO complaint_link (complaint_id, earlier_id, kind) VALUES (?, ?, ?)"
UPSERT_DAY = (
    "INSERT INTO day_counter (day, last) VALUES (?, ?) "
    "ON CONFLICT (day) DO UPDATE SET last = max(last, excluded.last)"
)
CREATED = "complaint.created"
REFUND_CLASS = "电信资费"  # the fee class: the complaints a refund is proposed on
REFUND_SHARE = 0.10  # of the fee class's complaints (see the module's docstring)
SIGNATURE_VARIANTS = 16
# head office's deciders by level (DOMAIN.md: director 500, department head 1000, leadership above)
HQ_DECIDERS = {
    HQRole.DIRECTOR: ("zhang.zr", "张主任"),
    HQRole.DEPARTMENT_HEAD: ("li.bz", "李部长"),
    HQRole.LEADERSHIP: ("wang.zj", "王总经理"),
}
HQ_EXECUTOR = ("chen.cz", "陈操作员")
REFUND_COLUMNS = (
    "id", "number", "hall_code", "desk_code", "complaint_id", "item", "checked", "amount_fen",
    "account_type", "method", "method_reason", "reason", "state", "proposed_by_no",
    "proposed_by_name", "proposed_at", "decided_by_no", "decided_by_name", "decided_at",
    "decision_reason", "limit_fen", "counted_total_fen", "delegation_id", "delegated_by_no",
    "delegated_by_name", "delegation_until", "sent_by_no", "sent_by_name", "sent_at",
    "policy_version", "hq_operator", "hq_decided_at", "hq_event_id", "signature_png",
    "signature_sha256", "signed_at", "signed_by_no", "updated_at", "closure",
)  # fmt: skip
INSERT_REFUND = insert_statement("refund", REFUND_COLUMNS)
INSERT_HQ_DECISION = (
    "INSERT INTO hq_decision (event_id, type, entity_id, payload, actor, received_at) "
    "VALUES (?, ?, ?, ?, ?, ?)"
)
EXECUTION_COLUMNS = (
    "refund_id", "state", "billing_reference", "amount_fen", "executed_at", "failure_reason",
    "failed_at", "cancel_reason", "cancelled_at", "recorded_by", "recorded_by_name", "event_id",
    "received_at", "news_at", "told_at", "told_by_no",
)  # fmt: skip
INSERT_EXECUTION = insert_statement("refund_execution", EXECUTION_COLUMNS)
CHUNK = 5_000  # rows per unit of work handed to a worker process
# the first chunk, built here before the workers start to train the dictionary on (about six
# payloads a row: more than compact.TRAIN_SAMPLE), small so that the workers start soon
FIRST_CHUNK = 1_000
COMMIT_EVERY = 100_000  # rows per write transaction
CHECKS_PER_CHUNK = 20  # events of each chunk checked against canonical_json / envelope_hash

ComplaintRow = tuple[Any, ...]
LinkRow = tuple[str, str, str]
# event id, at, actor, payload (canonical JSON), type, payload version, the payload's stored form
# (compact.encode's bytes, or the text of a family kept as text), the entity key (compact.entity_key)
EventPart = tuple[str, str, str, str, str, int, bytes | str | None, bytes | str | None]
# a lifecycle step's event: type, time (µs), the state's fields it changes, its ``record``
Step = tuple[str, int, dict[str, Any], dict[str, Any]]
VERIFICATION_STARTED = "complaint.verification_started"
VERIFIED = "complaint.verified"
TRANSFERRED = "complaint.transferred"
TAKEN_BACK = "complaint.taken_back"
REPLIED = "complaint.replied_to_customer"
CALLED_BACK = "complaint.called_back"
CLOSED = "complaint.closed"


@dataclass(frozen=True)
class Plan:
    customers: list[Customer]
    visits: list[Visit]
    seed: int
    as_of_us: int  # the lifecycle is seeded as of this moment (the newest complaint + 1 minute)
    all_open: bool  # every complaint 已受理 (the worst case)
    # the store's payload dictionary (id, bytes) the workers compress with; None: not trained yet
    # (the first chunk, built in this process to train it, is compressed here afterwards)
    dictionary: tuple[int, bytes | None] | None = None
    # the later dictionaries: (first row compressed with it, (id, bytes)), in order
    eras: tuple[tuple[int, tuple[int, bytes | None]], ...] = ()
    # the desk's field key and the 过户 made through the services at set-up (_template_transfers)
    transfers: TransferSetUp | None = None


_PLAN: Plan | None = None  # set before the workers fork; they inherit it instead of unpickling it


def _index_uuid(kind: str, seed: int, index: int) -> str:
    """A random-looking but reproducible UUID (version 4) for the ``index``-th row of a kind, so
    that any process can name any row (a repeat link points to a row another worker builds)."""
    digest = bytearray(hashlib.blake2b(f"{kind}:{seed}:{index}".encode(), digest_size=16).digest())
    # what uuid.UUID(bytes=digest, version=4) gives, without the object (millions of them)
    digest[6] = (digest[6] & 0x0F) | 0x40
    digest[8] = (digest[8] & 0x3F) | 0x80
    h = digest.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


# (the dictionary, compact.encoder with it) of this process: a new plan (another seed in the same
# process, whose dictionary 1 is another one) or a chunk of a later era makes a new encoder
_ENCODE: tuple[tuple[int, bytes | None], Any] | None = None
_CHUNK_START = 0  # the first row of the chunk this process builds (its era's dictionary)


def _dictionary_for(plan: Plan, row: int) -> tuple[int, bytes | None] | None:
    """The dictionary a desk would have compressed row ``row``'s events with."""
    chosen = plan.dictionary
    for start, dictionary in plan.eras:
        if row < start:
            break
        chosen = dictionary  # the plan's own tuple: the encoder made for it is kept (``is``)
    return chosen


def _stored(text: str, kind: str, entity: object) -> tuple[bytes | str | None, bytes | str | None]:
    """The payload's stored form and entity key, as hall_desk.storage.compact makes them; (None,
    key) before the plan has its dictionary."""
    global _ENCODE
    key = compact.entity_key(entity)
    if compact.kept_as_text(kind):
        return text, key
    if _PLAN is None or _PLAN.dictionary is None:
        return None, key
    dictionary = _dictionary_for(_PLAN, _CHUNK_START)
    assert dictionary is not None
    if _ENCODE is None or _ENCODE[0] is not dictionary:
        _ENCODE = (dictionary, compact.encoder(*dictionary))
    return _ENCODE[1](text), key


def _dumps(payload: dict[str, Any]) -> str:
    """``canonical_json`` for a payload that is already plain (no datetimes, no Decimals): the
    same ``json.dumps`` options, without walking the value through ``_plain`` first."""
    return json.dumps(
        payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
    )


def _event_part(
    plan: Plan,
    index: int,
    number: int,
    at: str,
    staff: SeedStaff,
    payload: dict[str, Any],
    kind: str,
    schema: int,
    checked: bool,
) -> EventPart:
    """The ``number``-th event of complaint ``index`` (0: its creation), its payload as canonical
    JSON (checked against ``canonical_json`` when ``checked``)."""
    text = _dumps(payload)
    if checked and canonical_json(payload).decode() != text:
        raise AssertionError(f"row {index}: payload differs from canonical_json")
    event_id = _index_uuid("event" if number == 0 else f"event{number}", plan.seed, index)
    return (
        event_id,
        at,
        staff.staff_no,
        text,
        kind,
        schema,
        *_stored(text, kind, payload.get("id")),
    )


def _payload(
    kind: str,
    after: dict[str, Any],
    before: dict[str, Any] | None,
    checked: bool,
    versions: dict[str, int],
) -> tuple[int, dict[str, Any]]:
    """``build_payload``: for the checked rows, and the first event of each type in a chunk,
    the catalogue's whole choice (every field against every version's rules); for the others the
    version it chose there, and the same ``changes`` rule (the checks are most of its cost, and
    tests/test_seed_events.py validates every event of a small seed against its version)."""
    version = versions.get(kind)
    if checked or version is None:
        version, payload = build_payload(kind, after, before)
        versions[kind] = version
        return version, payload
    payload = dict(after)
    if _carries_changes(kind, version):
        payload[CHANGES] = changes_between(before, after)
    return version, payload


@lru_cache(maxsize=256)
def _carries_changes(kind: str, version: int) -> bool:
    spec = spec_for(kind, version)
    if spec is None:
        raise AssertionError(f"{kind} v{version} is not in the catalogue")
    return spec.carries_changes(kind)


@dataclass(frozen=True)
class Chunk:
    complaints: list[ComplaintRow]
    links: list[LinkRow]
    events: list[EventPart]
    replies: list[tuple[Any, ...]]
    callbacks: list[tuple[Any, ...]]
    transfers: list[tuple[Any, ...]]
    refunds: list[tuple[Any, ...]]  # REFUND_COLUMNS
    hq_decisions: list[tuple[Any, ...]]  # INSERT_HQ_DECISION
    executions: list[tuple[Any, ...]]  # EXECUTION_COLUMNS
    ownership: list[tuple[Any, ...]]  # 过户: OWNERSHIP_COLUMNS
    transfer_files: list[tuple[Any, ...]]  # TRANSFER_FILE_COLUMNS


DEPARTMENTS = ("网络维护中心", "计费中心", "宽带运维部", "政企客户部")
REPLIES = (
    "已核实并退还多收费用，已电话告知客户。",
    "故障已修复，已告知客户并致歉。",
    "已向客户解释计费规则，客户表示理解。",
    "已取消该业务并退费。",
)
SATISFACTIONS = (Satisfaction.SATISFIED, Satisfaction.FAIRLY_SATISFIED, Satisfaction.DISSATISFIED)
OPEN_SPLIT = (
    (ComplaintState.ACCEPTED, 0.35),
    (ComplaintState.VERIFYING, 0.30),
    (ComplaintState.TRANSFERRED, 0.15),
    (ComplaintState.HANDLING, 0.20),
)
CLERKS = tuple(s for s in STAFF if s.role is Role.CLERK)


Lifecycle = tuple[
    str,
    dict[str, Any],
    list[tuple[Any, ...]],
    list[tuple[Any, ...]],
    list[tuple[Any, ...]],
    list[Step],
]


def lifecycle(
    rng: random.Random,
    plan: Plan,
    index: int,
    at_us: int,
    due_us: int,
    staff: SeedStaff,
    refund: bool = False,
) -> Lifecycle:
    """(state, v5 columns, reply rows, callback rows, transfer rows, steps) of a complaint
    accepted at ``at_us`` and due at ``due_us``, as of ``plan.as_of_us`` (see the module's
    docstring). ``steps`` are the events the services would have written on the way, in order
    (what :func:`hall_desk.services.lifecycle.apply_step` changes in the state and its record)."""
    v5 = dict(V5_INITIAL)
    steps: list[Step] = []
    if plan.all_open:
        return ComplaintState.ACCEPTED.value, v5, [], [], [], steps
    complaint_id = _index_uuid("complaint", plan.seed, index)
    now = plan.as_of_us
    age_days = (now - at_us) / DAY_US
    recent = age_days <= RECENT_DAYS
    if not recent:
        open_ = False
    elif age_days < 1:
        open_ = rng.random() < 0.85
    elif due_us > now:
        open_ = rng.random() < 0.5
    else:
        open_ = rng.random() < 0.04
    replies: list[tuple[Any, ...]] = []
    callbacks: list[tuple[Any, ...]] = []
    transfers: list[tuple[Any, ...]] = []
    who = {"staff_no": staff.staff_no, "staff_name": staff.name}
    state = ComplaintState.ACCEPTED
    if open_:
        state = rng.choices([s for s, _ in OPEN_SPLIT], weights=[w for _, w in OPEN_SPLIT])[0]
    transferred = state is ComplaintState.TRANSFERRED or (not open_ and rng.random() < 0.10)
    verified = (not open_) or state in (ComplaintState.TRANSFERRED, ComplaintState.HANDLING)
    step_us = at_us + rng.randrange(10 * 60_000_000, 2 * 3_600_000_000)  # first step
    # The steps before the reply, at nominal times (placed before the reply further down).
    before_reply: list[Step] = []
    if verified or state is ComplaintState.VERIFYING:
        before_reply.append((VERIFICATION_STARTED, step_us, {"state": "核实中"}, {}))
    if verified:
        holds = rng.random() < 0.6 or refund  # 先确认，后退费: a refund only on what holds
        v5["verification"] = (Verification.HOLDS if holds else Verification.DOES_NOT_HOLD).value
        v5["responsibility"] = (
            Responsibility.OURS
            if refund
            else rng.choice((Responsibility.OURS, Responsibility.THIRD_PARTY))
            if holds
            else Responsibility.CUSTOMER
        ).value
        verification = {"verification": v5["verification"], "responsibility": v5["responsibility"]}
        before_reply.append(
            (VERIFIED, step_us + 300_000_000,
             {"state": "处理中", **verification, "verification_note": ""},
             {**verification, "note": "", **who})
        )  # fmt: skip
    transfer_id = _index_uuid("transfer", plan.seed, index)
    if transferred:
        if open_ and rng.random() < 0.2:
            colleague = rng.choice([c for c in CLERKS if c.staff_no != staff.staff_no])
            kind, to_no, to_name = HandlerKind.STAFF, colleague.staff_no, colleague.name
        elif rng.random() < 0.3:
            kind, to_no, to_name = HandlerKind.HEAD_OFFICE, "", HEAD_OFFICE_NAME
        else:
            kind, to_no, to_name = HandlerKind.DEPARTMENT, "", rng.choice(DEPARTMENTS)
        v5["handler_kind"], v5["handler_no"], v5["handler_name"] = kind.value, to_no, to_name
        handler = {"handler_kind": kind.value, "handler_no": to_no, "handler_name": to_name}
        order = {
            "to_kind": kind.value,
            "to_no": to_no,
            "to_name": to_name,
            "note": "请协助核查处理",
        }
        before_reply.append(
            (TRANSFERRED, step_us + 600_000_000, {"state": "已转派", **handler},
             {"id": transfer_id, **order, **who})
        )  # fmt: skip
        if not open_:  # the department's result is back: taken back, then answered
            before_reply.append(
                (TAKEN_BACK, step_us + DAY_US // 2, {"state": "处理中"},
                 {"note": "已处理完毕", **who})
            )  # fmt: skip

    def place(limit_us: int) -> None:
        """The steps before the reply, in order, each at least a second before ``limit_us``."""
        count = len(before_reply)
        for position, (kind_, nominal, change, record) in enumerate(before_reply):
            at = max(at_us + 1_000_000, min(nominal, limit_us - (count - position) * 1_000_000))
            steps.append((kind_, at, change, record))
            if kind_ == TRANSFERRED:
                transfers.append(
                    (transfer_id, complaint_id, record["to_kind"], record["to_no"],
                     record["to_name"], record["note"], staff.staff_no, staff.name,
                     utc_iso(_utc(at)))
                )  # fmt: skip

    if open_:
        place(now)
        return state.value, v5, replies, callbacks, transfers, steps

    # Answered: within the deadline mostly; late for about 8 % of those already due.
    limit_us = min(due_us, now)
    if due_us < now and rng.random() < 0.08:
        replied_us = due_us + int(rng.random() * min(now - due_us, 5 * DAY_US))
    else:
        replied_us = at_us + int((limit_us - at_us) * rng.uniform(0.1, 0.9))
    replied_us = max(replied_us, at_us + 60_000_000)
    place(replied_us)

    def reply(key: str, when_us: int) -> None:
        reply_id = _index_uuid(key, plan.seed, index)
        content, when = rng.choice(REPLIES), utc_iso(_utc(when_us))
        replies.append(
            (reply_id, complaint_id, content, ReplyMethod.PHONE.value, when, staff.staff_no,
             staff.name, when)
        )  # fmt: skip
        record = {
            "id": reply_id, "content": content, "method": ReplyMethod.PHONE.value,
            "replied_at": when, "late_entry": False, "late_reason": "", "quiet_reason": "",
            "quiet_note": "", "planned_callback_at": None, **who,
        }  # fmt: skip
        # record_reply keeps the earliest answer, and (recorded when stated, not 补录) counts it
        # from that time (counted_reply_time): the answer after a 不满意 callback changes neither
        change: dict[str, Any] = {"state": "已答复"}
        if v5["reply_counted_at"] is None:
            change["replied_at"] = change["reply_counted_at"] = v5["reply_counted_at"] = when
        steps.append((REPLIED, when_us, change, record))

    def call_back(key: str, when_us: int, satisfaction: Satisfaction, reason: str) -> None:
        callback_id = _index_uuid(key, plan.seed, index)
        when = utc_iso(_utc(when_us))
        callbacks.append(
            (callback_id, complaint_id, satisfaction.value, reason, when, staff.staff_no,
             staff.name, when)
        )  # fmt: skip
        unhappy = satisfaction is Satisfaction.DISSATISFIED
        change = {
            "state": "处理中" if unhappy else "已回访",
            "satisfaction": satisfaction.value,
            **({"dissatisfied": True} if unhappy else {}),
        }
        record = {
            "id": callback_id, "satisfaction": satisfaction.value, "reason": reason,
            "called_at": when, "method": "电话", "late_entry": False, "late_reason": "",
            "quiet_reason": "", "quiet_note": "", **who,
        }  # fmt: skip
        steps.append((CALLED_BACK, when_us, change, record))

    v5["replied_at"] = utc_iso(_utc(replied_us))
    reply("reply", replied_us)
    last_us = replied_us
    if recent and now - replied_us < DAY_US:
        return ComplaintState.REPLIED.value, v5, replies, callbacks, transfers, steps
    if recent:
        state = rng.choices(
            (ComplaintState.REPLIED, ComplaintState.CALLED_BACK, ComplaintState.CLOSED),
            weights=(0.3, 0.4, 0.3),
        )[0]
        called_back = state is not ComplaintState.REPLIED and (
            state is ComplaintState.CALLED_BACK or rng.random() < 0.85
        )
    else:
        state = ComplaintState.CLOSED
        called_back = rng.random() < 0.85
    if called_back:
        satisfaction = rng.choices(SATISFACTIONS, weights=(0.70, 0.25, 0.05))[0]
        span = max(60_000_000, min(2 * DAY_US, (now - last_us) // 3))
        called_us = last_us + rng.randrange(span)
        unhappy = satisfaction is Satisfaction.DISSATISFIED
        call_back("callback", called_us, satisfaction, "问题未解决" if unhappy else "")
        last_us = called_us
        if unhappy:  # reopened, answered again, called back
            v5["dissatisfied"] = True
            again_us = last_us + rng.randrange(span)
            reply("reply2", again_us)
            satisfaction = Satisfaction.FAIRLY_SATISFIED
            last_us = again_us + rng.randrange(span)
            call_back("callback2", last_us, satisfaction, "")
        v5["satisfaction"] = satisfaction.value
    if state is ComplaintState.CLOSED:
        span = max(60_000_000, min(5 * DAY_US, (now - last_us) // 2))
        closed_us = last_us + rng.randrange(DAY_US // 24, span + DAY_US // 24)
        closed_us = min(closed_us, now - 60_000_000)
        v5["closed_at"] = utc_iso(_utc(closed_us))
        steps.append((CLOSED, closed_us, {"state": "已归档", "closed_at": v5["closed_at"]}, {}))
    return state.value, v5, replies, callbacks, transfers, steps


# -- refunds ------------------------------------------------------------------------------------


def _signatures() -> list[bytes]:
    """A few customer signatures as the signature pad exports them (PNG, a few strokes on white,
    400 × 150): the refund rows keep one each, as sign_refund does."""
    global _SIGNATURE_PNGS
    if _SIGNATURE_PNGS is None:
        from PIL import Image, ImageDraw  # ReportLab's own image library

        made = []
        for number in range(SIGNATURE_VARIANTS):
            draw_rng = random.Random(f"signature:{number}")
            image = Image.new("L", (400, 150), 255)
            pen = ImageDraw.Draw(image)
            x, y = 30, 75
            for _ in range(draw_rng.randint(4, 7)):  # strokes
                points = [(x, y)]
                for _ in range(draw_rng.randint(6, 14)):
                    x = min(380, max(20, x + draw_rng.randint(-10, 30)))
                    y = min(135, max(15, y + draw_rng.randint(-25, 25)))
                    points.append((x, y))
                pen.line(points, fill=0, width=3, joint="curve")
                x = min(380, x + draw_rng.randint(5, 25))
            out = io.BytesIO()
            image.convert("1").save(out, format="PNG", optimize=True)
            made.append(out.getvalue())
        _SIGNATURE_PNGS = made
    return _SIGNATURE_PNGS


_SIGNATURE_PNGS: list[bytes] | None = None


def _plain(value: dict[str, Any]) -> dict[str, Any]:
    """A state as its event carries it (``_plain``: datetimes as utc_iso, Decimals as text)."""
    plain: dict[str, Any] = json.loads(canonical_json(value))
    return plain


# one refund step: type, time (µs), actor, the refund's columns after it, its state's extra keys
RefundStep = tuple[str, int, str, dict[str, Any], dict[str, Any]]


def refund_lifecycle(
    rng: random.Random,
    plan: Plan,
    index: int,
    visit: Visit,
    staff: SeedStaff,
    verified_us: int,
    amount_fen: int | None,
) -> tuple[dict[str, Any], list[RefundStep], tuple[Any, ...] | None, tuple[Any, ...] | None]:
    """A refund proposed on complaint ``index`` minutes after its verification, as the services
    take it through its life as of ``plan.as_of_us`` (the module's docstring): its columns at the
    end, the desk's steps (the events refunds.py and refund_loop.py write), and head office's
    decision (an ``hq_decision`` row, applied as replicas.decide_refund does) and execution (a
    ``refund_execution`` row as replicas.apply_refund_execution makes it) when they arrived."""
    now = plan.as_of_us
    refund_id = _index_uuid("refund", plan.seed, index)
    proposed_us = verified_us + rng.randrange(5 * 60_000_000, 30 * 60_000_000)
    fen = amount_fen or max(100, int(rng.lognormvariate(8.0, 1.0)))  # median ~30 yuan
    fen = min(fen, 200_000)
    postpaid = rng.random() < 0.55
    card = rng.random() < 0.03
    cols: dict[str, Any] = {
        "id": refund_id,
        "number": visit.refund_number,
        "hall_code": HALL,
        "desk_code": DESK,
        "complaint_id": _index_uuid("complaint", plan.seed, index),
        "item": f"{visit.sub}多收费用",
        "checked": f"已核查账单明细及业务订购记录，确认多收{from_fen(fen)}元",
        "amount_fen": fen,
        "account_type": (AccountType.POSTPAID if postpaid else AccountType.PREPAID).value,
        "method": (RefundMethod.TOP_UP_CARD if card else RefundMethod.ACCOUNT).value,
        "method_reason": "客户为预付费卡用户，要求以充值卡返还" if card else "",
        "reason": "核实为我方计费差错，按规定退还",
        "state": RefundState.PENDING.value,
        "proposed_by_no": staff.staff_no,
        "proposed_by_name": staff.name,
        "proposed_at": utc_iso(_utc(proposed_us)),
        "decided_by_no": "",
        "decided_by_name": "",
        "decided_at": None,
        "decision_reason": "",
        "limit_fen": None,
        "counted_total_fen": None,
        "delegation_id": None,
        "delegated_by_no": "",
        "delegated_by_name": "",
        "delegation_until": None,
        "sent_by_no": "",
        "sent_by_name": "",
        "sent_at": None,
        "policy_version": DEFAULT_POLICY.version,
        "hq_operator": "",
        "hq_decided_at": None,
        "hq_event_id": "",
        "signature_png": None,
        "signature_sha256": "",
        "signed_at": None,
        "signed_by_no": "",
        "updated_at": utc_iso(_utc(proposed_us)),
        "closure": None,
    }
    steps: list[RefundStep] = [(REFUND_PROPOSED, proposed_us, staff.staff_no, dict(cols), {})]
    if now - proposed_us < DAY_US and rng.random() < 0.3:
        return cols, steps, None, None  # still 待审批
    # The approver: the proposer within their own limit, else the store manager (their request or
    # not); above every limit at the hall the store manager sends it to head office.
    total = from_fen(fen)
    approver = staff if total <= own_limit(staff.role, DEFAULT_POLICY) else MANAGER
    decision = decide_approval(
        total,
        approver.role,
        own_request=approver.staff_no == staff.staff_no,
        policy=DEFAULT_POLICY,
    )
    decided_us = proposed_us + rng.randrange(2 * 60_000_000, 20 * 60_000_000)
    when = utc_iso(_utc(decided_us))
    cols["limit_fen"], cols["counted_total_fen"] = to_fen(decision.limit), fen
    cols["updated_at"] = when
    to_head_office = decision.outcome is ApprovalOutcome.TO_HEAD_OFFICE
    if to_head_office:
        cols["state"] = RefundState.AWAITING_HEAD_OFFICE.value
        cols["sent_by_no"], cols["sent_by_name"], cols["sent_at"] = (
            approver.staff_no,
            approver.name,
            when,
        )
        kind = REFUND_SENT
    else:
        cols["state"] = RefundState.APPROVED.value
        cols["decided_by_no"], cols["decided_by_name"], cols["decided_at"] = (
            approver.staff_no,
            approver.name,
            when,
        )
        kind = REFUND_APPROVED
    steps.append((kind, decided_us, approver.staff_no, dict(cols), {}))
    # The customer signs the slip at the counter (provisionally while head office decides).
    signed_us = decided_us + rng.randrange(60_000_000, 5 * 60_000_000)
    image = rng.choice(_signatures())
    cols["signature_png"] = image
    cols["signature_sha256"] = hashlib.sha256(image).hexdigest()
    cols["signed_at"] = cols["updated_at"] = utc_iso(_utc(signed_us))
    cols["signed_by_no"] = staff.staff_no
    steps.append((REFUND_SIGNED, signed_us, staff.staff_no, dict(cols), {}))
    hq_decision = execution = None
    ready_us = decided_us  # when head office may execute it (approved)
    if to_head_office:
        hq_us = signed_us + rng.randrange(DAY_US // 2, 4 * DAY_US)
        if hq_us > now - 10 * 60_000_000:
            return cols, steps, None, None  # still 待总部审批
        approved = rng.random() < 0.85
        role = (
            HQRole.DIRECTOR
            if total <= Decimal(500)
            else HQRole.DEPARTMENT_HEAD
            if total <= Decimal(1000)
            else HQRole.LEADERSHIP
        )
        operator, operator_name = HQ_DECIDERS[role]
        reason = "经核实同意退费" if approved else "经复核不符合退费条件，已电话说明"
        decided = utc_iso(_utc(hq_us))
        event_id = _index_uuid("hq-decision", plan.seed, index)
        payload = {
            "id": refund_id, "approved": approved, "reason": reason, "decided_at": decided,
            "operator": operator, "operator_name": operator_name, "role": role.value,
            "complaint_total": f"{total:.2f}",
        }  # fmt: skip
        received_us = hq_us + rng.randrange(60_000_000, 3_600_000_000)
        received = utc_iso(_utc(received_us))
        hq_decision = (
            event_id, REFUND_DECIDED, refund_id, canonical_json(payload).decode("utf-8"),
            operator, received,
        )  # fmt: skip
        # replicas.decide_refund: the refund takes head office's decision
        cols["state"] = (
            RefundState.HEAD_OFFICE_APPROVED if approved else RefundState.HEAD_OFFICE_REFUSED
        ).value
        cols["decision_reason"], cols["hq_operator"], cols["hq_decided_at"] = (
            reason,
            operator,
            decided,
        )
        cols["decided_by_no"], cols["decided_by_name"], cols["decided_at"] = (
            "",
            operator_name,
            decided,
        )
        cols["hq_event_id"], cols["updated_at"] = event_id, decided
        if not approved:
            return cols, steps, hq_decision, None
        ready_us = received_us
    # Head office executes it (电子工单) within a few days; the first responder tells the customer.
    executed_us = ready_us + rng.randrange(DAY_US // 4, 3 * DAY_US)
    received_us = executed_us + rng.randrange(60_000_000, 3_600_000_000)
    if received_us > now - 60_000_000:
        return cols, steps, hq_decision, None  # 待执行
    event_id = _index_uuid("execution", plan.seed, index)
    received = utc_iso(_utc(received_us))
    told_us = received_us + rng.randrange(DAY_US // 8, 2 * DAY_US)
    told = told_us < now - 60_000_000
    execution = {
        "refund_id": refund_id, "state": ExecutionState.EXECUTED.value,
        "billing_reference": f"GD{executed_us // 1_000_000}{index % 1000:03d}",
        "amount_fen": fen, "executed_at": utc_iso(_utc(executed_us)), "failure_reason": "",
        "failed_at": None, "cancel_reason": "", "cancelled_at": None,
        "recorded_by": HQ_EXECUTOR[0], "recorded_by_name": HQ_EXECUTOR[1], "event_id": event_id,
        "received_at": received, "news_at": received,
        "told_at": utc_iso(_utc(told_us)) if told else None,
        "told_by_no": staff.staff_no if told else "",
    }  # fmt: skip
    if told:
        extra = {
            "customer_told": {
                "execution_state": ExecutionState.EXECUTED.value,
                "execution_event_id": event_id,
                "told_at": execution["told_at"],
            }
        }
        steps.append((REFUND_CUSTOMER_TOLD, told_us, staff.staff_no, dict(cols), extra))
    return cols, steps, hq_decision, tuple(execution[c] for c in EXECUTION_COLUMNS)


def refund_events(
    plan: Plan,
    index: int,
    complaint_number: str,
    steps: list[RefundStep],
    checked: bool,
    versions: dict[str, int],
) -> list[EventPart]:
    """The refund's events as refunds.py writes them (``_write_event``: the state with the
    complaint's number, ``before`` the state as loaded, without it; refund_loop.customer_told: the
    state and what the customer was told, no ``before``), through the catalogue."""
    parts = []
    before: dict[str, Any] | None = None
    for number, (kind, when_us, actor, cols, extra) in enumerate(steps):
        row = Refund(**cols)
        state = _plain({**refund_state(row, complaint_number), **extra})
        schema, payload = _payload(
            kind, state, None if kind == REFUND_CUSTOMER_TOLD else before, checked, versions
        )
        text = _dumps(payload)
        if checked and canonical_json(payload).decode() != text:
            raise AssertionError(f"refund of row {index}: payload differs from canonical_json")
        event_id = _index_uuid(f"refund-event{number}", plan.seed, index)
        when = utc_iso(_utc(when_us))
        parts.append((event_id, when, actor, text, kind, schema, *_stored(text, kind, state["id"])))
        before = _plain(refund_state(row))
    return parts


# ----------------------------------------------------------------------------------------------
# 过户 transfers
# ----------------------------------------------------------------------------------------------

TRANSFER_SHARE = 0.01  # 过户 opened per complaint (see the module's docstring)
TRANSFER_WAITS = 0.25  # of those opened in the last day: still 填写中, a party yet to sign
TRANSFER_ABANDONED = 0.03  # of the older ones: given up (a party did not come, papers missing)
# who handles them at the counter (each has one template: _template_transfers)
TRANSFER_STAFF = tuple(s for s in STAFF if s.role in (Role.CLERK, Role.SHIFT_LEADER))
SIGNERS = ("new_owner", "registered_owner", "clerk")  # in the order they sign (过户)
OWNERSHIP_COLUMNS = (
    "id", "number", "hall_code", "desk_code", "kind", "state", "phone", "account_type",
    "opened_on", "opened_checked_where", "parties", "evidence", "approval", "signatures",
    "documents", "retention_class", "paper_kept_until", "policy_version", "created_by_no",
    "created_by_name", "created_at", "completed_at", "abandoned_reason", "updated_at",
)  # fmt: skip
INSERT_OWNERSHIP = insert_statement("transfer", OWNERSHIP_COLUMNS)
TRANSFER_FILE_COLUMNS = (
    "id", "transfer_id", "role", "name", "sha256", "media_type", "size", "added_at",
    "added_by_no", "removed_at",
)  # fmt: skip
INSERT_TRANSFER_FILE = insert_statement("transfer_file", TRANSFER_FILE_COLUMNS)
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN_NAMES = (
    "伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟",
    "涛", "明", "超", "秀兰", "霞", "建国", "志强", "桂英", "玉兰",
)  # fmt: skip
STREETS = ("人民路", "解放路", "中山路", "建设路", "和平街", "新华路", "青年路", "胜利街")
ABANDON_REASONS = ("原机主未到场，改日再办", "客户未带齐身份证件", "客户决定暂不办理")
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)  # GB 11643 (ISO 7064 MOD 11-2)


@dataclass(frozen=True)
class TransferTemplate:
    """A 过户 completed through the services at set-up by one member of staff: the signature files
    and the two certified agreements that the seeded transfers this member of staff handles
    reference (see the module's docstring: what is real and what is shared)."""

    signatures: dict[str, tuple[str, int]]  # who → (SHA-256, size) of the signature PNG stored
    documents: tuple[dict[str, Any], ...]  # its ``transfer.documents`` entries (hall, customer)


@dataclass(frozen=True)
class TransferSetUp:
    field_key: bytes  # the seeded desk's field key (sealed.key(), from the keyring)
    templates: dict[str, TransferTemplate]  # staff no → its template


def _resident_id(rng: random.Random) -> str:
    """A well-formed 18-digit resident ID number (a Beijing county, a birth date, the check digit)."""
    birth = datetime(1950, 1, 1) + timedelta(days=rng.randrange(365 * 55))
    body = f"110101{birth:%Y%m%d}{rng.randrange(1000):03d}"
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, ID_WEIGHTS, strict=True)) % 11]


def _party(rng: random.Random) -> dict[str, str]:
    """A party's identity as the wizard sends it (居民身份证)."""
    return {
        "id_type": IdType.RESIDENT_ID.value,
        "id_number": _resident_id(rng),
        "name": rng.choice(SURNAMES) + rng.choice(GIVEN_NAMES),
        "address": f"城东区{rng.choice(STREETS)}{rng.randrange(1, 300)}号",
    }


def _mobile(rng: random.Random) -> str:
    return f"{rng.choice(MOBILE_PREFIXES)}{rng.randrange(10**8):08d}"


def _account_opened_on(rng: random.Random, at_us: int) -> str:
    """The account's opening date: one to twelve years before (old enough for any policy)."""
    local = _utc(at_us).astimezone(SHANGHAI).date()
    return (local - timedelta(days=rng.randrange(365, 12 * 365))).isoformat()


def _template_transfers(at: datetime) -> TransferSetUp:
    """One 过户 per member of staff in :data:`TRANSFER_STAFF`, through the services as the wizard
    drives them (``open_transfer``, both customers and the clerk ``sign_*``, ``complete_transfer``:
    two agreements drawn, certified with the desk's signing key and stored sealed), half an hour
    after the set-up; and the desk's field key. Inside an open store."""
    from hall_desk.services.transfers import (
        TransferForm,
        complete_transfer,
        open_transfer,
        sign_as_clerk,
        sign_as_customer,
    )
    from hall_desk.storage.models import Transfer, TransferFile

    pngs = _signatures()
    templates = {}
    for number, staff in enumerate(TRANSFER_STAFF):
        rng = random.Random(f"transfer-template:{number}")
        clock = FixedClock(at + timedelta(minutes=30 + 20 * number))
        ctx = DeskContext(clock=clock)
        session = sign_in(ctx, staff.staff_no, staff.password)
        at_us = (clock.now() - EPOCH) // timedelta(microseconds=1)
        form = TransferForm(
            kind=TransferKind.NORMAL.value,
            phone=_mobile(rng),
            account_type=rng.choice(list(AccountType)).value,
            opened_on=datetime.fromisoformat(_account_opened_on(rng, at_us)).date(),
            opened_checked_where="BOSS 客户信息页",
            new_owner=_party(rng),
            registered_owner=_party(rng),
        )
        view = open_transfer(ctx, session, form)
        images = {who: pngs[(3 * number + k) % len(pngs)] for k, who in enumerate(SIGNERS)}
        clock.advance(minutes=3)
        sign_as_customer(ctx, session, view.id, PartyRole.NEW_OWNER, images["new_owner"])
        clock.advance(minutes=2)
        sign_as_customer(
            ctx, session, view.id, PartyRole.REGISTERED_OWNER, images["registered_owner"]
        )
        clock.advance(minutes=1)
        sign_as_clerk(ctx, session, view.id, images["clerk"])
        clock.advance(minutes=1)
        complete_transfer(ctx, session, view.id)
        row = Transfer.get_by_id(view.id)
        signed = json.loads(row.signatures)
        sizes = {
            f.sha256: f.size
            for f in TransferFile.select().where(TransferFile.transfer_id == row.id)
        }
        templates[staff.staff_no] = TransferTemplate(
            {who: (signed[who]["sha256"], sizes[signed[who]["sha256"]]) for who in SIGNERS},
            tuple(json.loads(row.documents)),
        )
    return TransferSetUp(sealed.key(), templates)


def _hold_field_key(key: bytes) -> None:
    """The seeded desk's field key held by hall_desk.storage.sealed in this process (a worker, or
    this one with the store closed), as ``sealed.key()`` holds it once read from the keyring: the
    seeder's rows are then sealed by ``seal_value`` / ``seal_payload`` themselves."""
    with sealed._lock:
        sealed._key = key


# one transfer step: event type, time (µs), actor, the state after it (as its event carries it)
TransferStep = tuple[str, int, str, dict[str, Any]]


def transfer_rows(
    rng: random.Random, plan: Plan, index: int, visit: Visit
) -> tuple[tuple[Any, ...], list[tuple[Any, ...]], list[TransferStep]]:
    """The 过户 opened after visit ``index``: its ``transfer`` row (identity data sealed), its
    ``transfer_file`` rows and its steps, as transfers.py writes them (open_transfer, _sign,
    complete_transfer, abandon_transfer), as of the plan's "now"."""
    from hall_desk.services.transfers import (
        ABANDONED,
        COMPLETED,
        DOCUMENT_TITLES,
        OPENED,
        SIGNED,
        SIGNER_LABELS,
        transfer_state,
    )
    from hall_desk.storage.models import Transfer

    setup = plan.transfers
    if setup is None:
        raise AssertionError("the plan has no transfer set-up")
    _hold_field_key(setup.field_key)
    staff = TRANSFER_STAFF[rng.randrange(len(TRANSFER_STAFF))]
    template = setup.templates[staff.staff_no]
    transfer_id = _index_uuid("ownership-transfer", plan.seed, index)
    opened_us = visit.transfer_at_us
    opened = _utc(opened_us)
    parties = {"agents": [], "new_owner": _party(rng), "registered_owner": _party(rng)}
    row = Transfer(
        id=transfer_id,
        number=visit.transfer_number,
        hall_code=HALL,
        desk_code=DESK,
        kind=TransferKind.NORMAL.value,
        state=TransferState.FILLING.value,
        phone=_mobile(rng),
        account_type=rng.choice(list(AccountType)).value,
        opened_on=_account_opened_on(rng, opened_us),
        opened_checked_where="BOSS 客户信息页",
        evidence=json.dumps(
            {"sim_working": False, "password_verified": False, "invoices": []}, sort_keys=True
        ),
        approval=None,
        documents="[]",
        retention_class=TRANSFER_RETENTION.value,
        paper_kept_until="",
        policy_version=DEFAULT_POLICY.version,
        created_by_no=staff.staff_no,
        created_by_name=staff.name,
        created_at=opened,
        completed_at=None,
        abandoned_reason="",
        updated_at=opened,
    )
    row.parties = json.dumps(parties, ensure_ascii=False, sort_keys=True)
    row.signatures = "{}"
    files: list[tuple[Any, ...]] = []
    steps: list[TransferStep] = []

    def step(kind: str, when_us: int) -> None:
        steps.append((kind, when_us, staff.staff_no, _plain(transfer_state(row, ()))))

    def add_file(role: str, name: str, sha256: str, media_type: str, size: int, at: str) -> None:
        file_id = _index_uuid(f"transfer-file:{role}", plan.seed, index)
        files.append((file_id, transfer_id, role, name, sha256, media_type, size, at, staff.staff_no, None))  # fmt: skip

    step(OPENED, opened_us)
    now = plan.as_of_us - 60_000_000
    recent = plan.as_of_us - opened_us < DAY_US
    if not recent and rng.random() < TRANSFER_ABANDONED:
        when_us = opened_us + rng.randrange(5 * 60_000_000, 40 * 60_000_000)
        row.state = TransferState.ABANDONED.value
        row.abandoned_reason = rng.choice(ABANDON_REASONS)
        row.updated_at = _utc(when_us)
        step(ABANDONED, when_us)
    else:
        wanted = rng.randrange(len(SIGNERS)) if recent and rng.random() < TRANSFER_WAITS else 3
        signed: dict[str, dict[str, Any]] = {}
        at_us = opened_us
        for who in SIGNERS[:wanted]:
            at_us += rng.randrange(60_000_000, 5 * 60_000_000)
            if at_us > now:
                break
            sha256, size = template.signatures[who]
            signer: dict[str, Any] = (
                {"signer_no": staff.staff_no, "signer_name": staff.name, "signer_role": staff.role.value}
                if who == "clerk"
                else {"signer_name": parties[who]["name"]}
            )  # fmt: skip
            when = _utc(at_us)
            add_file(f"signature.{who}", f"{SIGNER_LABELS[who]}签名.png", sha256, "image/png", size, utc_iso(when))  # fmt: skip
            signed[who] = {**signer, "sha256": sha256, "at": when.isoformat()}
            row.signatures = json.dumps(signed, ensure_ascii=False, sort_keys=True)
            row.updated_at = when
            step(SIGNED, at_us)
        at_us += rng.randrange(30_000_000, 3 * 60_000_000)
        if len(signed) == len(SIGNERS) and at_us <= now:
            when = _utc(at_us)
            documents = []
            for document in template.documents:
                suffix = "A" if document["role"].startswith("agreement") else "B"
                name = f"{row.number}-{DOCUMENT_TITLES[document['role']]}.pdf"
                documents.append(
                    {**document, "document_no": f"{row.number}-{suffix}", "name": name}
                )
                add_file(document["role"], name, document["sha256"], "application/pdf", document["size"], utc_iso(when))  # fmt: skip
            row.documents = json.dumps(documents, ensure_ascii=False, sort_keys=True)
            row.state = TransferState.COMPLETED.value
            row.completed_at = when
            row.paper_kept_until = paper_kept_until(
                when.astimezone(SHANGHAI).date(), DEFAULT_POLICY
            ).isoformat()
            row.updated_at = when
            step(COMPLETED, at_us)
    values = {
        **{c: getattr(row, c) for c in OWNERSHIP_COLUMNS if c not in ("parties", "signatures")},
        "parties": row.sealed_parties,
        "signatures": row.sealed_signatures,
    }
    for column in ("created_at", "completed_at", "updated_at"):
        values[column] = None if values[column] is None else utc_iso(values[column])
    return tuple(values[c] for c in OWNERSHIP_COLUMNS), files, steps


def transfer_events(
    plan: Plan, index: int, steps: list[TransferStep], checked: bool, versions: dict[str, int]
) -> list[EventPart]:
    """The transfer's events as ``_write_event`` writes them (the state, ``before`` the state as
    loaded before the change), through the catalogue; stored sealed whole (``seal_payload``, bound
    to the event's id), as ``events.stored_form`` stores a ``transfer.*`` payload."""
    parts = []
    before: dict[str, Any] | None = None
    for number, (kind, when_us, actor, state) in enumerate(steps):
        schema, payload = _payload(kind, state, before, checked, versions)
        text = _dumps(payload)
        if checked and canonical_json(payload).decode() != text:
            raise AssertionError(f"transfer of row {index}: payload differs from canonical_json")
        event_id = _index_uuid(f"transfer-event{number}", plan.seed, index)
        stored = sealed.seal_payload(kind, event_id, text)
        entity = compact.entity_key(state["id"])
        parts.append((event_id, utc_iso(_utc(when_us)), actor, text, kind, schema, stored, entity))
        before = state
    return parts


def build_chunk(start: int, stop: int) -> Chunk:
    """Complaint rows, repeat links and event payloads for visits ``start``..``stop - 1``."""
    global _CHUNK_START
    if _PLAN is None:
        raise RuntimeError("build_chunk needs the plan (set _PLAN first)")
    plan = _PLAN
    _CHUNK_START = start
    rng = random.Random(f"{plan.seed}:{start}")
    channels = list(Channel)
    channel_weights = [
        0.85
        if c is Channel.WALK_IN
        else 0.08
        if c is Channel.PHONE
        else 0.03
        if c is Channel.HOTLINE_10086
        else 0.004
        for c in channels
    ]
    urgencies = list(NetworkUrgency)
    sources = list(EscalationSource)
    tendencies = list(EscalationTendency)
    staff_weights = [s.share for s in STAFF]
    complaints: list[ComplaintRow] = []
    links: list[LinkRow] = []
    events: list[EventPart] = []
    replies: list[tuple[Any, ...]] = []
    callbacks: list[tuple[Any, ...]] = []
    transfers: list[tuple[Any, ...]] = []
    refunds: list[tuple[Any, ...]] = []
    hq_decisions: list[tuple[Any, ...]] = []
    executions: list[tuple[Any, ...]] = []
    ownership: list[tuple[Any, ...]] = []
    transfer_files: list[tuple[Any, ...]] = []
    versions: dict[str, int] = {}  # the payload version build_payload chose for each type
    for index in range(start, stop):
        visit = plan.visits[index]
        customer = plan.customers[visit.customer]
        at = _utc(visit.at_us)
        complaint_id = _index_uuid("complaint", plan.seed, index)
        # 重复投诉: the service's own rule over the customer's window.
        earlier = [
            EarlierComplaint(
                _index_uuid("complaint", plan.seed, j),
                plan.visits[j].number,
                plan.visits[j].main,
                plan.visits[j].sub,
                _utc(plan.visits[j].at_us),
            )
            for j in visit.earlier
        ]
        repeat = find_repeats(visit.main, visit.sub, at, earlier, DEFAULT_POLICY)

        urgency = None
        if visit.main == NETWORK_CLASS:
            urgency = rng.choices(urgencies, weights=(0.05, 0.25, 0.70))[0]
        source = rng.choice(sources) if rng.random() < 0.02 else None
        reference = ""
        if source in ESCALATION_REFERENCE:
            reference = ESCALATION_REFERENCE[source].format(y=at.year, n=rng.randint(100, 99999))
        media = source is EscalationSource.MEDIA or rng.random() < 0.002
        tendency = rng.choices(tendencies, weights=(0.95, 0.03, 0.02))[0]
        amount_fen = None
        if visit.main == "电信资费" and rng.random() < 0.6:
            amount_fen = rng.randint(100, 50_000)
        occurred = None
        if rng.random() < 0.5:
            occurred = at - timedelta(minutes=rng.randint(30, 15 * 24 * 60))
        place = rng.choice(PLACES) if visit.main == NETWORK_CLASS and rng.random() < 0.7 else ""
        story = rng.choice(STORIES.get(visit.sub, ("客户反映{s}方面的问题，要求尽快处理。",)))
        staff = rng.choices(STAFF, weights=staff_weights)[0]
        deadlines = reply_deadline(at, customer.tier, urgency, DEFAULT_POLICY)
        at_text = utc_iso(at)
        # The attributes record_complaint gives Complaint.create, with the times already in
        # their stored form (utc_iso: the very text the event's _plain makes of a datetime).
        row = SimpleNamespace(
            id=complaint_id,
            number=visit.number,
            hall_code=HALL,
            desk_code=DESK,
            phone=customer.phone,
            customer_name=customer.name,
            tier=customer.tier.value,
            channel=rng.choices(channels, weights=channel_weights)[0].value,
            main_class=visit.main,
            sub_class=visit.sub,
            regulator_class=str(DEFAULT_CATALOGUE.regulator_class(visit.main, visit.sub)),
            occurred_at=utc_iso(occurred) if occurred else None,
            place=place,
            amount_fen=amount_fen,
            description=story.format(n=rng.randint(5, 300), d=rng.randint(2, 30), s=visit.sub),
            customer_request=rng.choice(REQUESTS),
            network_urgency=urgency.value if urgency else None,
            escalation_source=source.value if source else None,
            escalation_reference=reference,
            escalation_tendency=tendency.value,
            important=rng.random() < 0.01 or media or customer.tier is Tier.VIP,
            media=media,
            escalated=source is not None,
            repeat=repeat.is_repeat,
            state=ComplaintState.ACCEPTED.value,
            first_responder_no=staff.staff_no,
            first_responder_name=staff.name,
            accepted_at=at_text,
            reply_due=utc_iso(deadlines.reply_due),
            regulator_due=utc_iso(deadlines.regulator_due),
            deadline_basis=deadlines.basis,
            policy_version=DEFAULT_POLICY.version,
            updated_at=at_text,
            **V5_INITIAL,
            # schema v7; never estimated here (hours, no working days): the column's default 0
            reply_due_estimated=deadlines.estimated,
            # issue 20's columns (desk schema v16) as a new complaint has them
            late_reply="",
            planned_callback_at=None,
            media_reported_by="",
            media_reported_at=None,
            reply_due_estimate=None,
        )
        due_us = (deadlines.reply_due - EPOCH) // timedelta(microseconds=1)
        state, v5, own_replies, own_callbacks, own_transfers, own_steps = lifecycle(
            rng, plan, index, visit.at_us, due_us, staff, refund=bool(visit.refund_number)
        )
        replies.extend(own_replies)
        callbacks.extend(own_callbacks)
        transfers.extend(own_transfers)
        last_change = max(
            [at_text, *(r[4] for r in own_replies), *(c[4] for c in own_callbacks)]
            + [t[8] for t in own_transfers]
            + ([v5["closed_at"]] if v5["closed_at"] else [])
        )
        complaints.append(
            (
                row.id,
                row.number,
                HALL,
                DESK,
                row.phone,
                row.customer_name,
                row.tier,
                row.channel,
                row.main_class,
                row.sub_class,
                row.regulator_class,
                row.occurred_at,
                row.place,
                row.amount_fen,
                row.description,
                row.customer_request,
                row.network_urgency,
                row.escalation_source,
                row.escalation_reference,
                row.escalation_tendency,
                int(row.important),
                int(row.media),
                int(row.escalated),
                int(row.repeat),
                state,
                row.first_responder_no,
                row.first_responder_name,
                at_text,
                row.reply_due,
                row.regulator_due,
                row.deadline_basis,
                row.policy_version,
                last_change,
                *(int(v) if isinstance(v, bool) else v for v in v5.values()),
            )
        )
        links.extend((complaint_id, other.id, REPEAT_LINK) for other in repeat.earlier)

        # The events, as record_complaint and the lifecycle steps write them through the event
        # catalogue (build_payload: the current payload version; ``complaint.created`` without a
        # ``changes`` map, every later step with its changes and its own ``record``).
        created = complaint_state(cast(Complaint, row))
        created["repeat_of"] = [e.id for e in repeat.earlier]
        created["report_to_hq_now"] = media
        if created["amount"] is not None:
            created["amount"] = str(created["amount"])  # what _plain makes of a Decimal
        # (type, at, state, state before: None for the creation) of each event, in order
        chain: list[tuple[str, str, dict[str, Any], dict[str, Any] | None]] = [
            (CREATED, at_text, created, None)
        ]
        current = {k: v for k, v in created.items() if k not in ("repeat_of", "report_to_hq_now")}
        for kind, when_us, change, record in own_steps:
            before = {**current, "record": record}
            current = {**current, **change}
            chain.append((kind, utc_iso(_utc(when_us)), {**current, "record": record}, before))
        checked = index - start < CHECKS_PER_CHUNK
        for number, (kind, when, after, before_) in enumerate(chain):
            schema, payload = _payload(kind, after, before_, checked, versions)
            events.append(
                _event_part(plan, index, number, when, staff, payload, kind, schema, checked)
            )
        if current["state"] != state:
            raise AssertionError(f"row {index}: the steps end in {current['state']}, not {state}")
        verified_us = next((s[1] for s in own_steps if s[0] == VERIFIED), None)
        if visit.refund_number and verified_us is not None:
            cols, refund_steps, hq_decision, execution = refund_lifecycle(
                rng, plan, index, visit, staff, verified_us, row.amount_fen
            )
            refunds.append(tuple(cols[c] for c in REFUND_COLUMNS))
            if hq_decision is not None:
                hq_decisions.append(hq_decision)
            if execution is not None:
                executions.append(execution)
            events.extend(refund_events(plan, index, visit.number, refund_steps, checked, versions))
        if visit.transfer_number:
            row_values, files, transfer_steps = transfer_rows(rng, plan, index, visit)
            ownership.append(row_values)
            transfer_files.extend(files)
            events.extend(transfer_events(plan, index, transfer_steps, checked, versions))
    return Chunk(
        complaints,
        links,
        events,
        replies,
        callbacks,
        transfers,
        refunds,
        hq_decisions,
        executions,
        ownership,
        transfer_files,
    )


def _bounds(rows: int) -> list[tuple[int, int]]:
    """Each chunk's rows: the first :data:`FIRST_CHUNK`, then :data:`CHUNK` at a time (the same
    for any number of workers, so that the data is too: a chunk's random numbers start from its
    first row)."""
    starts = [0, *range(FIRST_CHUNK, rows, CHUNK)] if rows > FIRST_CHUNK else [0]
    return [(a, min(b, rows)) for a, b in zip(starts, [*starts[1:], rows], strict=True)]


def _chunks(plan: Plan, pool: Executor | None, skip: int = 0) -> Iterator[Chunk]:
    """The chunks in order (after the first ``skip``); with a pool, a few are built ahead while
    the caller writes."""
    bounds = iter(_bounds(len(plan.visits))[skip:])
    if pool is None:
        for start, stop in bounds:
            yield build_chunk(start, stop)
        return
    ahead = 4
    pending: deque[Future[Chunk]] = deque(
        pool.submit(build_chunk, start, stop) for start, stop in islice(bounds, ahead)
    )
    while pending:
        chunk = pending.popleft().result()
        following = next(bounds, None)
        if following is not None:
            pending.append(pool.submit(build_chunk, *following))
        yield chunk


# ----------------------------------------------------------------------------------------------
# The hash chain and the writes, in the main process
# ----------------------------------------------------------------------------------------------


def _envelope_text(
    event_id: str,
    seq: int,
    at: str,
    actor: str,
    payload_text: str,
    prev: str,
    kind: str,
    schema: int,
) -> str:
    """The canonical JSON of the envelope without ``hash``, built around the payload's canonical
    JSON (keys sorted: actor, at, desk, hall, id, payload, prev, schema, seq, type). Equal to
    ``canonical_json(envelope)``; :func:`_chain` checks that on a sample with ``envelope_hash``.
    """
    return (
        f'{{"actor":{json.dumps(actor)},"at":"{at}","desk":{json.dumps(DESK)},'
        f'"hall":{json.dumps(HALL)},"id":"{event_id}","payload":{payload_text},'
        f'"prev":"{prev}","schema":{schema},"seq":{seq},"type":{json.dumps(kind)}}}'
    )


def _chain(parts: Sequence[EventPart], seq: int, prev: bytes) -> list[tuple[Any, ...]]:
    """Event rows as the desk stores them, continuing the desk's chain after (``seq``, ``prev``:
    the previous event's hash, 32 bytes): the payload in its stored form, ``prev`` and ``hash``
    as bytes (compact.digest_stored), the entity key."""
    rows = []
    prev_hex = prev.hex() if prev else ""
    for position, part in enumerate(parts):
        event_id, at, actor, payload_text, kind, schema, stored, entity = part
        if stored is None:
            raise AssertionError(f"event {event_id}: no stored form (the plan has no dictionary)")
        seq += 1
        body = _envelope_text(event_id, seq, at, actor, payload_text, prev_hex, kind, schema)
        raw = hashlib.sha256(body.encode("utf-8")).digest()
        if position < CHECKS_PER_CHUNK * 3:
            envelope = {
                "id": event_id,
                "hall": HALL,
                "desk": DESK,
                "seq": seq,
                "type": kind,
                "schema": schema,
                "at": at,
                "actor": actor,
                "payload": json.loads(payload_text),
                "prev": prev_hex,
            }
            if envelope_hash(envelope) != raw.hex():
                raise AssertionError(f"event {seq}: hash differs from envelope_hash")
            opened = (
                sealed.open_payload(event_id, stored)
                if isinstance(stored, str) and sealed.payload_is_sealed(stored)
                else compact.decode(stored, _DECODE_CONN)
            )
            if opened != payload_text:
                raise AssertionError(f"event {seq}: the stored form does not decode to the text")
            if entity != compact.entity_key(json.loads(payload_text).get("id")):
                raise AssertionError(f"event {seq}: entity key differs")
        rows.append(
            (event_id, HALL, DESK, seq, kind, schema, at, actor, stored, prev or "", raw, entity)
        )
        prev, prev_hex = raw, raw.hex()
    return rows


_DECODE_CONN: sqlite3.Connection | None = None  # the writer's connection, for compact.decode


def _compress_here(chunk: Chunk) -> Chunk:
    """A chunk built before the plan had its dictionary (the first, trained on), compressed now."""
    global _CHUNK_START
    _CHUNK_START = 0  # the first chunk: the first dictionary
    events = []
    for part in chunk.events:
        if part[6] is not None:  # sealed already (transfer.*)
            events.append(part)
            continue
        stored, entity = _stored(part[3], part[4], json.loads(part[3]).get("id"))
        events.append((*part[:6], stored, entity))
    return replace(chunk, events=events)


def _set_aside_complaint_triggers(conn: sqlite3.Connection) -> list[str]:
    """Drop every trigger on ``complaint`` for the bulk write (the search indexes' and the daily
    figures', row by row, would cost more than building them once afterwards); their SQL, in the
    order they were created (the order they fire in depends on it)."""
    triggers = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'complaint'"
        " ORDER BY rowid"
    ).fetchall()
    for name, _ in triggers:
        conn.execute(f'DROP TRIGGER "{name}"')
    return [sql for _, sql in triggers]


def _fill_what_the_triggers_keep(conn: sqlite3.Connection, triggers: list[str]) -> None:
    """After the bulk write: every complaint's search key, the three search indexes and the daily
    figures in one statement each (the schema's and rebuild_search_index's own SQL: the same rows
    the triggers would have made, tests/test_seed_events.py compares), then the triggers back."""
    conn.execute(SEARCH_KEYS_FILL)
    for statement in REBUILD_STATEMENTS:
        conn.execute(statement)
    conn.execute(DAY_FIGURES_FILL)
    for sql in triggers:
        conn.execute(sql)


ERA_SAMPLE_ROWS = 1_000  # complaints whose payloads a later dictionary is trained on


def _era_dictionaries(
    path: Path, first: Chunk, rows: int
) -> tuple[tuple[int, tuple[int, bytes | None]], ...]:
    """A new dictionary for every ``compact.RETRAIN_EVENTS`` events of the log (as a desk's start
    trains one when that many were stored since the newest: payloads drift over ten years), each
    trained on the payloads of the :data:`ERA_SAMPLE_ROWS` complaints before its first chunk, kept
    in the store in order: (first row, (id, bytes)). Eras begin at a chunk's first row, a little
    sooner than a desk's would (the events per complaint are the first chunk's, whose complaints
    are all closed: the most events), so that no era holds RETRAIN_EVENTS events and the seeded
    store's first start does not train one (the cold start benchmark would time it)."""
    per_row = len(first.events) / max(1, len(first.complaints))
    era_rows = max(CHUNK, int(0.9 * compact.RETRAIN_EVENTS / max(per_row, 1.0)) - CHUNK)
    starts: list[int] = []
    for start, _ in _bounds(rows)[1:]:
        if start >= (len(starts) + 1) * era_rows:
            starts.append(start)
    eras = []
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        for start in starts:
            sample = build_chunk(max(0, start - ERA_SAMPLE_ROWS), start)
            eras.append((start, _kept_dictionary(conn, _payload_samples(sample))))
    finally:
        conn.close()
        compact.forget()
    return tuple(eras)


def _uses(chunk: Chunk, dictionary_id: int) -> bool:
    """Whether a chunk's payloads are compressed with dictionary ``dictionary_id``."""
    for part in chunk.events:
        if isinstance(part[6], bytes):
            return compact.dictionary_of(part[6]) == dictionary_id
    return False


def _payload_samples(chunk: Chunk) -> list[bytes]:
    """A chunk's payload texts a dictionary may be trained on (never a family kept as text)."""
    return [p[3].encode("utf-8") for p in chunk.events if not compact.kept_as_text(p[4])]


def _train_dictionary(path: Path, chunk: Chunk | None) -> tuple[int, bytes | None]:
    """The store's payload dictionary, trained on the first chunk's payloads (as a desk trains on
    its own once it holds enough: compact.train, kept in payload_dictionary), as (id, bytes);
    (0, None) when there are too few payloads."""
    samples = [] if chunk is None else _payload_samples(chunk)
    if len(samples) < compact.TRAIN_MIN_PAYLOADS:
        return 0, None
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        return _kept_dictionary(conn, samples)
    finally:
        conn.close()
        compact.forget()


def _kept_dictionary(conn: sqlite3.Connection, samples: list[bytes]) -> tuple[int, bytes]:
    """A dictionary trained on (up to compact.TRAIN_SAMPLE of) ``samples`` and kept in the store by
    compact.train, as (id, bytes) for the workers."""
    dictionary_id = compact.train(conn, samples[: compact.TRAIN_SAMPLE], utc_iso(datetime.now(UTC)))
    data = conn.execute(
        "SELECT data FROM payload_dictionary WHERE id = ?", (dictionary_id,)
    ).fetchone()[0]
    return dictionary_id, bytes(data)


def _set_up(path: Path, at: datetime, *, transfers: bool) -> TransferSetUp | None:
    """Hall, desk and staff through the services, as a first start would create them; with
    ``transfers``, the template 过户 (:func:`_template_transfers`) half an hour later. The keys (the
    desk's signing key, the identity field key) go to the keyring in use."""
    from hall_desk.services.keys import wire_keys

    wire_keys()  # as the app and the CLI do at start-up
    ctx = DeskContext(clock=FixedClock(at))
    open_store(path)
    try:
        set_up_hall(
            ctx,
            hall_code=HALL,
            hall_name="人民路营业厅",
            district="城东区",
            service_phone="10086",
            desk_no=DESK_NO,
            manager_no=MANAGER.staff_no,
            manager_name=MANAGER.name,
            manager_password=MANAGER.password,
        )
        manager = sign_in(ctx, MANAGER.staff_no, MANAGER.password)
        for staff in STAFF[1:]:
            create_staff(
                ctx,
                manager,
                staff_no=staff.staff_no,
                name=staff.name,
                role=staff.role,
                password=staff.password,
            )
        return _template_transfers(at) if transfers else None
    finally:
        close_store()


@dataclass(frozen=True)
class SeedReport:
    rows: int
    seconds: float
    path: Path
    events: int
    links: int
    repeats: int
    size_bytes: int
    workers: int


def _pool(workers: int) -> ProcessPoolExecutor | None:
    """Worker processes forked now: they inherit the plan (``_PLAN``) instead of unpickling it,
    and they fork before this process opens the store file."""
    if workers < 1 or "fork" not in multiprocessing.get_all_start_methods():
        return None  # build in this process
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
    pool.submit(int).result()  # with fork, the first submit starts every worker
    return pool


def build(
    rows: int,
    path: Path,
    *,
    workers: int | None = None,
    quiet: bool = False,
    all_open: bool = False,
    keys: Any = None,
) -> SeedReport:
    """Create a new store at ``path`` (which must not exist) seeded with ``rows`` complaints. The
    desk's keys (its signing key, the field key sealing its 过户) go to ``keys``, a keyring backend
    (an in-memory one of its own when not given: never the machine's keyring)."""
    import keyring

    from tests.sync.keyrings import MemoryKeyring

    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring() if keys is None else keys)
    sealed.forget_key()
    try:
        return _build(rows, path, workers=workers, quiet=quiet, all_open=all_open)
    finally:
        keyring.set_keyring(previous)
        sealed.forget_key()


def _build(
    rows: int, path: Path, *, workers: int | None, quiet: bool, all_open: bool
) -> SeedReport:
    global _PLAN, _DECODE_CONN
    started = time.perf_counter()
    if path.exists():
        raise FileExistsError(path)
    workers = (os.cpu_count() or 1) if workers is None else workers

    cpu_started = time.process_time()

    def progress(text: str) -> None:
        """The wall time so far, and this (the writing) process's CPU time: the workers build
        the payloads beside it (on a busy machine the CPU times say more than the wall time)."""
        if not quiet:
            print(
                f"  {time.perf_counter() - started:6.1f} s  "
                f"(writer CPU {time.process_time() - cpu_started:6.1f} s)  {text}",
                file=sys.stderr,
                flush=True,
            )

    today = datetime.now(SHANGHAI).replace(hour=0, minute=0, second=0, microsecond=0)
    end_day_us = (today.replace(tzinfo=UTC) - EPOCH) // timedelta(microseconds=1)
    seed = RANDOM_SEED + rows
    rng = random.Random(seed)
    customers, visits = plan_visits(rng, rows, end_day_us)
    day_last = number_visits(visits)
    if not all_open:
        day_last.update(plan_refunds(random.Random(f"{seed}:refunds"), visits))
    as_of_us = (visits[-1].at_us if visits else end_day_us) + 60_000_000
    if not all_open:
        day_last.update(plan_transfers(random.Random(f"{seed}:transfers"), visits, as_of_us))
    first = _utc(visits[0].at_us) if visits else today.astimezone(UTC)
    setup = _set_up(path, first - timedelta(days=1), transfers=not all_open)
    progress(
        f"planned {len(visits):,} complaints of {len(customers):,} customers; hall set up"
        + ("" if setup is None else f", {len(setup.templates)} 过户 through the services")
    )

    _PLAN = Plan(customers, visits, seed, as_of_us, all_open, transfers=setup)
    # The first chunk here, to train the store's dictionary on; the workers (forked after it, so
    # they inherit the plan with the dictionary) compress the others as they build them.
    first = build_chunk(*_bounds(rows)[0]) if rows else None
    _PLAN = replace(_PLAN, dictionary=_train_dictionary(path, first))
    if first is not None and _PLAN.dictionary != (0, None):
        _PLAN = replace(_PLAN, eras=_era_dictionaries(path, first, rows))
    progress(f"first chunk built, {1 + len(_PLAN.eras)} dictionaries trained")
    pool = _pool(workers)
    links_total = repeats = done = refunds_total = ownership_total = 0
    try:
        conn = sqlite3.connect(path, isolation_level=None)
        _DECODE_CONN = conn
        try:
            # Bulk pragmas, for this connection only: no journal, no fsync, a big page cache.
            conn.execute("PRAGMA journal_mode = OFF")
            conn.execute("PRAGMA synchronous = OFF")
            conn.execute("PRAGMA foreign_keys = OFF")  # checked once at the end instead
            conn.execute("PRAGMA cache_size = -2000000")  # 2 GB
            conn.execute("PRAGMA temp_store = MEMORY")
            seq, prev = conn.execute(
                "SELECT seq, hash FROM event WHERE desk = ? ORDER BY seq DESC LIMIT 1", (DESK,)
            ).fetchone()
            prev = compact.digest_stored(compact.digest_text(prev))
            conn.execute("BEGIN")
            triggers = _set_aside_complaint_triggers(conn)
            chunks = _chunks(_PLAN, pool, skip=1)
            if first is not None:
                chunks = itertools.chain([_compress_here(first)], chunks)
            newest = _PLAN.eras[-1][1][0] if _PLAN.eras else None
            through: int | None = None  # the rowid before the newest dictionary's first event
            for chunk in chunks:
                if newest is not None and through is None and _uses(chunk, newest):
                    through = conn.execute("SELECT max(rowid) FROM event").fetchone()[0]
                events = _chain(chunk.events, seq, prev)
                seq, prev = events[-1][3], events[-1][10]
                conn.executemany(INSERT_COMPLAINT, chunk.complaints)
                conn.executemany(INSERT_EVENT, events)
                conn.executemany(INSERT_LINK, chunk.links)
                conn.executemany(INSERT_REPLY, chunk.replies)
                conn.executemany(INSERT_CALLBACK, chunk.callbacks)
                conn.executemany(INSERT_TRANSFER, chunk.transfers)
                conn.executemany(INSERT_REFUND, chunk.refunds)
                conn.executemany(INSERT_HQ_DECISION, chunk.hq_decisions)
                conn.executemany(INSERT_EXECUTION, chunk.executions)
                conn.executemany(INSERT_OWNERSHIP, chunk.ownership)
                conn.executemany(INSERT_TRANSFER_FILE, chunk.transfer_files)
                refunds_total += len(chunk.refunds)
                ownership_total += len(chunk.ownership)
                links_total += len(chunk.links)
                repeats += sum(row[23] for row in chunk.complaints)
                done += len(chunk.complaints)
                if done // COMMIT_EVERY > (done - len(chunk.complaints)) // COMMIT_EVERY:
                    conn.execute("COMMIT")
                    conn.execute("BEGIN")
                    progress(f"{done:>9,} / {rows:,} rows")
            if through is not None:  # as compact.train records it when a desk trains one
                conn.execute(
                    "INSERT OR REPLACE INTO setting (key, value) VALUES (?, ?)",
                    (compact.TRAINED_THROUGH, str(through)),
                )
            progress(f"{done:>9,} rows written; building the indexes the triggers keep")
            _fill_what_the_triggers_keep(conn, triggers)
            progress("search indexes and daily figures built, triggers back")
            conn.executemany(UPSERT_DAY, sorted(day_last.items()))
            # the set-up's few events, written before the dictionary existed, as a desk's start
            # recompresses them (hall_desk.storage.events.compact_stored_events)
            last = 0
            while last >= 0:
                last, _ = compact.convert_batch(conn, last, 10_000)
            conn.execute("COMMIT")
            problems = conn.execute("PRAGMA foreign_key_check").fetchall()
            if problems:
                raise AssertionError(f"foreign key problems: {problems[:5]}")
            # Back to the store's own journal mode before anyone else opens the file.
            conn.execute("PRAGMA journal_mode = WAL")
            events_total = conn.execute("SELECT count(*) FROM event").fetchone()[0]
        finally:
            conn.close()
            _DECODE_CONN = None
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
        _PLAN = None
    progress(
        f"written: {rows:,} complaints, {events_total:,} events, {links_total:,} links, "
        f"{refunds_total:,} refunds, {ownership_total:,} 过户"
    )

    # Reopen through the app: its pragmas and schema check, then consistency checks.
    open_store(path)
    try:
        _check_store(rows)
    finally:
        close_store()
    elapsed = time.perf_counter() - started
    progress("checked")
    return SeedReport(
        rows,
        elapsed,
        path,
        events_total,
        links_total,
        repeats,
        path.stat().st_size,
        workers if pool is not None else 0,
    )


def _check_store(rows: int) -> None:
    """Consistency checks of the whole file that take seconds, not minutes (a full
    ``verify_desk_chain`` re-hashes every event: about 5 minutes for a million)."""
    from hall_desk.storage.db import database
    from hall_desk.storage.events import events_of_desk, verify_chain

    def one(sql: str, *args: Any) -> Any:
        return database.execute_sql(sql, args).fetchone()[0]

    if one("SELECT count(*) FROM complaint") != rows:
        raise AssertionError("complaint count differs")
    # seq runs 1..n without gaps, and every prev is the hash of the event before it.
    count, low, high = database.execute_sql(
        "SELECT count(*), min(seq), max(seq) FROM event WHERE desk = ?", (DESK,)
    ).fetchone()
    if (low, high) != (1, count):
        raise AssertionError(f"event seq is not 1..{count}: {low}..{high}")
    broken = one(
        "SELECT count(*) FROM event e JOIN event p ON p.desk = e.desk AND p.seq = e.seq - 1 "
        "WHERE e.desk = ? AND e.prev != p.hash",
        DESK,
    )
    if broken:
        raise AssertionError(f"{broken} events do not link to their predecessor")
    # Whole envelopes (content hashes too) with the app's verify_chain: the first 2,000 events
    # from seq 1, and the hashes of the last 2,000.
    head = verify_chain(takewhile(lambda env: env["seq"] <= 2_000, events_of_desk(DESK)))
    if not head.intact:
        raise AssertionError(f"event chain broken: {head}")
    if any(
        envelope_hash(env) != env["hash"] for env in events_of_desk(DESK, max(0, count - 2_000))
    ):
        raise AssertionError("a recent event's hash does not match its content")
    # day_counter holds, for every day, the last running number of that day.
    numbered = dict(
        database.execute_sql(
            "SELECT substr(number, ?, 6), max(CAST(substr(number, ?) AS INTEGER)) FROM complaint "
            "GROUP BY 1",
            (len(DESK) + 2, len(DESK) + 9),
        ).fetchall()
    )
    # refunds: R<yymmdd>; a number planned for a complaint still open before its verification
    # (the last day's) is never used, so a counter may be past the day's highest refund number
    numbered_refunds = dict(
        database.execute_sql(
            "SELECT substr(number, ?, 7), max(CAST(substr(number, ?) AS INTEGER)) FROM refund "
            "GROUP BY 1",
            (len(DESK) + 2, len(DESK) + 10),
        ).fetchall()
    )
    counters = dict(database.execute_sql("SELECT day, last FROM day_counter").fetchall())
    if numbered != {k: v for k, v in counters.items() if not k.startswith(("R", "G"))}:
        raise AssertionError("day counters disagree with the complaint numbers")
    # 过户: G<yymmdd> counters hold each day's last number (none is planned and left unused), every
    # file a transfer references is stored, and each completed one has its two agreements
    numbered_transfers = dict(
        database.execute_sql(
            "SELECT substr(number, ?, 7), max(CAST(substr(number, ?) AS INTEGER)) FROM transfer "
            "GROUP BY 1",
            (len(DESK) + 2, len(DESK) + 10),
        ).fetchall()
    )
    if numbered_transfers != {k: v for k, v in counters.items() if k.startswith("G")}:
        raise AssertionError("day counters disagree with the 过户 numbers")
    if one(
        "SELECT count(*) FROM transfer_file f LEFT JOIN stored_file s ON s.sha256 = f.sha256 "
        "WHERE s.sha256 IS NULL"
    ):
        raise AssertionError("a 过户 references a file that is not stored")
    if one(
        "SELECT count(*) FROM transfer t WHERE t.state = ? AND (SELECT count(*) FROM "
        "transfer_file f WHERE f.transfer_id = t.id AND f.media_type = 'application/pdf') != 2",
        TransferState.COMPLETED.value,
    ):
        raise AssertionError("a completed 过户 has not its two agreements")
    if any(counters.get(day, 0) < last for day, last in numbered_refunds.items()):
        raise AssertionError("a refund number is past its day's counter")


# ----------------------------------------------------------------------------------------------
# The cache
# ----------------------------------------------------------------------------------------------


def ensure_cached(
    rows: int, *, rebuild: bool = False, quiet: bool = False, all_open: bool = False
) -> tuple[Path, SeedReport | None]:
    """The cached seeded store for ``rows`` (``all_open``: the worst case), built first if
    missing. Returns (path, report if it was built now)."""
    target = cache_path(rows, all_open=all_open)
    if target.exists() and not rebuild:
        use_seed_keys(target)
        return target, None
    require_room(target.parent, rows * BYTES_PER_COMPLAINT, f"seeding {rows:,} complaints")
    building = Path(tempfile.mkdtemp(prefix=f"seed-{rows}-", dir=target.parent))
    try:
        keys = _keyring_file(building / "keyring.json")
        report = build(rows, building / STORE_FILE, quiet=quiet, all_open=all_open, keys=keys)
        for leftover in ("-wal", "-shm"):
            if (building / (STORE_FILE + leftover)).exists():
                raise AssertionError(f"{leftover} file left after close")
        _remove_journal_files(target)  # a stale WAL must never sit beside the new file
        os.replace(building / STORE_FILE, target)
        if (building / "keyring.json").exists():
            os.replace(building / "keyring.json", keyring_path(target))
    finally:
        shutil.rmtree(building, ignore_errors=True)
    use_seed_keys(target)
    return target, replace(report, path=target)


def keyring_path(store: Path) -> Path:
    """Where the keys of a cached seeded store are kept: its signing key and the field key that
    seals its 过户 identity data, in a keyring file beside it (tests.sync.keyrings.FileKeyring's
    JSON; ``PYTHON_KEYRING_BACKEND=tests.sync.keyrings.FileKeyring`` and ``HALL_DESK_TEST_KEYRING``
    naming it make a desk started on the store open its 过户). :func:`ensure_cached` and
    :func:`seeded_copy` make it this process's keyring (:func:`use_seed_keys`)."""
    return store.with_name(store.name + ".keyring.json")


@lru_cache(maxsize=1)
def _seed_keyring_class() -> Any:
    from tests.sync.keyrings import FileKeyring

    class SeedKeyring(FileKeyring):
        """FileKeyring at a path of its own (not the environment's)."""

        def __init__(self, path: Path | None = None) -> None:
            super().__init__()
            self.file = path

        @property
        def _path(self) -> Path:
            if self.file is None:  # as the keyring library's chainer makes it: no file, no keys
                raise RuntimeError("no seed keyring file")
            return self.file

    return SeedKeyring


def _keyring_file(path: Path) -> Any:
    """A keyring backend keeping its entries in the JSON file ``path`` (FileKeyring's format)."""
    return _seed_keyring_class()(path)


def use_seed_keys(store: Path) -> None:
    """This process's keyring from now on: the keys of the seeded store ``store`` (its
    :func:`keyring_path`), as a desk holds its own store's keys. A benchmark working on a seeded
    store is that desk: its 过户 (sealed identity data, certified agreements) open, and so does
    a whole-chain verification."""
    import keyring

    from hall_desk.services.keys import wire_keys

    wire_keys()
    keyring.set_keyring(_keyring_file(keyring_path(store)))
    sealed.forget_key()


# the seed on disk: s5 6.04 KB at 20,000 rows (b70e263 + the 过户, 2026-12-07); s4 5.80 KB at
# 20,000, 5.73 KB at 50,000
BYTES_PER_COMPLAINT = 6_100


class NoRoom(SystemExit):
    """The disk has not the room a benchmark would write: said before anything is written."""


def require_room(directory: Path, needed: int, what: str) -> None:
    """Stop (:class:`NoRoom`, naming how much is needed) unless ``directory``'s disk has
    ``needed`` bytes free and 1 GB to spare."""
    directory.mkdir(parents=True, exist_ok=True)
    free = shutil.disk_usage(directory).free
    if free < needed + 1_000_000_000:
        raise NoRoom(
            f"{what} needs {needed / 1e9:.1f} GB (+1 GB to spare) on {directory}, "
            f"{free / 1e9:.1f} GB free: free some room or choose another place"
        )


def _remove_journal_files(store: Path) -> None:
    """Delete an empty (or, before a rebuild, stale) ``-wal`` and the ``-shm`` beside ``store``:
    opening the cache read-only with sqlite3 leaves them behind."""
    for suffix in ("-wal", "-shm"):
        store.with_name(store.name + suffix).unlink(missing_ok=True)


def seeded_copy(
    rows: int, directory: Path, *, quiet: bool = False, all_open: bool = False
) -> tuple[Path, SeedReport | None]:
    """Copy the cached store for ``rows`` (seeding it first if missing) to
    ``directory/desk.sqlite3``, ready for ``--data-dir directory``."""
    source, report = ensure_cached(rows, quiet=quiet, all_open=all_open)
    wal = source.with_name(source.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        # Someone opened the cache itself and wrote: the main file alone is not the store.
        raise RuntimeError(f"{wal} is not empty: rebuild the cache with seed.py --rebuild")
    _remove_journal_files(source)
    require_room(directory, source.stat().st_size, "a working copy of the seeded store")
    target = directory / STORE_FILE
    shutil.copyfile(source, target)
    if keyring_path(source).exists():
        shutil.copyfile(keyring_path(source), keyring_path(target))
    use_seed_keys(target)
    # Flush the copy to disk now: gigabytes of dirty pages written back in the background would
    # otherwise slow the fsyncs of the save benchmark (measured: p99 ×4 on a fresh 1M copy).
    with target.open("rb+") as copied:
        os.fsync(copied.fileno())
    return target, report


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Seed (and cache) a desk store for the benchmarks."
    )
    parser.add_argument("--rows", type=int, default=DEFAULT_ROWS, help="complaints to seed")
    parser.add_argument("--rebuild", action="store_true", help="seed again even if cached")
    parser.add_argument(
        "--all-open",
        action="store_true",
        help="the worst case: every complaint 已受理 (none answered or closed)",
    )
    args = parser.parse_args(argv)
    if args.rows < 1:
        parser.error("--rows must be at least 1")
    try:
        path, report = ensure_cached(args.rows, rebuild=args.rebuild, all_open=args.all_open)
    except NoRoom as no_room:
        print(no_room, file=sys.stderr)
        return 1
    if report is None:
        print(f"cached: {path} ({path.stat().st_size / 1e6:.0f} MB); --rebuild to seed again")
    else:
        print(
            f"seeded {report.rows:,} complaints ({report.repeats:,} marked 重复投诉, "
            f"{report.links:,} repeat links, {report.events:,} events) in {report.seconds:.1f} s "
            f"with {report.workers} worker processes → {path} ({report.size_bytes / 1e6:.0f} MB)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
