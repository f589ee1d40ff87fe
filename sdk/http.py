"""REST routes of a plugin: controllers and route decorators that declare their permission.

Return your controllers from the ``api_routes`` hook; they are mounted under ``/api/v1``. Put
them under a path of your plugin's name. The kernel answers 404 while the plugin is not
enabled for the caller's tenant, checks the permission each route declares, and gives the
handler the request's Context through a ``ctx: Ctx`` parameter::

    from sdk.http import Controller, Ctx, FromPath, get

    class VisitController(Controller):
        path = "/visits"
        tags = ["visits"]

        @get("/members/{member_id:int}", permission="members.read", operation_id="visitsOfMember")
        async def of_member(self, ctx: Ctx, member_id: FromPath[int]) -> VisitSummary:
            \"\"\"到店次数 / How often a member came.\"\"\"
            return await service.summary(ctx, member_id)

Errors raised as ``DomainError`` leave as problem+json with their code. Money-moving POSTs
declare ``idempotency_key: IdempotencyKey`` so clients see the header in the OpenAPI schema.
Every list answers ``Page{items, next_cursor}`` and takes ``cursor: Cursor`` and
``limit: PageLimit``: ``page_after`` pages rows read in SQL with ``limit + 1`` (newest first by id,
the cursor read back with ``decode_cursor``), ``page_of`` a short list read whole. litestar does
not apply ``Meta`` bounds to query parameters: ``check_limit(limit)`` does (``page_of`` calls it).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import litestar
from litestar import Controller

from core.http.pagination import (  # litestar does not apply Meta bounds to query parameters: check_limit does
    DEFAULT_LIMIT,
    MAX_LIMIT,
    Page,
    check_limit,
    decode_cursor,
    page_after,
    page_of,
)
from core.http.params import Ctx, Cursor, FromPath, FromQuery, IdempotencyKey, JSONBody, PageLimit
from core.tenancy.permissions import PERMISSIONS


def _opt(permission: str | None, opt: Mapping[str, Any] | None) -> dict[str, Any]:
    if permission is not None and permission not in PERMISSIONS:
        raise ValueError(f"unknown permission {permission!r}; choose one of: {', '.join(sorted(PERMISSIONS))}")
    return {**(opt or {}), "permission": permission}


def get(path: str | Sequence[str] | None = None, *, permission: str | None, opt: Mapping[str, Any] | None = None,
        **kwargs: Any) -> litestar.get:
    """A GET route that needs ``permission`` (None: any signed-in caller of the tenant).

    Other keyword arguments are litestar's (``operation_id``, ``status_code``, ``media_type``...).
    """
    return litestar.get(path, opt=_opt(permission, opt), **kwargs)


def post(path: str | Sequence[str] | None = None, *, permission: str | None, opt: Mapping[str, Any] | None = None,
         **kwargs: Any) -> litestar.post:
    """A POST route that needs ``permission``; answers 201 unless ``status_code`` says otherwise."""
    return litestar.post(path, opt=_opt(permission, opt), **kwargs)


def put(path: str | Sequence[str] | None = None, *, permission: str | None, opt: Mapping[str, Any] | None = None,
        **kwargs: Any) -> litestar.put:
    """A PUT route (replace a resource) that needs ``permission``."""
    return litestar.put(path, opt=_opt(permission, opt), **kwargs)


def patch(path: str | Sequence[str] | None = None, *, permission: str | None, opt: Mapping[str, Any] | None = None,
          **kwargs: Any) -> litestar.patch:
    """A PATCH route (change part of a resource) that needs ``permission``."""
    return litestar.patch(path, opt=_opt(permission, opt), **kwargs)


def delete(path: str | Sequence[str] | None = None, *, permission: str | None, opt: Mapping[str, Any] | None = None,
           **kwargs: Any) -> litestar.delete:
    """A DELETE route that needs ``permission``; answers 204 unless ``status_code`` says otherwise."""
    return litestar.delete(path, opt=_opt(permission, opt), **kwargs)


__all__ = [
    "DEFAULT_LIMIT", "MAX_LIMIT", "Controller", "Ctx", "Cursor", "FromPath", "FromQuery", "IdempotencyKey", "JSONBody",
    "Page", "PageLimit", "check_limit", "decode_cursor", "delete", "get", "page_after", "page_of", "patch", "post", "put",
]
