"""Errors services raise; the UI and CLI turn them into one clear message."""
from __future__ import annotations

from schoolcare.domain.validation import InvalidField


class ServiceError(Exception):
    """A use case could not be carried out; the message is for the user."""


class PermissionDenied(ServiceError):
    """The acting user's role does not allow this."""


class NotFound(ServiceError):
    """No such record within the acting user's reach (out-of-scope records look absent)."""


class ValidationError(ServiceError):
    """Input the user can correct; `field` names the field (or row/column) at fault."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def invalid(error: InvalidField) -> ValidationError:
    """The service error for a domain check; keeps the code so screens can show the translated reason."""
    result = ValidationError(error.field, error.message)
    result.code, result.params = error.code, error.params  # type: ignore[attr-defined]
    return result


class AuthError(ServiceError):
    """Wrong login or password (never says which)."""
