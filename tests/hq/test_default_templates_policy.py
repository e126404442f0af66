"""Head office publishes its shipped default 常用投诉模板 (resources/policy/head-office-default.json,
issue 23) to every hall, on SQLite and PostgreSQL: each hall's policy.set carries the whole set;
a set naming a sub-class its catalogue does not have is refused before any hall sees it."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator

import pytest

from hall_desk.hq.store import HQStore, HQStoreError
from tests.domain.test_default_templates import DEFAULT_POLICY_FILE


@pytest.fixture
def hq(database_url: str) -> Iterator[HQStore]:
    store = HQStore.open(database_url)
    store.add_hall("HA01", "人民路营业厅")
    store.add_hall("HB02", "解放路营业厅")
    store.add_operator("li.wei", role="leadership")
    yield store
    store.close()


def test_the_shipped_default_set_is_published_to_every_hall(hq: HQStore) -> None:
    document = json.loads(DEFAULT_POLICY_FILE.read_text(encoding="utf-8"))
    events = hq.set_policy(document, hq.operator("li.wei"))
    assert [e["desk"] for e in events] == ["HA01-00", "HB02-00"]
    for event in events:
        assert event["type"] == "policy.set"
        assert event["payload"]["policy"]["templates"] == document["templates"]
    assert hq.policy_version("HA01") == hq.policy_version("HB02") == document["version"]


def test_a_default_set_outside_its_catalogue_is_refused_for_every_hall(hq: HQStore) -> None:
    document = json.loads(DEFAULT_POLICY_FILE.read_text(encoding="utf-8"))
    wrong = copy.deepcopy(document)
    wrong["templates"][0]["sub_class"] = "不存在的子类"
    with pytest.raises(HQStoreError) as refused:
        hq.set_policy(wrong, hq.operator("li.wei"))
    assert refused.value.code == "policy.invalid"
    assert "templates[0].sub_class" in str(refused.value)
    assert hq.policy_version("HA01") == hq.policy_version("HB02") == 1
