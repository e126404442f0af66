"""Fewer keys at the counter (issue 23): a surname's title by one key and a blank's usual values."""

from __future__ import annotations

from datetime import date

from hall_desk.domain.quick_entry import (
    PLACE_CHOICES,
    blank_choices,
    date_label,
    next_choice,
    next_title,
)


def test_a_surname_takes_a_title_and_back() -> None:
    assert next_title("陈") == "陈先生"
    assert next_title("陈先生") == "陈女士"
    assert next_title("陈女士") == "陈"
    assert next_title("陈", -1) == "陈女士"
    assert next_title("欧阳") == "欧阳先生"  # a compound surname


def test_a_title_is_never_added_to_anything_but_a_surname() -> None:
    for name in ("", "陈小明", "Chen", "陈 先生", "先生", "张三丰先生"):
        assert next_title(name) is None, name


def test_a_date_blank_offers_today_first_then_the_days_before() -> None:
    assert blank_choices("日期", date(2027, 3, 1)) == ("3月1日", "2月28日", "2月27日", "2月26日")
    assert blank_choices("开通时间", date(2027, 1, 1))[1] == "12月31日"
    assert date_label(date(2026, 12, 7)) == "12月7日"


def test_a_place_blank_offers_places_and_an_amount_nothing() -> None:
    assert blank_choices("地点", date(2027, 1, 1)) == PLACE_CHOICES
    assert blank_choices("金额", date(2027, 1, 1)) == ()
    assert blank_choices("指示灯", date(2027, 1, 1)) == ()


def test_choices_wrap_round_both_ways_from_the_blank() -> None:
    choices = ("a", "b", "c")
    assert next_choice(choices, -1, 1) == 0
    assert next_choice(choices, -1, -1) == 2
    assert next_choice(choices, 2, 1) == 0
    assert next_choice(choices, 0, -1) == 2
    assert next_choice((), -1, 1) == -1
