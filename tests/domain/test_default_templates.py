"""Head office's default 常用投诉模板 (issue 23): the set-policy file shipped in resources/policy
is a valid policy document whose templates cover the commonest counter situations, each valid
against the catalogue and usable at once (a blank the form can select)."""

from __future__ import annotations

import json
from pathlib import Path

from hall_desk.domain.catalogue import DEFAULT_CATALOGUE
from hall_desk.domain.policy_document import POLICY_FORMAT, parse_policy_document
from hall_desk.domain.templates import TemplateSource, check_usable

DEFAULT_POLICY_FILE = (
    Path(__file__).resolve().parents[2] / "resources/policy/head-office-default.json"
)

# The situations issue 23 names (多扣话费, 信号差, 套餐未经同意变更, 宽带故障, 积分未到账 …), by
# the sub-class each is recorded under.
COMMONEST = {
    "多扣话费": "资费争议/乱收费",
    "信号差": "信号覆盖",
    "套餐未经同意变更": "套餐变更",
    "宽带故障": "宽带业务",
    "积分未到账": "积分兑换",
    "代收信息费": "代收信息费",
    "垃圾短信": "垃圾短信",
    "服务态度差": "服务态度",
}


def test_the_shipped_default_set_is_a_valid_policy_document_covering_the_commonest_situations() -> (
    None
):
    raw = json.loads(DEFAULT_POLICY_FILE.read_text(encoding="utf-8"))
    assert raw["format"] == POLICY_FORMAT
    document = parse_policy_document(raw)
    templates = {t.name: t for t in document.templates}
    assert len(templates) == len(document.templates) >= 10  # names unique in the picker
    for name, sub in COMMONEST.items():
        assert templates[name].sub_class == sub, name
    for template in document.templates:
        check_usable(template, DEFAULT_CATALOGUE)  # in the catalogue the document leaves in force
        assert template.source is TemplateSource.HEAD_OFFICE
        assert template.id.startswith("hq-") and template.version == 1
        assert template.customer_request.strip()
    # Most carry a blank for the situation's particulars (a date, an amount, a place …).
    assert sum(bool(t.blanks()) for t in document.templates) >= len(document.templates) - 1
