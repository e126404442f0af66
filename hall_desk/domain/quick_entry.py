"""Fewer keys at the counter (issue 23, 每诉必录 in twenty seconds): values offered, never chosen
silently, each taken by one arrow key and editable like anything typed.

- **The customer's title**: a new customer's name is often their surname and 先生 or 女士 (陈先生,
  DOMAIN.md's own example). With only the surname typed, ↓ adds 先生, ↓ again 女士, ↓ again the
  surname alone (:func:`next_title`); ↑ goes the other way.
- **A blank's usual values**: a template's blank (【日期】, 【地点】 …) offers its commonest
  values (:func:`blank_choices`): today's date first for a date, then the days before it; 家中,
  单位 … for a place. ↓ puts the next one in the blank (selected: typing replaces it), ↑ the one
  before; a blank never filled stays a blank and still blocks the read-back.

Pure: no Qt, no I/O; the date comes from the caller's clock.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

TITLES = ("先生", "女士")
MAX_SURNAME = 2  # 欧阳, 司马 …: a compound surname has two characters
_HAN = re.compile(r"[\u4e00-\u9fff]+")

DATE_DAYS_BACK = 4  # today and the three days before it
# Blank label → its usual values (a label containing one of these words offers them).
PLACE_CHOICES = ("家中", "单位", "小区内", "本营业厅", "路上")
SERVICE_CHOICES = ("视频会员", "彩铃", "流量包", "音乐会员", "游戏点播")
_CHOICES_BY_WORD: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("地点", PLACE_CHOICES),
    ("位置", PLACE_CHOICES),
    ("业务", SERVICE_CHOICES),
)
_DATE_WORDS = ("日期", "时间", "哪天")


def _surname_and_title(name: str) -> tuple[str, int] | None:
    """(surname, index of its title in TITLES or -1) when ``name`` is a surname alone or with a
    title; None for anything else (a full name, Latin letters …)."""
    for index, title in enumerate(TITLES):
        if name.endswith(title):
            surname = name[: -len(title)]
            if surname and _HAN.fullmatch(surname) and len(surname) <= MAX_SURNAME:
                return surname, index
            return None
    if name and _HAN.fullmatch(name) and len(name) <= MAX_SURNAME:
        return name, -1
    return None


def next_title(name: str, step: int = 1) -> str | None:
    """The name with the next (``step`` 1) or previous (-1) title: 陈 → 陈先生 → 陈女士 → 陈.
    None when ``name`` is not a surname (with or without a title): the key then does nothing."""
    found = _surname_and_title(name.strip())
    if found is None:
        return None
    surname, index = found
    cycle = [surname, *(surname + t for t in TITLES)]
    return cycle[(index + 1 + step) % len(cycle)]


def date_label(day: date) -> str:
    """A date as a description says it: 12月7日."""
    return f"{day.month}月{day.day}日"


def blank_choices(label: str, today: date) -> tuple[str, ...]:
    """The values offered for a blank named ``label`` (empty: none; the clerk types)."""
    if any(word in label for word in _DATE_WORDS):
        return tuple(date_label(today - timedelta(days=n)) for n in range(DATE_DAYS_BACK))
    for word, choices in _CHOICES_BY_WORD:
        if word in label:
            return choices
    return ()


def next_choice(choices: tuple[str, ...], current: int, step: int) -> int:
    """The index after ``current`` (-1: the blank itself) moving by ``step``, wrapping round."""
    if not choices:
        return -1
    if current < 0:
        return 0 if step > 0 else len(choices) - 1
    return (current + step) % len(choices)
