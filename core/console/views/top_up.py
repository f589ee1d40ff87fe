"""充值 Top-up: find the member, type the amount, see the bonus the rules give, then confirm.

The preview asks the same ``stored_value_bonus`` hook the posting will ask, so the bonus shown
is the bonus posted (unless the rules change in between). The confirm form carries an
idempotency key made at preview time: a double click or a resent form tops up once.
"""

from __future__ import annotations

import secrets
from typing import cast

from litestar import Request, Response, get, post

from core.console.formatting import parse_yuan
from core.console.forms import error_text, form_of, redirect
from core.console.i18n import locale_of
from core.console.session import console_context
from core.console.templating import render_page
from core.console.views.checkout import _find_member
from core.context import Context
from core.errors import DomainError, InvalidInput, NotFound
from core.ledger.stored_value import Tender, stored_value, top_up
from core.members.service import get_member

TOP_UP = {"permission": "stored_value.topup"}
TENDERS = ("cash", "external")


async def _member_id(ctx: Context, raw: str) -> int | None:
    raw = raw.strip()
    if not raw:
        return None
    if raw.isdigit() and len(raw) < 7:
        return (await get_member(ctx, int(raw))).id
    found = await _find_member(ctx, raw)
    if found is None:
        raise NotFound(resource="member", zh=f"未找到会员 {raw}", en=f"No member {raw}")
    return found


@get("/top-up", opt=TOP_UP)
async def top_up_page(request: Request) -> Response:
    ctx = console_context(request)
    params = request.query_params
    form = {k: params.get(k, "") for k in ("member", "amount", "tender", "reference")}
    member = balance = preview = None
    error = None
    try:
        member_id = await _member_id(ctx, form["member"])
        if member_id is not None:
            member = await get_member(ctx, member_id)
            balance = await stored_value(ctx, member_id)
        if member is not None and form["amount"]:
            amount = parse_yuan(form["amount"])
            if amount is None or amount <= 0:
                raise InvalidInput(field="amount", zh="充值金额必须大于零", en="The top-up amount must be positive")
            bonus = await ctx.hooks.stored_value_bonus(ctx=ctx, member_id=member_id, amount_fen=amount) or 0
            preview = {"amount_fen": amount, "bonus_fen": bonus, "key": secrets.token_urlsafe(16)}
    except DomainError as exc:
        error = error_text(exc, locale_of(request))
    return render_page(request, "console/top_up.html", form=form, member=member, balance=balance, preview=preview,
                       error=error, tenders=TENDERS)


@post("/top-up", opt=TOP_UP)
async def confirm_top_up(request: Request) -> Response:
    ctx = console_context(request)
    form = await form_of(request)
    tender = str(form.get("tender", "cash"))
    try:
        member_id = int(str(form.get("member_id", "0")))
        amount = parse_yuan(str(form.get("amount", "")))
        if amount is None or amount <= 0 or tender not in TENDERS:
            raise InvalidInput(field="amount")
        if ctx.store_id is None:
            raise InvalidInput(field="store_id", zh="请先选择门店", en="Choose a store first")
        await get_member(ctx, member_id)
        # The tender is one of TENDERS (checked above), which a type checker cannot see through ``in``.
        await top_up(ctx, member_id, ctx.store_id, amount, cast(Tender, tender), str(form.get("reference", "")).strip(),
                     idempotency_key=f"console-top-up:{form.get('key', '')}" if form.get("key") else None)
    except (DomainError, ValueError) as exc:
        message = error_text(exc, locale_of(request)) if isinstance(exc, DomainError) else str(exc)
        return render_page(request, "console/top_up.html", status_code=422, form={**form, "member": form.get("member_id", "")},
                           member=None, balance=None, preview=None, error=message, tenders=TENDERS)
    return redirect(f"/console/members/{member_id}?topped_up=1")


ROUTES = [top_up_page, confirm_top_up]
