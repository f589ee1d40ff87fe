"""The points plugin's hook implementations (the kernel finds them here by convention)."""

from __future__ import annotations

import datetime as dt

from plugins.points.console import member_section
from plugins.points.earning import (
    claw_back_for_refund,
    claw_back_for_top_up_refund,
    earn_for_order,
    earn_for_registration,
    earn_for_top_up,
)
from plugins.points.reminders import send_reminders
from plugins.points.service import award, deduct
from plugins.points.tender import after_payment, after_refund, pay, refund
from sdk import Context, EntryOut, Leg, Member, Order, Refund, Tender, TenderIn, hookimpl
from sdk.console import MemberFileSection


@hookimpl
async def member_file_sections(ctx: Context, member: Member) -> list[MemberFileSection]:
    return await member_section(ctx, member)


@hookimpl
async def member_registered(ctx: Context, member: Member) -> None:
    await earn_for_registration(ctx, member.id)


@hookimpl
async def member_topped_up(ctx: Context, member_id: int, amount_fen: int, entry: EntryOut) -> None:
    await earn_for_top_up(ctx, member_id, amount_fen, entry)


@hookimpl
async def top_up_refunded(ctx: Context, top_up_entry_id: int, principal_fen: int, entry: EntryOut) -> None:
    await claw_back_for_top_up_refund(ctx, top_up_entry_id, principal_fen, entry)


@hookimpl
async def order_paid(ctx: Context, order: Order) -> None:
    await after_payment(ctx, order)  # the points the tender took leave before new ones arrive, as in the ledger
    await earn_for_order(ctx, order)


@hookimpl
async def order_refunded(ctx: Context, order: Order, refund: Refund) -> None:
    await after_refund(ctx, order, refund)  # points given back by the tender first, as the ledger did
    await claw_back_for_refund(ctx, order, refund)


@hookimpl
async def tender_payment(ctx: Context, order: Order, tender: TenderIn) -> list[Leg] | None:
    return await pay(ctx, order, tender)


@hookimpl
async def tender_refund(ctx: Context, order: Order, tender: Tender, amount_fen: int) -> list[Leg] | None:
    return await refund(ctx, order, tender, amount_fen)


@hookimpl
async def points_award(ctx: Context, member_id: int, points: int, reason: str, reason_en: str, source: str,
                       idempotency_key: str) -> EntryOut:

    return await award(ctx, member_id, points, reason, reason_en, source, idempotency_key)


@hookimpl
async def points_deduct(ctx: Context, member_id: int, points: int, reason: str, reason_en: str, source: str,
                        idempotency_key: str) -> EntryOut:

    return await deduct(ctx, member_id, points, reason, reason_en, source, idempotency_key)


@hookimpl
async def daily_tick(ctx: Context, day: dt.date) -> None:
    await send_reminders(ctx, day)
