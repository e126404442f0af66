"""Exports read back with openpyxl and csv: every row of the list (not one page), in its order,
phones masked; full values only for a store manager, with the export.full_values event written
first and no number in it; a cancel leaves no file."""

from __future__ import annotations

import csv
import json
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from hall_desk.domain.clock import FixedClock
from hall_desk.domain.errors import PermissionDenied, ValidationError
from hall_desk.hq.apply import plan
from hall_desk.services import exports
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.services.followup import Scope
from hall_desk.services.search import PAGE_SIZE, ComplaintSearch, count_search_results
from hall_desk.storage.models import Event
from tests.services.closed import closed, recorded

HEADERS = [
    "投诉编号", "受理时间", "客户姓名", "客户号码", "客户品牌", "受理渠道", "投诉大类", "投诉子类",
    "状态", "首问责任人", "答复时限", "答复时间", "超时", "重复/升级",
]  # fmt: skip


def phone(n: int) -> str:
    return f"1381234{n:04d}"


@pytest.fixture
def many(hall: dict[str, StaffSession], ctx: DeskContext, clock: FixedClock) -> list[str]:
    """More complaints than one page: 53 by the clerk (one closed), 2 by the other clerk."""
    ids = []
    for n in range(53):
        ids.append(recorded(ctx, hall["clerk"], phone=phone(n), customer_name=f"客户{n}"))
        clock.advance(minutes=1)
    ids.append(closed(ctx, hall["clerk"], phone=phone(99), customer_name="归档客户"))
    clock.advance(minutes=1)
    for n in range(2):
        recorded(ctx, hall["clerk2"], phone=phone(200 + n), customer_name=f"别人{n}")
    return ids


def read_xlsx(path: Path) -> list[list[object]]:
    sheet = openpyxl.load_workbook(path).active
    return [[c.value for c in row] for row in sheet.iter_rows()]


def read_csv(path: Path) -> list[list[str]]:
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads UTF-8
    with path.open(encoding="utf-8-sig", newline="") as stream:
        return list(csv.reader(stream))


def test_the_whole_list_to_xlsx_masked(
    hall: dict[str, StaffSession], ctx: DeskContext, many: list[str], tmp_path: Path
) -> None:
    manager = hall["manager"]
    search = ComplaintSearch()
    assert count_search_results(ctx, manager, search) == 56 > PAGE_SIZE
    before = Event.select().count()
    result = exports.export_search(ctx, manager, search, tmp_path / "投诉.xlsx")
    assert (result.rows, result.full_values, result.audit_event_id) == (56, False, None)
    assert Event.select().count() == before  # a masked export is not a business change
    rows = read_xlsx(tmp_path / "投诉.xlsx")
    assert rows[0] == HEADERS
    body = rows[1:]
    assert len(body) == 56
    # newest first, as the screen; phones masked, nothing else
    assert body[0][2] == "别人1" and body[-1][2] == "客户0"
    assert all(str(r[3]).count("*") == 4 for r in body)
    assert {r[3] for r in body} >= {"138****0000", "138****0052", "138****0201"}
    assert not any(phone(n) in str(r) for r in body for n in range(53))
    first = body[-1]
    assert first[1] == datetime(2026, 11, 22, 10, 0)  # T0 in Shanghai, a real date cell
    assert first[4:10] == [
        "普通",
        "营业厅现场",
        "电信资费",
        "资费争议/乱收费",
        "已受理",
        "张三（3001）",
    ]
    archived = next(r for r in body if r[2] == "归档客户")
    assert archived[8] == "已归档" and isinstance(archived[11], datetime) and archived[12] is None


def test_the_filtered_list_to_csv_with_its_order_and_scope(
    hall: dict[str, StaffSession],
    ctx: DeskContext,
    clock: FixedClock,
    many: list[str],
    tmp_path: Path,
) -> None:
    clerk = hall["clerk"]
    clock.advance(days=3)  # the open ones are overdue now
    search = ComplaintSearch(sort="customer_name", descending=False, states=("已受理",))
    result = exports.export_search(ctx, clerk, search, tmp_path / "list.csv")
    rows = read_csv(tmp_path / "list.csv")
    assert rows[0] == HEADERS and result.rows == len(rows) - 1 == 53  # a clerk: their own
    names = [r[2] for r in rows[1:]]
    assert names == sorted(names)
    assert all(r[3].startswith("138****") and r[12] == "超时" for r in rows[1:])
    assert rows[1][1].count(":") == 1 and rows[1][1].startswith("2026-11-")  # local time as text


def test_follow_ups_export_all_of_them(
    hall: dict[str, StaffSession], ctx: DeskContext, many: list[str], tmp_path: Path
) -> None:
    result = exports.export_follow_ups(ctx, hall["leader"], Scope.HALL, tmp_path / "f.xlsx")
    rows = read_xlsx(tmp_path / "f.xlsx")
    assert result.rows == 55 == len(rows) - 1  # the open ones, every desk's clerk
    assert "归档客户" not in [r[2] for r in rows]
    dues = [r[10] for r in rows[1:]]
    assert dues == sorted(dues)  # nearest deadline first, as the screen
    mine = exports.export_follow_ups(ctx, hall["clerk2"], Scope.MINE, tmp_path / "m.csv")
    assert mine.rows == 2
    with pytest.raises(PermissionDenied):
        exports.export_follow_ups(ctx, hall["clerk2"], Scope.HALL, tmp_path / "x.csv")


def test_full_values_for_a_store_manager_audited_without_numbers(
    hall: dict[str, StaffSession], ctx: DeskContext, many: list[str], tmp_path: Path
) -> None:
    manager = hall["manager"]
    search = ComplaintSearch(text=phone(7))  # a whole number searched: the record masks it
    result = exports.export_search(ctx, manager, search, tmp_path / "full.xlsx", full_values=True)
    rows = read_xlsx(tmp_path / "full.xlsx")
    assert [r[3] for r in rows[1:]] == [phone(7)] and result.full_values
    event = Event.select().order_by(Event.seq.desc()).first()
    assert event.type == "export.full_values" and event.actor == "1001"
    payload = json.loads(event.payload)
    assert payload["id"] == result.audit_event_id
    assert payload["rows"] == 1 and payload["file_name"] == "full.xlsx"
    assert payload["list"] == "complaint_list" and payload["full_columns"] == ["phone"]
    assert payload["filter"]["text"] == "138****0007"
    assert "12340007" not in event.payload  # no number anywhere in the record
    envelope = {
        "type": event.type,
        "schema": event.schema,
        "hall": event.hall,
        "desk": event.desk,
        "payload": payload,
    }
    assert plan(envelope).kind == "export"  # head office stores it


@pytest.mark.parametrize("who", ["clerk", "leader"])
def test_full_values_are_refused_to_others_and_nothing_written(
    hall: dict[str, StaffSession], ctx: DeskContext, many: list[str], tmp_path: Path, who: str
) -> None:
    before = Event.select().count()
    with pytest.raises(PermissionDenied) as caught:
        exports.export_search(
            ctx, hall[who], ComplaintSearch(), tmp_path / "a.csv", full_values=True
        )
    assert caught.value.params["needs"] == "店长"
    assert Event.select().count() == before and not (tmp_path / "a.csv").exists()


@pytest.mark.parametrize("suffix", ["xlsx", "csv"])
def test_a_cancelled_export_leaves_no_file_but_keeps_its_audit_record(
    hall: dict[str, StaffSession], ctx: DeskContext, many: list[str], tmp_path: Path, suffix: str
) -> None:
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> bool:
        seen.append((done, total))
        return done < 50

    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / f"big.{suffix}"
    before = Event.select().count()
    with pytest.raises(exports.ExportCancelled):
        exports.export_search(
            ctx, hall["manager"], ComplaintSearch(), target, full_values=True, progress=progress
        )
    assert seen[0] == (0, 56) and seen[-1][0] >= 50
    assert not target.exists() and list(folder.iterdir()) == []
    assert Event.select().count() == before + 1  # the choice was made: it stays recorded


def test_progress_reaches_the_total(
    hall: dict[str, StaffSession], ctx: DeskContext, many: list[str], tmp_path: Path
) -> None:
    seen: list[tuple[int, int]] = []
    exports.export_search(
        ctx,
        hall["manager"],
        ComplaintSearch(),
        tmp_path / "a.csv",
        progress=lambda d, t: seen.append((d, t)) or True,
    )
    assert seen[0] == (0, 56) and seen[-1] == (56, 56)


def test_an_unknown_extension_is_refused(
    hall: dict[str, StaffSession], ctx: DeskContext, tmp_path: Path
) -> None:
    with pytest.raises(ValidationError):
        exports.export_search(ctx, hall["manager"], ComplaintSearch(), tmp_path / "a.xls")


def test_an_empty_list_still_has_its_headers(
    hall: dict[str, StaffSession], ctx: DeskContext, tmp_path: Path
) -> None:
    result = exports.export_search(ctx, hall["manager"], ComplaintSearch(), tmp_path / "e.xlsx")
    assert result.rows == 0 and read_xlsx(tmp_path / "e.xlsx") == [HEADERS]
