"""Why an upload did not happen, as typed domain errors with stable codes (the UI ``tr()``s them).

``code`` is what went wrong; ``detail`` is a short, secret-free technical note for the log and the
status line (never a token). None of these drops anything: the events stay queued.
"""

from __future__ import annotations

from hall_desk.domain.errors import DomainError

OFFLINE = "sync.offline"  # HQUnreachable: no answer
TIMEOUT = "sync.timeout"  # HQUnreachable: no answer in time
SERVER_ERROR = "sync.server_error"  # HQTrouble: an answer, but an error or garbage
DESK_MISMATCH = "sync.desk_mismatch"


class SyncError(DomainError):
    """Base of every reason an upload round stopped."""

    def __init__(self, code: str, detail: str = "", **params: object) -> None:
        super().__init__(code, None, detail=detail, **params)
        self.detail = detail

    def __str__(self) -> str:
        return f"{self.code}: {self.detail}" if self.detail else self.code


class NotRegistered(SyncError):
    """This desk has no head office to upload to yet (``hall-desk register``)."""

    def __init__(self, detail: str = "") -> None:
        super().__init__("sync.not_registered", detail)


class NoToken(SyncError):
    """Registered, but the system keyring holds no token for this desk."""

    def __init__(self, detail: str = "") -> None:
        super().__init__("sync.no_token", detail)


class HQUnreachable(SyncError):
    """Head office did not answer: no network, refused connection, DNS, or a time-out (offline)."""

    def __init__(self, detail: str = "", *, timed_out: bool = False) -> None:
        super().__init__(TIMEOUT if timed_out else OFFLINE, detail)
        self.timed_out = timed_out


class CertificateRefused(SyncError):
    """Head office's TLS certificate did not verify (expired, issued by a CA this desk does not
    trust, made for another name …): the desk did not talk to it at all. ``detail`` is the
    verifier's reason. Fixed by head office (a valid certificate) or by registering again with
    the right ``--ca-file``; never by retrying."""

    def __init__(self, detail: str = "") -> None:
        super().__init__("sync.certificate_refused", detail)


class AuthRefused(SyncError):
    """Head office refused the token (401: unknown/wrong; 403: revoked). Nothing is dropped."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(code, detail)


class HQTrouble(SyncError):
    """Head office answered, but not usefully: a 5xx, garbage, or a reply that does not answer the
    events sent. Nothing is marked delivered."""

    def __init__(
        self,
        detail: str = "",
        *,
        status: int | None = None,
        reason: str = "",
        retry_after: float | None = None,
    ) -> None:
        super().__init__(SERVER_ERROR, detail, status=status)
        self.status = status
        self.reason = reason  # head office's error code, when it gave one
        # seconds head office asked for (a 503's Retry-After, issue 18): the desk waits at least
        # that long before it tries again
        self.retry_after = retry_after


class FileRefused(SyncError):
    """Head office refused one file for good (``reason``: ``file.hash_mismatch``,
    ``file.too_large``, ``file.media_type`` …). The round goes on with the next file; this one is
    recorded as failed and not sent again."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__("sync.file_refused", detail, reason=reason)
        self.reason = reason


class DeskMismatch(SyncError):
    """The token or the desk code named is not this desk's."""

    def __init__(self, detail: str = "") -> None:
        super().__init__(DESK_MISMATCH, detail)


class Unexpected(SyncError):
    """A bug or an environment failure in the uploader itself (logged with its traceback)."""

    def __init__(self, detail: str = "") -> None:
        super().__init__("sync.unexpected", detail)


AUTH_INVALID = "sync.auth_invalid"
AUTH_REVOKED = "sync.auth_revoked"
