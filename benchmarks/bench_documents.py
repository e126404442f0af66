"""How long the printed documents take, each against a bare ReportLab page measured in the same run
(issue 22, goal 2: every document's layout and drawing ≤ 3× the bare page, per page), then the
steps of a transfer (过户): the hall key, the PAdES certification of the 过户协议 on its own line,
and verification. Median of ``--runs`` after one warm-up; for the 过户 steps the first call
separately (it pays for importing pyHanko).

    python benchmarks/bench_documents.py [--runs 20] [--cpu]

``--cpu`` times the CPU the rendering thread uses (``time.thread_time``) instead of the wall clock:
on a machine shared with other jobs the wall clock counts the time the process waited for a core,
which moves a ratio by ±0.5× from run to run; the CPU time barely moves.

The bare page: one A4 page drawn straight on a ReportLab canvas with the documents' CJK font
(registered beforehand, as the app's warm-up does, and embedded as a subset like every document's),
a title and twelve lines of Chinese text, saved to bytes. Each document is rendered to PDF bytes
the way the app does it (fonts registered once per process, like the bare page); its figure is
divided by its number of pages before the ratio is taken. A signature's print rendition is made
when the signature is captured and kept beside it (hall_desk.services.signature_prints), so the
agreements are given theirs, made before the timing as at capture; the time of making one at
capture is on its own line, and so is the first print of pad-size signatures saved before
renditions existed (made while printing, then kept: once per signature, no target).
"""

from __future__ import annotations

import argparse
import io
import os
import re
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.pdfgen.canvas import Canvas  # noqa: E402

from benchmarks import outcome  # noqa: E402
from hall_desk.documents import certify  # noqa: E402
from hall_desk.documents.data import AgreementCopy, Paper, TransferAgreementData  # noqa: E402
from hall_desk.documents.fonts import ensure_fonts  # noqa: E402
from hall_desk.documents.receipt import render_receipt  # noqa: E402
from hall_desk.documents.refund_slip import render_refund_slip  # noqa: E402
from hall_desk.documents.signature_print import make_print_rendition  # noqa: E402
from hall_desk.documents.transfer_agreement import (  # noqa: E402
    AGREEMENT,
    PROFILE_AGREEMENT,
    fingerprint,
    profile_agreement_pdf,
    transfer_agreement_pdf,
)
from tests.documents.samples import (  # noqa: E402
    SAMPLE_RECEIPT,
    SAMPLE_REFUND_SLIP,
    signature_png,
    transfer_sample,
)

TARGET_RATIO = 3.0
PAD_WIDTH, PAD_HEIGHT = 1500, 560  # pixels of a signature as the signature pad exports it
BARE_LINES = (
    "投诉受理回执",
    "客户反映本月账单多扣 30 元“视频会员包”费用，从未订购，也未收到订购确认短信。",
    "退还 30 元并取消该业务。我们将在承诺时间前答复您。",
    "处理完成后，我们会第一时间通过电话向您反馈结果。",
    "按照电信服务规定，本投诉最迟将于受理之日起15日内给予答复。",
    "如需查询处理进度，请致电本厅服务电话，并告知投诉编号。",
    "投诉编号 HA01-02-261122-0007 联系电话 138****8000",
    "投诉类别 电信资费 / 资费争议/乱收费 受理时间 2026-11-22 14:05",
    "首问责任人 张三（工号 3001） 请妥善保管本回执",
    "人民路营业厅 城东区 服务电话 0371-65551234",
    "过户协议 原机主 新机主 身份证件 经办人 签名 日期",
    "退费单 退费金额 退费原因 申请人 审批人 店长签字",
)
_PAGE = re.compile(rb"/Type /Page[^s]")


CLOCK = time.perf_counter  # --cpu: time.thread_time


def timed(action: Callable[[], object]) -> float:
    start = CLOCK()
    action()
    return (CLOCK() - start) * 1000


def median_ms(action: Callable[[], object], runs: int) -> float:
    action()  # warm-up
    return statistics.median(timed(action) for _ in range(runs))


def bare_page() -> bytes:
    """One A4 page on a bare canvas with the embedded CJK font (the floor of every ratio)."""
    font = ensure_fonts()
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4, invariant=1, initialFontName=font)
    canvas.setFont(font, 16)
    canvas.drawCentredString(A4[0] / 2, A4[1] - 60, BARE_LINES[0])
    canvas.setFont(font, 10.5)
    for index, line in enumerate(BARE_LINES[1:]):
        canvas.drawString(57, A4[1] - 100 - index * 18, line)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def pages(pdf: bytes) -> int:
    return len(_PAGE.findall(pdf))


def captured(data: TransferAgreementData) -> TransferAgreementData:
    """``data`` with each signature's print rendition, as the desk keeps it from the capture on."""
    return replace(
        data,
        signatures=tuple(
            replace(sig, print_rendition=make_print_rendition(sig.png).to_bytes())
            if sig.png
            else sig
            for sig in data.signatures
        ),
    )


def documents_table(runs: int) -> list[str]:
    """Rows of the documents-against-the-bare-page table; the names of the documents that missed."""
    saved_before = transfer_sample("特殊过户")
    # The signatures as the pad exports them (4× its widget: a signature 375-405 × 140 widget
    # pixels), rather than the tests' 600×200 images.
    padded_before = replace(
        saved_before,
        signatures=tuple(
            replace(sig, png=signature_png(PAD_WIDTH + 60 * index, PAD_HEIGHT))
            for index, sig in enumerate(saved_before.signatures)
        ),
    )
    special, padded = captured(saved_before), captured(padded_before)
    pad_png = signature_png(PAD_WIDTH, PAD_HEIGHT)
    copy = AgreementCopy.HALL
    provisional = replace(SAMPLE_REFUND_SLIP, provisional=True)
    cases: dict[str, Callable[[], bytes]] = {
        "receipt, A4": lambda: render_receipt(SAMPLE_RECEIPT, Paper.A4),
        "receipt, 80 mm roll": lambda: render_receipt(SAMPLE_RECEIPT, Paper.ROLL_80MM),
        "refund slip, A4": lambda: render_refund_slip(SAMPLE_REFUND_SLIP, Paper.A4),
        "refund slip, 80 mm roll": lambda: render_refund_slip(SAMPLE_REFUND_SLIP, Paper.ROLL_80MM),
        "refund slip, provisional (watermark), A4": lambda: render_refund_slip(
            provisional, Paper.A4
        ),
        "过户协议 (特殊过户), layout and drawing": lambda: transfer_agreement_pdf(
            special, copy, fingerprint(special, copy, AGREEMENT)
        ),
        "完善客户资料协议": lambda: profile_agreement_pdf(
            special, copy, fingerprint(special, copy, PROFILE_AGREEMENT)
        ),
        f"过户协议 (特殊过户), signatures as the pad exports them ({PAD_WIDTH}×{PAD_HEIGHT} px)": (
            lambda: transfer_agreement_pdf(padded, copy, fingerprint(padded, copy, AGREEMENT))
        ),
    }
    # Once per signature, not per document: no target.
    once: dict[str, Callable[[], object]] = {
        "过户协议, pad-size signatures saved before renditions (made while printing, then kept)": (
            lambda: transfer_agreement_pdf(
                padded_before, copy, fingerprint(padded_before, copy, AGREEMENT)
            )
        ),
        f"a signature's print rendition made at capture ({PAD_WIDTH}×{PAD_HEIGHT} px)": lambda: (
            make_print_rendition(pad_png).to_bytes()
        ),
    }
    bare_samples = [median_ms(bare_page, runs)]
    measured: list[tuple[str, float, int]] = []
    for name, action in cases.items():
        measured.append((name, median_ms(action, runs), pages(action())))
        bare_samples.append(median_ms(bare_page, runs))  # the floor, between the documents
    measured_once = [(name, median_ms(action, runs)) for name, action in once.items()]
    bare = statistics.median(bare_samples)
    print(f"| document | pages | median ms ({runs} runs) | per page ÷ bare page | target |")
    print("|---|---:|---:|---:|---:|")
    print(f"| bare A4 page, embedded CJK font (the floor, same run) | 1 | {bare:.1f} | 1.00× | |")
    missed = []
    for name, ms, count in measured:
        ratio = ms / max(count, 1) / bare
        ok = ratio <= TARGET_RATIO
        if not ok:
            missed.append(name)
        mark = "✅" if ok else "❌"
        print(f"| {name} | {count} | {ms:.1f} | {ratio:.2f}× {mark} | ≤ {TARGET_RATIO:g}× |")
    for name, ms in measured_once:
        print(f"| {name} | | {ms:.1f} | {ms / bare:.2f}× of a bare page | once |")
    return missed


def transfer_steps(runs: int) -> None:
    special = transfer_sample("特殊过户")
    copy = AgreementCopy.HALL
    now = datetime.now(UTC)

    first: dict[str, float] = {}
    first["make_hall_key"] = timed(
        lambda: certify.make_hall_key("HA01", "HA01-02", "人民路营业厅", now)
    )
    key, cert = certify.make_hall_key("HA01", "HA01-02", "人民路营业厅", now)
    passphrase = os.urandom(32)
    encrypted = certify.encrypt_key(key, passphrase)
    pdf = transfer_agreement_pdf(special, copy, fingerprint(special, copy, AGREEMENT))
    first["certify_pdf"] = timed(
        lambda: certify.certify_pdf(pdf, key, cert, reason="过户协议", location="x")
    )
    signed = certify.certify_pdf(pdf, key, cert, reason="过户协议", location="x")
    first["verify_pdf"] = timed(lambda: certify.verify_pdf(signed, cert))

    cases: dict[str, Callable[[], object]] = {
        "make_hall_key (EC P-256 + certificate)": lambda: certify.make_hall_key(
            "HA01", "HA01-02", "人民路营业厅", now
        ),
        "encrypt_key": lambda: certify.encrypt_key(key, passphrase),
        "decrypt_key": lambda: certify.decrypt_key(encrypted, passphrase),
        "certify_pdf: PAdES certification of the 过户协议 (after its layout)": lambda: (
            certify.certify_pdf(pdf, key, cert, reason="过户协议", location="x")
        ),
        "verify_pdf": lambda: certify.verify_pdf(signed, cert),
    }
    print(f"\n| 过户 step | median ms ({runs} runs) | first call ms |")
    print("|---|---:|---:|")
    for name, action in cases.items():
        median = median_ms(action, runs)
        cold = next((f"{v:.0f}" for k, v in first.items() if name.startswith(k)), "")
        print(f"| {name} | {median:.1f} | {cold} |")
    print(f"\n过户协议 PDF {len(pdf):,} bytes, certified {len(signed):,} bytes")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument(
        "--cpu",
        action="store_true",
        help="time the rendering thread's CPU (time.thread_time), not the wall clock",
    )
    outcome.add_strict(parser)
    args = parser.parse_args()
    if args.cpu:
        global CLOCK
        CLOCK = time.thread_time
        print("Every ms below is CPU time of the rendering thread (--cpu), not wall time.\n")
    ensure_fonts()  # registered once per process (the app's warm-up), outside every figure
    missed = documents_table(args.runs)
    transfer_steps(args.runs)
    return outcome.exit_code(strict=args.strict, missed=missed)


if __name__ == "__main__":
    outcome.run(main)
