"""The API object: ``/api/v1/``, its OpenAPI document (``/api/v1/openapi.json``) and its
docs page (``/api/v1/docs``, Swagger UI served from django-ninja's own static files, so
it needs no CDN and runs under the strict Content-Security-Policy).

A resource is one module of ``backstory/api/routers/`` with a ``router``; add it to
``ROUTERS`` below. docs/api.md says how to write one.
"""

from __future__ import annotations

from ninja import NinjaAPI, Swagger

from . import errors
from .auth import api_auth
from .routers import (
    actions,
    followups,
    interactions,
    intros,
    members,
    organizations,
    people,
    quicklog,
    search,
    stories,
    teams,
    transfer,
    webhooks,
)
from .throttle import TokenRateThrottle

DESCRIPTION = """The same services as the web and the `backstory` command.

**Sign in** with a personal API token (Settings → API tokens, or `backstory token create
NAME`): `Authorization: Bearer <token>`. A token works in one workspace, with its member's
role (a viewer's token, or a read-only one, only reads). The web's own session works too
(unsafe methods need its CSRF token).

**Errors** have one shape: `{"message": "…", "field_errors": {"field": ["…"]}}`.
**Lists** are paged by cursor: `?limit=` and the `next_cursor` of the page before.
**Updates** take `If-Match` with the ETag of what you read; a stale one is refused (412).
**Creating writes** take `Idempotency-Key`: a retry gets the first answer again.
**Rate limit** per token: past it, `429` with `Retry-After`.
"""

# (path prefix, router module): one module per resource.
ROUTERS = [
    ("", people),
    ("", organizations),
    ("", teams),
    ("", interactions),
    ("", actions),
    ("", followups),
    ("", search),
    ("", quicklog),
    ("", stories),
    ("", intros),
    ("", transfer),
    ("", webhooks),
    ("", members),
]


class BackstoryAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation) -> str:
        """An operation is named by its view function (``people_list``), unique across
        the routers: the generated clients' method names."""
        return operation.view_func.__name__


api = BackstoryAPI(
    title="Backstory API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    auth=api_auth(),
    throttle=[TokenRateThrottle()],
    docs=Swagger(settings={"validatorUrl": None, "persistAuthorization": False}),
    docs_url="/docs",
    openapi_url="/openapi.json",
)
errors.install(api)
for prefix, module in ROUTERS:
    api.add_router(prefix, module.router)
