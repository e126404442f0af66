"""Access (issue 9, "Trust"): every service action called directly, with no one signed in and as a
clerk attempting what only a shift leader or store manager may do, is refused."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import hall_desk.services as services
from hall_desk.domain.errors import PermissionDenied
from hall_desk.domain.policy import Role
from hall_desk.services import (
    backup,
    complaints,
    dashboard,
    exports,
    followup,
    refunds,
    reports,
    retention,
    staff,
    typical_cases,
)
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.services.followup import Scope
from hall_desk.services.search import ComplaintSearch


def session_actions() -> list[tuple[str, Callable[..., Any]]]:
    """Every public function of hall_desk.services that takes the signed-in ``session``."""
    found = []
    for module_info in pkgutil.iter_modules(services.__path__):
        module = importlib.import_module(f"{services.__name__}.{module_info.name}")
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ != module.__name__ or name.startswith("_"):
                continue
            if "session" in inspect.signature(function).parameters:
                found.append((f"{module_info.name}.{name}", function))
    return found


ACTIONS = session_actions()


def test_the_enumeration_finds_the_actions() -> None:
    names = {name for name, _ in ACTIONS}
    assert {
        "complaints.record_complaint",
        "staff.create_staff",
        "refunds.approve_refund",
        "transfers.open_transfer",
        "exports.export_search",
    } <= names
    assert len(names) > 60


def call_with(function: Callable[..., Any], ctx: DeskContext, session: object) -> Any:
    """Call with ``session`` and placeholders for everything else: a refused call never gets as
    far as looking at them."""
    arguments: dict[str, Any] = {}
    for name, parameter in inspect.signature(function).parameters.items():
        if name == "ctx":
            arguments[name] = ctx
        elif name == "session":
            arguments[name] = session
        elif parameter.default is inspect.Parameter.empty:
            arguments[name] = None
    return function(**arguments)


@pytest.mark.parametrize(("name", "function"), ACTIONS, ids=[name for name, _ in ACTIONS])
def test_no_one_signed_in_is_refused(
    name: str, function: Callable[..., Any], store: Path, ctx: DeskContext
) -> None:
    with pytest.raises(PermissionDenied) as refused:
        call_with(function, ctx, None)
    assert refused.value.code == "auth.not_signed_in"


# What only a shift leader or store manager may do, each called directly by a clerk. Arguments not
# given are placeholders: the role check comes before anything is looked at.
ABOVE_CLERK: dict[str, tuple[Callable[..., Any], dict[str, Any]]] = {
    "add staff": (
        staff.create_staff,
        {"staff_no": "3009", "name": "钱七", "role": Role.CLERK, "password": "secret99"},
    ),
    "list staff accounts": (staff.list_accounts, {}),
    "change staff": (staff.change_staff, {"staff_no": "3002", "name": "改名"}),
    "rename staff": (staff.rename_staff, {"staff_no": "3002", "name": "改名"}),
    "promote self": (staff.set_staff_role, {"staff_no": "3001", "role": Role.STORE_MANAGER}),
    "disable staff": (staff.disable_staff, {"staff_no": "1001"}),
    "enable staff": (staff.enable_staff, {"staff_no": "3002"}),
    "reset a password": (
        staff.reset_staff_password,
        {"staff_no": "1001", "new_password": "takeover1"},
    ),
    "delegate approval": (refunds.delegate_limit, {"to_staff_no": "3001"}),
    "revoke a delegation": (refunds.revoke_delegation, {"delegation_id": "x"}),
    "mark a best case": (typical_cases.mark_best, {"case_id": "x"}),
    "unmark a best case": (typical_cases.unmark_best, {"case_id": "x"}),
    "the hall's typical-case quotas": (typical_cases.hall_month, {}),
    "export search with full values": (
        exports.export_search,
        {"search": ComplaintSearch(), "path": Path("/nonexistent/x.xlsx"), "full_values": True},
    ),
    "export follow-ups with full values": (
        exports.export_follow_ups,
        {"scope": Scope.MINE, "path": Path("/nonexistent/x.xlsx"), "full_values": True},
    ),
    "dashboard": (dashboard.dashboard_figures, {}),
    "hot spots": (dashboard.hot_spots, {}),
    "handover report data": (reports.report_data, {}),
    "handover report PDF": (reports.report_pdf, {}),
    "hall follow-ups": (followup.follow_ups, {"scope": Scope.HALL}),
    "hall follow-up counts": (followup.follow_up_counts, {"scope": Scope.HALL}),
    "hall follow-up ids": (followup.all_follow_up_ids, {"scope": Scope.HALL}),
    "choose the backup folder": (backup.set_backup_folder, {"folder": "/tmp", "generations": 7}),
    "records past their retention period": (retention.due_records, {}),
    "purge records": (retention.purge_records, {"items": [("x", "files")]}),
}
# What only a store manager may do, refused to a shift leader too.
MANAGER_ONLY = ("records past their retention period", "purge records")


@pytest.mark.parametrize("action", list(ABOVE_CLERK))
def test_a_clerk_is_refused_what_needs_a_higher_role(
    action: str, hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    function, given = ABOVE_CLERK[action]
    arguments: dict[str, Any] = {}
    for name, parameter in inspect.signature(function).parameters.items():
        if name == "ctx":
            arguments[name] = ctx
        elif name == "session":
            arguments[name] = hall["clerk"]
        elif name in given:
            arguments[name] = given[name]
        elif parameter.default is inspect.Parameter.empty:
            arguments[name] = None
    with pytest.raises(PermissionDenied) as refused:
        function(**arguments)
    assert refused.value.code == "permission.denied"
    assert refused.value.params["role"] == Role.CLERK.value
    # and nothing changed: the clerk is still a clerk, the manager still active
    assert {(a.staff_no, a.role, a.active) for a in staff.list_accounts(ctx, hall["manager"])} >= {
        ("3001", Role.CLERK, True),
        ("1001", Role.STORE_MANAGER, True),
    }


@pytest.mark.parametrize("action", MANAGER_ONLY)
def test_a_shift_leader_is_refused_what_only_a_store_manager_may_do(
    action: str, hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    function, given = ABOVE_CLERK[action]
    with pytest.raises(PermissionDenied) as refused:
        function(ctx, hall["leader"], **given)
    assert refused.value.code == "permission.denied"
    assert refused.value.params["role"] == Role.SHIFT_LEADER.value
    assert function is retention.purge_records or function(ctx, hall["manager"], **given) == []


def test_a_clerk_cannot_open_a_colleagues_complaint(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    from tests.services.test_refunds import complaint_draft

    theirs = complaints.record_complaint(ctx, hall["clerk2"], complaint_draft())
    with pytest.raises(PermissionDenied):
        complaints.get_complaint(hall["clerk"], theirs.id)
    assert complaints.get_complaint(hall["leader"], theirs.id).id == theirs.id


def test_a_clerk_cannot_approve_an_exceptional_transfer(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    """The approver proves who they are separately; a clerk's own password is not enough (a shift
    leader's neither: tests/services/test_transfers_service.py)."""
    from datetime import date

    from hall_desk.domain.transfers import TopUpInvoice, TransferRefused
    from hall_desk.services.transfers import approve_exceptional, get_transfer, open_transfer
    from tests.conftest import PASSWORDS
    from tests.services.test_transfers_service import special_form

    clerk = hall["clerk"]
    invoices = [TopUpInvoice(date(2026, m, 1), False) for m in (9, 10, 11)]
    view = open_transfer(ctx, clerk, special_form(invoices=invoices))
    for approver in ("3001", "3002"):
        with pytest.raises(TransferRefused) as refused:
            approve_exceptional(
                ctx,
                clerk,
                view.id,
                approver_no=approver,
                approver_password=PASSWORDS[approver],
                reason="客户出差",
                recent_usage_checked=True,
                plan_checked=True,
            )
        assert refused.value.code == "transfer.approval_role"
    assert get_transfer(ctx, clerk, view.id).needs_exceptional_approval


def test_full_identity_numbers_are_refused_to_whom_the_rule_does_not_allow(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    """Issue 9: a full ID number (and a hall copy, which prints them) only for a store manager,
    or for the clerk who opened the transfer while it is 填写中; refusals record nothing."""
    from hall_desk.services.transfers import open_document, open_transfer, reveal_id_number
    from hall_desk.storage.models import Event
    from tests.services.test_transfers_service import normal_form

    view = open_transfer(ctx, hall["clerk"], normal_form())
    for who in ("clerk2", "leader"):
        with pytest.raises(PermissionDenied) as refused:
            reveal_id_number(ctx, hall[who], view.id, "new_owner")
        assert refused.value.code == "identity.view_denied"
        with pytest.raises(PermissionDenied):
            open_document(ctx, hall[who], view.id, "agreement.hall")
    assert Event.select().where(Event.type.in_(("identity.viewed", "document.viewed"))).count() == 0
