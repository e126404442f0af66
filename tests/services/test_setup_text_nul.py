"""Hall set-up refuses U+0000 in its free text, naming each field, and writes nothing
(issue 15, finding 8)."""

from __future__ import annotations

from pathlib import Path

import pytest

from hall_desk.domain.errors import ValidationErrors
from hall_desk.domain.text import TEXT_NUL
from hall_desk.services.context import DeskContext
from hall_desk.services.setup import current_desk, set_up_hall
from hall_desk.storage.models import Event


def test_set_up_names_every_field_holding_nul_and_writes_nothing(
    store: Path, ctx: DeskContext
) -> None:
    with pytest.raises(ValidationErrors) as error:
        set_up_hall(
            ctx, hall_code="HA01", hall_name="人民路\x00营业厅", district="城东\x00区",
            service_phone="10086", desk_no=2, manager_no="1001", manager_name="王\x00店长",
            manager_password="secret1",
        )  # fmt: skip
    assert {(e.field, e.code) for e in error.value.errors} == {
        ("hall_name", TEXT_NUL),
        ("district", TEXT_NUL),
        ("name", TEXT_NUL),
    }
    assert current_desk() is None and Event.select().count() == 0
