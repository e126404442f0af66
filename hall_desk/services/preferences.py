"""Desk preferences kept in the store's settings: the UI language (the receipt paper is in
services/documents.py). Per desk, like the store: a desk's counter PC serves one hall's staff."""

from __future__ import annotations

from hall_desk.storage.db import unit_of_work
from hall_desk.storage.models import Setting

LANGUAGE_SETTING = "ui.language"
CHINESE = "zh_CN"
ENGLISH = "en"
LANGUAGES = (CHINESE, ENGLISH)


def ui_language() -> str:
    """The stored UI language (Chinese when none was chosen or the value is unknown)."""
    row = Setting.get_or_none(Setting.key == LANGUAGE_SETTING)
    return row.value if row is not None and row.value in LANGUAGES else CHINESE


def set_ui_language(language: str) -> None:
    if language not in LANGUAGES:
        raise ValueError(f"unknown UI language {language!r}")
    with unit_of_work():
        Setting.insert(key=LANGUAGE_SETTING, value=language).on_conflict_replace().execute()
