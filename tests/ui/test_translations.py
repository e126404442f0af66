"""The translation files follow the sources, and the UI language is chosen, stored and applied.

A text added to the UI without its English fails ``test_the_english_translation_is_complete`` with
the texts it lacks and the command to run (packaging/update_translations.py).
"""

from __future__ import annotations

import ast
import importlib.util
import re
import shutil
import sys
from pathlib import Path
from types import ModuleType

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from hall_desk.services import preferences
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.ui import i18n
from hall_desk.ui.mainwindow import MainWindow
from hall_desk.ui.vocabulary import TermCombo, labelled, listing, term, with_number

REPO = Path(__file__).resolve().parents[2]


def update_translations() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "update_translations", REPO / "packaging" / "update_translations.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["update_translations"] = module
    spec.loader.exec_module(module)
    return module


def test_the_english_translation_is_complete() -> None:
    found = update_translations().problems()
    assert not found, (
        "the English translation is not in step with the sources:\n  "
        + "\n  ".join(found)
        + "\nRun `python packaging/update_translations.py`, translate the unfinished entries of "
        "resources/translations/hall_desk_en.ts (pyside6-linguist), run it again and commit both files."
    )


def test_a_new_untranslated_text_is_reported(tmp_path: Path) -> None:
    tool = update_translations()
    ts, qm = tmp_path / "hall_desk_en.ts", tmp_path / "hall_desk_en.qm"
    shutil.copy(tool.TS, ts)
    shutil.copy(tool.QM, qm)
    source = tmp_path / "new_dialog.py"
    source.write_text(
        'translate = print\nLABEL = translate("NewDialog", "新的按钮")\n', encoding="utf-8"
    )
    found = tool.problems(ts, qm, (source,))
    assert found == ["not in the .ts: [NewDialog] '新的按钮'"]


def test_an_unfinished_entry_is_reported(tmp_path: Path) -> None:
    tool = update_translations()
    ts, qm = tmp_path / "hall_desk_en.ts", tmp_path / "hall_desk_en.qm"
    text = tool.TS.read_text(encoding="utf-8")
    ts.write_text(
        text.replace(
            "<translation>Save settings</translation>",
            '<translation type="unfinished"></translation>',
            1,
        ),
        encoding="utf-8",
    )
    tool.lrelease(ts, qm)
    assert tool.problems(ts, qm) == ["not translated: [BackupDialog] '保存设置'"]


def test_english_mnemonics_are_inside_the_words() -> None:
    """Issue 19 item 12: Chinese marks a mnemonic in brackets after the text (受理工号(&U)); English
    marks a letter of its own words (&Staff no.), never the bracketed Chinese style (digits, as
    Today (&1), have no letter to mark)."""
    text = (REPO / "resources" / "translations" / "hall_desk_en.ts").read_text(encoding="utf-8")
    bracketed = re.findall(r"<translation>([^<]*\(&amp;[A-Za-z]\)[^<]*)</translation>", text)
    assert not bracketed, bracketed


def test_the_domain_vocabulary_module_is_current() -> None:
    tool = update_translations()
    assert (REPO / "hall_desk" / "ui" / "domain_terms.py").read_text(
        encoding="utf-8"
    ) == tool.terms_text()
    assert "已受理" in tool.domain_terms() and "网络质量" in tool.domain_terms()


def test_the_language_of_a_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(i18n.ENV, raising=False)
    assert i18n.choose_language(None) == "zh_CN"
    assert i18n.choose_language("en") == "en"
    assert i18n.choose_language("en", override="zh_CN") == "zh_CN"
    assert i18n.choose_language("zh_CN", override="en-GB") == "en"
    assert i18n.choose_language("fr") == "zh_CN"
    monkeypatch.setenv(i18n.ENV, "en")
    assert i18n.choose_language("zh_CN") == "en"
    assert i18n.choose_language("zh_CN", override="zh_CN") == "zh_CN"


def test_english_is_installed_and_removed(qapp: QApplication) -> None:
    assert term("已受理") == "已受理" and labelled("状态", "已受理") == "状态：已受理"
    assert i18n.install("en")
    try:
        assert not i18n.is_chinese()
        assert term("已受理") == "Accepted"
        assert labelled("Status", "Accepted") == "Status: Accepted"
        assert with_number("Wang Fang", "1001") == "Wang Fang (1001)"
        assert listing(["a", "b"]) == "a, b"
        assert QApplication.applicationDisplayName() == "Service Hall Complaint Desk"
    finally:
        i18n.uninstall()
    assert i18n.is_chinese() and term("已受理") == "已受理"


def test_a_missing_translation_file_leaves_the_ui_chinese(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(i18n, "translations_dir", lambda: tmp_path)
    assert not i18n.install("en")
    assert i18n.is_chinese() and term("已受理") == "已受理"
    i18n.uninstall()


def test_a_term_combo_shows_terms_and_reads_values(qapp: QApplication) -> None:
    assert i18n.install("en")
    try:
        combo = TermCombo()
        changed: list[str] = []
        combo.valueChanged.connect(changed.append)
        combo.addItems(["", "网络质量", "电信资费"])
        combo.setCurrentText("电信资费")
        assert combo.itemText(2) == "Telecom charges"
        assert combo.currentText() == "电信资费" and changed[-1] == "电信资费"
    finally:
        i18n.uninstall()


def test_the_language_is_chosen_in_the_settings_menu(
    qtbot: QtBot,
    window: MainWindow,
    hall: dict[str, StaffSession],
    ctx: DeskContext,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shown: list[str] = []
    window.ask_restart = lambda: shown.append("asked") or False  # type: ignore[method-assign]
    assert preferences.ui_language() == "zh_CN"
    english = window.findChild(QAction, "language_en")
    chinese = window.findChild(QAction, "language_zh_CN")
    assert english.text() == "English" and chinese.text() == "中文" and chinese.isChecked()
    english.trigger()
    assert preferences.ui_language() == "en" and english.isChecked()
    assert shown == ["asked"]  # the notice offers the restart (issue 19); 稍后 here
    assert window.isVisible() and not window.restart_requested
    english.trigger()  # already chosen: nothing to say
    assert len(shown) == 1
    window.ask_restart = lambda: True  # type: ignore[method-assign]
    chinese.trigger()  # 立即重启: the window closes, the app starts again once it is gone
    assert preferences.ui_language() == "zh_CN"
    assert window.restart_requested and not window.isVisible()
    with pytest.raises(ValueError):
        preferences.set_ui_language("fr")


# Chinese literals in hall_desk/ui that are not UI text: (file, the text or the constant holding it)
NOT_UI_TEXT = {
    ("i18n.py", "LANGUAGE_NAMES"): "the language menu names Chinese in Chinese",
    ("intake.py", "COMMON_REQUESTS"): "suggestions typed into the customer's request, which is "
    "printed on the Chinese receipt",
    ("refunds.py", "人民币"): "the amount in Chinese capitals, shown only in the Chinese UI",
}
HAN = re.compile(r"[\u3400-\u9fff]")
TRANSLATING = {
    "tr",
    "translate",
    "QT_TRANSLATE_NOOP",
    "QT_TR_NOOP",
}  # not _t("…"): lupdate cannot see it


def bare_chinese_literals(source: str) -> list[tuple[int, str, str]]:
    """(line, text, constant) of Chinese string literals not passed to a translating call, not a
    docstring, not compared with (domain values) and not a dict key (internal column names);
    ``constant`` names the module-level assignment holding it ("" elsewhere)."""
    tree = ast.parse(source)
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    found = []
    for node in ast.walk(tree):
        if not (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and HAN.search(node.value)
        ):
            continue
        parent = parents.get(node)
        if isinstance(parent, ast.JoinedStr):
            parent = parents.get(parent)
        if isinstance(parent, ast.Expr):
            continue  # docstring
        if isinstance(parent, ast.Call):
            func = parent.func
            if (
                func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            ) in TRANSLATING:
                continue
        if isinstance(parent, ast.Compare) or (
            isinstance(parent, ast.Tuple) and isinstance(parents.get(parent), ast.Compare)
        ):
            continue
        if isinstance(parent, ast.Dict) and node in parent.keys:
            continue
        statement: ast.AST = node
        while parents.get(statement) is not None and not isinstance(parents[statement], ast.Module):
            statement = parents[statement]
        constant = ""
        if isinstance(statement, ast.Assign) and isinstance(statement.targets[0], ast.Name):
            constant = statement.targets[0].id
        found.append((node.lineno, node.value, constant))
    return found


def test_no_bare_chinese_text_in_the_ui_code() -> None:
    offenders = [
        f"hall_desk/ui/{path.name}:{line}: {text!r}"
        for path in sorted((REPO / "hall_desk" / "ui").glob("*.py"))
        for line, text, constant in bare_chinese_literals(path.read_text(encoding="utf-8"))
        if (path.name, constant) not in NOT_UI_TEXT and (path.name, text) not in NOT_UI_TEXT
    ]
    assert not offenders, (
        'UI text must go through self.tr / translate("Context", …) / QT_TRANSLATE_NOOP so that it '
        "can be translated:\n  " + "\n  ".join(offenders)
    )


def test_a_bare_chinese_literal_is_found() -> None:
    source = (
        'LABELS = ("状态",)\n'
        "class A:\n"
        "    def f(self):\n"
        '        """文档。"""\n'
        '        self.tr("已翻译")\n'
        '        _t("未提取")\n'
        '        if x == "已受理":\n'
        '            label.setText(f"共 {n} 条")\n'
    )
    assert bare_chinese_literals(source) == [
        (1, "状态", "LABELS"),
        (6, "未提取", ""),
        (8, "共 ", ""),
        (8, " 条", ""),
    ]
