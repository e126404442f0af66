"""A complaint reported saved is there after the process dies at once (SIGKILL right after)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from hall_desk.storage.db import close_store, open_store
from hall_desk.storage.events import verify_desk_chain
from hall_desk.storage.models import Complaint, Event

CHILD = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from hall_desk.domain.complaints import ComplaintDraft
    from hall_desk.services.context import DeskContext
    from hall_desk.services.setup import set_up_hall
    from hall_desk.services.staff import sign_in
    from hall_desk.services.complaints import record_complaint
    from hall_desk.storage.db import open_store

    open_store(Path(sys.argv[1]))
    ctx = DeskContext()
    set_up_hall(ctx, hall_code="HA01", hall_name="厅", district="区", service_phone="10086",
                desk_no=2, manager_no="1001", manager_name="王店长", manager_password="secret1")
    session = sign_in(ctx, "1001", "secret1")
    draft = ComplaintDraft(phone="13800138000", customer_name="陈先生", main_class="电信资费",
                           sub_class="代收信息费", description="信息费", customer_request="退费")
    saved = record_complaint(ctx, session, draft)
    print(saved.number, flush=True)  # what the UI would now tell the clerk
    os.kill(os.getpid(), signal.SIGKILL)  # no clean close, no checkpoint
    """
)


def test_a_saved_complaint_survives_a_kill_right_after_saving(tmp_path: Path) -> None:
    path = tmp_path / "desk.sqlite3"
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == -signal.SIGKILL, result.stderr
    number = result.stdout.strip()
    assert number.startswith("HA01-02-")
    assert (
        tmp_path / "desk.sqlite3-wal"
    ).exists()  # the save lives in the WAL, not yet checkpointed
    open_store(path)
    try:
        assert Complaint.get(Complaint.number == number).customer_name == "陈先生"
        assert Event.select().where(Event.type == "complaint.created").count() == 1
        assert verify_desk_chain("HA01-02").intact
    finally:
        close_store()
    assert os.path.getsize(path) > 0
