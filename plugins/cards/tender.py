"""Card sessions as a tender (次卡抵扣) at checkout: pay a service line with sessions of a card.

A tender ``{"kind": "card_sessions", "amount_fen": <the line's price>, "reference": "<card id>"}``
takes one session (``"<card id>:<n>"`` takes n). Only the order's member's cards pay, and only for the
lines in the card's scope (适用范围, see ``scope.py``) — services unless the merchant lets sessions pay
for goods: a card that covers none of the order's lines is refused, and a card pays at most what
the lines it covers come to (with several card tenders on one order, any of them together at most
what the lines they cover between them come to). The ledger sees:

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
from typing import Any

from plugins.cards.errors import (
    CardDoesNotCover,
    CardPaysCoveredLinesOnly,
    NoSessionsLeft,
    SessionsPayServicesOnly,
    WrongCardType,
)
from plugins.cards.scope import lines_in_scope, payable_lines, scope_names, scope_of
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
from sdk import Context, InvalidInput, Leg, Line, NotFound, Order, Tender, TenderIn, balance, credit, debit, yuan_text

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
    await check_covered(ctx, order, card, tender.amount_fen, (await settings(ctx)).sessions_pay_goods)
    left = await balance(ctx, sessions_account(card_id))
    if left < sessions:  # the ledger's guard still decides under a race; this names the card
        raise NoSessionsLeft(card_id=card_id, needed=sessions, available=left)
    value = card["unit_value_fen"] * sessions
    await record_use(ctx, card, "tender", sessions=sessions, value_fen=value, method="order", order_id=order.id)
    return [debit(sessions_account(card_id), sessions), credit(USED, sessions),
            *_money_legs(tender.amount_fen, value, card_id, paying=True)]


def _names(lines: list[Line]) -> tuple[str, str]:
    return "、".join(line.name for line in lines), ", ".join(line.name for line in lines)


async def check_covered(ctx: Context, order: Order, card: dict[str, Any], amount_fen: int, pay_goods: bool) -> None:
    """Refuse a card asked to pay for lines it does not cover (the rule in the module's docstring).

    The order's card tenders already taken are in ``order.tenders``; every group of them with this
    one must fit the lines they cover between them, so two tenders of a group-class card cannot
    pay a group class twice over, nor spill onto the personal training beside it.
    """
    in_scope = await lines_in_scope(ctx, scope_of(card), order.lines)
    if not in_scope:
        scope_zh, scope_en = await scope_names(ctx, card)
        items, items_en = _names(order.lines)
        raise CardDoesNotCover(card=card["name"], items=items, items_en=items_en, scope=scope_zh, scope_en=scope_en)
    mine = {line.id: line for line in await payable_lines(ctx, card, order, pay_goods)}
    earlier = [(await payable_lines(ctx, await load_card(ctx, parse_reference(t.reference)[0]), order, pay_goods),
                t.amount_fen) for t in order.tenders if t.kind == KIND]
    for group in range(1 << len(earlier)):
        lines, taken = dict(mine), 0
        for i, (covered, amount) in enumerate(earlier):
            if group >> i & 1:
                lines.update((line.id, line) for line in covered)
                taken += amount
        if amount_fen + taken <= sum(line.net_fen for line in lines.values()):
            continue
        own = sum(line.net_fen for line in mine.values())
        if not taken and len(mine) < len(in_scope) and not pay_goods:  # goods in scope that sessions may not pay
            raise SessionsPayServicesOnly(services_fen=own, services_yuan=yuan_text(own))
        items, items_en = _names(list(mine.values()) or in_scope)
        raise CardPaysCoveredLinesOnly(
            card=card["name"], items=items, items_en=items_en, covered_yuan=yuan_text(own),
            amount_yuan=yuan_text(amount_fen), taken_yuan=yuan_text(taken),
            others=f"（本单其他次卡已抵扣 {yuan_text(taken)} 元）" if taken else "",
            others_en=f" (other cards on this order pay ¥{yuan_text(taken)})" if taken else "")


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
