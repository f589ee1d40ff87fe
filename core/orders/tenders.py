"""Tenders: how each way of paying moves value in the ledger, when paying and when refunding.

The kernel knows cash (with change), external payments (a card terminal or a QR payment, with
its reference) and stored value (principal and bonus, split by the tenant's policy). Other
kinds belong to plugins through the ``tender_payment`` and ``tender_refund`` hooks.
"""

from __future__ import annotations

from typing import Any

from core.context import Context
from core.errors import InvalidInput, UnknownTender
from core.ledger import accounts
from core.ledger.schemas import Leg, credit, debit
from core.ledger.stored_value import StoredValueBalance, split_payment, stored_value
from core.orders import schemas as s

KERNEL_TENDERS = ("cash", "external", "stored_value")
TENDER_NAMES: dict[str, tuple[str, str]] = {
    "cash": ("现金", "Cash"),
    "external": ("刷卡/扫码", "Card / QR"),
    "stored_value": ("储值", "Stored value"),
    "points": ("积分", "Points"),
    "card_sessions": ("次卡", "Punch card"),
}
"""What each tender is called wherever people read it: the till, the order, refunds, receipts (zh, en)."""


HANDED_BACK = frozenset({"cash", "external"})
"""Tenders a refund returns through the cashier: cash from the drawer, a card or QR payment on the
terminal it was paid on. Every other tender (stored value, points, card sessions) is back in the
member's account once the refund's entry is posted: nothing to hand over."""


def tender_name(kind: str, locale: str = "zh_CN") -> str:
    """The tender's name in ``locale``; a kind nobody named reads as itself."""
    zh, en = TENDER_NAMES.get(kind, (kind, kind))
    return zh if locale.startswith("zh") else en


async def payment_legs(
    ctx: Context, order: s.Order, tender: s.TenderIn, held: dict[int, StoredValueBalance],
) -> tuple[list[Leg], dict[str, Any]]:
    """The debits that take ``tender`` and what to remember about it (the split, the change)."""
    if tender.kind != "cash" and tender.tendered_fen is not None:
        raise InvalidInput(field="tendered_fen", zh="只有现金需要填写实收金额", en="Only cash has a tendered amount")
    if tender.kind == "cash":
        given = tender.tendered_fen or tender.amount_fen
        if given < tender.amount_fen:
            raise InvalidInput(field="tendered_fen", zh="实收现金少于应收", en="Cash tendered is less than the amount")
        return [debit(accounts.store(order.store_id, "cash"), tender.amount_fen)], {"change_fen": given - tender.amount_fen}
    if tender.kind == "external":
        if not tender.reference:
            raise InvalidInput(field="reference", zh="外部支付需填写交易参考号", en="An external tender needs its reference")
        return [debit(accounts.store(order.store_id, "external"), tender.amount_fen)], {}
    if tender.kind == "stored_value":
        if order.member_id is None:
            raise InvalidInput(field="member_id", zh="储值支付需要会员", en="Stored value needs a member on the order")
        if order.member_id not in held:
            held[order.member_id] = await stored_value(ctx, order.member_id)
        balance = held[order.member_id]
        policy = ctx.tenant.settings.get("stored_value_split", "proportional")
        principal, bonus = split_payment(balance, tender.amount_fen, policy)
        held[order.member_id] = StoredValueBalance(balance.principal_fen - principal, balance.bonus_fen - bonus)
        legs = []
        if principal:
            legs.append(debit(accounts.member(order.member_id, "stored_value_principal"), principal))
        if bonus:
            legs.append(debit(accounts.member(order.member_id, "stored_value_bonus"), bonus))
        return legs, {"principal_fen": principal, "bonus_fen": bonus}
    legs = await ctx.hooks.tender_payment(ctx=ctx, order=order, tender=tender)
    if legs is None:
        raise UnknownTender(kind=tender.kind)
    return list(legs), {}


async def refund_legs(ctx: Context, order: s.Order, tender: s.Tender, amount_fen: int) -> tuple[list[Leg], dict[str, Any]]:
    """The credits that give ``amount_fen`` of ``tender`` back."""
    if tender.kind in ("cash", "external"):
        return [credit(accounts.store(order.store_id, tender.kind), amount_fen)], {}
    if tender.kind == "stored_value":
        if order.member_id is None:  # paying refused this already: stored value needs a member
            raise InvalidInput(field="member_id", zh="储值支付需要会员", en="Stored value needs a member on the order")
        # Back in the proportion it was taken; the last refund takes exactly what is left of each.
        taken_p, taken_b = tender.details.get("principal_fen", 0), tender.details.get("bonus_fen", 0)
        back_p, back_b = tender.details.get("refunded_principal_fen", 0), tender.details.get("refunded_bonus_fen", 0)
        left = tender.amount_fen - tender.refunded_fen
        if amount_fen == left:
            principal = taken_p - back_p
        else:
            proportional = min(taken_p - back_p, amount_fen * taken_p // tender.amount_fen)
            principal = max(amount_fen - (taken_b - back_b), proportional)  # never more bonus than is left
        bonus = amount_fen - principal
        legs = []
        if principal:
            legs.append(credit(accounts.member(order.member_id, "stored_value_principal"), principal))
        if bonus:
            legs.append(credit(accounts.member(order.member_id, "stored_value_bonus"), bonus))
        return legs, {"refunded_principal_fen": back_p + principal, "refunded_bonus_fen": back_b + bonus}
    legs = await ctx.hooks.tender_refund(ctx=ctx, order=order, tender=tender, amount_fen=amount_fen)
    if legs is None:
        raise UnknownTender(kind=tender.kind)
    return list(legs), {}
