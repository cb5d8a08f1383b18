"""One error shape for every answer that is not a success: a message written for the user
and the messages per field — the same ``DomainError`` the forms show beside their fields.

Every operation declares ``**ERRORS`` among its responses, so the schema says so too.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from backstory.core.errors import DomainError, NotFound
from backstory.core.versions import VersionConflict


class ErrorOut(Schema):
    """What went wrong: ``message`` for a person to read, ``field_errors`` maps a field
    (as the request named it; ``__all__`` for the whole request) to its messages."""

    message: str
    field_errors: dict[str, list[str]] = {}


# Every answer an operation may give besides its success (the schema lists them).
ERROR_CODES = frozenset({400, 401, 403, 404, 409, 412, 422, 429})
ERRORS = {ERROR_CODES: ErrorOut}


class ApiError(HttpError):
    """A refusal with the error shape: ``raise ApiError(403, "…")``."""

    def __init__(self, status: int, message: str, *,
                 field_errors: dict[str, list[str]] | None = None,
                 headers: dict[str, str] | None = None):
        super().__init__(status, message)
        self.message = message
        self.field_errors = field_errors or {}
        self.headers = headers or {}


def error_response(api, request, status: int, message: str,
                   field_errors: dict[str, list[str]] | None = None,
                   headers: dict[str, str] | None = None) -> HttpResponse:
    response = api.create_response(
        request, {"message": message, "field_errors": field_errors or {}}, status=status)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def _field_of(loc) -> str:
    """A pydantic error location as the field the caller sent: ("body", "payload",
    "people", 0) → "people", ("query", "limit") → "limit"."""
    parts = [str(p) for p in loc if not isinstance(p, int)]
    while parts and parts[0] in {"body", "query", "path", "header", "form", "payload",
                                 "cookie", "file"}:
        parts.pop(0)
    if parts and parts[0] in {"payload", "filters", "data"}:
        parts.pop(0)
    return ".".join(parts) or "__all__"


def validation_errors(errors: list[dict]) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for error in errors:
        field = _field_of(error.get("loc", ()))
        message = str(error.get("msg", "Invalid value."))
        message = message.removeprefix("Value error, ")
        fields.setdefault(field, []).append(message[:1].upper() + message[1:])
    return fields


def install(api) -> None:
    """Answer every error of ``api`` in the one shape."""

    def domain(request, exc: DomainError):
        if isinstance(exc, VersionConflict):
            # The version now stored, as an ETag: reload, or send it again to overwrite.
            return error_response(api, request, 412, exc.message, exc.field_errors,
                                  {"ETag": f'"{exc.current}"'})
        return error_response(api, request, 400, exc.message, exc.field_errors)

    def not_found(request, exc):
        text = str(exc) if exc.args and str(exc) else "Not found in this workspace."
        return error_response(api, request, 404, text)

    def invalid(request, exc: ValidationError):
        fields = validation_errors(exc.errors)
        field, messages = next(iter(fields.items()), ("__all__", ["Invalid request."]))
        message = messages[0] if field == "__all__" else f"{field}: {messages[0]}"
        return error_response(api, request, 422, message, fields)

    def http_error(request, exc: HttpError):
        if isinstance(exc, ApiError):
            return error_response(api, request, exc.status_code, exc.message,
                                  exc.field_errors, exc.headers)
        if isinstance(exc, Throttled):
            wait = max(1, int((exc.wait or 1) + 0.999))
            return error_response(
                api, request, 429,
                f"Too many requests with this token: wait {wait} s and try again.",
                headers={"Retry-After": str(wait)})
        if isinstance(exc, AuthenticationError):
            return error_response(
                api, request, 401,
                "Sign in, or send a personal API token: Authorization: Bearer <token>.",
                headers={"WWW-Authenticate": 'Bearer realm="backstory"'})
        message = str(exc)
        if exc.status_code == 400 and message == "Cannot parse request body":
            message = "The body is not JSON this API reads: send a JSON object with " \
                      "Content-Type: application/json."
        if exc.status_code == 403 and "CSRF" in message:
            message = ("The CSRF check failed: a signed-in page must send its CSRF token "
                       "(X-CSRFToken), or use a personal API token instead.")
        return error_response(api, request, exc.status_code, message)

    def forbidden(request, exc: PermissionDenied):
        return error_response(api, request, 403,
                              str(exc) or "Your role in this workspace does not allow this.")

    api.add_exception_handler(DomainError, domain)
    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(NotFound, not_found)  # what selectors raise (core.errors)
    api.add_exception_handler(ValidationError, invalid)
    api.add_exception_handler(HttpError, http_error)
    api.add_exception_handler(PermissionDenied, forbidden)
