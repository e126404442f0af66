"""The envelope's canonical JSON (issue 18 item 2): data as ``json.loads`` gives it is written
without ``plain_json``'s copy, byte for byte as with it; anything else still goes through
``plain_json`` (floats refused, decimals, times, enums, tuples and non-text keys converted)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal
from enum import Enum, StrEnum
from typing import Any

import pytest

from hall_desk.domain.envelope import canonical_json, envelope_problem, plain_json
from tests.hq.envelopes import DeskChain


def reference(data: Any) -> bytes:
    return json.dumps(
        plain_json(data), sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
    ).encode("utf-8")


class Level(Enum):
    HIGH = 3


class State(StrEnum):
    OPEN = "待处理"


WIRE = {
    "b": '中文 \u2028 "quoted" \\ back',
    "a": [1, True, None, {"z": [], "y": {"x": "", "w": -5}}],
    "c": {"2": False, "10": [[["deep"]]]},
}


@pytest.mark.parametrize(
    "data",
    [
        WIRE,
        json.loads(json.dumps(WIRE)),
        {"money": Decimal("350.00"), "at": datetime(2026, 11, 22, 3, 0, tzinfo=UTC)},
        {"level": Level.HIGH, "state": State.OPEN, "pair": (1, "x")},
        {"nested": {"list": [Decimal("1.5"), {"t": ("a",)}]}},
        {1: "an int key", "b": 2},
        {"s": State.OPEN},  # a str subclass: plain_json turns it into its value
    ],
)
def test_canonical_json_is_plain_jsons_bytes(data: dict[str, Any]) -> None:
    assert canonical_json(data) == reference(data)


def test_a_float_anywhere_is_still_refused() -> None:
    for data in ({"x": 1.5}, {"x": [1, {"y": 2.0}]}):
        with pytest.raises(TypeError):
            canonical_json(data)
    env = DeskChain("HA01-02").next()
    # a float in a payload: the hash cannot be computed, as before
    assert envelope_problem({**env, "payload": {**env["payload"], "amount": 3.5}}) == (
        "envelope.payload"
    )


def test_a_wire_envelopes_hash_is_checked() -> None:
    env = json.loads(json.dumps(DeskChain("HA01-02").next()))
    assert envelope_problem(env) is None
    assert envelope_problem({**env, "payload": {**env["payload"], "phone": "1"}}) == (
        "envelope.hash_mismatch"
    )
