"""A console page with a form, written once: read what was typed, make the change, and go back to
the page with a notice — or, when the change is refused, show the page again in its own layout with
what was typed, why (in the page's error area) and the refusal's status. Never a bare text answer:
a merchant would see a white page with a raw message.

A page's renderer takes the request and the keywords ``error`` and ``status_code`` (and whatever it
shows again of the form, passed through as keywords)::

    async def _page(request, form=None, error="", status_code=200) -> Response: ...

    @post("/")
    async def create(request: Request) -> Response:
        form = await form_fields(request, FIELDS)
        try:
            await create_deal(ctx, await deal_from(ctx, form))
        except REFUSALS as exc:
            return await show_refused(request, _page, exc, form=form)
        return back_with_notice(PATH, "added")

    stop = action_route("/{deal_id:int}/stop", stop_deal, page=_page, back=PATH, notice="stopped")
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from typing import Any

import msgspec
from litestar import Request, Response, post
from litestar.handlers import HTTPRouteHandler

from core.console.fields import FormError
from core.console.forms import error_text
from core.console.i18n import DEFAULT_LOCALE, in_locale, locale_of
from core.console.notices import back_with_notice
from core.console.session import console_context
from core.console.validation import invalid_texts
from core.context import Context
from core.errors import DomainError

#: What a console form shows as a refusal: a field it cannot read, a value the request Struct
#: refuses, a rule the service refuses.
REFUSALS = (FormError, msgspec.ValidationError, DomainError)

#: A page's renderer, called ``page(request, error=..., status_code=..., **kept)``.
PageRenderer = Callable[..., Awaitable[Response]]


async def form_fields(request: Request, fields: Iterable[str]) -> dict[str, str]:
    """The form's ``fields`` as typed, stripped; a field not sent is ``""``."""
    raw = await request.form()
    return {k: str(raw.get(k, "")).strip() for k in fields}


async def form_rows(request: Request, fields: Sequence[str]) -> list[dict[str, str]]:
    """Numbered rows (``sku_0``, ``price_0``, ``sku_1``...): as many as the form has of ``fields[0]``."""
    raw = await request.form()
    count = sum(1 for k in raw if k.startswith(f"{fields[0]}_"))
    return [{f: str(raw.get(f"{f}_{i}", "")).strip() for f in fields} for i in range(count)]


def refusal(exc: Exception, labels: Mapping[str, str] | None = None,
            locale: str = DEFAULT_LOCALE) -> tuple[str, int]:
    """The message in the page's language and the HTTP status a refused form shows; ``labels`` name a
    Struct's fields."""
    if isinstance(exc, DomainError):
        return error_text(exc, locale), exc.status
    if isinstance(exc, msgspec.ValidationError):
        zh, en = invalid_texts(exc, labels)
        return (zh if locale == "zh_CN" else en), 422
    if isinstance(exc, FormError):
        return in_locale(exc.message, locale), 422
    raise TypeError(f"not a form refusal: {exc!r}")


async def show_refused(request: Request, page: PageRenderer, exc: Exception, /,
                       labels: Mapping[str, str] | None = None, **kept: Any) -> Response:
    """The page again after a refused change: ``kept`` (what was typed) and why, with the refusal's status.

    ``page`` is the page's renderer, called ``page(request, error=..., status_code=..., **kept)``;
    ``labels`` name the request Struct's fields in Chinese (``{"stock": "库存"}``) for msgspec's refusals.
    """
    message, status = refusal(exc, labels, locale_of(request))
    return await page(request, error=message, status_code=status, **kept)


async def act(request: Request, call: Callable[[Context], Awaitable[object]], *, page: PageRenderer, back: str,
              notice: str) -> Response:
    """Make one change (``call(ctx)``); back to ``back`` with ``notice``, or ``page`` showing the refusal."""
    try:
        await call(console_context(request))
    except REFUSALS as exc:
        return await show_refused(request, page, exc)
    return back_with_notice(back, notice)


def action_route(path: str, call: Callable[[Context, int], Awaitable[object]], *, page: PageRenderer, back: str,
                 notice: str) -> HTTPRouteHandler:
    """A POST at ``path`` (one int path parameter: ``"/{deal_id:int}/stop"``) that calls ``call(ctx, id)``.

    Done, it goes back to ``back`` showing ``notice`` (a key of ``core.console.notices.NOTICES``);
    refused, ``page`` shows the refusal in its error area with the refusal's status.
    """
    back_with_notice(back, notice)  # an unknown notice fails when the page is declared, not when clicked

    async def handler(request: Request) -> Response:
        [record_id] = request.path_params.values()
        return await act(request, lambda ctx: call(ctx, int(record_id)), page=page, back=back, notice=notice)

    return post(path)(handler)
