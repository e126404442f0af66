"""The UI language: Simplified Chinese by default, English through Qt's translation files.

The choice is stored per desk in the store's settings (hall_desk.services.preferences), chosen in
设置 → 界面语言 and applied at the next start; ``HALL_DESK_LANG`` (or ``hall-desk --lang``) overrides
it for one run (tests, a trainer's demonstration). English is
``resources/translations/hall_desk_en.qm``, compiled from ``hall_desk_en.ts`` by
packaging/update_translations.py. Qt's own texts (standard buttons, the file dialog) come from the
qtbase catalogue shipped with PySide6: Chinese needs ``qtbase_zh_CN.qm``, English is Qt's source.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QObject, QTranslator

from hall_desk.paths import resources_dir
from hall_desk.services.preferences import CHINESE, ENGLISH, LANGUAGES

log = logging.getLogger(__name__)

if TYPE_CHECKING:

    def QT_TRANSLATE_NOOP(context: str, message: str, /) -> str:
        """Marks ``message`` for lupdate and returns it unchanged: PySide6's stubs say it returns
        object, which would make every marked text an object to the type checker."""
        return message

else:  # the ui modules import it from here, typed
    from PySide6.QtCore import QT_TRANSLATE_NOOP as QT_TRANSLATE_NOOP

ENV = "HALL_DESK_LANG"
LANGUAGE_NAMES = {CHINESE: "中文", ENGLISH: "English"}  # each in its own language

_current = CHINESE
_installed: list[QTranslator] = []


def translations_dir() -> Path:
    return resources_dir() / "translations"


def choose_language(stored: str | None, override: str | None = None) -> str:
    """The language of this run: the override (``--lang`` / ``HALL_DESK_LANG``), else the stored
    choice, else Chinese; an unknown name counts as not given."""
    for candidate in (override, os.environ.get(ENV), stored):
        if candidate:
            name = candidate.strip().replace("-", "_")
            if name in LANGUAGES:
                return name
            if name.lower().startswith("en"):
                return ENGLISH
            if name.lower().startswith("zh"):
                return CHINESE
            log.warning("unknown UI language %r ignored", candidate)
    return CHINESE


def install(language: str) -> bool:
    """Install the translators of ``language`` into the running application (replacing any
    installed before). False when its file is missing: the UI then stays Chinese (logged)."""
    global _current
    app = QCoreApplication.instance()
    assert app is not None, "install translators after creating the QApplication"
    uninstall()
    ok = True
    if language == CHINESE:
        load_qt_chinese(app)
    elif _load(app, "hall_desk", QLocale(QLocale.Language.English), str(translations_dir())):
        _current = language
    else:
        log.error(
            "translation for %s missing in %s: the UI stays Chinese", language, translations_dir()
        )
        ok = False
    if hasattr(app, "setApplicationDisplayName"):
        app.setApplicationDisplayName(QCoreApplication.translate("App", "营业厅投诉受理台"))
    return ok


class MnemonicFallback(QTranslator):
    """Qt 6 gave some of its texts a mnemonic ("&Look in:", "Files of &type:") that the shipped
    qtbase_zh_CN.qm knows only without it ("Look in:" → 查找范围：): such a text is looked up
    without its "&" and given the mnemonic the Chinese way, 查找范围(&L)：."""

    def __init__(self, catalogue: QTranslator, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.catalogue = catalogue

    def isEmpty(self) -> bool:  # Qt API name
        return False

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        marker = source.replace("&&", "\0").find("&")
        if marker < 0 or marker + 1 >= len(source):
            return None
        key = source[marker + 1]
        plain = source.replace("&&", "\0").replace("&", "").replace("\0", "&&")
        text = self.catalogue.translate(context, plain, disambiguation, n)
        if not text or "&" in text:
            return None
        colon = next((c for c in ("：", ":") if text.endswith(c)), "")
        body = text[: len(text) - len(colon)]
        return f"{body}(&{key.upper()}){colon}"


def qt_translations_dirs() -> list[Path]:
    """Where Qt's own catalogues are: inside PySide6 (``PySide6/Qt/translations``, also in a
    bundle), then wherever QLibraryInfo says."""
    import PySide6

    return [
        Path(PySide6.__file__).resolve().parent / "Qt" / "translations",
        Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)),
    ]


def load_qt_chinese(app: QCoreApplication) -> bool:
    """Qt's own texts in Chinese (the file dialog's 查找范围 / 文件类型, standard buttons): the
    ``qtbase_zh_CN.qm`` PySide6 ships, loaded by its name (issue 19: the 另存为PDF dialog said
    "Look in:" in the Chinese UI)."""
    for directory in qt_translations_dirs():
        translator = QTranslator(app)
        if translator.load("qtbase_zh_CN", str(directory)):
            # Qt asks the translator installed last first; the gaps are asked after the catalogue
            gaps = MnemonicFallback(translator, app)
            for installed in (gaps, translator):
                app.installTranslator(installed)
                _installed.append(installed)
            return True
    log.warning(
        "qtbase_zh_CN.qm not found in %s: Qt's own texts stay English", qt_translations_dirs()
    )
    return False


def _load(app: QCoreApplication, name: str, locale: QLocale, directory: str) -> bool:
    translator = QTranslator(app)
    if not translator.load(locale, name, "_", directory):
        return False
    app.installTranslator(translator)
    _installed.append(translator)
    return True


def current_language() -> str:
    return _current


def is_chinese() -> bool:
    """Whether the UI is Chinese: some texts exist only in Chinese (amounts in capitals 壹佰元)."""
    return _current == CHINESE


def uninstall() -> None:
    """Remove the translators ``install`` put in: the sources' texts again (Chinese)."""
    global _current
    app = QCoreApplication.instance()
    for translator in _installed:
        if app is not None:
            app.removeTranslator(translator)
    _installed.clear()
    _current = CHINESE
