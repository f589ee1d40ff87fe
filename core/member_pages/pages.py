"""Pages plugins add to the member pages (会员端), and the helpers their handlers use.

A plugin returns ``MemberPage`` objects from the ``member_pages`` wiring hook. Each page is
mounted at ``/m/<tenant>/p/<plugin>/...`` behind the member session and the CSRF check, and
answers a friendly 404 page while the plugin is not enabled for that tenant. Its tile appears
on the member card home of tenants that enabled the plugin.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from litestar import Request, Response

if TYPE_CHECKING:
    from core.context import Context


@dataclass(frozen=True, slots=True)
class MemberPage:
    """A page a plugin adds to the member pages, with its tile on the card home."""

    path: str  # under /m/<tenant>, must be "/p/<plugin name>" or start with it
    title: str  # zh-CN title of the page and its tile
    title_en: str
    handlers: Sequence[Any]  # litestar route handlers (GET/POST), mounted under ``path``
    icon: str = ""  # one or two characters (an emoji or 券) shown on the tile
    tile: bool = True  # show a tile on the card home
    public: bool = False  # open without signing in (a share page); POSTs still need a member
    # A number for the tile (coupons usable, sessions left); None shows none. Called per home view.
    count: Callable[[Context], Awaitable[int | None]] | None = None
    count_label: str = ""  # zh-CN word after the number (张可用)
    count_label_en: str = ""
    # A short line for the tile instead of a number (白银会员 / Silver), zh-CN and English; None shows none.
    note: Callable[[Context], Awaitable[tuple[str, str] | None]] | None = None
    badge: bool = False  # also show the note beside the member's name on the card (a level)

    def href(self, tenant_slug: str) -> str:
        return f"/m/{tenant_slug}{self.path}"


def member_context(request: Request) -> Context:
    """The signed-in member's Context (tenant, member actor, clock, enabled plugins).

    On a public page without a signed-in member this raises the sign-in redirect, which comes
    back to the page after signing in.
    """
    from core.member_pages.session import SignInRequired

    ctx = getattr(request.state, "member_ctx", None)
    if ctx is None:
        raise SignInRequired()
    return ctx


def visitor_context(request: Request) -> Context:
    """The page's Context, signed in or not (the actor is the member, or the H5 page itself)."""
    return request.state.ctx


def once_key(request: Request, form: dict[str, Any]) -> str | None:
    """The form's one-time key (``{{ once_field() }}``): a replayed POST carries the same one.

    Use it as the idempotency key of what the form does, so a double tap or a reload of the
    result page changes nothing twice.
    """
    from core.member_pages.forms import ONCE_FIELD, valid_once

    value = str(form.get(ONCE_FIELD, ""))
    return value if valid_once(value) else None


def render(request: Request, template: str, /, status_code: int = 200, **data: Any) -> Response[str]:
    """Render ``template`` inside the member pages' layout.

    A plugin's templates live in its ``templates/`` folder and are named ``"<plugin>/<file>"``.
    A template extends ``"member/layout.html"`` and fills ``{% block content %}``; it gets
    ``_`` (the member pages' catalog), the filters ``money``, ``number``, ``date`` and
    ``datetime``, ``csrf_field()`` and ``once_field()`` for its forms, ``tenant``, ``home`` (the
    card home's URL), ``locale``, ``absolute_url(path)`` and ``share_qr(url)`` (a link as an
    inline QR code) for share pages, and everything in ``data``. Open Graph tags come with the
    layout; a share page overrides ``{% block head %}`` with its own ``og:title`` and ``og:description``.
    """
    from core.member_pages.templating import render_page

    return render_page(request, template, status_code=status_code, **data)


async def campaign_ended(request: Request, *, reason: str, reason_en: str, title: str = "活动已结束",
                         title_en: str = "This has ended", status_code: int = 410) -> Response[str]:
    """The page a share link opens once its campaign, group or bargain is over (stopped, expired,
    sold out, or never existed): what happened, in the visitor's language, and the tiles of what
    the store has on now, so a friend who followed the link has somewhere to go. Never a JSON error.
    Works for visitors who are not signed in; ``status_code`` 410 for ended, 404 for unknown."""
    from core.console.i18n import locale_of
    from core.member_pages.templating import render_page
    from core.member_pages.views.home import tiles_for

    english = locale_of(request) == "en"
    tiles = await tiles_for(request, visitor_context(request), english, counted=False)
    return render_page(request, "member/ended.html", status_code=status_code, title=title_en if english else title,
                       reason=reason_en if english else reason, tiles=tiles)
