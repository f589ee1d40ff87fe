"""The member card home (会员卡首页): balances, the rotating member code, tiles of enabled plugins."""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

from litestar import Request, Response, get, route
from litestar.enums import HttpMethod
from litestar.params import FromPath
from markupsafe import Markup

from core.console.i18n import locale_of
from core.context import Context
from core.errors import NotFound
from core.member_auth import me
from core.member_pages.pages import MemberPage, member_context
from core.member_pages.templating import render_page
from core.member_pages.views.stores import store_cards
from core.members.member_code import LIFETIME_S

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Tile:
    href: str
    title: str
    icon: str
    count: int | None
    count_label: str
    note: str = ""
    badge: bool = False


async def _asked(ctx: Context, plugin: str, page: MemberPage, what: str, ask: Callable[[Context], Awaitable[T]] | None
                 ) -> T | None:
    """A plugin's figure for its tile (its count or note). One that fails costs its figure, not the member's card."""
    if ask is None:
        return None
    try:
        return await ask(ctx)
    except Exception:
        log.exception("plugin %s: the %s of member page %s failed", plugin, what, page.path)
        return None


async def _tile(ctx: Context, plugin: str, page: MemberPage, english: bool, counted: bool = True) -> Tile:
    count = await _asked(ctx, plugin, page, "count", page.count) if counted else None
    note = await _asked(ctx, plugin, page, "note", page.note) if counted else None
    return Tile(href=page.href(ctx.tenant.slug), title=page.title_en if english else page.title, icon=page.icon,
                count=count, count_label=page.count_label_en if english else page.count_label,
                note=(note[1] if english else note[0]) if note else "",
                badge=page.badge)


async def tiles_for(request: Request, ctx: Context, english: bool, counted: bool = True) -> list[Tile]:
    """The tiles of the enabled plugins' member pages, in plugin load order; ``counted=False`` leaves
    out the numbers, which are a member's own (a visitor of a share page has none)."""
    pages = [(plugin, page) for plugin, page in request.app.state.member_pages.plugin_pages
             if page.tile and plugin in ctx.enabled_plugins]
    return list(await asyncio.gather(*(_tile(ctx, plugin, page, english, counted) for plugin, page in pages)))


@get("/")
async def card_home(request: Request, tenant_slug: FromPath[str]) -> Response:
    ctx = member_context(request)
    profile, balances, code = await me.profile(ctx), await me.balances(ctx), await me.code(ctx)
    held = {b.purpose: b.balance for b in balances}
    english = locale_of(request) == "en"
    tiles = await tiles_for(request, ctx, english)
    return render_page(
        request, "member/home.html", profile=profile, code=code, qr=scalable(code.qr_svg),
        principal_fen=held.get("stored_value_principal", 0), bonus_fen=held.get("stored_value_bonus", 0),
        # Points are a kernel ledger purpose; the points plugin is what earns them.
        points=held.get("points"), show_points="points" in ctx.enabled_plugins or "points" in held,
        tiles=tiles, level_note=next((t.note for t in tiles if t.badge and t.note), ""),
        refresh_ms=max(LIFETIME_S - 20, 10) * 1000, stores=await store_cards(ctx),
    )


_SIZE = re.compile(r'^<svg width="(\d+)" height="(\d+)"')


def scalable(svg: str) -> Markup:
    """The member code's SVG (segno's, fixed pixels) scaling to the card: its size becomes a viewBox.

    Rewriting two attributes costs nothing; drawing the QR code again would cost ~9 ms.
    """
    return Markup(_SIZE.sub(r'<svg viewBox="0 0 \1 \2"', svg, count=1))  # noqa: S704  segno's SVG of our code


@get("/code")
async def fresh_code(request: Request, tenant_slug: FromPath[str]) -> Response:
    """A new member code for the card (the page's script asks before the shown one expires)."""
    code = await me.code(member_context(request))
    return Response({"code": code.code, "expires_at": code.expires_at.isoformat(), "qr_svg": str(scalable(code.qr_svg))},
                    headers={"Cache-Control": "no-store"})


@route("/{rest:path}", http_method=[HttpMethod.GET, HttpMethod.POST], opt={"sign_in_route": True})
async def no_such_page(request: Request, tenant_slug: FromPath[str], rest: FromPath[str]) -> Response:
    """Any other address under the tenant's member pages: a page saying so, not a JSON error."""
    raise NotFound(resource="page", zh="没有这个页面，请从会员卡首页进入", en="There is no such page: start from your card")


ROUTES = [card_home, fresh_code, no_such_page]
