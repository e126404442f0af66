"""First start: the hall, this desk and the first store manager."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from hall_desk.domain.errors import ErrorCollector, SetupError
from hall_desk.domain.identity import normalise_phone
from hall_desk.domain.passwords import hash_password
from hall_desk.domain.policy import Role
from hall_desk.domain.staff import validate_new_password, validate_staff_name, validate_staff_no
from hall_desk.domain.text import NUL, TEXT_NUL
from hall_desk.services.context import DeskContext
from hall_desk.storage.db import unit_of_work
from hall_desk.storage.models import Desk, Hall, Setting, Staff

HALL_CODE = re.compile(r"^[A-Z][A-Z0-9]{1,9}$")
DEMO_HALL = "DEMO"
# The desk code while a new-PC recovery (hall_desk.services.desk_recovery) is not done. Read here,
# where the app's start reads it, so that the start does not load the recovery's network stack.
UNFINISHED_SETTING = "recover.unfinished"


@dataclass(frozen=True)
class HallInfo:
    code: str
    name: str
    district: str
    service_phone: str
    desk_code: str
    demo: bool


def current_desk() -> HallInfo | None:
    desk = Desk.get_or_none(Desk.id == 1)
    if desk is None:
        return None
    hall = Hall.get(Hall.code == desk.hall_code)
    return HallInfo(hall.code, hall.name, hall.district, hall.service_phone, desk.code, desk.demo)


def recovery_unfinished() -> str | None:
    """The desk code of a new-PC recovery that stopped part-way in this store (the app offers to
    finish it rather than opening the desk), or None."""
    row = Setting.get_or_none(Setting.key == UNFINISHED_SETTING)
    return None if row is None else str(row.value)


def require_desk() -> HallInfo:
    info = current_desk()
    if info is None:
        raise SetupError("setup.not_done")
    return info


def has_real_data() -> bool:
    """A store set up as a real hall (not the demo)."""
    info = current_desk()
    return info is not None and not info.demo


def ensure_may_register_with_hq() -> HallInfo:
    """Only a real hall's desk may be registered with head office; the demo desk never."""
    info = require_desk()
    if info.demo or info.code == DEMO_HALL:
        raise SetupError("demo.cannot_register")
    return info


def desk_code_for(hall_code: str, desk_no: int) -> str:
    return f"{hall_code}-{desk_no:02d}"


def set_up_hall(
    ctx: DeskContext,
    *,
    hall_code: str,
    hall_name: str,
    district: str,
    service_phone: str,
    desk_no: int | str,
    manager_no: str,
    manager_name: str,
    manager_password: str,
    demo: bool = False,
) -> HallInfo:
    if current_desk() is not None:
        raise SetupError("setup.already_done")
    errors = ErrorCollector()
    code = (hall_code or "").strip().upper()
    if not HALL_CODE.match(code):
        errors.add("hall_code.invalid", "hall_code")
    if code == DEMO_HALL and not demo:
        errors.add("hall_code.reserved", "hall_code")
    name = (hall_name or "").strip()
    if not name:
        errors.add("text.required", "hall_name")
    elif NUL in name:
        errors.add(TEXT_NUL, "hall_name")
    district_text = (district or "").strip()
    if not district_text:
        errors.add("text.required", "district")
    elif NUL in district_text:
        errors.add(TEXT_NUL, "district")
    phone = (service_phone or "").strip()
    if not phone:
        errors.add("text.required", "service_phone")
    elif not re.fullmatch(r"\d{5}", phone):
        # a short service code (10086) or a normal phone number with area code
        errors.check(normalise_phone, phone, "service_phone")
    try:
        number = int(str(desk_no).strip())
        if not 1 <= number <= 99:
            raise ValueError
    except ValueError:
        errors.add("desk_no.invalid", "desk_no")
        number = 0
    staff_no = errors.check(validate_staff_no, manager_no)
    staff_name = errors.check(validate_staff_name, manager_name)
    password = errors.check(validate_new_password, manager_password, ctx.policy)
    errors.raise_if_any()

    now = ctx.clock.now()
    desk_code = desk_code_for(code, number)
    with unit_of_work():
        Hall.create(
            code=code, name=name, district=district_text, service_phone=phone, created_at=now
        )
        Desk.create(id=1, code=desk_code, hall_code=code, demo=demo, created_at=now)
        hall_state = {
            "code": code,
            "name": name,
            "district": district_text,
            "service_phone": phone,
            "desk": desk_code,
            "demo": demo,
        }
        from hall_desk.storage.events import append_event  # issue 22: not at start

        append_event(
            hall=code,
            desk=desk_code,
            type="hall.configured",
            actor=str(staff_no),
            at=now,
            state=hall_state,
        )
        _create_staff_row(
            ctx,
            code,
            desk_code,
            str(staff_no),
            str(staff_name),
            Role.STORE_MANAGER,
            str(password),
            actor=str(staff_no),
        )
    return require_desk()


def _create_staff_row(
    ctx: DeskContext,
    hall: str,
    desk: str,
    staff_no: str,
    name: str,
    role: Role,
    password: str,
    *,
    actor: str,
) -> Staff:
    """Insert a staff account and its ``staff.changed`` event (caller holds the transaction)."""
    now = ctx.clock.now()
    staff = Staff.create(
        id=str(uuid.uuid4()),
        hall_code=hall,
        staff_no=staff_no,
        name=name,
        role=role.value,
        password_hash=hash_password(password),
        active=True,
        created_at=now,
        updated_at=now,
    )
    from hall_desk.storage.events import append_event  # issue 22: not at start

    append_event(
        hall=hall,
        desk=desk,
        type="staff.changed",
        actor=actor,
        at=now,
        state={
            "id": staff.id,
            "staff_no": staff_no,
            "name": name,
            "role": role.value,
            "active": True,
            "password_hash": staff.password_hash,
        },
    )
    return staff
