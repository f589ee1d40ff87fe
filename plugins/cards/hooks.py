"""The cards plugin's hook implementations (the kernel finds them here by convention)."""

from __future__ import annotations

from plugins.cards.console import checkout_tenders as offered
from plugins.cards.console import member_section
from plugins.cards.issue import check_member, expire_cards, issue_cards, refund_cards
from plugins.cards.tender import pay, refund
from sdk import Context, Leg, Member, Order, Refund, Tender, TenderIn, hookimpl
from sdk.console import CheckoutTender, MemberFileSection


@hookimpl
async def member_file_sections(ctx: Context, member: Member) -> list[MemberFileSection]:
    return await member_section(ctx, member)


@hookimpl
async def checkout_tenders(ctx: Context, order: Order) -> list[CheckoutTender]:
    return await offered(ctx, order)


@hookimpl
def order_validated(ctx: Context, order: Order) -> None:
    check_member(order)


@hookimpl
async def order_paid(ctx: Context, order: Order) -> None:
    await issue_cards(ctx, order)


@hookimpl
async def order_refunded(ctx: Context, order: Order, refund: Refund) -> None:
    await refund_cards(ctx, order, refund)


@hookimpl
async def tender_payment(ctx: Context, order: Order, tender: TenderIn) -> list[Leg] | None:
    return await pay(ctx, order, tender)


@hookimpl
async def tender_refund(ctx: Context, order: Order, tender: Tender, amount_fen: int) -> list[Leg] | None:
    return await refund(ctx, order, tender, amount_fen)


@hookimpl
async def daily_tick(ctx: Context) -> None:
    await expire_cards(ctx)
