"""The translation files follow the sources, and the UI language is chosen, stored and applied.

A text added to the UI without its English fails ``test_the_english_translation_is_complete`` with
the texts it lacks and the command to run (packaging/update_translations.py).
"""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path
from types import ModuleType

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from hall_desk.services import preferences
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.ui import i18n
from hall_desk.ui.mainwindow import MainWindow
from hall_desk.ui.vocabulary import TermCombo, labelled, listing, term, with_number

REPO = Path(__file__).resolve().parents[2]


def update_translations() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "update_translations", REPO / "packaging" / "update_translations.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["update_translations"] = module
    spec.loader.exec_module(module)
    return module


def test_the_english_translation_is_complete() -> None:
    found = update_translations().problems()
    assert not found, (
        "the English translation is not in step with the sources:\n  " + "\n  ".join(found)
        + "\nRun `python packaging/update_translations.py`, translate the unfinished entries of "
        "resources/translations/hall_desk_en.ts (pyside6-linguist), run it again and commit both files."
    )


def test_a_new_untranslated_text_is_reported(tmp_path: Path) -> None:
    tool = update_translations()
    ts, qm = tmp_path / "hall_desk_en.ts", tmp_path / "hall_desk_en.qm"
    shutil.copy(tool.TS, ts)
    shutil.copy(tool.QM, qm)
    source = tmp_path / "new_dialog.py"
    source.write_text('translate = print\nLABEL = translate("NewDialog", "新的按钮")\n', encoding="utf-8")
    found = tool.problems(ts, qm, (source,))
    assert found == ["not in the .ts: [NewDialog] '新的按钮'"]


def test_an_unfinished_entry_is_reported(tmp_path: Path) -> None:
    tool = update_translations()
    ts, qm = tmp_path / "hall_desk_en.ts", tmp_path / "hall_desk_en.qm"
    text = tool.TS.read_text(encoding="utf-8")
    ts.write_text(text.replace("<translation>Save settings</translation>",
                               '<translation type="unfinished"></translation>', 1), encoding="utf-8")
    tool.lrelease(ts, qm)
    assert tool.problems(ts, qm) == ["not translated: [BackupDialog] '保存设置'"]


def test_the_domain_vocabulary_module_is_current() -> None:
    tool = update_translations()
    assert (REPO / "hall_desk" / "ui" / "domain_terms.py").read_text(encoding="utf-8") == tool.terms_text()
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
    qtbot: QtBot, window: MainWindow, hall: dict[str, StaffSession], ctx: DeskContext,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _parent, _title, text: shown.append(text))
    assert preferences.ui_language() == "zh_CN"
    english = window.findChild(QAction, "language_en")
    chinese = window.findChild(QAction, "language_zh_CN")
    assert english.text() == "English" and chinese.text() == "中文" and chinese.isChecked()
    english.trigger()
    assert preferences.ui_language() == "en" and english.isChecked()
    assert shown == ["界面语言已更改，重启程序后生效。"]
    english.trigger()  # already chosen: nothing to say
    assert len(shown) == 1
    chinese.trigger()
    assert preferences.ui_language() == "zh_CN"
    with pytest.raises(ValueError):
        preferences.set_ui_language("fr")
