"""``hall-desk self-test``: does this installation work on this PC? (issue 10)

Run after installing (also from the bundle) by the support person or the clerk. Each check gives
one result line, in Chinese (the reader is at the hall), with the technical reason in brackets for
support:

- 数据库 — a temporary store (removed afterwards, the desk's own data is never opened by the
  checks): created and migrated to the current schema, a hall set up through the setup services,
  a complaint recorded through the intake service (with its event);
- 回执字体 — that complaint's receipt rendered as PDF; the shipped CJK font file is there, and the
  PDF really embeds it (a ``/FontFile2`` stream, subset of that face) instead of naming a font the
  printer may lack;
- 系统钥匙串 — the keyring backend named; a value written, read back and deleted under a
  throw-away service (``hall_desk self-test``); keyring's failing backend (no keyring) fails;
- 总部连接 — only when this desk is registered: head office's health endpoint answers within a
  few seconds (no token is sent, none is printed), over https verified against the CA kept with
  the registration (:mod:`hall_desk.sync.tls`); a certificate that does not verify says so.

No Qt here. The caller must not have a store open (this module opens and closes its own).
"""

from __future__ import annotations

import logging
import re
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

import httpx

from hall_desk import credentials
from hall_desk.domain.clock import Clock, SystemClock
from hall_desk.domain.complaints import ComplaintDraft
from hall_desk.paths import font_path, store_path
from hall_desk.services.complaints import record_complaint
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.services.setup import DEMO_HALL, set_up_hall
from hall_desk.services.staff import sign_in
from hall_desk.storage.db import close_store, open_store, schema_version
from hall_desk.storage.schema import LATEST_VERSION
from hall_desk.sync.protocol import HEALTH_PATH
from hall_desk.sync.tls import certificate_problem, verify_for

log = logging.getLogger(__name__)

HQ_TIMEOUT_SECONDS = 5.0
_PROBE_MANAGER = ("1001", "自检店长", "self-test-1001")


class Outcome(Enum):
    PASS = "PASS"
    FAIL = "FAIL"
    SKIP = "SKIP"  # not applicable here (no head office registered): not a failure


@dataclass(frozen=True)
class CheckResult:
    name: str
    outcome: Outcome
    text: str

    @property
    def line(self) -> str:
        return f"{self.outcome.value} {self.name}：{self.text}"


@dataclass
class _Probe:
    """What the store check made, for the receipt check."""

    ctx: DeskContext | None = None
    session: StaffSession | None = None
    complaint_id: str | None = None


def run_self_test(
    hq_url: str | None,
    *,
    ca_pem: str = "",
    clock: Clock | None = None,
    transport: httpx.BaseTransport | None = None,
) -> list[CheckResult]:
    """Every check, in order; a check that raises is a FAIL with its reason, never a crash.
    ``ca_pem``: the private CA kept with the registration (:func:`registered_hq_link`)."""
    results: list[CheckResult] = []
    probe = _Probe()
    with tempfile.TemporaryDirectory(prefix="hall_desk-selftest-") as tmp:
        try:
            results.append(_guard("数据库", lambda: _check_store(Path(tmp), clock, probe)))
            results.append(_guard("回执字体", lambda: _check_receipt(probe)))
        finally:
            close_store()
    results.append(_guard("系统钥匙串", _check_keyring))
    if hq_url:
        results.append(_guard("总部连接", lambda: _check_hq(hq_url, transport, ca_pem)))
    else:
        results.append(CheckResult("总部连接", Outcome.SKIP, "本机未登记总部地址，不检查"))
    for result in results:
        log.info("self-test %s %s: %s", result.outcome.value, result.name, result.text)
    return results


def registered_hq_link(store: Path) -> tuple[str | None, str]:
    """The head-office address this desk is registered with (None: none, or no store yet) and the
    private CA kept with the registration ("" for none); the store is opened (brought up to date
    like at any start) and closed again."""
    if not store.exists():
        return None, ""
    from hall_desk.sync.outbox import hq_ca_pem, sync_state

    open_store(store)
    try:
        return (sync_state().hq_url or None), hq_ca_pem()
    finally:
        close_store()


def passed(results: list[CheckResult]) -> bool:
    return all(result.outcome is not Outcome.FAIL for result in results)


def _guard(name: str, check: Callable[[], str]) -> CheckResult:
    try:
        return CheckResult(name, Outcome.PASS, check())
    except _Failed as failed:
        return CheckResult(name, Outcome.FAIL, str(failed))
    except Exception as error:  # the self-test reports; it never dies half-way
        log.warning("self-test %s failed", name, exc_info=True)
        return CheckResult(name, Outcome.FAIL, f"出错 [{type(error).__name__}: {error}]")


class _Failed(Exception):
    """A check's own verdict (the text is the reason shown)."""


def _check_store(directory: Path, clock: Clock | None, probe: _Probe) -> str:
    open_store(store_path(directory))
    if schema_version() != LATEST_VERSION:
        raise _Failed(f"临时数据库版本 {schema_version()}，应为 {LATEST_VERSION}")
    ctx = DeskContext(clock=clock or SystemClock())
    number, name, password = _PROBE_MANAGER
    set_up_hall(
        ctx,
        hall_code=DEMO_HALL,
        hall_name="自检营业厅",
        district="自检",
        service_phone="10086",
        desk_no=1,
        manager_no=number,
        manager_name=name,
        manager_password=password,
        demo=True,
    )
    session = sign_in(ctx, number, password)
    recorded = record_complaint(
        ctx,
        session,
        ComplaintDraft(
            phone="13800138000",
            customer_name="自检",
            main_class="电信资费",
            sub_class="资费争议/乱收费",
            description="安装后自检：本月话费与套餐不符。",
            customer_request="核实话费",
        ),
    )
    probe.ctx, probe.session, probe.complaint_id = ctx, session, recorded.id
    return f"临时数据库（版本 {LATEST_VERSION}）建库、建厅、录入投诉 {recorded.number} 正常"


_BASE_FONT = re.compile(rb"/BaseFont\s*/[A-Z]{6}\+([A-Za-z0-9_.-]+)")


def embedded_fonts(pdf: bytes) -> list[str]:
    """The subset-embedded font faces a ReportLab PDF names (``AAAAAA+Face`` → ``Face``)."""
    if b"/FontFile2" not in pdf:
        return []
    return [match.decode("ascii") for match in _BASE_FONT.findall(pdf)]


def _check_receipt(probe: _Probe) -> str:
    font = font_path()
    if not font.is_file():
        raise _Failed(f"缺少中文字体文件 [{font}]，回执无法打印中文，请重新安装")
    if probe.ctx is None or probe.session is None or probe.complaint_id is None:
        raise _Failed("没有可打印的投诉（数据库检查未通过）")
    from reportlab.pdfbase import pdfmetrics

    from hall_desk.documents.fonts import BODY_FONT
    from hall_desk.services.documents import receipt_pdf

    pdf = receipt_pdf(probe.ctx, probe.session, probe.complaint_id)
    face = pdfmetrics.getFont(BODY_FONT).face
    face_name = face.name.decode("ascii") if isinstance(face.name, bytes) else str(face.name)
    if Path(face.filename).resolve() != font.resolve():
        raise _Failed(f"回执用的字体不是随程序安装的字体 [{face.filename}]")
    embedded = embedded_fonts(pdf)
    if not any(name.startswith(face_name) for name in embedded):
        raise _Failed(
            f"回执 PDF 没有嵌入中文字体 {face_name} [嵌入: {', '.join(embedded) or '无'}]"
        )
    return f"回执 PDF（{len(pdf) // 1024} KB）已嵌入字体 {face_name}"


def _check_keyring() -> str:
    try:
        name = credentials.probe_keyring()
    except credentials.CredentialsUnavailable as error:
        raise _Failed(
            f"没有可用的系统钥匙串，无法保存总部令牌、备份密钥和证件加密密钥 [{error.detail}]"
        ) from None
    return f"{name} 可写、可读、可删除"


def _check_hq(hq_url: str, transport: httpx.BaseTransport | None, ca_pem: str = "") -> str:
    url = hq_url.rstrip("/") + HEALTH_PATH
    started = time.monotonic()
    try:
        with httpx.Client(
            timeout=HQ_TIMEOUT_SECONDS, transport=transport, verify=verify_for(ca_pem)
        ) as client:
            response = client.get(url)
    except httpx.TimeoutException:
        raise _Failed(f"总部 {hq_url} 在 {HQ_TIMEOUT_SECONDS:.0f} 秒内没有应答 [timeout]") from None
    except httpx.HTTPError as error:
        problem = certificate_problem(error)
        if problem is not None:
            raise _Failed(
                f"总部 {hq_url} 的证书未通过验证，未与其通信 [certificate: {problem}]"
            ) from None
        raise _Failed(
            f"连不上总部 {hq_url}（网络断开或总部服务未运行） [{type(error).__name__}]"
        ) from None
    if response.status_code != 200:
        raise _Failed(f"总部 {hq_url} 应答异常 [HTTP {response.status_code}]")
    return f"总部 {hq_url} 可以连通（{(time.monotonic() - started) * 1000:.0f} ms）"
