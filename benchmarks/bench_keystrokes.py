"""Keystrokes to record a walk-in complaint (issue 23, 每诉必录 in twenty seconds): the ten commonest
counter situations entered through the real intake form, without and with 常用模板, and the
suggested class's accuracy. A count, not a timing: the estimate is arithmetic.

Usage (from the repository root)::

    python benchmarks/bench_keystrokes.py               # on a seeded hall of 20,000 complaints
    python benchmarks/bench_keystrokes.py --rows 1500   # smaller (the smoke test)

How it counts (the clerk types as a person would, the form under ``QT_QPA_PLATFORM=offscreen``):

- navigation keys: Enter, Tab, arrows, F2 (template picker), Ctrl+Enter (read back and save);
- typed keys: Latin letters and digits as typed (a pick-list or picker search, a figure), and
  Chinese text delivered as an input method's commit string, counted as the pinyin keys it needs:
  the spelling of each character plus one selection key per word (a word taken as two characters
  of a run, rounded up); a full-width punctuation mark is one key. The phone number's 11 digits are
  counted apart; the customer's name is counted in its own column and in the typed keys' figure;
- fields read: each field the clerk looks at to fill or choose (1.2 s each);
- estimated time: 0.3 s per key (navigation, typed, digits, name) plus 1.2 s per field read.

Each situation is entered three ways: without a template for a new customer (the whole name
陈先生 typed, as before issue 23's templates), and with a template for a **returning** customer (a
number with an earlier complaint: the form fills the name from it, the clerk reads it) and for a
**new** one (the surname 陈 typed, ↓ adds 先生). A blank with usual values (【地点】, 【日期】) is
filled with ↓ where the situation's value is one of them, else typed.

Targets for a templated complaint (issue 23), for a returning and for a new customer alike:
≤ 10 navigation keys, ≤ 10 typed keys besides the phone number's digits (name included), ≤ 20 s
estimated. The class suggestion learns from the seeded hall's history
and is measured on ``tests/data/labelled_descriptions.tsv`` (top-1 and top-3; no target).
Exit codes: benchmarks/outcome.py.
"""

from __future__ import annotations

import argparse
import math
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from seed import CLERK, MANAGER, seeded_copy  # noqa: E402

from benchmarks import outcome  # noqa: E402
from hall_desk.domain.catalogue import NETWORK_CLASS  # noqa: E402
from hall_desk.domain.class_suggestion import ClassSuggester, accuracy  # noqa: E402
from hall_desk.domain.clock import SHANGHAI  # noqa: E402
from hall_desk.domain.quick_entry import blank_choices  # noqa: E402
from hall_desk.domain.templates import BLANK, ComplaintTemplate  # noqa: E402
from hall_desk.services import complaints as complaint_service  # noqa: E402
from hall_desk.services import templates as template_service  # noqa: E402
from hall_desk.services.context import DeskContext  # noqa: E402
from hall_desk.services.staff import sign_in  # noqa: E402
from hall_desk.storage.db import close_store, open_store  # noqa: E402
from hall_desk.storage.models import Complaint  # noqa: E402

LABELLED = REPO / "tests" / "data" / "labelled_descriptions.tsv"
KEY_SECONDS = 0.3
FIELD_SECONDS = 1.2
TARGET_NAVIGATION = 10
TARGET_TYPED = 10
TARGET_SECONDS = 20.0
PHONE = "13800138000"  # the returning customer
NEW_PHONES = "1390000"  # + 4 digits: a new customer each time (checked unknown to the hall)
NAME = "陈先生"
SURNAME = "陈"
HAN = re.compile(r"[\u4e00-\u9fff]+")
_KEEP: list[object] = []


@dataclass(frozen=True)
class Pick:
    """A blank's usual value taken with ↓ (``downs`` presses: the first value is one)."""

    downs: int


@dataclass(frozen=True)
class Situation:
    template: ComplaintTemplate
    search: str  # what the clerk types in the picker (pinyin initials of the name)
    blanks: tuple[str | Pick, ...]  # what goes in each blank, in order

    def values(self, today: date) -> list[str]:
        labels = BLANK.findall(self.template.description)
        return [
            blank_choices(label, today)[value.downs - 1] if isinstance(value, Pick) else value
            for label, value in zip(labels, self.blanks, strict=True)
        ]

    def description(self, today: date) -> str:
        text = self.template.description
        for value in self.values(today):
            text = BLANK.sub(value, text, count=1)
        return text


def _t(name: str, main: str, sub: str, description: str, request: str) -> ComplaintTemplate:
    return ComplaintTemplate("", 1, name, main, sub, description, request)


# The ten commonest situations at a counter (issue 23's list and the seeded hall's class shares).
SITUATIONS = (
    Situation(
        _t("多扣话费", "电信资费", "资费争议/乱收费", "客户反映本月话费多扣【金额】元。", "退还多收费用"),
        "dkhf",
        ("30",),
    ),
    Situation(
        _t("信号差", "网络质量", "信号覆盖", "客户反映【地点】信号差，通话经常中断。", "尽快改善信号"),
        "xhc",
        (Pick(1),),  # 家中, the first place offered
    ),
    Situation(
        _t("套餐被改", "电信资费", "套餐变更", "客户称套餐未经本人同意被变更。", "恢复原套餐"),
        "tcbg",
        (),
    ),
    Situation(
        _t("宽带故障", "业务种类", "宽带业务", "客户家中宽带自【日期】起无法上网。", "尽快上门修复"),
        "kdgz",
        (Pick(2),),  # yesterday's date, the second date offered
    ),
    Situation(
        _t("积分未到账", "电信服务", "积分兑换", "客户兑换的积分商品未到账。", "尽快补发"),
        "jfwd",
        (),
    ),
    Situation(
        _t("代收费", "电信资费", "代收信息费", "账单中有【金额】元代收费，客户称未订购。", "退还代收费用"),
        "dsf",
        ("15",),
    ),
    Situation(
        _t("网速慢", "网络质量", "上网速率", "客户反映上网速度慢，视频卡顿。", "尽快提升网速"),
        "wsm",
        (),
    ),
    Situation(
        _t("垃圾短信", "业务种类", "垃圾短信", "客户每天收到营销短信。", "屏蔽骚扰短信"),
        "ljdx",
        (),
    ),
    Situation(
        _t("增值业务", "业务种类", "增值业务", "客户未订购的增值业务被扣费【金额】元。", "退订并退费"),
        "zzyw",
        ("10",),
    ),
    Situation(
        _t("态度差", "电信服务", "服务态度", "客户反映营业员服务态度差。", "赔礼道歉"),
        "tdc",
        (),
    ),
)  # fmt: skip


def pinyin_keys(text: str) -> int:
    """The keys an input method needs for ``text``: each Han character's spelling, one selection
    key per word (two characters of a run), one key for anything else."""
    from pypinyin import lazy_pinyin

    keys = 0
    for run in HAN.findall(text):
        keys += sum(len(s) for s in lazy_pinyin(run)) + math.ceil(len(run) / 2)
    keys += len(HAN.sub("", text))
    return keys


@dataclass
class Count:
    navigation: int = 0
    typed: int = 0
    digits: int = 0
    name: int = 0
    fields: int = 0

    @property
    def seconds(self) -> float:
        keys = self.navigation + self.typed + self.digits + self.name
        return keys * KEY_SECONDS + self.fields * FIELD_SECONDS


@dataclass
class Row:
    situation: str
    without: Count
    returning: Count  # with a template, a returning customer
    new: Count  # with a template, a new customer
    checks: list[str] = field(default_factory=list)


class Clerk:
    """Keys into whatever has the focus, counted."""

    def __init__(self) -> None:
        from PySide6.QtWidgets import QApplication

        self.app = QApplication.instance()
        self.count = Count()

    def settle(self, until: Callable[[], bool] | None = None) -> None:
        deadline = time.monotonic() + 5
        while True:
            for _ in range(5):
                self.app.processEvents()  # type: ignore[union-attr]
            if until is None or until() or time.monotonic() > deadline:
                return
            time.sleep(0.01)

    def focus(self) -> object:
        from PySide6.QtWidgets import QApplication

        widget = QApplication.focusWidget()
        if widget is None:
            raise RuntimeError("nothing has the keyboard focus")
        return widget

    def key(self, key: object, modifier: object = None, times: int = 1) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        for _ in range(times):
            QTest.keyClick(
                self.focus(),  # type: ignore[arg-type]
                key,  # type: ignore[arg-type]
                modifier or Qt.KeyboardModifier.NoModifier,  # type: ignore[arg-type]
            )
            self.count.navigation += 1
            self.settle()

    def ascii(self, text: str, *, digits: bool = False) -> None:
        from PySide6.QtTest import QTest

        QTest.keyClicks(self.focus(), text)  # type: ignore[arg-type]
        if digits:
            self.count.digits += len(text)
        else:
            self.count.typed += len(text)
        self.settle()

    def chinese(self, text: str, *, name: bool = False) -> None:
        from PySide6.QtGui import QInputMethodEvent
        from PySide6.QtWidgets import QApplication

        event = QInputMethodEvent("", [])
        event.setCommitString(text)
        QApplication.sendEvent(self.focus(), event)  # type: ignore[arg-type]
        if name:
            self.count.name += pinyin_keys(text)
        else:
            self.count.typed += pinyin_keys(text)
        self.settle()

    def text(self, text: str) -> None:
        """Digits as keys, anything else through the input method."""
        if text.isascii():
            self.ascii(text)
        else:
            self.chinese(text)

    def read(self, fields: int = 1) -> None:
        self.count.fields += fields


def enter_without_template(
    clerk: Clerk, form: object, situation: Situation, phone: str, today: date
) -> None:
    """Before templates: Enter from field to field, the arrows in the drop-downs (IntakeForm's
    Tab order), a new customer's whole name typed."""
    from PySide6.QtCore import Qt

    t = situation.template
    catalogue = form.ctx.catalogue  # type: ignore[attr-defined]
    Key = Qt.Key
    clerk.read()
    clerk.ascii(phone, digits=True)
    clerk.key(Key.Key_Return)
    clerk.read()
    clerk.chinese(NAME, name=True)
    clerk.key(Key.Key_Return)
    clerk.key(Key.Key_Return)  # tier: 普通
    clerk.key(Key.Key_Return)  # channel: 营业厅现场
    clerk.read()
    clerk.key(Key.Key_Down, times=["", *catalogue.classes()].index(t.main_class))
    clerk.key(Key.Key_Return)
    clerk.read()
    clerk.key(Key.Key_Down, times=["", *catalogue.sub_classes(t.main_class)].index(t.sub_class))
    clerk.key(Key.Key_Return)
    if t.main_class == NETWORK_CLASS:
        clerk.read()
        clerk.key(Key.Key_Down, times=3)  # 一般
        clerk.key(Key.Key_Return)
        clerk.key(Key.Key_Return)  # 跨省/跨企业: none
    clerk.key(Key.Key_Return)  # occurred: now
    clerk.key(Key.Key_Return)  # place
    clerk.key(Key.Key_Return)  # amount
    clerk.read()
    clerk.chinese(situation.description(today))
    clerk.key(Key.Key_Tab)
    clerk.read()
    clerk.chinese(t.customer_request)
    clerk.key(Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


def enter_returning(
    clerk: Clerk, form: object, situation: Situation, phone: str, today: date
) -> None:
    """A returning customer: the name comes from the number's history (read, not typed)."""
    enter_with_template(clerk, form, situation, phone, today, new_customer=False)


def enter_new(clerk: Clerk, form: object, situation: Situation, phone: str, today: date) -> None:
    """A new customer: the surname typed, ↓ for 先生."""
    enter_with_template(clerk, form, situation, phone, today, new_customer=True)


def enter_with_template(
    clerk: Clerk,
    form: object,
    situation: Situation,
    phone: str,
    today: date,
    *,
    new_customer: bool,
) -> None:
    """F2, the template's initials, Enter, each blank (typed, or ↓ for a usual value) then Tab;
    a network class's urgency by its initials when the read-back names it."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from hall_desk.ui.templates import TemplatePickerDialog

    Key = Qt.Key
    clerk.read()
    clerk.ascii(phone, digits=True)
    clerk.key(Key.Key_Return)
    clerk.read()  # the name: filled in for a returning customer, checked
    if new_customer:
        clerk.chinese(SURNAME, name=True)
        clerk.key(Key.Key_Down)  # 先生
    clerk.key(Key.Key_F2)
    clerk.settle(lambda: isinstance(QApplication.activeModalWidget(), TemplatePickerDialog))
    clerk.read()  # the filtered list
    clerk.ascii(situation.search)
    clerk.key(Key.Key_Return)
    clerk.settle(lambda: QApplication.focusWidget() is form.description_edit)  # type: ignore[attr-defined]
    for index, value in enumerate(situation.blanks):
        if index:
            clerk.key(Key.Key_Tab)
        clerk.read()
        if isinstance(value, Pick):
            clerk.key(Key.Key_Down, times=value.downs)
        else:
            clerk.text(value)
    clerk.key(Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    if situation.template.main_class == NETWORK_CLASS:
        # 网络紧急程度 is named and has the focus: its initials, then save again.
        clerk.read()
        clerk.ascii("yb")
        clerk.key(Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


def suggestion_accuracy() -> dict[str, float]:
    from hall_desk.domain.catalogue import DEFAULT_CATALOGUE

    rows = [
        line.rstrip("\n").split("\t")
        for line in LABELLED.read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    labelled = [(text, main, sub) for text, main, sub in rows]
    keywords_only = accuracy(ClassSuggester(DEFAULT_CATALOGUE), labelled)
    suggester = ClassSuggester(DEFAULT_CATALOGUE)
    suggester.learn(template_service.suggestion_history())
    found = dict(accuracy(suggester, labelled))
    found["examples"] = float(len(rows))
    found["keywords_top1"] = keywords_only["top1"]
    found["keywords_top3"] = keywords_only["top3"]
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000, help="complaints of the seeded hall")
    outcome.add_strict(parser)
    args = parser.parse_args(argv)

    from PySide6.QtWidgets import QApplication

    from hall_desk.ui.intake import IntakeForm

    app = QApplication.instance() or QApplication([])
    _KEEP.append(app)  # alive until the interpreter ends: no teardown order to get wrong
    failed: list[str] = []
    with tempfile.TemporaryDirectory(prefix="hall_desk-keys-") as tmp:
        store, _ = seeded_copy(args.rows, Path(tmp) / "data", quiet=True)
        open_store(store)
        try:
            ctx = DeskContext()
            shares = suggestion_accuracy()
            manager = sign_in(ctx, MANAGER.staff_no, MANAGER.password)
            for situation in SITUATIONS:
                template_service.save_template(ctx, manager, situation.template)
            clerk_session = sign_in(ctx, CLERK.staff_no, CLERK.password)
            form = IntakeForm(ctx)
            form.set_session(clerk_session)
            form.ask_read_back = lambda intake, deadlines: True  # type: ignore[method-assign]
            form.resize(1024, 700)
            form.show()
            form.activateWindow()
            today = ctx.clock.now().astimezone(SHANGHAI).date()
            new_phones = iter(
                phone
                for phone in (f"{NEW_PHONES}{n:04d}" for n in range(10_000))
                if not complaint_service.customer_history(phone)
            )
            # The returning customer's first visit (not counted): their name is on record.
            form.clear()
            first = Clerk()
            first.settle(lambda: QApplication.focusWidget() is form.phone_edit)
            if complaint_service.customer_history(PHONE):
                failed.append(f"{PHONE} is in the seeded hall already")
            enter_without_template(first, form, SITUATIONS[0], PHONE, today)
            rows: list[Row] = []
            for situation in SITUATIONS:
                counts: list[Count] = []
                for enter in (enter_without_template, enter_returning, enter_new):
                    form.clear()
                    clerk = Clerk()
                    clerk.settle(lambda: QApplication.focusWidget() is form.phone_edit)
                    before = Complaint.select().count()
                    phone = PHONE if enter is enter_returning else next(new_phones)
                    enter(clerk, form, situation, phone, today)
                    saved = (
                        Complaint.select()
                        .order_by(Complaint.accepted_at.desc(), Complaint.number.desc())
                        .first()
                    )
                    name = f"{situation.template.name} ({enter.__name__})"
                    if Complaint.select().count() != before + 1 or saved is None:
                        failed.append(f"{name}: not saved ({form.error_message()})")
                    elif (saved.main_class, saved.sub_class, saved.customer_name) != (
                        situation.template.main_class,
                        situation.template.sub_class,
                        NAME,
                    ) or saved.description != situation.description(today):
                        failed.append(f"{name}: saved other than entered")
                    elif (enter is not enter_without_template) != (saved.template_id is not None):
                        failed.append(f"{name}: template not recorded as expected")
                    counts.append(clerk.count)
                rows.append(Row(situation.template.name, *counts))
            form.close()
            form.deleteLater()
            app.processEvents()  # type: ignore[union-attr]
        finally:
            close_store()
    missed = print_report(rows, shares, args.rows)
    return outcome.exit_code(strict=args.strict, missed=missed, failed=failed)


def print_report(rows: list[Row], shares: dict[str, float], seeded: int) -> list[str]:
    print(f"## Keystrokes per walk-in complaint (issue 23), seeded hall of {seeded:,} complaints\n")
    print(
        "| situation | without: nav / typed / name / fields / est. s "
        "| template, returning customer | template, new customer |"
    )
    print("|---|---|---|---|")

    def cells(count: Count) -> str:
        return (
            f"{count.navigation} / {count.typed} / {count.name} / {count.fields} / "
            f"{count.seconds:.1f}"
        )

    for row in rows:
        print(f"| {row.situation} | {cells(row.without)} | {cells(row.returning)} | "
              f"{cells(row.new)} |")  # fmt: skip

    def mean(values: list[float]) -> float:
        return sum(values) / len(values)

    def figures(pick: Callable[[Row], Count]) -> tuple[float, float, float, float]:
        counts = [pick(r) for r in rows]
        return (
            mean([c.typed for c in counts]),
            mean([c.navigation for c in counts]),
            mean([c.typed + c.name for c in counts]),
            mean([c.seconds for c in counts]),
        )

    without = figures(lambda r: r.without)
    returning = figures(lambda r: r.returning)
    new = figures(lambda r: r.new)
    print(
        f"\nAll with the phone number's {len(PHONE)} digits; the name {NAME} typed in full without a "
        f"template ({pinyin_keys(NAME)} keys), filled from the number's history for a returning "
        f"customer (0 keys), {SURNAME} + ↓ for a new one ({pinyin_keys(SURNAME)} typed keys and one "
        "navigation key).\n"
    )
    print(
        "| figure (mean of ten) | without | template, returning | template, new | target | pass |"
    )
    print("|---|---|---|---|---|---|")
    print(
        "| typed keys besides the phone and the name (no target) | "
        f"{without[0]:.1f} | {returning[0]:.1f} | {new[0]:.1f} | | |"
    )
    missed = []
    for index, label, target in (
        (1, "navigation keys", TARGET_NAVIGATION),
        (2, "typed keys besides the phone (name included)", TARGET_TYPED),
        (3, "estimated seconds", TARGET_SECONDS),
    ):
        ok = returning[index] <= target and new[index] <= target
        if not ok:
            missed.append(label)
        print(
            f"| {label} | {without[index]:.1f} | {returning[index]:.1f} | {new[index]:.1f} "
            f"| ≤ {target} | {'✅' if ok else '❌'} |"
        )
    print(
        f"\nSuggested class on {int(shares['examples'])} labelled descriptions "
        f"(tests/data/labelled_descriptions.tsv), learnt from the catalogue's keywords and the "
        f"seeded hall's history: top-1 {shares['top1']:.1%}, top-3 {shares['top3']:.1%} "
        f"(the keywords alone: top-1 {shares['keywords_top1']:.1%}, "
        f"top-3 {shares['keywords_top3']:.1%})"
    )
    return missed


if __name__ == "__main__":
    outcome.run(main)
