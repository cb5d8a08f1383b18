"""``Idempotency-Key`` on creating writes: a request retried with the same key (by the same
caller, within a day) gets the first answer again, and writes nothing a second time — a
retried "log a coffee" does not log two coffees.

Decorate a creating operation with ``@idempotent(TheOutSchema)`` under the router's
decorator, and give the router ``openapi_extra=IDEMPOTENCY_DOC`` so the schema says so.
The answer is stored in the transaction of the write itself: either both are kept or
neither. The same key with a different request (method, path or body) is refused (422).
"""

from __future__ import annotations

import hashlib
from datetime import timedelta
from functools import wraps

from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.utils import timezone
from ninja import Status

from .auth import caller_key
from .errors import ApiError
from .models import IdempotentRequest

KEEP = timedelta(hours=24)
MAX_KEY = 200
HEADER = "Idempotency-Key"

IDEMPOTENCY_DOC = {"parameters": [{
    "in": "header", "name": HEADER, "required": False,
    "schema": {"type": "string", "maxLength": MAX_KEY},
    "description": "Any unique string (a UUID): a retry with the same key gets the first "
                   "answer and writes nothing twice (kept for 24 hours).",
}]}


def _fingerprint(request) -> str:
    digest = hashlib.sha256()
    for part in (request.method.encode(), request.get_full_path().encode(), request.body):
        digest.update(part)
        digest.update(b"\0")
    return digest.hexdigest()


def _json(body: str, status: int, *, replayed: bool) -> HttpResponse:
    response = HttpResponse(body, status=status, content_type="application/json; charset=utf-8")
    if replayed:
        response["Idempotent-Replayed"] = "true"
    return response


def idempotent(schema, *, once: tuple[str, ...] = ()):
    """Make a creating operation safe to retry; ``schema`` is its success schema.

    Fields named in ``once`` (a one-time secret such as an invitation's link, of which
    only a hash is kept) are not stored with the answer: a replay gives them as null."""

    def decorate(func):
        @wraps(func)
        def wrapper(request, *args, **kwargs):
            key = request.headers.get(HEADER, "").strip()
            if not key:
                return func(request, *args, **kwargs)
            if len(key) > MAX_KEY:
                raise ApiError(400, f"An Idempotency-Key is {MAX_KEY} characters at most.",
                               field_errors={HEADER: ["Too long."]})
            fingerprint = _fingerprint(request)
            caller = caller_key(request)
            try:
                with transaction.atomic():
                    found = IdempotentRequest.objects.filter(
                        workspace=request.workspace, caller=caller, key=key,
                        created_at__gte=timezone.now() - KEEP).first()
                    if found is not None:
                        if found.fingerprint != fingerprint:
                            raise ApiError(422, "This Idempotency-Key was sent with another "
                                                "request: use a new key for a new request.",
                                           field_errors={HEADER: ["Already used."]})
                        return _json(found.body, found.status, replayed=True)
                    result = func(request, *args, **kwargs)
                    if isinstance(result, HttpResponse):
                        return result
                    if isinstance(result, Status):
                        status, data = result.status_code, result.value
                    else:
                        status, data = result if isinstance(result, tuple) else (200, result)
                    answer = schema.from_orm(data, context={"request": request})
                    body = answer.model_dump_json(by_alias=True)
                    kept = (answer.model_copy(update=dict.fromkeys(once)).model_dump_json(
                        by_alias=True) if once else body)
                    IdempotentRequest.objects.filter(
                        workspace=request.workspace, caller=caller, key=key).delete()
                    IdempotentRequest.objects.filter(
                        created_at__lt=timezone.now() - KEEP).delete()
                    IdempotentRequest.objects.create(
                        workspace=request.workspace, caller=caller, key=key,
                        fingerprint=fingerprint, status=status, body=kept)
            except IntegrityError:
                raise ApiError(409, "A request with this Idempotency-Key is being handled "
                                    "right now: wait a moment and send it again.") from None
            return _json(body, status, replayed=False)

        return wrapper

    return decorate
