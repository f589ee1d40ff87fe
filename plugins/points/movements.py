"""Every movement of a member's points this plugin posts itself: earning, taking, clawing back.

The ledger's accounts:

* ``member:<id>:points`` — what the member holds, in lots with the policy's ``expires_at``;
* ``tenant:points_issued`` — where earned points come from (debited when points are earned,
  credited when earned points are clawed back);
* ``tenant:points_redeemed`` — where points paid as a tender go (see ``tender.py``);
* ``member:<id>:points_owed`` — points a refund clawed back that the member had already spent
  (欠扣积分). The rule: a claw-back takes what the member holds and books the rest as owed;
  the next earnings pay the debt off before anything is credited. So an earning entry is
  "debit ``points_issued`` by what was earned; credit ``points_owed`` by what repays the debt;
  credit the member's points by the rest", which also keeps an entry (and its statement line)
  when the whole earning went to the debt.

Each entry carries a memo "中文 / English" that the statement prints and an idempotency key
unique to its cause; after it ``points_changed`` tells the other plugins (``levels``).
"""

from __future__ import annotations

import datetime as dt

from plugins.points import lots
from plugins.points.policy import expires_at, settings
from sdk import (
    Context,
    EntryOut,
    Purpose,
    accounts,
    balance,
    credit,
    debit,
    post_entry,
    register_purpose,
)

POINTS_REDEEMED = register_purpose(
    Purpose("points_redeemed", "POINT", "credit", True, False, "已抵现积分", "Points redeemed"))
POINTS_OWED = register_purpose(
    Purpose("points_owed", "POINT", "debit", False, False, "欠扣积分", "Points owed"))

ISSUED = accounts.tenant("points_issued")
REDEEMED = accounts.tenant("points_redeemed")


def held(member_id: int):
    return accounts.member(member_id, "points")


def owed(member_id: int):
    return accounts.member(member_id, "points_owed")


def memo(zh: str, en: str) -> str:
    return f"{zh} / {en}" if en else zh


async def earn(
    ctx: Context, member_id: int, points: int, *, zh: str, en: str, key: str, ref_type: str = "",
    ref_id: str | int = "", earned_on: dt.date | None = None, owed_now: int | None = None,
) -> EntryOut:
    """Credit earned ``points`` with the policy's expiry, paying off what the member owes first
    (``owed_now``: that debt, when the caller read it in its own statement; read here otherwise)."""
    debt = min(points, await balance(ctx, owed(member_id)) if owed_now is None else owed_now)
    credited = points - debt
    lapse = expires_at(ctx, await settings(ctx), earned_on or ctx.local_today())
    legs = [debit(ISSUED, points)]
    if debt:  # the owed balance's guard refuses paying off more than is owed, even under a race
        legs.append(credit(owed(member_id), debt))
        zh, en = f"{zh}（抵扣欠积分 {debt}）", f"{en} ({debt} paid what was owed)" if en else en
    if credited:
        legs.append(credit(held(member_id), credited, expires_at=lapse))
    entry = await post_entry(ctx, "points_earned", legs, ref_type=ref_type, ref_id=ref_id, memo=memo(zh, en),
                             idempotency_key=key)
    if not entry.replayed:
        if credited:
            await ctx.hooks.points_changed(ctx=ctx, member_id=member_id, points=credited, kind="earned", entry=entry)
    return entry


async def take(
    ctx: Context, member_id: int, points: int, *, kind: str, zh: str, en: str, key: str, ref_type: str = "",
    ref_id: str | int = "",
) -> EntryOut:
    """Take ``points`` the member holds back to ``points_issued`` (earliest expiry first).

    ``kind`` is what ``points_changed`` reports: ``spent`` (another plugin's deduction) or
    ``clawed_back``. ``InsufficientBalance`` (409) when the member holds fewer.
    """
    entry = await post_entry(ctx, f"points_{kind}", [debit(held(member_id), points), credit(ISSUED, points)],
                             ref_type=ref_type, ref_id=ref_id, memo=memo(zh, en), idempotency_key=key)
    if not entry.replayed:
        await ctx.hooks.points_changed(ctx=ctx, member_id=member_id, points=-points, kind=kind, entry=entry)
    return entry


async def claw_back(
    ctx: Context, member_id: int, points: int, *, zh: str, en: str, key: str, ref_type: str, ref_id: str | int,
) -> int:
    """Take back earned ``points``: what the member holds now, the rest booked as owed.

    Returns the points taken from the member's balance (the rest is owed).
    """
    taken = min(points, await lots.live_total(ctx, member_id))
    short = points - taken
    legs = [credit(ISSUED, points)]
    if taken:
        legs.append(debit(held(member_id), taken))
    if short:
        legs.append(debit(owed(member_id), short))
        zh, en = f"{zh}（已用 {short} 记为欠扣）", f"{en} ({short} already spent, owed)"
    entry = await post_entry(ctx, "points_clawed_back", legs, ref_type=ref_type, ref_id=ref_id, memo=memo(zh, en),
                             idempotency_key=key)
    if not entry.replayed and taken:
        await ctx.hooks.points_changed(ctx=ctx, member_id=member_id, points=-taken, kind="clawed_back", entry=entry)
    return taken
