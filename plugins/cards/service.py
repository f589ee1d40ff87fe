"""What the cards plugin shares: its ledger accounts, loading and checking cards, and the reads.

Each card owns two ledger accounts, so one member's cards never mix:

* ``card:<id>:card_sessions`` (SESSION) — the sessions left, held as a lot that expires with the
  card (the kernel lapses expired lots into ``sessions_expired``);
* ``card:<id>:card_value`` (CNY) — the part of the price not yet earned (预收: a liability until
  the sessions are used). Each session is worth ``unit_value_fen = price // sessions``; the
  remainder of the division is revenue at sale, so the value left is always
  ``unit_value_fen × sessions left`` and every use moves a fixed amount, whatever the timing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from plugins.cards.errors import CardExpired, CardInactive
from plugins.cards.schemas import CardOut, CardsSettings, CardUseOut
from plugins.cards.scope import scope_of
from plugins.cards.tables import Card, CardUse
from sdk import (
    AccountRef,
    Context,
    Purpose,
    StatementLine,
    accounts,
    balance,
    load_member,
    plugin_settings,
    register_purpose,
    statement,
)
from sdk.db import get, insert, select

PLUGIN = "cards"

CARD_VALUE = register_purpose(Purpose("card_value", "CNY", "credit", False, False, "卡内未消费金额", "Card value not yet used"))
SESSIONS_USED = register_purpose(Purpose("sessions_used", "SESSION", "credit", True, False, "已核销次数", "Sessions used"))

ISSUED = accounts.tenant("sessions_issued")
USED = accounts.tenant("sessions_used")
REVENUE = accounts.tenant("revenue")
MARKETING = accounts.tenant("marketing_expense")
EXPIRED_VALUE = accounts.tenant("expired_value")

STATUS_ZH = {"active": "有效", "expired": "过期", "refunded": "退卡"}
TYPE_ZH = {"sessions": "次卡", "time": "时卡"}


def sessions_account(card_id: int) -> AccountRef:
    return AccountRef("card", card_id, "card_sessions")


def value_account(card_id: int) -> AccountRef:
    return AccountRef("card", card_id, "card_value")


async def settings(ctx: Context) -> CardsSettings:
    return await plugin_settings(ctx, PLUGIN, CardsSettings)


async def load_card(ctx: Context, card_id: int, member_id: int | None = None) -> dict[str, Any]:
    """A card of this tenant (and of ``member_id`` when given), or ``NotFound``."""
    where = [] if member_id is None else [Card.member_id == member_id]
    return await get(ctx, Card, card_id, "card", *where)


def status_of(ctx: Context, card: dict[str, Any]) -> str:
    """The status a merchant reads: an active card past its window is expired, even before the daily job."""
    if card["status"] == "active" and card["valid_until"] is not None and card["valid_until"] <= ctx.now():
        return "expired"
    return card["status"]


def check_usable(ctx: Context, card: dict[str, Any]) -> None:
    status = status_of(ctx, card)
    if status == "expired" or card["valid_from"] > ctx.now():
        raise CardExpired(card_id=card["id"])
    if status != "active":
        raise CardInactive(card_id=card["id"], status=status, status_zh=STATUS_ZH.get(status, status))


def local_midnight(ctx: Context, day: dt.date) -> dt.datetime:
    """The start of ``day`` in the tenant's time zone, in UTC."""
    return dt.datetime.combine(day, dt.time(), tzinfo=ctx.tenant.zone).astimezone(dt.UTC)


async def card_out(ctx: Context, card: dict[str, Any]) -> CardOut:
    left = await balance(ctx, sessions_account(card["id"])) if card["card_type"] == "sessions" else 0
    value = await balance(ctx, value_account(card["id"])) if card["card_type"] == "sessions" else 0
    scope = scope_of(card)
    return CardOut(
        id=card["id"], member_id=card["member_id"], item_id=card["item_id"], name=card["name"],
        card_type=card["card_type"], status=status_of(ctx, card), sessions_granted=card["sessions_granted"],
        sessions_left=left, value_left_fen=value, price_fen=card["price_fen"], refunded_fen=card["refunded_fen"],
        valid_from=card["valid_from"], valid_until=card["valid_until"], order_id=card["order_id"],
        created_at=card["created_at"], covers_item_ids=sorted(scope.item_ids),
        covers_category_ids=sorted(scope.category_ids),
    )


def use_out(row: dict[str, Any], sessions_left: int | None = None) -> CardUseOut:
    day = row["local_day"]
    return CardUseOut(
        id=row["id"], card_id=row["card_id"], member_id=row["member_id"], kind=row["kind"], sessions=row["sessions"],
        value_fen=row["value_fen"], method=row["method"], store_id=row["store_id"], staff_id=row["staff_id"],
        order_id=row["order_id"], entry_id=row["entry_id"],
        local_day=day if isinstance(day, dt.date) else dt.date.fromisoformat(str(day)),
        used_at=row["used_at"], undone_at=row["undone_at"], sessions_left=sessions_left,
    )


async def record_use(ctx: Context, card: dict[str, Any], kind: str, **values: Any) -> dict[str, Any]:
    """Write one line of the card's history, in the caller's transaction."""
    return await insert(
        ctx, CardUse, card_id=card["id"], member_id=card["member_id"], kind=kind,
        store_id=ctx.store_id, staff_id=ctx.actor.id if ctx.actor.kind == "staff" else None,
        local_day=ctx.local_today(), used_at=ctx.now(), **values,
    )


# --- reads --------------------------------------------------------------------------------------


async def member_cards(ctx: Context, member_id: int) -> list[CardOut]:
    """A member's cards, newest first, with sessions and value left and their validity."""
    await load_member(ctx, member_id)
    rows = await select(ctx, Card).where(Card.member_id == member_id).order_by(Card.id, ascending=False)
    return [await card_out(ctx, row) for row in rows]


async def get_card(ctx: Context, card_id: int) -> CardOut:
    return await card_out(ctx, await load_card(ctx, card_id))


async def card_uses(ctx: Context, card_id: int, before: int | None = None, limit: int = 50) -> list[CardUseOut]:
    """The card's history (核销记录), newest first; ``before`` is the last id of the previous page."""
    await load_card(ctx, card_id)
    query = select(ctx, CardUse).where(CardUse.card_id == card_id)
    if before is not None:
        query = query.where(CardUse.id < before)
    return [use_out(row) for row in await query.order_by(CardUse.id, ascending=False).limit(limit)]


async def card_statement(ctx: Context, card_id: int, before: int | None = None, limit: int = 50) -> list[StatementLine]:
    """The card's sessions statement (次数明细) from the ledger, newest first, with the running balance."""
    await load_card(ctx, card_id)
    return await statement(ctx, sessions_account(card_id), before_id=before, limit=limit)
