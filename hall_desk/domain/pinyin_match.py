"""Pinyin search of pick lists (issue 23): ``zf`` and ``zifei`` both find 资费争议/乱收费.

A query of Latin letters matches an entry when it spells a run of the entry's characters, each by
its initial or its full spelling (mixed: ``zfzy``, ``zifeizy``, ``zifzy``), the last one possibly
cut short (``zife``). A polyphonic character matches every one of its readings (重 zhong/chong,
调 tiao/diao, 行 xing/hang). Any other query matches as written (characters, digits).

The readings come from ``pypinyin`` (with heteronyms), imported on first use, which the desk makes
after sign-in (tests/test_architecture.py checks that the sign-in window does not load it). Pure.
"""

from __future__ import annotations

from functools import lru_cache

_DOUBLE_INITIALS = ("zh", "ch", "sh")


@lru_cache(maxsize=8192)
def readings(char: str) -> tuple[str, ...]:
    """Every full spelling of one character, without tones (the character itself when none)."""
    from pypinyin import Style, pinyin  # loaded on first use: after sign-in

    found = pinyin(char, style=Style.NORMAL, heteronym=True, errors="default")
    spellings = tuple(dict.fromkeys(s.lower() for s in found[0] if s)) if found else ()
    if not spellings or spellings == (char.lower(),):
        return (char.lower(),)
    return spellings


def _keys(char: str) -> tuple[str, ...]:
    """What may spell this character: every full reading and its initial(s)."""
    keys: list[str] = []
    for spelling in readings(char):
        if not spelling.isascii():
            keys.append(spelling)
            continue
        keys.append(spelling)
        keys.append(spelling[0])
        if spelling.startswith(_DOUBLE_INITIALS):
            keys.append(spelling[:2])
    return tuple(dict.fromkeys(keys))


def _spells_from(chars: str, i: int, query: str, j: int) -> bool:
    if j == len(query):
        return True
    if i == len(chars):
        return False
    rest = query[j:]
    for key in _keys(chars[i]):
        if rest.startswith(key) and _spells_from(chars, i + 1, query, j + len(key)):
            return True
        if len(key) > 1 and key.startswith(rest):  # the last syllable cut short
            return True
    return False


def is_pinyin_query(query: str) -> bool:
    return bool(query) and query.isascii() and query.isalpha()


def matches(text: str, query: str) -> bool:
    """Whether a pick-list entry ``text`` answers ``query`` (characters or pinyin)."""
    query = query.strip().lower()
    if not query:
        return True
    if query in text.lower():
        return True
    if not is_pinyin_query(query):
        return False
    return any(_spells_from(text, start, query, 0) for start in range(len(text)))


def filter_entries(entries: list[str], query: str) -> list[str]:
    """The entries answering ``query``, in their order."""
    return [entry for entry in entries if matches(entry, query)]
