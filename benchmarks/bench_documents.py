"""How long the documents of a transfer (过户) take: rendering, the hall key, certification and
verification. Prints a table (median of ``--runs`` after one warm-up, the first call separately:
it pays for importing pyHanko).

    python benchmarks/bench_documents.py [--runs 20]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks import outcome  # noqa: E402
from hall_desk.documents import certify  # noqa: E402
from hall_desk.documents.data import AgreementCopy  # noqa: E402
from hall_desk.documents.transfer_agreement import (  # noqa: E402
    AGREEMENT,
    PROFILE_AGREEMENT,
    fingerprint,
    profile_agreement_pdf,
    transfer_agreement_pdf,
)
from tests.documents.samples import transfer_sample  # noqa: E402


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    outcome.add_strict(parser)  # no target here: always 0 when it ran
    runs = parser.parse_args().runs
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
        "render 过户协议 (特殊过户, 2 pages)": lambda: transfer_agreement_pdf(
            special, copy, fingerprint(special, copy, AGREEMENT)
        ),
        "render 完善客户资料协议": lambda: profile_agreement_pdf(
            special, copy, fingerprint(special, copy, PROFILE_AGREEMENT)
        ),
        "make_hall_key (EC P-256 + certificate)": lambda: certify.make_hall_key(
            "HA01", "HA01-02", "人民路营业厅", now
        ),
        "encrypt_key": lambda: certify.encrypt_key(key, passphrase),
        "decrypt_key": lambda: certify.decrypt_key(encrypted, passphrase),
        "certify_pdf": lambda: certify.certify_pdf(pdf, key, cert, reason="过户协议", location="x"),
        "verify_pdf": lambda: certify.verify_pdf(signed, cert),
    }
    print(f"| step | median ms ({runs} runs) | first call ms |")
    print("|---|---:|---:|")
    for name, action in cases.items():
        action()
        median = statistics.median(timed(action) for _ in range(runs))
        cold = next((f"{v:.0f}" for k, v in first.items() if name.startswith(k)), "")
        print(f"| {name} | {median:.1f} | {cold} |")
    print(f"\nPDF {len(pdf):,} bytes, certified {len(signed):,} bytes")


if __name__ == "__main__":
    outcome.run(main)
