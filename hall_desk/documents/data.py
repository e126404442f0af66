"""What the documents are made from: plain data, no ReportLab, so that the app can name a paper
size or build a receipt's data without paying for ReportLab's import at start-up."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Paper(StrEnum):
    A4 = "A4"
    ROLL_80MM = "80mm"


@dataclass(frozen=True)
class ReceiptData:
    hall_name: str
    hall_service_phone: str
    complaint_number: str
    masked_phone: str
    main_class: str
    sub_class: str
    summary: str
    customer_request: str
    accepted_at: str
    reply_due: str
    regulator_due: str
    first_responder_name: str
    first_responder_no: str
    reprint: bool = False
    printed_at: str = ""
