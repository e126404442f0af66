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
  counted apart, and so is the customer's name (陈先生, the same in both ways);
- fields read: each field the clerk looks at to fill or choose (1.2 s each);
- estimated time: 0.3 s per key (navigation, typed, digits, name) plus 1.2 s per field read.

Targets for a templated complaint (issue 23): ≤ 10 navigation keys, ≤ 10 typed keys besides the
phone number's digits, ≤ 20 s estimated. The class suggestion learns from the seeded hall's history
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
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from seed import CLERK, MANAGER, seeded_copy  # noqa: E402

from benchmarks import outcome  # noqa: E402
from hall_desk.domain.catalogue import NETWORK_CLASS  # noqa: E402
from hall_desk.domain.class_suggestion import ClassSuggester, accuracy  # noqa: E402
from hall_desk.domain.templates import ComplaintTemplate  # noqa: E402
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
PHONE = "13800138000"
NAME = "陈先生"
HAN = re.compile(r"[\u4e00-\u9fff]+")
_KEEP: list[object] = []


@dataclass(frozen=True)
class Situation:
    template: ComplaintTemplate
    search: str  # what the clerk types in the picker (pinyin initials of the name)
    blanks: tuple[str, ...]  # what goes in each blank, in order

    def description(self) -> str:
        text = self.template.description
        for value in self.blanks:
            text = re.sub(r"【[^】]*】", value, text, count=1)
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
        ("家中",),
    ),
    Situation(
        _t("套餐被改", "电信资费", "套餐变更", "客户称套餐未经本人同意被变更。", "恢复原套餐"),
        "tcbg",
        (),
    ),
    Situation(
        _t("宽带故障", "业务种类", "宽带业务", "客户家中宽带自【日期】起无法上网。", "尽快上门修复"),
        "kdgz",
        ("昨天",),
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
    with_template: Count
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


def enter_without_template(clerk: Clerk, form: object, situation: Situation) -> None:
    """Today: Enter from field to field, the arrows in the drop-downs (IntakeForm's Tab order)."""
    from PySide6.QtCore import Qt

    t = situation.template
    catalogue = form.ctx.catalogue  # type: ignore[attr-defined]
    Key = Qt.Key
    clerk.read()
    clerk.ascii(PHONE, digits=True)
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
    clerk.chinese(situation.description())
    clerk.key(Key.Key_Tab)
    clerk.read()
    clerk.chinese(t.customer_request)
    clerk.key(Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


def enter_with_template(clerk: Clerk, form: object, situation: Situation) -> None:
    """F2, the template's initials, Enter, each blank then Tab; a network class's urgency by its
    initials when the read-back names it."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from hall_desk.ui.templates import TemplatePickerDialog

    Key = Qt.Key
    clerk.read()
    clerk.ascii(PHONE, digits=True)
    clerk.key(Key.Key_Return)
    clerk.read()
    clerk.chinese(NAME, name=True)
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
            rows: list[Row] = []
            for situation in SITUATIONS:
                counts: list[Count] = []
                for enter in (enter_without_template, enter_with_template):
                    form.clear()
                    clerk = Clerk()
                    clerk.settle(lambda: QApplication.focusWidget() is form.phone_edit)
                    before = Complaint.select().count()
                    enter(clerk, form, situation)
                    saved = (
                        Complaint.select()
                        .order_by(Complaint.accepted_at.desc(), Complaint.number.desc())
                        .first()
                    )
                    name = f"{situation.template.name} ({enter.__name__})"
                    if Complaint.select().count() != before + 1 or saved is None:
                        failed.append(f"{name}: not saved ({form.error_message()})")
                    elif (saved.main_class, saved.sub_class) != (
                        situation.template.main_class,
                        situation.template.sub_class,
                    ) or saved.description != situation.description():
                        failed.append(f"{name}: saved other than entered")
                    elif (enter is enter_with_template) != (saved.template_id is not None):
                        failed.append(f"{name}: template not recorded as expected")
                    counts.append(clerk.count)
                rows.append(Row(situation.template.name, counts[0], counts[1]))
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
        "| with template: nav / typed / name / fields / est. s |"
    )
    print("|---|---|---|")
    for row in rows:
        a, b = row.without, row.with_template
        print(
            f"| {row.situation} | {a.navigation} / {a.typed} / {a.name} / {a.fields} / "
            f"{a.seconds:.1f} | {b.navigation} / {b.typed} / {b.name} / {b.fields} / "
            f"{b.seconds:.1f} |"
        )

    def mean(values: list[float]) -> float:
        return sum(values) / len(values)

    nav = mean([r.with_template.navigation for r in rows])
    typed = mean([r.with_template.typed + r.with_template.name for r in rows])
    seconds = mean([r.with_template.seconds for r in rows])
    print(
        f"\nAll with the phone number's {len(PHONE)} digits; name = {NAME} through the input "
        f"method ({pinyin_keys(NAME)} keys).\n"
    )
    print("| figure (mean of ten) | without | with template | target | pass |")
    print("|---|---|---|---|---|")
    print(
        "| typed keys besides the phone and the name (no target) | "
        f"{mean([r.without.typed for r in rows]):.1f} | "
        f"{mean([r.with_template.typed for r in rows]):.1f} | | |"
    )
    checks = (
        ("navigation keys", mean([r.without.navigation for r in rows]), nav, TARGET_NAVIGATION),
        (
            "typed keys besides the phone (name included)",
            mean([r.without.typed + r.without.name for r in rows]),
            typed,
            TARGET_TYPED,
        ),
        ("estimated seconds", mean([r.without.seconds for r in rows]), seconds, TARGET_SECONDS),
    )
    missed = []
    for label, before, after, target in checks:
        ok = after <= target
        if not ok:
            missed.append(label)
        print(f"| {label} | {before:.1f} | {after:.1f} | ≤ {target} | {'✅' if ok else '❌'} |")
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
