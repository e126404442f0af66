"""A desk as a real process, for the two-desk tests: each call opens the desk's store in its own
data directory, does one thing through the services (as the UI would) and prints JSON.

    python -m tests.sync.desk_driver DATA_DIR setup HALL DESK_NO MANAGER_NO PASSWORD
    python -m tests.sync.desk_driver DATA_DIR add-staff ACTOR PASSWORD STAFF_NO NAME ROLE NEW_PASSWORD
    python -m tests.sync.desk_driver DATA_DIR change-staff ACTOR PASSWORD STAFF_NO JSON_CHANGES
    python -m tests.sync.desk_driver DATA_DIR record ACTOR PASSWORD PHONE MAIN_CLASS SUB_CLASS
    python -m tests.sync.desk_driver DATA_DIR sign-in STAFF_NO PASSWORD
    python -m tests.sync.desk_driver DATA_DIR show ACTOR PASSWORD
    python -m tests.sync.desk_driver DATA_DIR save-template ACTOR PASSWORD JSON_TEMPLATE
    python -m tests.sync.desk_driver DATA_DIR templates ACTOR PASSWORD
    python -m tests.sync.desk_driver DATA_DIR approval-box ACTOR PASSWORD APPROVER_NO TYPED
    python -m tests.sync.desk_driver DATA_DIR failed-notice STAFF_NO PASSWORD

A domain error prints ``{"error": code}`` and exits 3. Uploading and pulling go through the real
command line (``python -m hall_desk sync-now``), not through here.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from hall_desk.domain.clock import utc_iso
from hall_desk.domain.complaints import ComplaintDraft
from hall_desk.domain.errors import DomainError
from hall_desk.domain.policy import Role
from hall_desk.domain.templates import ComplaintTemplate
from hall_desk.paths import store_path
from hall_desk.services import complaints, staff, sync, templates
from hall_desk.services.context import DeskContext
from hall_desk.services.policy import policy_in_force
from hall_desk.services.setup import set_up_hall
from hall_desk.storage.db import close_store, open_store


def _run(ctx: DeskContext, command: str, args: list[str]) -> Any:
    if command == "setup":
        hall, desk_no, manager, password = args
        info = set_up_hall(
            ctx,
            hall_code=hall,
            hall_name="人民路营业厅",
            district="城东区",
            service_phone="10086",
            desk_no=desk_no,
            manager_no=manager,
            manager_name=f"店长{manager}",
            manager_password=password,
        )
        return {"desk": info.desk_code}
    if command == "sign-in":
        session = staff.sign_in(ctx, args[0], args[1])
        return {"staff_no": session.staff_no, "name": session.name, "role": session.role.value}
    session = staff.sign_in(ctx, args[0], args[1])
    rest = args[2:]
    if command == "add-staff":
        number, name, role, password = rest
        staff.create_staff(
            ctx, session, staff_no=number, name=name, role=Role(role), password=password
        )
        return {"staff_no": number}
    if command == "change-staff":
        number, changes = rest[0], json.loads(rest[1])
        account = staff.change_staff(ctx, session, number, **changes)
        return {
            "staff_no": account.staff_no,
            "name": account.name,
            "role": account.role.value,
            "active": account.active,
        }
    if command == "record":
        phone, main, sub = rest
        draft = ComplaintDraft(
            phone=phone,
            customer_name="陈先生",
            main_class=main,
            sub_class=sub,
            description="本月话费多扣了",
            customer_request="退还并解释",
        )
        recorded = complaints.record_complaint(ctx, session, draft)
        return {
            "id": recorded.id,
            "number": recorded.number,
            "repeat": recorded.repeat.is_repeat,
            "repeat_of": [e.number for e in recorded.repeat.earlier],
            "reply_due": utc_iso(recorded.deadlines.reply_due),
        }
    if command == "save-template":  # issue 23
        fields = json.loads(rest[0])
        saved = templates.save_template(
            ctx, session, ComplaintTemplate(**{"id": "", "version": 1, **fields})
        )
        return {"id": saved.id, "version": saved.version}
    if command == "templates":  # issue 23: what the picker offers here
        return [
            {
                "id": e.template.id,
                "version": e.template.version,
                "name": e.template.name,
                "source": e.template.source.value,
                "usable": e.usable,
            }
            for e in templates.list_templates(ctx)
        ]
    if command == "approval-box":  # issue 20: ACTOR types TYPED into APPROVER_NO's approval box
        approver, typed = rest
        approved = staff.authenticate_approver(ctx, session, approver, typed)
        return {"staff_no": approved.staff_no}
    if command == "failed-notice":  # issue 20: what the person is told at this sign-in
        return [
            {"desk": n.desk, "count": n.count} for n in staff.failed_attempts_notice(ctx, session)
        ]
    if command == "show":
        rows = complaints.list_complaints(session, limit=1000)
        force = policy_in_force()
        freshness = sync.hall_view_freshness(ctx)
        return {
            "complaints": {
                r.number: {
                    "id": r.id,
                    "state": r.state,
                    "desk": r.desk_code,
                    "repeat": r.repeat,
                    "reply_due": utc_iso(r.reply_due),
                    "accepted_at": utc_iso(r.accepted_at),
                    "replies": [x.reply for x in complaints.head_office_replies(session, r.id)],
                }
                for r in rows
            },
            "open": [r.number for r in complaints.list_open_complaints(session)],
            "staff": {
                a.staff_no: {"name": a.name, "role": a.role.value, "active": a.active}
                for a in staff.list_accounts(ctx, session)
            },
            "policy_version": force.version,
            "fresh": not freshness.stale,
            "dead_letters": [(d.direction, d.reason) for d in sync.dead_letters()],
        }
    raise SystemExit(f"unknown command {command}")


def main(argv: list[str]) -> int:
    data_dir, command, args = Path(argv[0]), argv[1], argv[2:]
    open_store(store_path(data_dir))
    try:
        result = _run(DeskContext(), command, args)
    except DomainError as error:
        print(json.dumps({"error": error.code}))
        return 3
    finally:
        close_store()
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
