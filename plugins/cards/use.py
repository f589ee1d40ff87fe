"""核销 at the desk: the member shows the member code, the desk scans it, one session is deducted
(次卡) or a check-in recorded (时卡/年卡). A manager may undo a use on the day it was made.

The last session cannot be used twice: the deduction is a ledger entry, whose guarded update of
the card's sessions account refuses to go below zero, so of two desks racing for it one wins and
the other is told no sessions are left, with nothing written.
"""

from __future__ import annotations

from typing import Any, Literal

from plugins.cards.errors import (
    AlreadyCheckedInToday,
    CardAmbiguous,
    NoSessionsLeft,
    NoUsableCard,
    UseNotUndoable,
)
from plugins.cards.schemas import CardUseIn, CardUseOut
from plugins.cards.service import (
    REVENUE,
    USED,
    check_usable,
    load_card,
    record_use,
    sessions_account,
    settings,
    status_of,
    use_out,
    value_account,
)
from plugins.cards.tables import Card, CardUse
from sdk import (
    Context,
    InsufficientBalance,
    InvalidInput,
    balance,
    credit,
    debit,
    load_member,
    post_entry,
    record_visit,
    resolve_member_code,
)
from sdk.db import get, select, transaction, update


async def use_card(ctx: Context, data: CardUseIn) -> CardUseOut:
    """Deduct sessions from (or check in with) the member's card; the use goes in the member's file."""
    ctx.require("orders.write")
    if (data.member_code is None) == (data.member_id is None):
        raise InvalidInput(field="member_code", zh="请扫描会员码或填写会员编号（二选一）",
                           en="Give either a scanned member code or a member id")
    method: Literal["desk", "code"]
    async with transaction():
        if data.member_code is not None:
            member_id, method = (await resolve_member_code(ctx, data.member_code)).id, "code"
        else:
            member_id, method = (await load_member(ctx, data.member_id or 0)).id, "desk"
        card = await _pick(ctx, member_id, data.card_id, data.sessions)
        rules = await settings(ctx)
        if card["card_type"] == "sessions":
            use = await _deduct(ctx, card, data.sessions, method)
        else:
            use = await _check_in(ctx, card, method, rules.time_card_once_per_day)
        if rules.use_counts_visit:
            await record_visit(ctx, member_id, ctx.store_id, method)
        return use


async def _pick(ctx: Context, member_id: int, card_id: int | None, sessions: int) -> dict[str, Any]:
    """The card named, if it is the member's and usable; else the member's only usable card."""
    if card_id is not None:
        card = await load_card(ctx, card_id, member_id)
        check_usable(ctx, card)
        return card
    rows = await select(ctx, Card).where((Card.member_id == member_id) & (Card.status == "active"))
    usable = []
    for card in rows:
        if status_of(ctx, card) != "active" or card["valid_from"] > ctx.now():
            continue
        if card["card_type"] == "sessions" and await balance(ctx, sessions_account(card["id"])) < sessions:
            continue
        usable.append(card)
    if not usable:
        raise NoUsableCard()
    if len(usable) > 1:
        raise CardAmbiguous(card_ids=", ".join(str(c["id"]) for c in usable))
    return usable[0]


async def _deduct(ctx: Context, card: dict[str, Any], sessions: int, method: str) -> CardUseOut:
    value = card["unit_value_fen"] * sessions
    legs = [debit(sessions_account(card["id"]), sessions), credit(USED, sessions)]
    if value:
        # The sessions' share of the price is earned now: from the card's deferred value into revenue.
        legs += [debit(value_account(card["id"]), value), credit(REVENUE, value)]
    try:
        entry = await post_entry(ctx, "card_use", legs, ref_type="card", ref_id=card["id"],
                                 memo=f"{card['name']} 核销 {sessions} 次 / {sessions} used")
    except InsufficientBalance:
        left = await balance(ctx, sessions_account(card["id"]))
        raise NoSessionsLeft(card_id=card["id"], needed=sessions, available=left) from None
    left = next(p.balance_after for p in entry.postings if p.account_code == sessions_account(card["id"]).code)
    row = await record_use(ctx, card, "session", sessions=sessions, value_fen=value, method=method, entry_id=entry.id)
    return use_out(row, sessions_left=left)


async def _check_in(ctx: Context, card: dict[str, Any], method: str, once_per_day: bool) -> CardUseOut:
    # The unique (tenant, card, day_key) index decides: of two check-ins the same day, one is written.
    day_key = ctx.local_today().isoformat() if once_per_day else None
    rows = await CardUse.insert(CardUse(
        tenant_id=ctx.tenant_id, card_id=card["id"], member_id=card["member_id"], kind="check_in", sessions=0,
        value_fen=0, method=method, store_id=ctx.store_id, staff_id=ctx.actor.id if ctx.actor.kind == "staff" else None,
        local_day=ctx.local_today(), day_key=day_key, used_at=ctx.now(),
    )).on_conflict(action="DO NOTHING").returning(*CardUse.all_columns())
    if not rows:
        raise AlreadyCheckedInToday(card_id=card["id"])
    return use_out(rows[0])


async def undo_use(ctx: Context, use_id: int) -> CardUseOut:
    """撤销核销: a manager takes back a desk use made today; its sessions and value return to the card.

    Giving value back to a member's balance is a manager's, as a stored-value refund is.
    """
    ctx.require("stored_value.refund")
    async with transaction():
        use = await get(ctx, CardUse, use_id, "card use")
        ctx.require_store(use["store_id"])
        if use["kind"] not in ("session", "check_in"):
            raise UseNotUndoable(reason_zh="订单支付的次数请通过订单退款退回",
                                 reason="sessions paid on an order come back through the order's refund")
        if use_out(use).local_day != ctx.local_today():
            raise UseNotUndoable(reason_zh="只能撤销当天的核销", reason="only today's uses can be undone")
        claimed = await update(ctx, CardUse, {
            CardUse.undone_at: ctx.now(), CardUse.undone_by: ctx.actor.id, CardUse.day_key: None,
        }).where((CardUse.id == use_id) & CardUse.undone_at.is_null()).returning(CardUse.id)
        if not claimed:
            raise UseNotUndoable(reason_zh="已撤销过", reason="it was undone already")
        if use["kind"] == "session":
            card = await load_card(ctx, use["card_id"])
            n, value = use["sessions"], use["value_fen"]
            legs = [credit(sessions_account(card["id"]), n, expires_at=card["valid_until"]), debit(USED, n)]
            if value:
                legs += [credit(value_account(card["id"]), value), debit(REVENUE, value)]
            entry = await post_entry(ctx, "card_use_undo", legs, ref_type="card", ref_id=card["id"],
                                     memo=f"撤销核销 {n} 次 / use undone", idempotency_key=f"cards:undo:{use_id}")
            await update(ctx, CardUse, {CardUse.undo_entry_id: entry.id}).where(CardUse.id == use_id)
        return use_out(await get(ctx, CardUse, use_id, "card use"))
