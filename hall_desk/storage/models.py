"""peewee models over the tables of :mod:`hall_desk.storage.schema` (the schema is the SQL there)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import peewee

from hall_desk.domain.clock import parse_utc_iso, utc_iso
from hall_desk.storage import compact, sealed
from hall_desk.storage.db import database


class UtcDateTimeField(peewee.TextField):
    """Aware datetimes stored as sortable UTC ISO 8601 text ('…Z')."""

    def db_value(self, value: Any) -> str | None:
        if value is None:
            return None
        if isinstance(value, datetime):
            if value.tzinfo is None:
                raise ValueError(f"{self.name}: naive datetime refused, store UTC")
            return utc_iso(value)
        return str(value)

    def python_value(self, value: Any) -> datetime | None:
        return None if value is None else parse_utc_iso(value)


class BaseModel(peewee.Model):
    class Meta:
        database = database
        legacy_table_names = False


class Hall(BaseModel):
    code = peewee.TextField(primary_key=True)
    name = peewee.TextField()
    district = peewee.TextField()
    service_phone = peewee.TextField()
    created_at = UtcDateTimeField()


class Desk(BaseModel):
    id = peewee.IntegerField(primary_key=True)
    code = peewee.TextField(unique=True)
    hall_code = peewee.TextField()
    demo = peewee.BooleanField(default=False)
    created_at = UtcDateTimeField()


class Staff(BaseModel):
    id = peewee.TextField(primary_key=True)
    hall_code = peewee.TextField()
    staff_no = peewee.TextField(unique=True)
    name = peewee.TextField()
    role = peewee.TextField()
    password_hash = peewee.TextField()
    active = peewee.BooleanField(default=True)
    failed_attempts = peewee.IntegerField(default=0)
    locked_until = UtcDateTimeField(null=True)
    created_at = UtcDateTimeField()
    updated_at = UtcDateTimeField()
    must_change_password = peewee.BooleanField(default=False)  # set by a reset (schema v11)


class Complaint(BaseModel):
    id = peewee.TextField(primary_key=True)
    number = peewee.TextField(unique=True)
    hall_code = peewee.TextField()
    desk_code = peewee.TextField()
    phone = peewee.TextField()
    customer_name = peewee.TextField()
    tier = peewee.TextField()
    channel = peewee.TextField()
    main_class = peewee.TextField()
    sub_class = peewee.TextField()
    regulator_class = peewee.TextField()
    occurred_at = UtcDateTimeField(null=True)
    place = peewee.TextField(default="")
    amount_fen = peewee.IntegerField(null=True)
    description = peewee.TextField()
    customer_request = peewee.TextField()
    network_urgency = peewee.TextField(null=True)
    escalation_source = peewee.TextField(null=True)
    escalation_reference = peewee.TextField(default="")
    escalation_tendency = peewee.TextField()
    important = peewee.BooleanField(default=False)
    media = peewee.BooleanField(default=False)
    escalated = peewee.BooleanField(default=False)
    repeat = peewee.BooleanField(default=False)
    state = peewee.TextField()
    first_responder_no = peewee.TextField()
    first_responder_name = peewee.TextField()
    accepted_at = UtcDateTimeField()
    reply_due = UtcDateTimeField()
    regulator_due = UtcDateTimeField()
    deadline_basis = peewee.TextField()
    policy_version = peewee.IntegerField()
    updated_at = UtcDateTimeField()
    # schema v5: the lifecycle (hall_desk.domain.lifecycle)
    verification = peewee.TextField(null=True)  # 成立 / 不成立 (None: not verified yet)
    responsibility = peewee.TextField(null=True)  # 我方 / 客户 / 第三方或不可抗力
    verification_note = peewee.TextField(default="")
    handler_kind = peewee.TextField(
        default=""
    )  # '' (not transferred) / department / head_office / staff
    handler_no = peewee.TextField(
        default=""
    )  # the colleague's staff number when handler_kind = staff
    handler_name = peewee.TextField(default="")  # department name, 总部, or the colleague's name
    satisfaction = peewee.TextField(null=True)  # the last callback's
    dissatisfied = peewee.BooleanField(default=False)  # a callback was 不满意 (flag stays)
    promised_at = UtcDateTimeField(null=True)  # the latest time promised to the customer
    replied_at = UtcDateTimeField(null=True)  # the customer's first answer
    closed_at = UtcDateTimeField(null=True)
    incident_id = peewee.TextField(null=True)
    # issue 23: the 常用模板 (and its version) the complaint was entered from
    template_id = peewee.TextField(null=True)
    template_version = peewee.IntegerField(null=True)
    # schema v7: the working-day deadline was estimated (beyond the holiday calendar's data)
    reply_due_estimated = peewee.BooleanField(default=False)
    # issue 20 (hall_desk.storage.schema.ISSUE20_RULES)
    reply_counted_at = UtcDateTimeField(null=True)  # the answer's time for timeliness figures
    late_reply = peewee.TextField(default="")  # '' / 补录 / 店长已确认 / 总部已认可
    planned_callback_at = UtcDateTimeField(null=True)  # 约定回访时间 (out of the quiet hours)
    media_reported_by = peewee.TextField(default="")  # who reported it to 综合部 (staff no, name)
    media_reported_at = UtcDateTimeField(null=True)
    reply_due_estimate = UtcDateTimeField(null=True)  # the 估 deadline a correction replaced
    # issue 17 (transfer17): head office handed it back to the hall (complaint.returned)
    hq_returned_note = peewee.TextField(default="")
    hq_returned_at = UtcDateTimeField(null=True)


class ComplaintLink(BaseModel):
    complaint_id = peewee.TextField()
    earlier_id = peewee.TextField()
    kind = peewee.TextField()

    class Meta:
        primary_key = peewee.CompositeKey("complaint_id", "earlier_id", "kind")


class DayCounter(BaseModel):
    day = peewee.TextField(primary_key=True)
    last = peewee.IntegerField()


class Draft(BaseModel):
    staff_no = peewee.TextField(primary_key=True)
    kind = peewee.TextField()
    data = peewee.TextField()
    updated_at = UtcDateTimeField()


class Setting(BaseModel):
    key = peewee.TextField(primary_key=True)
    value = peewee.TextField()


class DocumentPrint(BaseModel):
    id = peewee.TextField(primary_key=True)
    kind = peewee.TextField()
    entity_id = peewee.TextField()
    printed_at = UtcDateTimeField()
    actor = peewee.TextField()
    reprint = peewee.BooleanField()


class StoredPayloadField(peewee.Field):
    """``event.payload``: written in its stored form (:func:`hall_desk.storage.events.
    stored_payload_text`: compressed bytes, or sealed text), read back as the payload's text
    (sealed text stays sealed: :attr:`Event.plain_payload` opens it) through
    :func:`hall_desk.storage.compact.decode`, the one decoder."""

    field_type = "TEXT"

    def python_value(self, value: Any) -> str | None:
        return None if value is None else compact.decode(value)


class EntityKeyField(peewee.Field):
    """``event.entity`` (schema step "compact events"): the payload's id as
    :func:`hall_desk.storage.compact.entity_key` stores it (16 bytes for a UUID, text otherwise)."""

    field_type = "BLOB"


class DigestField(peewee.Field):
    """``event.hash`` / ``event.prev``: a SHA-256 hex digest stored as its 32 bytes (schema step
    "compact events"), read back as the hex text (:func:`hall_desk.storage.compact.digest_text`;
    a value stored as text, older or tampered, reads as it is)."""

    field_type = "TEXT"

    def db_value(self, value: Any) -> Any:
        return compact.digest_stored(value)

    def python_value(self, value: Any) -> Any:
        return compact.digest_text(value)


class Event(BaseModel):
    id = peewee.TextField(primary_key=True)
    hall = peewee.TextField()
    desk = peewee.TextField()
    seq = peewee.IntegerField()
    type = peewee.TextField()
    schema = peewee.IntegerField()
    at = peewee.TextField()
    actor = peewee.TextField()
    payload = StoredPayloadField()  # the text: sealed for identity-bearing types (plain_payload)
    prev = DigestField()  # hex text to callers, 32 bytes stored
    hash = DigestField()
    # schema v12: the ``retention.purged`` event that redacted this event's payload ('' when not)
    redacted_by = peewee.TextField(default="")
    entity = EntityKeyField(null=True)  # the payload's id (compact.entity_key): the entity index

    @property
    def plain_payload(self) -> str:
        """The payload's JSON text, opened when it is stored sealed (hall_desk.storage.sealed)."""
        return sealed.open_payload(self.id, self.payload)


class SyncDelivery(BaseModel):
    """Head office's answer about one of this desk's own events (schema v3)."""

    seq = peewee.IntegerField(primary_key=True)
    event_id = peewee.TextField()
    outcome = peewee.TextField()
    reason = peewee.TextField(default="")
    detail = peewee.TextField(default="")
    answered_at = UtcDateTimeField()


class SyncState(BaseModel):
    """The one row of upload bookkeeping and sync health (schema v3). Never holds the token."""

    id = peewee.IntegerField(primary_key=True)
    hq_url = peewee.TextField(default="")
    answered_through = peewee.IntegerField(default=0)
    last_attempt_at = UtcDateTimeField(null=True)
    last_attempt_ok = peewee.BooleanField(default=False)
    last_success_at = UtcDateTimeField(null=True)
    last_error_code = peewee.TextField(default="")
    last_error_detail = peewee.TextField(default="")
    last_error_at = UtcDateTimeField(null=True)
    clock_offset_ms = peewee.IntegerField(null=True)
    clock_offset_at = UtcDateTimeField(null=True)
    hq_highest_seq = peewee.IntegerField(null=True)
    hq_chain_state = peewee.TextField(default="")
    hq_chain_detail = peewee.TextField(default="")
    pull_cursor = peewee.IntegerField(default=0)  # schema v4: head office's receipt number
    last_heard_at = UtcDateTimeField(null=True)  # schema v4: last good exchange with head office
    last_pull_at = UtcDateTimeField(null=True)  # schema v4: last complete pull


class PullDeadLetter(BaseModel):
    """A pulled event that was not applied, and why (schema v4)."""

    id = peewee.AutoField()
    fingerprint = peewee.TextField(unique=True)
    event_id = peewee.TextField(default="")
    desk = peewee.TextField(default="")
    seq = peewee.IntegerField(null=True)
    type = peewee.TextField(default="")
    outcome = peewee.TextField()
    reason = peewee.TextField()
    detail = peewee.TextField(default="")
    envelope = peewee.TextField()
    cursor = peewee.IntegerField()
    received_at = UtcDateTimeField()


class PolicyVersion(BaseModel):
    """An applied ``policy.set`` (schema v4); the highest version is in force."""

    version = peewee.IntegerField(primary_key=True)
    document = peewee.TextField()
    event_id = peewee.TextField()
    actor = peewee.TextField()
    received_at = UtcDateTimeField()

    class Meta:
        table_name = "policy"


class ComplaintReply(BaseModel):
    """Head office's answer to a complaint (``complaint.replied``, schema v4)."""

    event_id = peewee.TextField(primary_key=True)
    complaint_id = peewee.TextField()
    reply = peewee.TextField()
    replied_at = UtcDateTimeField()
    operator = peewee.TextField()
    received_at = UtcDateTimeField()


class HQDecision(BaseModel):
    """A head-office decision kept for a later issue (``refund.decided``, schema v4)."""

    event_id = peewee.TextField(primary_key=True)
    type = peewee.TextField()
    entity_id = peewee.TextField()
    payload = peewee.TextField()
    actor = peewee.TextField()
    received_at = UtcDateTimeField()


class CustomerReplyRecord(BaseModel):
    """The hall's reply to the customer: what, how, when, by whom (schema v5)."""

    id = peewee.TextField(primary_key=True)
    complaint_id = peewee.TextField()
    content = peewee.TextField()
    method = peewee.TextField()
    replied_at = UtcDateTimeField()
    staff_no = peewee.TextField()
    staff_name = peewee.TextField()
    recorded_at = UtcDateTimeField()
    # issue 20
    late_entry = peewee.BooleanField(default=False)  # 补录
    late_reason = peewee.TextField(default="")
    quiet_reason = peewee.TextField(default="")  # 客户要求 / 客户来电 (a call in the quiet hours)
    quiet_note = peewee.TextField(default="")
    planned_callback_at = UtcDateTimeField(null=True)

    class Meta:
        table_name = "complaint_customer_reply"


class CallbackRecord(BaseModel):
    """回访 (schema v5)."""

    id = peewee.TextField(primary_key=True)
    complaint_id = peewee.TextField()
    satisfaction = peewee.TextField()
    reason = peewee.TextField(default="")
    called_at = UtcDateTimeField()
    staff_no = peewee.TextField()
    staff_name = peewee.TextField()
    recorded_at = UtcDateTimeField()
    # issue 20
    method = peewee.TextField(default="电话")
    late_entry = peewee.BooleanField(default=False)  # 补录
    late_reason = peewee.TextField(default="")
    quiet_reason = peewee.TextField(default="")
    quiet_note = peewee.TextField(default="")

    class Meta:
        table_name = "complaint_callback"


class ProgressNoteRecord(BaseModel):
    """What the customer was told and the new promised time (schema v5)."""

    id = peewee.TextField(primary_key=True)
    complaint_id = peewee.TextField()
    told_customer = peewee.TextField()
    promised_at = UtcDateTimeField()
    staff_no = peewee.TextField()
    staff_name = peewee.TextField()
    recorded_at = UtcDateTimeField()

    class Meta:
        table_name = "complaint_progress_note"


class TransferRecord(BaseModel):
    """转派 (schema v5)."""

    id = peewee.TextField(primary_key=True)
    complaint_id = peewee.TextField()
    to_kind = peewee.TextField()
    to_no = peewee.TextField(default="")
    to_name = peewee.TextField()
    note = peewee.TextField()
    staff_no = peewee.TextField()
    staff_name = peewee.TextField()
    recorded_at = UtcDateTimeField()

    class Meta:
        table_name = "complaint_transfer"


class Incident(BaseModel):
    """重大批量投诉 (schema v5)."""

    id = peewee.TextField(primary_key=True)
    number = peewee.TextField(unique=True)
    hall_code = peewee.TextField()
    desk_code = peewee.TextField()
    cause = peewee.TextField()
    area = peewee.TextField()
    main_class = peewee.TextField()
    sub_class = peewee.TextField()
    network_urgency = peewee.TextField(null=True)
    customer_request = peewee.TextField()
    started_at = UtcDateTimeField()
    state = peewee.TextField()
    opened_by_no = peewee.TextField()
    opened_by_name = peewee.TextField()
    opened_at = UtcDateTimeField()
    closed_at = UtcDateTimeField(null=True)
    closed_by_no = peewee.TextField(default="")
    closing_note = peewee.TextField(default="")
    updated_at = UtcDateTimeField()


class Refund(BaseModel):
    """投诉退费 (schema v8): one refund of a complaint, money in fen."""

    id = peewee.TextField(primary_key=True)
    number = peewee.TextField(unique=True)
    hall_code = peewee.TextField()
    desk_code = peewee.TextField()
    complaint_id = peewee.TextField()
    item = peewee.TextField()
    checked = peewee.TextField()
    amount_fen = peewee.IntegerField()
    account_type = peewee.TextField()
    method = peewee.TextField()
    method_reason = peewee.TextField(default="")
    reason = peewee.TextField()
    state = peewee.TextField()
    proposed_by_no = peewee.TextField()
    proposed_by_name = peewee.TextField()
    proposed_at = UtcDateTimeField()
    decided_by_no = peewee.TextField(default="")
    decided_by_name = peewee.TextField(default="")
    decided_at = UtcDateTimeField(null=True)
    decision_reason = peewee.TextField(default="")
    limit_fen = peewee.IntegerField(null=True)  # the limit it was decided under
    counted_total_fen = peewee.IntegerField(null=True)  # the complaint's total when decided
    delegation_id = peewee.TextField(null=True)
    delegated_by_no = peewee.TextField(default="")
    delegated_by_name = peewee.TextField(default="")
    delegation_until = UtcDateTimeField(null=True)
    sent_by_no = peewee.TextField(default="")  # who sent it to head office (待总部审批)
    sent_by_name = peewee.TextField(default="")
    sent_at = UtcDateTimeField(null=True)
    policy_version = peewee.IntegerField()
    hq_operator = peewee.TextField(default="")
    hq_decided_at = UtcDateTimeField(null=True)
    hq_event_id = peewee.TextField(default="")
    signature_png = peewee.BlobField(null=True)  # only on the desk that took it
    signature_sha256 = peewee.TextField(default="")
    signed_at = UtcDateTimeField(null=True)
    signed_by_no = peewee.TextField(default="")
    updated_at = UtcDateTimeField()
    # issue 16: the 销户 record as JSON (hall_desk.domain.account_closure), NULL for other refunds
    closure = peewee.TextField(null=True)


class RefundExecution(BaseModel):
    """Head office's last word on executing a refund (电子工单, issue 16), money in fen."""

    refund_id = peewee.TextField(primary_key=True)
    state = peewee.TextField()  # hall_desk.domain.refunds.ExecutionState
    billing_reference = peewee.TextField(default="")
    amount_fen = peewee.IntegerField(null=True)
    executed_at = UtcDateTimeField(null=True)
    failure_reason = peewee.TextField(default="")
    failed_at = UtcDateTimeField(null=True)
    cancel_reason = peewee.TextField(default="")
    cancelled_at = UtcDateTimeField(null=True)
    recorded_by = peewee.TextField(default="")
    recorded_by_name = peewee.TextField(default="")
    event_id = peewee.TextField()
    received_at = UtcDateTimeField()
    news_at = UtcDateTimeField(null=True)  # the customer must be told (executed or failed)
    told_at = UtcDateTimeField(null=True)
    told_by_no = peewee.TextField(default="")

    class Meta:
        table_name = "refund_execution"


class RefundRecommendation(BaseModel):
    """A director's recommendation at head office (``refund.recommended``, issue 16)."""

    event_id = peewee.TextField(primary_key=True)
    refund_id = peewee.TextField()
    recommended_by = peewee.TextField()
    recommended_by_name = peewee.TextField()
    recommended_at = UtcDateTimeField()
    recommend = peewee.BooleanField()
    note = peewee.TextField(default="")
    received_at = UtcDateTimeField()

    class Meta:
        table_name = "refund_recommendation"


class RefundDelegation(BaseModel):
    """A store manager's approval limit delegated to a shift leader for a period (schema v8)."""

    id = peewee.TextField(primary_key=True)
    hall_code = peewee.TextField()
    desk_code = peewee.TextField()
    from_no = peewee.TextField()
    from_name = peewee.TextField()
    to_no = peewee.TextField()
    to_name = peewee.TextField()
    starts_at = UtcDateTimeField()
    ends_at = UtcDateTimeField()
    note = peewee.TextField(default="")
    created_at = UtcDateTimeField()
    revoked_at = UtcDateTimeField(null=True)
    revoked_by_no = peewee.TextField(default="")
    updated_at = UtcDateTimeField()


class Transfer(BaseModel):
    """过户 (schema v9): one transfer of ownership, from the first data typed to the signed agreement.
    ``parties``, ``evidence``, ``approval``, ``signatures`` and ``documents`` are JSON text."""

    id = peewee.TextField(primary_key=True)
    number = peewee.TextField(unique=True)
    hall_code = peewee.TextField()
    desk_code = peewee.TextField()
    kind = peewee.TextField()
    state = peewee.TextField()
    phone = peewee.TextField()
    account_type = peewee.TextField()
    opened_on = peewee.TextField()  # local date, ISO
    opened_checked_where = peewee.TextField()
    # Identity data (parties; customers' names among the signatures) is sealed at rest
    # (hall_desk.storage.sealed): the columns hold the sealed text, ``parties`` and ``signatures``
    # below read and write the plaintext, bound to this row's id.
    sealed_parties = peewee.TextField(column_name="parties")
    evidence = peewee.TextField(default="{}")
    approval = peewee.TextField(null=True)
    sealed_signatures = peewee.TextField(column_name="signatures", default="{}")
    documents = peewee.TextField(default="[]")
    retention_class = peewee.TextField()
    paper_kept_until = peewee.TextField(default="")
    policy_version = peewee.IntegerField()
    created_by_no = peewee.TextField()
    created_by_name = peewee.TextField()
    created_at = UtcDateTimeField()
    completed_at = UtcDateTimeField(null=True)
    abandoned_reason = peewee.TextField(default="")
    updated_at = UtcDateTimeField()

    def _sealed(self, plain: str, column: str) -> str:
        if not self.id:
            raise RuntimeError(
                "a transfer's id is set before its identity data (it is bound to it)"
            )
        return sealed.seal_value(plain, f"transfer.{column}", self.id)

    @property
    def parties(self) -> str:
        return sealed.open_value(self.sealed_parties, "transfer.parties", self.id)

    @parties.setter
    def parties(self, plain: str) -> None:
        self.sealed_parties = self._sealed(plain, "parties")

    @property
    def signatures(self) -> str:
        return sealed.open_value(self.sealed_signatures, "transfer.signatures", self.id)

    @signatures.setter
    def signatures(self, plain: str) -> None:
        self.sealed_signatures = self._sealed(plain, "signatures")


class StoredFile(BaseModel):
    """A file kept once by its SHA-256 (schema v9); ``upload`` = head office must receive it.

    The file's bytes are sealed at rest (hall_desk.storage.sealed, bound to the SHA-256, which is
    of the plaintext): the ``content`` column holds the sealed blob; :attr:`content` (an instance),
    :meth:`read` (one file by its SHA-256) and :meth:`sealed` (the column value for an insert) are
    the one way in and out — never read or write ``sealed_content`` directly."""

    sha256 = peewee.TextField(primary_key=True)
    media_type = peewee.TextField()
    size = peewee.IntegerField()
    sealed_content = peewee.BlobField(column_name="content")
    created_at = UtcDateTimeField()
    upload = peewee.BooleanField(default=False)
    uploaded_at = UtcDateTimeField(null=True)
    upload_error = peewee.TextField(default="")

    @staticmethod
    def sealed(sha256: str, plain: bytes) -> bytes:
        """The stored form of a file's bytes (for ``insert(..., sealed_content=…)``)."""
        return sealed.seal_blob(plain, sealed.FILE_PLACE, sha256)

    @property
    def content(self) -> bytes:
        """The file's plaintext bytes (``identity.key_wrong`` when its seal does not open)."""
        return sealed.open_blob(self.sealed_content, sealed.FILE_PLACE, self.sha256)

    @content.setter
    def content(self, plain: bytes) -> None:
        if not self.sha256:
            raise RuntimeError(
                "a stored file's sha256 is set before its content (it is bound to it)"
            )
        self.sealed_content = self.sealed(self.sha256, plain)

    @classmethod
    def read(cls, sha256: str) -> bytes | None:
        """One file's plaintext bytes by its SHA-256; None when the store lacks it."""
        stored = cls.select(cls.sealed_content).where(cls.sha256 == sha256).scalar()
        return None if stored is None else sealed.open_blob(stored, sealed.FILE_PLACE, sha256)


class SignaturePrint(BaseModel):
    """A signature image's print rendition (issue 22 goal 2: :mod:`hall_desk.documents.signature_print`)
    by the SHA-256 of the pad's PNG it was made from: derived data, kept so that no document
    decodes and converts the PNG again; sealed as the signature images are (bound to that SHA-256),
    never uploaded. :meth:`read` and :meth:`keep` are the one way in and out."""

    sha256 = peewee.TextField(primary_key=True)
    sealed_content = peewee.BlobField(column_name="content")
    created_at = UtcDateTimeField()

    @classmethod
    def read(cls, sha256: str) -> bytes | None:
        """The rendition of the image ``sha256``; None when there is none (or it does not open)."""
        stored = cls.select(cls.sealed_content).where(cls.sha256 == sha256).scalar()
        if stored is None:
            return None
        try:
            return sealed.open_blob(stored, sealed.PRINT_PLACE, sha256)
        except sealed.IdentitySealError:
            return None  # sealed under a key this desk no longer has: derived, made again

    @classmethod
    def keep(cls, sha256: str, rendition: bytes, now: datetime) -> None:
        """Keep (or replace) the rendition of the image ``sha256``."""
        content = sealed.seal_blob(rendition, sealed.PRINT_PLACE, sha256)
        cls.insert(
            sha256=sha256, sealed_content=content, created_at=now
        ).on_conflict_replace().execute()


class TransferFile(BaseModel):
    """A file of a transfer (schema v9): an evidence scan, a signature image or a final PDF."""

    id = peewee.TextField(primary_key=True)
    transfer_id = peewee.TextField()
    role = peewee.TextField()
    name = peewee.TextField()
    sha256 = peewee.TextField()
    media_type = peewee.TextField()
    size = peewee.IntegerField()
    added_at = UtcDateTimeField()
    added_by_no = peewee.TextField()
    removed_at = UtcDateTimeField(null=True)


class RetentionPurge(BaseModel):
    """What of a record was purged past its retention period, and by which event (schema v12)."""

    record_id = peewee.TextField()
    part = peewee.TextField()  # hall_desk.domain.retention.Part
    event_id = peewee.TextField()
    purged_at = UtcDateTimeField()

    class Meta:
        table_name = "retention_purge"
        primary_key = peewee.CompositeKey("record_id", "part")


class TypicalCase(BaseModel):
    """典型案例库 (issue 8)."""

    id = peewee.TextField(primary_key=True)
    hall_code = peewee.TextField()
    desk_code = peewee.TextField()
    complaint_id = peewee.TextField(unique=True)
    complaint_number = peewee.TextField()
    title = peewee.TextField()
    main_class = peewee.TextField()
    sub_class = peewee.TextField()
    background = peewee.TextField()
    handling = peewee.TextField()
    lessons = peewee.TextField()
    author_no = peewee.TextField()
    author_name = peewee.TextField()
    written_at = UtcDateTimeField()
    updated_at = UtcDateTimeField()
    best_quarter = peewee.TextField(null=True)
    best_marked_by_no = peewee.TextField(default="")
    best_marked_by_name = peewee.TextField(default="")
    best_marked_at = UtcDateTimeField(null=True)
