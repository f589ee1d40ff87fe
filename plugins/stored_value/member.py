"""充值活动 on the member pages: today's top-up offers with what I have used of each, and my stored
value. Top-ups are taken at the counter (no payment provider in the app yet): the page says so and
leads to the member code the desk scans, never to a pay button."""

from __future__ import annotations

from litestar import Request, Response, get

from plugins.stored_value import service
from plugins.stored_value.schemas import OfferOut, StoredValueSettings
from sdk import Context, accounts, balance, plugin_settings
from sdk.member_pages import MemberPage, member_context, render


async def my_offers(ctx: Context) -> list[OfferOut] | None:
    """Today's offers with my uses, or None while the store hides them from members."""
    if not (await plugin_settings(ctx, "stored_value", StoredValueSettings)).show_offers_to_members:
        return None
    return await service.offers(ctx, ctx.actor.id or 0)


@get("/")
async def offers_page(request: Request) -> Response:
    ctx = member_context(request)
    member_id = ctx.actor.id or 0
    principal = await balance(ctx, accounts.member(member_id, "stored_value_principal"))
    bonus = await balance(ctx, accounts.member(member_id, "stored_value_bonus"))
    return render(request, "stored_value/member_offers.html", offers=await my_offers(ctx) or [],
                  principal_fen=principal, bonus_fen=bonus)


async def open_offers(ctx: Context) -> int | None:
    """The tile's number: offers I can still get today (none while they are hidden)."""
    offers = await my_offers(ctx)
    return None if offers is None else sum(1 for o in offers if not o.used_up)


PAGES = [
    MemberPage(path="/p/stored_value", title="充值有礼", title_en="Top-up offers", icon="充", handlers=[offers_page],
               count=open_offers, count_label="个活动", count_label_en="offers"),
]
