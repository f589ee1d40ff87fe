"""The cards plugin's tables: the cards members hold and every use of them (the member's file).

A card's sessions and unused value live in the ledger (accounts owned by the card); these rows
say what the card is, when it is valid and where it came from.
"""

from piccolo.columns import BigInt, BigSerial, Date, ForeignKey, Integer, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from sdk import TenantTable


class Card(Table, tablename="cards_card"):
    """One card a member holds (次卡/时卡/年卡), issued by one unit of a paid order line."""

    id = BigSerial(primary_key=True)
    tenant_id = ForeignKey(TenantTable, null=False, on_delete=OnDelete.restrict, index=True)
    member_id = BigInt(index=True)
    item_id = BigInt()
    name = Varchar(length=100)
    card_type = Varchar(length=16)  # "sessions" (次卡) or "time" (时卡/年卡)
    sessions_granted = Integer(default=0)  # 0 for a time card
    price_fen = BigInt(default=0)  # what this card was paid (its share of the order line)
    unit_value_fen = BigInt(default=0)  # deferred value of one session: price // sessions
    refunded_fen = BigInt(default=0)
    status = Varchar(length=16, default="active")  # active, expired, refunded
    valid_from = Timestamptz()
    valid_until = Timestamptz(null=True, default=None)  # None: never expires
    store_id = BigInt(null=True, default=None)
    order_id = BigInt(index=True)
    order_line_id = BigInt()
    created_at = Timestamptz()
    # The item's scope (适用范围) the day the card was issued, as {"item_ids": [...], "category_ids": [...]};
    # '' covers everything, as every card issued before scopes existed does.
    scope_json = Text(default="")


class CardUse(Table, tablename="cards_use"):
    """One use of a card (核销): a session deducted, a time-card check-in, or sessions paid as a tender.

    ``sessions`` is signed: a use takes sessions (+), a refunded tender gives them back (−).
    ``day_key`` holds the store-local day of a time-card check-in while one check-in per day is the
    rule; a unique index on (tenant, card, day_key) makes a second one that day impossible.
    """

    id = BigSerial(primary_key=True)
    tenant_id = ForeignKey(TenantTable, null=False, on_delete=OnDelete.restrict, index=True)
    card_id = ForeignKey(Card, null=False, on_delete=OnDelete.restrict, index=True)
    member_id = BigInt(index=True)
    kind = Varchar(length=16)  # session, check_in, tender, tender_refund
    sessions = Integer(default=0)
    value_fen = BigInt(default=0)  # deferred value recognised by this use
    method = Varchar(length=8, default="desk")  # desk, code (a scanned member code), order
    store_id = BigInt(null=True, default=None)
    staff_id = BigInt(null=True, default=None)
    order_id = BigInt(null=True, default=None)
    entry_id = BigInt(null=True, default=None)
    local_day = Date()
    day_key = Varchar(length=16, null=True, default=None)
    used_at = Timestamptz()
    undone_at = Timestamptz(null=True, default=None)
    undone_by = BigInt(null=True, default=None)
    undo_entry_id = BigInt(null=True, default=None)
