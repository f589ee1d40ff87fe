"""设置: the merchant's settings, starting with how the member pages look (会员端外观)."""

from __future__ import annotations

from litestar import Request, Response, get, post
from litestar.datastructures import UploadFile

from core.console.forms import error_text, form_of, redirect
from core.console.i18n import locale_of
from core.console.session import console_context
from core.console.templating import render_page
from core.errors import DomainError, InvalidInput
from core.tenancy import brand, service
from core.tenancy import schemas as ts

SETTINGS = "/console/settings"
# Photos straight from a phone are megabytes: up to this the page says what is wrong with them
# (the logo itself may be 256 KB); beyond it the request is refused before it is read.
UPLOAD_MAX_BYTES = 8_000_000


async def _page(request: Request, errors: dict[str, str] | None = None, status_code: int = 200,
                colour: str | None = None) -> Response:
    tenant = await service.get_tenant(console_context(request))
    return render_page(request, "console/settings.html", status_code=status_code, shown=tenant,
                       colour=colour or tenant.brand_colour, errors=errors or {},
                       saved=request.query_params.get("saved"), max_kb=brand.MAX_LOGO_BYTES // 1024)


@get("/settings", opt={"permission": "tenant.manage"})
async def settings_page(request: Request) -> Response:
    return await _page(request)


@post("/settings/colour", opt={"permission": "tenant.manage"})
async def save_colour(request: Request) -> Response:
    ctx = console_context(request)
    typed = str((await form_of(request)).get("brand_colour", ""))
    try:
        await service.update_tenant(ctx, ts.TenantUpdate(brand_colour=brand.parse_colour(typed)))
    except DomainError as exc:
        return await _page(request, {"brand_colour": error_text(exc, locale_of(request))}, exc.status, colour=typed)
    return redirect(f"{SETTINGS}?saved=colour")


@post("/settings/logo", opt={"permission": "tenant.manage"}, request_max_body_size=UPLOAD_MAX_BYTES)
async def upload_logo(request: Request) -> Response:
    ctx = console_context(request)
    upload = (await form_of(request)).get("logo")
    try:
        if not isinstance(upload, UploadFile) or not upload.filename:
            raise InvalidInput(field="logo", zh="请先选择一张图片", en="Choose an image first")
        await service.upload_logo(ctx, await upload.read())
    except DomainError as exc:
        return await _page(request, {"logo": error_text(exc, locale_of(request))}, exc.status)
    return redirect(f"{SETTINGS}?saved=logo")


@post("/settings/logo/remove", opt={"permission": "tenant.manage"})
async def remove_logo(request: Request) -> Response:
    await service.delete_logo(console_context(request))
    return redirect(f"{SETTINGS}?saved=logo-removed")


ROUTES = [settings_page, save_colour, upload_logo, remove_logo]
