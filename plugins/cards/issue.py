"""A card's life with its order: refused without a member, issued when paid, taken back when refunded,
lapsed when its window closes.

Refund rule (退卡): the money side is the kernel's refund; this plugin takes the card's side. A card
gives back at most its unused part: refunding a 10-session card after 3 uses can return at most
the value of the 7 sessions left (``unit_value_fen × 7``); a larger refund is refused and nothing
is posted. A refund of ``R`` fen removes ``ceil(R / unit_value_fen)`` sessions (all that are left
when ``R`` is the whole unused value), so the member never keeps sessions they were paid back
for; the value those sessions carried moves back to revenue, which the kernel's refund debits.
A card whose sessions are all refunded, or whose whole price is, is marked ``refunded``. A time
card has no sessions: a refund is recorded on it and cancels it once its whole price is refunded.
An amount refund (not by lines) is spread over the order's lines by their amount, and a card
line's share over its cards by what is left of their price.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from plugins.cards.errors import CardLineNeedsMember, CardRefundTooLarge
from plugins.cards.scope import scope_json
from plugins.cards.service import (
    EXPIRED_VALUE,
    ISSUED,
    REVENUE,
    local_midnight,
    sessions_account,
    value_account,
)
from plugins.cards.tables import Card
from sdk import CardTerms, Context, Line, Order, Refund, allocate, balance, credit, debit, get_item, post_entry
from sdk.db import insert, select, update


def split_evenly(amount: int, parts: int) -> list[int]:
    """``amount`` in ``parts`` that differ by at most one fen, the larger ones first."""
    base, extra = divmod(amount, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def check_member(order: Order) -> None:
    """``order_validated``: a card is issued to somebody, so a card line needs the order's member."""
    if order.member_id is None:
        for line in order.lines:
            if line.kind == "card":
                raise CardLineNeedsMember(name=line.name)


# --- issue (order_paid) -------------------------------------------------------------------------


async def issue_cards(ctx: Context, order: Order) -> list[dict[str, Any]]:
    """One card per unit of every paid card line, its sessions and deferred value posted in the ledger."""
    card_lines = [line for line in order.lines if line.kind == "card"]
    if not card_lines:
        return []
    check_member(order)
    issued = []
    for line in card_lines:
        terms = (await get_item(ctx, line.item_id)).card
        if terms is None or terms.card_type not in ("sessions", "time"):
            continue  # a stored-value card (储值卡) belongs to the stored-value side, not here
        for price in split_evenly(line.net_fen, line.quantity):
            issued.append(await _issue_one(ctx, order, line, terms, price))
    return issued


async def _issue_one(ctx: Context, order: Order, line: Line, terms: CardTerms, price: int) -> dict[str, Any]:
    valid_until = None
    if terms.valid_days is not None:
        # Valid through the store-local day valid_days − 1 after today: a 30-day card bought on the
        # 15th still works all day on the 13th of next month.
        valid_until = local_midnight(ctx, ctx.local_today() + dt.timedelta(days=terms.valid_days))
    granted = (terms.sessions or 0) if terms.card_type == "sessions" else 0
    unit_value = price // granted if granted else 0
    card = await insert(
        ctx, Card, member_id=order.member_id, item_id=line.item_id, name=line.name, card_type=terms.card_type,
        sessions_granted=granted, price_fen=price, unit_value_fen=unit_value, refunded_fen=0, status="active",
        valid_from=ctx.now(), valid_until=valid_until, store_id=order.store_id, order_id=order.id,
        order_line_id=line.id, created_at=ctx.now(), scope_json=scope_json(terms),  # the scope as sold
    )
    if granted:
        legs = [credit(sessions_account(card["id"]), granted, expires_at=valid_until), debit(ISSUED, granted)]
        if unit_value:
            # The sessions' value is not earned yet: from revenue into the card's deferred value.
            legs += [debit(REVENUE, unit_value * granted), credit(value_account(card["id"]), unit_value * granted)]
        await post_entry(ctx, "card_issue", legs, ref_type="order", ref_id=order.id,
                         memo=f"开卡 {line.name} / card issued", idempotency_key=f"cards:issue:{card['id']}")
    return card


# --- refund (order_refunded) --------------------------------------------------------------------


async def refund_cards(ctx: Context, order: Order, refund: Refund) -> None:
    cards = await select(ctx, Card).where(Card.order_id == order.id).order_by(Card.id)
    live = [c for c in cards if c["status"] != "refunded"]
    if not live:
        return
    for card, amount in _shares(order, refund, live):
        if amount:
            await _refund_one(ctx, card, amount)


def _shares(order: Order, refund: Refund, cards: list[dict[str, Any]]) -> list[tuple[dict[str, Any], int]]:
    """How much of ``refund`` each card takes back (see the module's rule)."""
    shares: list[tuple[dict[str, Any], int]] = []
    if refund.lines:
        for pick in refund.lines:
            # The line's cards with the most price left go first: they are the unused ones.
            of_line = sorted((c for c in cards if c["order_line_id"] == pick["line_id"]),
                             key=lambda c: (-(c["price_fen"] - c["refunded_fen"]), c["id"]))[: pick["quantity"]]
            if of_line:
                shares += zip(of_line, split_evenly(pick["amount_fen"], len(of_line)), strict=True)
        return shares
    line_shares = allocate(refund.amount_fen, [line.net_fen for line in order.lines])
    for line, line_share in zip(order.lines, line_shares, strict=True):
        of_line = [c for c in cards if c["order_line_id"] == line.id]
        if of_line and line_share:
            shares += zip(of_line, allocate(line_share, [c["price_fen"] - c["refunded_fen"] for c in of_line]), strict=True)
    return shares


async def _refund_one(ctx: Context, card: dict[str, Any], amount: int) -> None:
    refunded = card["refunded_fen"] + amount
    status = "refunded" if refunded >= card["price_fen"] else card["status"]
    if card["card_type"] == "sessions":
        left = await balance(ctx, sessions_account(card["id"]))
        unused = await balance(ctx, value_account(card["id"]))
        if amount > unused:
            raise CardRefundTooLarge(card_id=card["id"], unused_fen=unused, amount_fen=amount)
        unit = card["unit_value_fen"]
        removed = left if amount == unused else min(left, -(-amount // unit))
        value = min(unused, unit * removed)
        legs = [debit(sessions_account(card["id"]), removed), credit(ISSUED, removed)] if removed else []
        if value:
            legs += [debit(value_account(card["id"]), value), credit(REVENUE, value)]
        if legs:
            await post_entry(ctx, "card_refund", legs, ref_type="card", ref_id=card["id"],
                             memo=f"退卡 {card['name']} {removed} 次 / {removed} sessions refunded")
        if removed == left:
            status = "refunded"
    await update(ctx, Card, {Card.refunded_fen: Card.refunded_fen + amount, Card.status: status}).where(
        Card.id == card["id"])


# --- expiry (daily_tick) ------------------------------------------------------------------------


async def expire_cards(ctx: Context) -> list[int]:
    """Mark cards past their window expired and lapse their unused value; the kernel lapses the sessions.

    Idempotent: a card is claimed by its status change, and its value lapse has an idempotency key.
    """
    due = await select(ctx, Card, Card.id, Card.card_type).where(
        (Card.status == "active") & Card.valid_until.is_not_null() & (Card.valid_until <= ctx.now()))
    expired = []
    for card in due:
        claimed = await update(ctx, Card, {Card.status: "expired"}).where(
            (Card.id == card["id"]) & (Card.status == "active")).returning(Card.id)
        if not claimed:
            continue
        expired.append(card["id"])
        unused = await balance(ctx, value_account(card["id"]))
        if unused:
            await post_entry(ctx, "card_expiry", [debit(value_account(card["id"]), unused), credit(EXPIRED_VALUE, unused)],
                             ref_type="card", ref_id=card["id"], memo="卡过期 / card expired",
                             idempotency_key=f"cards:expire:{card['id']}")
    return expired
