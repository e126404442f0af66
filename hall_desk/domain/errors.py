"""Typed domain errors.

Every error carries a stable ``code`` (what went wrong), the ``field`` it concerns (if any) and
``params`` for the message. The UI turns code + params into Chinese text through Qt's ``tr()``;
the domain never formats user-facing sentences itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


class DomainError(Exception):
    """Base of every error a service may raise on purpose."""

    def __init__(self, code: str, field: str | None = None, **params: Any) -> None:
        self.code = code
        self.field = field
        self.params = params
        super().__init__(
            f"{code}" + (f" [{field}]" if field else "") + (f" {params}" if params else "")
        )


class ValidationError(DomainError):
    """One bad field."""


class ValidationErrors(DomainError):
    """Several bad fields at once, so the form can mark them all and keep what was typed."""

    def __init__(self, errors: Iterable[ValidationError]) -> None:
        self.errors = list(errors)
        super().__init__("validation.many", None, count=len(self.errors))

    def fields(self) -> list[str]:
        return [e.field for e in self.errors if e.field]


class PermissionDenied(DomainError):
    """The signed-in role may not do this (DOMAIN.md's permission table)."""


class AuthenticationError(DomainError):
    """Wrong staff number or password, locked or disabled account."""


class NotFound(DomainError):
    pass


class SetupError(DomainError):
    """The hall/desk configuration is missing or contradictory."""


class ErrorCollector:
    """Collects field errors so a form can mark every bad field at once.

    ``value = errors.check(fn, *args)`` returns fn's result or None after recording its
    ValidationError; ``errors.raise_if_any()`` raises them together.
    """

    def __init__(self) -> None:
        self.errors: list[ValidationError] = []

    def add(self, code: str, field: str, **params: Any) -> None:
        self.errors.append(ValidationError(code, field, **params))

    def check(self, fn: Any, *args: Any) -> Any:
        try:
            return fn(*args)
        except ValidationError as error:
            self.errors.append(error)
            return None

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationErrors(self.errors)
