"""The stored_value plugin's tables: bonus rules, the bonuses granted, and each member's use of a rule."""

from piccolo.columns import BigInt, BigSerial, Boolean, Date, Integer, Timestamptz, Varchar
from piccolo.table import Table

from sdk.db import tenant_column


class BonusRule(Table, tablename="sv_bonus_rule"):
    """充值活动档位: top up at least ``min_amount_fen`` and get a fixed or percentage bonus."""

    id = BigSerial(primary_key=True)
    tenant_id = tenant_column()
    name = Varchar(length=40)
    min_amount_fen = BigInt()
    bonus_fen = BigInt(null=True, default=None)
    bonus_percent = Integer(null=True, default=None)
    max_bonus_fen = BigInt(null=True, default=None)
    starts_on = Date(null=True, default=None)  # store-local, included
    ends_on = Date(null=True, default=None)  # store-local, included
    per_member_limit = Integer(null=True, default=None)
    active = Boolean(default=True)
    created_at = Timestamptz()


class BonusGrant(Table, tablename="sv_bonus_grant"):
    """A bonus granted with one top-up (its ledger entry), marked refunded with the top-up."""

    id = BigSerial(primary_key=True)
    tenant_id = tenant_column()
    rule_id = BigInt(index=True)
    member_id = BigInt(index=True)
    top_up_entry_id = BigInt()
    amount_fen = BigInt()
    bonus_fen = BigInt()
    status = Varchar(length=20, default="granted")
    created_at = Timestamptz()


class BonusUsage(Table, tablename="sv_bonus_usage"):
    """How many times a member has had a rule: the guarded counter that holds the per-member limit."""

    id = BigSerial(primary_key=True)
    tenant_id = tenant_column()
    rule_id = BigInt()
    member_id = BigInt()
    used = Integer(default=0)
