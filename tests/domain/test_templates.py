"""常用投诉模板, pinyin pick-list search and the suggested class (issue 23), in the domain."""

from __future__ import annotations

import pytest

from hall_desk.domain.catalogue import DEFAULT_CATALOGUE, DEFAULT_CATALOGUE_DATA, Catalogue
from hall_desk.domain.class_suggestion import ClassSuggester, bigrams
from hall_desk.domain.errors import ValidationError, ValidationErrors
from hall_desk.domain.payloads import validate
from hall_desk.domain.pinyin_match import filter_entries, matches
from hall_desk.domain.policy_document import (
    POLICY_FORMAT,
    parse_policy_document,
    policy_document,
)
from hall_desk.domain.templates import (
    ComplaintTemplate,
    TemplateSource,
    blank_labels,
    blank_spans,
    check_template,
    check_usable,
    refuse_unfilled,
)

DKHF = ComplaintTemplate(
    id="hq-dkhf",
    version=1,
    name="多扣话费",
    main_class="电信资费",
    sub_class="资费争议/乱收费",
    description="客户反映【日期】的账单多扣话费【金额】元，本人未办理相关业务。",
    customer_request="核实并退还多扣的【金额】元",
)
ENTRY = {
    "id": "hq-dkhf",
    "version": 1,
    "name": DKHF.name,
    "main_class": DKHF.main_class,
    "sub_class": DKHF.sub_class,
    "description": DKHF.description,
    "customer_request": DKHF.customer_request,
}


def test_blanks_are_found_in_order_with_their_places() -> None:
    assert blank_labels(DKHF.description) == ["日期", "金额"]
    assert DKHF.blanks() == ["日期", "金额", "金额"]
    start, end = blank_spans(DKHF.description)[0]
    assert DKHF.description[start:end] == "【日期】"


def test_an_unfilled_blank_is_named_with_its_field() -> None:
    with pytest.raises(ValidationError) as caught:
        refuse_unfilled("客户反映3月的账单多扣话费【金额】元", "退还")
    assert caught.value.code == "template.blank_unfilled"
    assert caught.value.field == "description" and caught.value.params["blank"] == "金额"
    with pytest.raises(ValidationError) as request:
        refuse_unfilled("客户反映3月多扣话费20元", "退还【金额】元")
    assert request.value.field == "customer_request"
    refuse_unfilled("客户反映3月多扣话费20元", "退还20元")  # all filled: no error


def test_a_template_whose_sub_class_left_the_catalogue_is_refused_with_its_names() -> None:
    smaller = Catalogue({"电信服务": DEFAULT_CATALOGUE_DATA["电信服务"]})
    check_usable(DKHF, DEFAULT_CATALOGUE)
    with pytest.raises(ValidationError) as caught:
        check_usable(DKHF, smaller)
    assert caught.value.code == "template.not_in_catalogue"
    assert caught.value.params == {
        "main": "电信资费",
        "sub": "资费争议/乱收费",
        "name": "多扣话费",
    }


def test_a_template_needs_its_texts_within_limits() -> None:
    bad = ComplaintTemplate("x", 1, " ", "电信资费", "套餐变更", "客" * 501, "")
    with pytest.raises(ValidationErrors) as caught:
        check_template(bad, DEFAULT_CATALOGUE)
    assert {(e.field, e.code) for e in caught.value.errors} == {
        ("name", "text.required"),
        ("description", "text.too_long"),
        ("customer_request", "text.required"),
    }


def test_the_policy_section_is_checked_on_its_own_and_travels_in_format_3() -> None:
    document = parse_policy_document({"version": 3, "templates": [ENTRY]})
    assert document.templates == (replace_source(DKHF),)
    written = policy_document(document)
    assert written["format"] == POLICY_FORMAT == 5  # 3 since issue 23, 4 since issue 20, 5 issue 17
    assert written["templates"] == [ENTRY]
    assert parse_policy_document(written).templates == document.templates
    # no section: no templates, and the rest of the document as before
    assert parse_policy_document({"version": 3}).templates == ()


def replace_source(template: ComplaintTemplate) -> ComplaintTemplate:
    from dataclasses import replace

    return replace(template, source=TemplateSource.HEAD_OFFICE)


@pytest.mark.parametrize(
    ("section", "field"),
    [
        ("not a list", "templates"),
        ([{**ENTRY, "colour": "red"}], "templates[0].colour"),
        ([{k: v for k, v in ENTRY.items() if k != "name"}], "templates[0].name"),
        ([ENTRY, ENTRY], "templates[1].id"),
        ([{**ENTRY, "sub_class": "不存在"}], "templates[0].sub_class"),
        ([{**ENTRY, "version": 0}], "templates[0].version"),
    ],
)
def test_a_bad_templates_section_is_named(section: object, field: str) -> None:
    with pytest.raises(ValidationErrors) as caught:
        parse_policy_document({"version": 3, "templates": section})
    assert field in caught.value.fields()


def test_a_template_is_checked_against_the_documents_own_catalogue() -> None:
    catalogue = {"电信资费": {"多扣话费": "收费争议"}}
    entry = {**ENTRY, "sub_class": "多扣话费"}
    assert parse_policy_document({"version": 3, "catalogue": catalogue, "templates": [entry]})
    with pytest.raises(ValidationErrors):
        parse_policy_document({"version": 3, "catalogue": catalogue, "templates": [ENTRY]})


def test_a_newer_format_is_refused() -> None:
    with pytest.raises(ValidationErrors) as caught:
        parse_policy_document({"version": 3, "format": POLICY_FORMAT + 1})
    assert caught.value.fields() == ["format"]


def test_template_events_are_in_the_catalogue() -> None:
    payload = {**DKHF.payload("HA01"), "retired": False}
    assert validate("template.saved", 1, payload) == []
    assert validate("template.retired", 1, {**payload, "retired": True}) == []
    assert [p.rule for p in validate("template.copied", 1, payload)] == ["type.unknown"]
    assert [p.field for p in validate("template.saved", 1, {**payload, "name": ""})] == ["name"]


@pytest.mark.parametrize(
    ("entry", "query"),
    [
        ("资费争议/乱收费", "zf"),
        ("资费争议/乱收费", "zifei"),
        ("资费争议/乱收费", "zfzy"),
        ("资费争议/乱收费", "zife"),  # the last syllable cut short
        ("资费争议/乱收费", "乱收"),
        ("多扣话费", "dkhf"),
        ("多扣话费", "DKHF"),
        ("重复扣费", "zhongfu"),  # 重: zhong …
        ("重复扣费", "chongfu"),  # … and chong
        ("重复扣费", "cf"),
        ("调整套餐", "tiaozheng"),  # 调: tiao …
        ("调整套餐", "dz"),  # … and diao
        ("银行代扣", "yinhang"),  # 行: hang …
        ("银行代扣", "yinxing"),  # … and xing
        ("营业厅现场", "yyt"),
        ("10086转派", "10086"),
        ("信号覆盖", "xhfz"),  # 盖 is gai or ge: not z
    ],
)
def test_pick_lists_are_searched_by_characters_initials_and_full_pinyin(
    entry: str, query: str
) -> None:
    expected = query != "xhfz"
    assert matches(entry, query) is expected


def test_filtering_keeps_the_order_of_the_list() -> None:
    subs = DEFAULT_CATALOGUE.sub_classes("电信资费")
    assert filter_entries(subs, "zf") == ["资费争议/乱收费"]
    assert filter_entries(subs, "") == subs
    assert filter_entries(["网络故障", "上网速率", "信号覆盖"], "wl") == ["网络故障"]


def test_bigrams_are_the_search_indexs_two_character_tokens() -> None:
    assert bigrams("多扣话费，信号") == ["多扣", "扣话", "话费", "信号"]


def test_the_suggestion_learns_from_keywords_and_the_halls_history() -> None:
    suggester = ClassSuggester(DEFAULT_CATALOGUE)
    top = suggester.suggest("这个月话费被多扣了三十元")[0]
    assert (top.main_class, top.sub_class) == ("电信资费", "资费争议/乱收费")
    assert "话费" in top.because
    assert suggester.suggest("你好") == []  # nothing seen: no guess
    # the hall's history moves a local wording to its sub-class
    assert suggester.suggest("小区电梯里手机用不了") == []  # no word it knows yet
    suggester.learn([("网络质量", "信号覆盖", "电梯里手机用不了")] * 5)
    assert suggester.suggest("小区电梯里手机用不了")[0].sub_class == "信号覆盖"
