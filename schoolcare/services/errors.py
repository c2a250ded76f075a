"""Errors services raise: Refusals with a code, so the screens and the command line put them in the user's words."""
from __future__ import annotations

from schoolcare.domain import validation
from schoolcare.domain.errors import Refusal
from schoolcare.domain.validation import InvalidField


class ServiceError(Refusal):
    """A use case could not be carried out."""


class PermissionDenied(ServiceError):
    """The acting user's role does not allow this."""


class NotFound(ServiceError):
    """No such record within the acting user's reach (out-of-scope records look absent)."""


class ValidationError(ServiceError):
    """Input the user can correct; `field` names the field (or row/column) at fault."""


class AuthError(ServiceError):
    """Wrong login or password (never says which)."""


def invalid(error: InvalidField) -> ValidationError:
    """The service error for a domain check, keeping its code, field and values."""
    return ValidationError(error.code, error.field, **error.params)


def visible(value: object, field: str) -> str:
    """`value` as text ('' for None), refused (ValidationError 'text_char' naming `field`) when it holds a control,
    bidi-override or zero-width character: every text a person gives a service goes through here."""
    try:
        return validation.visible_text(value, field)
    except InvalidField as error:
        raise invalid(error) from None
