"""The one domain error type that every door turns into its own message."""

from __future__ import annotations


class DomainError(Exception):
    """A rule of the domain was broken; ``message`` is written for the user.

    ``field_errors`` maps a field name to the messages about that field, so that a
    form can show them beside the input and the API can return them as is.
    """

    def __init__(self, message: str, *, field_errors: dict[str, list[str]] | None = None):
        super().__init__(message)
        self.message = message
        self.field_errors = field_errors or {}

    def for_form(self, form) -> DomainError:
        """This error as ``form`` shows it (a subclass may word it in the form's terms)."""
        return self

    @classmethod
    def from_validation_error(cls, error) -> DomainError:
        if hasattr(error, "message_dict"):
            fields = {k: [str(m) for m in v] for k, v in error.message_dict.items()}
            first = next(iter(fields.values()), ["Invalid input."])[0]
            return cls(first, field_errors=fields)
        return cls("; ".join(str(m) for m in error.messages))


def apply_to_form(form, error: DomainError) -> None:
    """Show a domain error on a Django form: beside the field where one is named."""
    error = error.for_form(form)
    placed = False
    for field, messages in error.field_errors.items():
        target = field if field in form.fields else None
        for message in messages:
            form.add_error(target, message)
            placed = True
    if not placed:
        form.add_error(None, error.message)


class NotFound(LookupError):
    """No such record in this workspace: what a selector raises for an id it cannot find.

    Selectors know nothing of HTTP; the doors turn this into their own answer (the web's
    ``workspace_view`` into a 404 page, a command into its error message).
    """

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
