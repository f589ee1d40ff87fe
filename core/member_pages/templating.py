"""Jinja2 for the member pages: one environment per locale, the layout's data.

Templates are named by folder like the console's: ``member/...`` are these pages' own,
``<plugin>/...`` a plugin's. The filters (money, dates, numbers) are the console's Babel ones.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

import jinja2
import segno
from litestar import Request, Response
from markupsafe import Markup

from core.console import csrf
from core.console.forms import here
from core.console.i18n import COOKIE as LANG_COOKIE
from core.console.i18n import LOCALES, pick_locale
from core.context import TenantInfo
from core.member_pages.forms import ONCE_FIELD, new_once
from core.member_pages.i18n import translations
from core.tenancy.brand import colour_of, logo_path

TEMPLATES = Path(__file__).parent / "templates"
SHARED_FILTERS = ("money", "number", "date", "datetime", "yuan", "phone")


def build_environments(console_environments: dict[str, jinja2.Environment]) -> dict[str, jinja2.Environment]:
    envs = {}
    for locale in LOCALES:
        console_env = console_environments[locale]
        plugin_loaders = dict(getattr(console_env.loader, "mapping", {}))  # the plugins' template folders
        plugin_loaders.pop("console", None)
        env = jinja2.Environment(
            loader=jinja2.PrefixLoader({**plugin_loaders, "member": jinja2.FileSystemLoader(TEMPLATES)}),
            autoescape=True, extensions=["jinja2.ext.i18n"], trim_blocks=True, lstrip_blocks=True,
        )
        env.install_gettext_translations(translations(locale), newstyle=True)  # type: ignore[attr-defined]
        env.filters.update({name: console_env.filters[name] for name in SHARED_FILTERS})
        envs[locale] = env
    return envs


def brand(tenant: TenantInfo | None) -> dict[str, str]:
    """The tenant's look on member pages (the console sets it): its colour and its logo's address."""
    settings = tenant.settings if tenant else {}
    return {"colour": colour_of(settings), "logo": (logo_path(tenant.slug, settings) if tenant else None) or ""}


def share_qr(url: str) -> Markup:
    """A share link as an inline QR code (SVG that scales), for a friend's phone camera."""
    return Markup(segno.make_qr(url, error="m").svg_inline(omitsize=True, title=url))  # noqa: S704  our own URL


def page_context(request: Request) -> dict[str, Any]:
    """What the layout needs: the tenant, the member (if signed in), language, CSRF field."""
    locale = pick_locale(request.cookies.get(LANG_COOKIE))
    tenant = getattr(request.state, "tenant", None)
    token = csrf.token_for(request)
    home = f"/m/{tenant.slug}/" if tenant else ""
    other = "en" if locale == "zh_CN" else "zh_CN"
    return {
        "request": request, "locale": locale, "tenant": tenant, "home": home, "path": request.url.path,
        "member": member_ctx.actor if (member_ctx := getattr(request.state, "member_ctx", None)) else None,
        "brand": brand(tenant),
        "zone": tenant.zone if tenant else ZoneInfo("Asia/Shanghai"), "currency": tenant.currency if tenant else "CNY",
        "csrf_token": token,
        "csrf_field": lambda: Markup('<input type="hidden" name="{}" value="{}">').format(csrf.FIELD, token),
        "once_field": lambda: Markup('<input type="hidden" name="{}" value="{}">').format(ONCE_FIELD, new_once()),
        "lang_url": f"{home}lang/{other}?next={quote(here(request))}" if tenant else "",
        # Share links (Open Graph tags, QR codes) need the address as the visitor typed it.
        "page_url": str(request.url), "absolute_url": lambda path: str(request.base_url).rstrip("/") + path,
        "share_qr": share_qr,
    }


def render_page(request: Request, template: str, status_code: int = 200, **data: Any) -> Response[str]:
    context = page_context(request)
    env = request.app.state.member_pages.environments[context["locale"]]
    html = env.get_template(template).render(**context, **data)
    response: Response[str] = Response(html, media_type="text/html", status_code=status_code)  # litestar adds the charset
    response.headers["Cache-Control"] = "no-store"  # balances and codes: never from a cache
    new_token = getattr(request.state, "csrf_new", None)
    if new_token:
        response.set_cookie(csrf.COOKIE, new_token, path="/m", httponly=True, samesite="lax",
                            secure=request.url.scheme == "https")
    return response
