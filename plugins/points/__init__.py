"""points (积分): earn points on orders, registration and top-ups, pay with them, lose them on expiry.

* Earning (``earning.py``): per order, ``floor(eligible net fen / fen_per_point)`` (rounded down
  once per order, not per line), excluded categories, items and ``no_discount`` lines earning
  nothing and the share paid with points earning nothing; then ``floor(× the level multiplier
  %)``. Registration and top-ups earn by setting; other plugins award through
  ``sdk.award_points``. Every earning is a ledger entry with its reason and a key unique to its
  cause, then ``points_changed``.
* Paying (``tender.py``): tender kind ``points``, whole points at ``points_per_yuan``, at most
  ``max_redeem_percent`` of the order, never more than the member holds.
* Refunds: the order's earned points are clawed back in proportion to what is refunded (exact
  over several partial refunds); points the member already spent elsewhere are booked as owed
  and taken from the next earnings before anything is credited (``movements.py``). Points paid
  as a tender come back in proportion.
* Expiry (``policy.py``): none, rolling N months or the end of year Y + N, at store-local
  midnight; lots are consumed earliest expiry first and lapsed by the kernel's daily job; a
  reminder goes through the outbox ``remind_days_before`` days ahead (``reminders.py``).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from plugins.points.schemas import PointsSettings
from sdk import Context, EntryOut, Leg, Member, Order, Plugin, Refund, Tender, TenderIn, hookimpl

if TYPE_CHECKING:
    from sdk.console import MemberFileSection

plugin = Plugin(
    name="points",
    title="积分",
    title_en="Points",
    version="1.0.0",
    description="消费、注册、充值送积分，积分抵现，按滚动或年底规则过期并提前短信提醒，退款扣回积分",
    description_en="Points for spending, registering and topping up; pay with points; rolling or year-end expiry "
                   "with an SMS reminder; refunds take points back",
    industries=("gym", "salon", "beauty", "school", "pet", "spa", "retail", "restaurant", "convenience"),
    settings=PointsSettings,
    tables="plugins.points.piccolo_app:APP_CONFIG",
    hookspecs="plugins.points.hookspecs",
    routes="plugins.points.api:ROUTES",
    console="plugins.points.console:PAGES",
)


@hookimpl
async def member_file_sections(ctx: Context, member: Member) -> list[MemberFileSection]:
    from plugins.points.console import member_section

    return await member_section(ctx, member)


@hookimpl
async def member_registered(ctx: Context, member: Member) -> None:
    from plugins.points.earning import earn_for_registration

    await earn_for_registration(ctx, member.id)


@hookimpl
async def member_topped_up(ctx: Context, member_id: int, amount_fen: int, entry: EntryOut) -> None:
    from plugins.points.earning import earn_for_top_up

    await earn_for_top_up(ctx, member_id, amount_fen, entry)


@hookimpl
async def top_up_refunded(ctx: Context, top_up_entry_id: int, principal_fen: int, entry: EntryOut) -> None:
    from plugins.points.earning import claw_back_for_top_up_refund

    await claw_back_for_top_up_refund(ctx, top_up_entry_id, principal_fen, entry)


@hookimpl
async def order_paid(ctx: Context, order: Order) -> None:
    from plugins.points.earning import earn_for_order
    from plugins.points.tender import after_payment

    await after_payment(ctx, order)  # the points the tender took leave before new ones arrive, as in the ledger
    await earn_for_order(ctx, order)


@hookimpl
async def order_refunded(ctx: Context, order: Order, refund: Refund) -> None:
    from plugins.points.earning import claw_back_for_refund
    from plugins.points.tender import after_refund

    await after_refund(ctx, order, refund)  # points given back by the tender first, as the ledger did
    await claw_back_for_refund(ctx, order, refund)


@hookimpl
async def tender_payment(ctx: Context, order: Order, tender: TenderIn) -> list[Leg] | None:
    from plugins.points.tender import pay

    return await pay(ctx, order, tender)


@hookimpl
async def tender_refund(ctx: Context, order: Order, tender: Tender, amount_fen: int) -> list[Leg] | None:
    from plugins.points.tender import refund

    return await refund(ctx, order, tender, amount_fen)


@hookimpl
async def points_award(ctx: Context, member_id: int, points: int, reason: str, reason_en: str, source: str,
                       idempotency_key: str) -> Any:
    from plugins.points.service import award

    return await award(ctx, member_id, points, reason, reason_en, source, idempotency_key)


@hookimpl
async def points_deduct(ctx: Context, member_id: int, points: int, reason: str, reason_en: str, source: str,
                        idempotency_key: str) -> Any:
    from plugins.points.service import deduct

    return await deduct(ctx, member_id, points, reason, reason_en, source, idempotency_key)


@hookimpl
async def daily_tick(ctx: Context, day: dt.date) -> None:
    from plugins.points.reminders import send_reminders

    await send_reminders(ctx, day)
