"""Card sessions as a tender (次卡抵扣) at checkout: pay a service line with sessions of a card.

A tender ``{"kind": "card_sessions", "amount_fen": <the line's price>, "reference": "<card id>"}``
takes one session (``"<card id>:<n>"`` takes n). Only the order's member's cards pay, and only for
services unless the merchant lets sessions pay for goods. The ledger sees:

* the sessions leave the card (SESSION: card → ``sessions_used``);
* the sessions' deferred value is earned (``card_value`` debited by ``unit_value_fen × n``); the
  kernel credits revenue with the tender's amount, and any difference between that amount and the
  value is a card discount (``marketing_expense``) when the service is dearer, or more revenue
  when it is cheaper.

A refund of such a tender returns the sessions in proportion to the amount refunded (rounded to
the nearest session; a full refund returns all of them) and reverses the same legs.
"""

from __future__ import annotations

import re

from plugins.cards.errors import NoSessionsLeft, SessionsPayServicesOnly, WrongCardType
from plugins.cards.service import (
    MARKETING,
    REVENUE,
    TYPE_ZH,
    USED,
    check_usable,
    load_card,
    record_use,
    sessions_account,
    settings,
    value_account,
)
from sdk import Context, InvalidInput, Leg, NotFound, Order, Tender, TenderIn, balance, credit, debit

KIND = "card_sessions"
REFERENCE = re.compile(r"^(\d{1,18})(?::(\d{1,3}))?$")


def parse_reference(reference: str) -> tuple[int, int]:
    match = REFERENCE.match(reference.strip())
    if match is None or (match.group(2) is not None and int(match.group(2)) < 1):
        raise InvalidInput(field="reference", zh="次卡支付的参考号应为「卡号」或「卡号:次数」",
                           en="A card_sessions tender's reference is '<card id>' or '<card id>:<sessions>'")
    return int(match.group(1)), int(match.group(2) or 1)


def _money_legs(amount: int, value: int, card_id: int, paying: bool) -> list[Leg]:
    """The CNY side: the card's value, and the difference to the tender's amount."""
    legs = []
    diff = amount - value
    if paying:
        legs += [debit(value_account(card_id), value)] if value else []
        legs += [debit(MARKETING, diff)] if diff > 0 else [credit(REVENUE, -diff)] if diff < 0 else []
    else:
        legs += [credit(value_account(card_id), value)] if value else []
        legs += [credit(MARKETING, diff)] if diff > 0 else [debit(REVENUE, -diff)] if diff < 0 else []
    return legs


async def pay(ctx: Context, order: Order, tender: TenderIn) -> list[Leg] | None:
    """``tender_payment``: the legs that take ``n`` sessions of the card for ``tender.amount_fen``."""
    if tender.kind != KIND:
        return None
    card_id, sessions = parse_reference(tender.reference)
    if order.member_id is None:
        raise NotFound(resource="card", id=card_id)
    card = await load_card(ctx, card_id, order.member_id)  # another member's card reads as not found
    check_usable(ctx, card)
    if card["card_type"] != "sessions":
        raise WrongCardType(card_id=card_id, card_type=card["card_type"], card_type_zh=TYPE_ZH.get(card["card_type"], ""),
                            action="pay with sessions", action_zh="抵扣次数")
    if not (await settings(ctx)).sessions_pay_goods:
        services = sum(line.net_fen for line in order.lines if line.kind == "service")
        if tender.amount_fen > services:
            raise SessionsPayServicesOnly(services_fen=services)
    left = await balance(ctx, sessions_account(card_id))
    if left < sessions:  # the ledger's guard still decides under a race; this names the card
        raise NoSessionsLeft(card_id=card_id, needed=sessions, available=left)
    value = card["unit_value_fen"] * sessions
    await record_use(ctx, card, "tender", sessions=sessions, value_fen=value, method="order", order_id=order.id)
    return [debit(sessions_account(card_id), sessions), credit(USED, sessions),
            *_money_legs(tender.amount_fen, value, card_id, paying=True)]


async def refund(ctx: Context, order: Order, tender: Tender, amount_fen: int) -> list[Leg] | None:
    """``tender_refund``: give back the sessions ``amount_fen`` of the tender stands for."""
    if tender.kind != KIND:
        return None
    card_id, sessions = parse_reference(tender.reference)
    card = await load_card(ctx, card_id)
    total = tender.amount_fen

    def returned(refunded: int) -> int:  # sessions given back once ``refunded`` fen are, to the nearest
        return (2 * sessions * refunded + total) // (2 * total)

    back = returned(tender.refunded_fen + amount_fen) - returned(tender.refunded_fen)
    value = card["unit_value_fen"] * back
    await record_use(ctx, card, "tender_refund", sessions=-back, value_fen=-value, method="order", order_id=order.id)
    legs = [credit(sessions_account(card_id), back, expires_at=card["valid_until"]), debit(USED, back)] if back else []
    return [*legs, *_money_legs(amount_fen, value, card_id, paying=False)]
