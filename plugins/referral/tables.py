"""The referral plugin's tables: promoters with their cached commission balances (kept in step
with the ledger by guarded updates), bindings (one per member: first touch), per-item or
per-category commission rules, commissions per order and level, and payouts."""

from piccolo.columns import BigInt, BigSerial, Integer, Text, Timestamptz, Varchar
from piccolo.table import Table

from sdk.db import tenant_column


class Promoter(Table, tablename="rf_promoter"):
    """推广员: a member, a staff member or a partner business; ``code`` is its share code."""

    id = BigSerial(primary_key=True)
    tenant_id = tenant_column()
    kind = Varchar(length=10)
    member_id = BigInt(null=True, default=None)
    staff_id = BigInt(null=True, default=None)
    name = Varchar(length=60)
    code = Varchar(length=16)
    status = Varchar(length=10, default="pending")
    pending_fen = BigInt(default=0)
    available_fen = BigInt(default=0)
    paid_fen = BigInt(default=0)
    created_at = Timestamptz()
    approved_at = Timestamptz(null=True, default=None)
    approved_by = Varchar(length=60, default="")


class Binding(Table, tablename="rf_binding"):
    """A member bound to the promoter who brought them; unique per member, never replaced."""

    id = BigSerial(primary_key=True)
    tenant_id = tenant_column()
    member_id = BigInt()
    promoter_id = BigInt()
    source = Varchar(length=10)
    bound_by = Varchar(length=60, default="")
    bound_at = Timestamptz()


class CommissionRule(Table, tablename="rf_rule"):
    id = BigSerial(primary_key=True)
    tenant_id = tenant_column()
    scope = Varchar(length=10)
    target_id = BigInt()
    mode = Varchar(length=10)
    level1 = BigInt(default=0)
    level2 = BigInt(default=0)
    created_at = Timestamptz()


class Commission(Table, tablename="rf_commission"):
    """What one promoter earns on one order at one level; ``lines_json`` keeps each line's part,
    so a refund of some lines reverses what those lines earned."""

    id = BigSerial(primary_key=True)
    tenant_id = tenant_column()
    promoter_id = BigInt()
    order_id = BigInt()
    order_number = Varchar(length=40, default="")
    member_id = BigInt()
    level = Integer()
    base_fen = BigInt()
    amount_fen = BigInt()
    reversed_fen = BigInt(default=0)
    status = Varchar(length=10, default="pending")
    lines_json = Text(default="{}")
    matures_at = Timestamptz()
    matured_at = Timestamptz(null=True, default=None)
    created_at = Timestamptz()


class Payout(Table, tablename="rf_payout"):
    id = BigSerial(primary_key=True)
    tenant_id = tenant_column()
    promoter_id = BigInt()
    amount_fen = BigInt()
    method = Varchar(length=20)
    store_id = BigInt(null=True, default=None)
    reference = Varchar(length=100, default="")
    note = Varchar(length=200, default="")
    paid_by = Varchar(length=60, default="")
    entry_id = BigInt(null=True, default=None)
    request_key = Varchar(length=120, null=True, default=None)  # a console form's key: a double click pays once
    created_at = Timestamptz()
