"""Helpers of the console's tests (issue 17): a head office seeded with refunds waiting for it, an
authenticator app (TOTP codes, each time step used once and in order, as a phone's would be), and
an HTTP client that keeps the console's ``__Host-`` cookies itself (they are ``Secure``; the tests'
head office listens on plain http on the loopback address, where the console accepts passwords)."""

from __future__ import annotations

import html
import re
import time
from dataclasses import dataclass, field
from typing import Any

import httpx
import pyotp

from hall_desk.hq.store import DeskIdentity, HQStore
from tests.hq.envelopes import (
    DeskChain,
    complaint_state,
    refund_state,
    seed_staff,
    transfer_state,
)

HOSTILE = (
    '<script>alert("x")</script><img src=x onerror=alert(1)>'
    ' & 王女士说："<b>加粗</b>" \'; DROP TABLE refund; --'
)
PASSWORD = "correct horse 电池"


def seed(store: HQStore) -> dict[str, dict[str, Any]]:
    """Hall HA01, desk HA01-02; refunds of 450 (its complaint's text hostile HTML) and 800 sent
    to head office; operators zhou.min (director) and wang.wu (operator). The refunds by amount."""
    store.add_hall("HA01", "人民路营业厅")
    store.add_desk("HA01-02")
    seed_staff(store)
    store.add_operator("zhou.min", display_name="周敏", role="director")
    store.add_operator("wang.wu", display_name="王五", role="operator")
    chain = DeskChain()
    desk = DeskIdentity("HA01-02", "HA01", revoked=False)
    refunds: dict[str, dict[str, Any]] = {}
    for n, amount in enumerate(("450.00", "800.00"), start=1):
        complaint = complaint_state("HA01-02", n)
        complaint["description"] = HOSTILE
        rid, number = f"00000000-0000-4000-8000-00000000000{n}", f"HA01-02-R261122-{n:04d}"
        kw = {"number": number, "amount": amount}
        reply = store.upload(desk, [
            chain.next(payload=complaint),
            chain.next("refund.proposed", refund_state(complaint, rid, "待审批", **kw)),
            chain.next("refund.sent_to_head_office", refund_state(complaint, rid, "待总部审批", **kw)),
        ])  # fmt: skip
        assert [r.outcome.value for r in reply.results] == ["stored"] * 3
        refunds[amount] = {"id": rid, "number": number, "complaint": complaint["number"]}
    return refunds


PARTIES = {
    "registered_owner": {"name": "欧阳娜娜", "id_type": "居民身份证",
                         "id_number": "110101199003074514", "address": "解放路 88 号 3 单元"},
    "new_owner": {"name": "司马青", "id_type": "居民身份证",
                  "id_number": "11010119900307803X", "address": "人民路 1 号"},
}  # fmt: skip


def seed_held(store: HQStore) -> dict[str, dict[str, Any]]:
    """隔离与冲突 (issue 17): on desk HA01-03 (after :func:`seed`), clerk 3002 disabled by head
    office records a complaint (hostile text, a full mobile number) and a refund — applied and
    flagged ``actor.disabled`` — then approves it and tells the customer (both quarantined
    ``actor.disabled``) and starts a transfer (quarantined); clerk 3001 sends a step of a refund
    head office never got (waiting), and seq 6 again with other content (a conflict). The
    envelopes by name."""
    store.add_desk("HA01-03")
    seed_staff(store, "HA01", "3002", "营业员")
    store.disable_staff("HA01", "3002", store.operator("zhou.min"))
    chain, desk = DeskChain("HA01-03"), DeskIdentity("HA01-03", "HA01", revoked=False)
    complaint = complaint_state("HA01-03", 1)
    complaint["description"] = HOSTILE
    rid = "00000000-0000-4000-8000-000000000031"
    kw = {"number": "HA01-03-R261122-0001", "desk": "HA01-03", "amount": "50.00"}
    sent = {
        "complaint": chain.next(payload=complaint, actor="3002"),
        "proposed": chain.next("refund.proposed", refund_state(complaint, rid, "待审批", **kw), actor="3002"),
        "approved": chain.next("refund.approved", refund_state(complaint, rid, "已批准", **kw), actor="3002"),
        "told": chain.next("refund.customer_told", refund_state(complaint, rid, "已批准", **kw), actor="3002"),
        "transfer": chain.next("transfer.created", transfer_state("HA01-03", "00000000-0000-4000-8000-000000000041", parties=PARTIES), actor="3002"),
        "waiting": chain.next("refund.approved", refund_state(complaint, "00000000-0000-4000-8000-000000000032", "已批准", **{**kw, "number": "HA01-03-R261122-0002"})),
    }  # fmt: skip
    reply = store.upload(desk, list(sent.values()))
    assert [(r.outcome.value, r.reason) for r in reply.results] == [
        ("stored", ""), ("stored", ""), ("quarantined", "actor.disabled"),
        ("quarantined", "actor.disabled"), ("quarantined", "actor.disabled"),
        ("quarantined", "waiting"),
    ], reply.results  # fmt: skip
    other = DeskChain("HA01-03", start_seq=6, prev=sent["transfer"]["hash"]).next(actor="3001")
    assert [r.outcome.value for r in store.upload(desk, [other]).results] == ["refused"]
    sent["conflict"] = other
    return sent


@dataclass
class Authenticator:
    """A phone's authenticator app: the code of the next unused time step, the current or the
    next one (waiting for the clock when both were used)."""

    secret: str
    last: int = 0

    def code(self) -> str:
        totp = pyotp.TOTP(self.secret)
        while True:
            now = int(time.time()) // totp.interval
            step = max(self.last + 1, now)  # now or next: still within ±1 after one tick
            if step <= now + 1:
                self.last = step
                return totp.at(step * totp.interval)
            time.sleep(1)

    def used_code(self) -> str:
        """The code of the last step used (a replay)."""
        return pyotp.TOTP(self.secret).at(self.last * 30)


@dataclass
class ConsoleClient:
    base: str
    cookies: dict[str, str] = field(default_factory=dict)

    def request(self, method: str, path: str, **kw: Any) -> httpx.Response:
        headers = dict(kw.pop("headers", {}))
        if self.cookies:
            headers["cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        answer = httpx.request(method, self.base + path, headers=headers, timeout=30, **kw)
        for line in answer.headers.get_list("set-cookie"):
            name, _, rest = line.partition("=")
            value = rest.split(";", 1)[0]
            if value in ('""', "") or "max-age=0" in line.lower():
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        return answer

    def get(self, path: str) -> httpx.Response:
        return self.request("GET", path)

    def post(self, path: str, data: dict[str, str]) -> httpx.Response:
        return self.request("POST", path, data=data)


def field_value(page: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', page)
    assert found, f"no field {name}"
    return html.unescape(found.group(1))


def enrol(client: ConsoleClient, token: str) -> Authenticator:
    """Enrol through the enrolment link's page: the secret read off the page."""
    page = client.get(f"/console/enrol/{token}").text
    secret = re.search(r'<code id="secret">([A-Z2-7 ]+)</code>', page)
    assert secret
    app = Authenticator(secret.group(1).replace(" ", ""))
    done = client.post(f"/console/enrol/{token}", {
        "csrf": field_value(page, "csrf"), "sealed": field_value(page, "sealed"),
        "password": PASSWORD, "password_again": PASSWORD, "code": app.code(),
    })  # fmt: skip
    assert done.status_code == 200 and "开户完成" in done.text, done.text
    return app


def sign_in(client: ConsoleClient, login: str, app: Authenticator, **over: str) -> httpx.Response:
    page = client.get("/console/login").text
    form = {"csrf": field_value(page, "csrf"), "login": login, "password": PASSWORD}
    form["code"] = over.pop("code", None) or app.code()
    form.update(over)
    return client.post("/console/login", form)
