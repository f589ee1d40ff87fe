"""Staff and roles, stores, API keys: the owner's and manager's pages."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Request, Response, get, post
from litestar.params import FromPath

from core.console.forms import convert_form, field_errors, form_of, redirect
from core.console.i18n import locale_of
from core.console.session import console_context
from core.console.templating import render_page
from core.errors import DomainError
from core.tenancy import schemas as ts
from core.tenancy import service
from core.tenancy.permissions import PERMISSIONS, ROLES

STAFF_FIELDS = ("username", "name", "phone", "password")
STORE_FIELDS = ("code", "name", "address", "phone", "opening_hours")
PAGE_SIZE = 50


def _cursor(request: Request) -> str | None:
    return request.query_params.get("cursor") or None


async def _staff_page(request: Request, form: dict | None = None, errors: dict | None = None, status_code: int = 200) -> Response:
    ctx = console_context(request)
    return render_page(request, "console/admin/staff.html", status_code=status_code, staff_rows=await service.page_staff(ctx, _cursor(request), PAGE_SIZE),
                       roles=ROLES, permissions=PERMISSIONS, form=form or {}, errors=errors or {})


@get("/staff", opt={"permission": "staff.read"})
async def staff_page(request: Request) -> Response:
    return await _staff_page(request)


@post("/staff", opt={"permission": "staff.manage"})
async def add_staff(request: Request) -> Response:
    ctx = console_context(request)
    form = await form_of(request)
    data = {k: form.get(k, "") for k in ("username", "name", "role", "password", "phone")}
    try:
        await service.create_staff(ctx, convert_form(data, ts.StaffCreate))
    except DomainError as exc:
        form.pop("password", None)
        return await _staff_page(request, form, field_errors(exc, locale_of(request), STAFF_FIELDS), 422)
    return redirect("/console/staff")


@post("/staff/{staff_id:int}", opt={"permission": "staff.manage"})
async def change_staff(request: Request, staff_id: FromPath[int]) -> Response:
    ctx = console_context(request)
    form = await form_of(request)
    data: dict = {"role": form.get("role")} if form.get("role") else {}
    if "active" in form:
        data["active"] = form["active"] == "1"
    try:
        await service.update_staff(ctx, staff_id, convert_form(data, ts.StaffUpdate))
    except DomainError as exc:
        return await _staff_page(request, {}, field_errors(exc, locale_of(request)), exc.status)
    return redirect("/console/staff")


async def _stores_page(request: Request, form: dict | None = None, errors: dict | None = None, status_code: int = 200) -> Response:
    ctx = console_context(request)
    return render_page(request, "console/admin/stores.html", status_code=status_code,
                       store_rows=await service.page_stores(ctx, _cursor(request), PAGE_SIZE), form=form or {}, errors=errors or {})


@get("/stores", opt={"permission": "stores.read"})
async def stores_page(request: Request) -> Response:
    return await _stores_page(request)


@post("/stores", opt={"permission": "stores.manage"})
async def add_store(request: Request) -> Response:
    ctx = console_context(request)
    form = await form_of(request)
    data = {k: form.get(k, "") for k in ("code", "name", "kind", "address", "phone", "opening_hours")}
    try:
        await service.create_store(ctx, convert_form(data, ts.StoreCreate))
    except DomainError as exc:
        return await _stores_page(request, form, field_errors(exc, locale_of(request), STORE_FIELDS), 422)
    return redirect("/console/stores")


@get("/stores/{store_id:int}", opt={"permission": "stores.manage"})
async def store_page(request: Request, store_id: FromPath[int]) -> Response:
    store = await service.get_store(console_context(request), store_id)
    return render_page(request, "console/admin/store.html", store=store, form=msgspec.structs.asdict(store), errors={})


@post("/stores/{store_id:int}", opt={"permission": "stores.manage"})
async def change_store(request: Request, store_id: FromPath[int]) -> Response:
    """Name, kind, address, phone, opening hours and whether the store is open for business."""
    ctx = console_context(request)
    form = await form_of(request)
    data: dict[str, Any] = {k: form[k] for k in ("name", "kind", "address", "phone", "opening_hours") if k in form}
    data["active"] = form.get("active") == "1"
    try:
        await service.update_store(ctx, store_id, convert_form(data, ts.StoreUpdate))
    except DomainError as exc:
        store = await service.get_store(ctx, store_id)
        return render_page(request, "console/admin/store.html", status_code=exc.status, store=store, form=form,
                           errors=field_errors(exc, locale_of(request), STORE_FIELDS))
    return redirect("/console/stores")


async def _keys_page(request: Request, created: ts.ApiKeyCreated | None = None, form: dict | None = None,
                     errors: dict | None = None, status_code: int = 200) -> Response:
    ctx = console_context(request)
    return render_page(request, "console/admin/api_keys.html", status_code=status_code,
                       keys=await service.page_api_keys(ctx, _cursor(request), PAGE_SIZE), created=created, permissions=PERMISSIONS,
                       form=form or {}, errors=errors or {})


@get("/api-keys", opt={"permission": "apikeys.manage"})
async def keys_page(request: Request) -> Response:
    return await _keys_page(request)


@post("/api-keys", opt={"permission": "apikeys.manage"})
async def create_key(request: Request) -> Response:
    ctx = console_context(request)
    form = await form_of(request)
    scopes = form.get("scopes", [])
    data = {"name": form.get("name", ""), "scopes": scopes if isinstance(scopes, list) else [scopes]}
    try:
        created = await service.create_api_key(ctx, convert_form(data, ts.ApiKeyCreate))
    except DomainError as exc:
        return await _keys_page(request, None, form, field_errors(exc, locale_of(request), ("name", "scopes")), 422)
    # Shown once, on this response only: it is never stored in full.
    return await _keys_page(request, created)


@post("/api-keys/{key_id:int}/revoke", opt={"permission": "apikeys.manage"})
async def revoke_key(request: Request, key_id: FromPath[int]) -> Response:
    await service.revoke_api_key(console_context(request), key_id)
    return redirect("/console/api-keys")


ROUTES = [staff_page, add_staff, change_staff, stores_page, add_store, store_page, change_store, keys_page, create_key, revoke_key]
