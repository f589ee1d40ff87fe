"""Pages plugins add to the merchant console, and the helper that renders them in its layout.

A plugin returns ``ConsolePage`` objects from the ``console_pages`` wiring hook. The console
mounts each page's handlers behind its own session sign-in, CSRF check and the page's
permission, and answers 404 while the plugin is not enabled for the signed-in tenant.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from litestar import Request, Response


@dataclass(frozen=True, slots=True)
class ConsolePage:
    """A page a plugin adds to the merchant console, with its navigation entry."""

    path: str  # URL under /console, must start with "/console/p/<plugin name>"
    title: str  # zh-CN navigation title
    title_en: str
    handlers: Sequence[Any]  # litestar route handlers (GET/POST), mounted under ``path``
    permission: str | None = None  # permission needed to see the entry and open the page
    nav: bool = True  # show in the navigation
    group: str = "marketing"  # where in the navigation: till, members, marketing, reports or settings


@dataclass(frozen=True, slots=True)
class MemberFileSection:
    """A section a plugin adds to a member's file in the console (cards, level history...).

    ``template`` is one of the plugin's templates (``"cards/member_section.html"``), rendered
    inside the file page with ``data`` as ``section`` and the console's filters.
    """

    title: str  # zh-CN heading
    title_en: str
    template: str
    data: dict[str, Any]


@dataclass(frozen=True, slots=True)
class CheckoutTender:
    """A way to pay that a plugin adds to the console's checkout form (积分抵扣, 次卡抵扣).

    The cashier types an amount in yuan; the console pays it as a tender of ``kind`` with
    ``reference``. ``note`` says what the member holds and the limits (可用 1,200 积分，最多抵扣 ¥12).
    """

    kind: str
    label: str  # zh-CN
    label_en: str
    reference: str = ""
    note: str = ""
    note_en: str = ""

    @property
    def field(self) -> str:
        """The form field's name: one per kind and reference (two cards are two fields)."""
        return f"tender_{self.kind}" + (f"_{self.reference}" if self.reference else "")


def render(request: Request, template: str, /, status_code: int = 200, **data: Any) -> Response[str]:
    """Render ``template`` inside the console layout for the signed-in staff member.

    A plugin's templates live in its package's ``templates/`` folder and are named
    ``"<plugin name>/<file>"`` (``"points/rules.html"`` is ``plugins/points/templates/rules.html``).
    A template extends ``"console/layout.html"`` and fills ``{% block content %}``; it gets
    ``_``/``gettext`` (the console's catalogs), the Babel filters ``money``, ``number``,
    ``date`` and ``datetime``, ``csrf_field()`` for its forms, and everything in ``data``.
    """
    from core.console.templating import render_page  # the templating module imports this one

    return render_page(request, template, status_code=status_code, **data)
