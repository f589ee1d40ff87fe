"""The coupons plugin's tables: templates, issued coupons, their attachment to open orders, and
each member's count per template (the guarded counter behind the per-member limit)."""

from piccolo.columns import BigInt, BigSerial, Boolean, Date, Integer, Text, Timestamptz, Varchar
from piccolo.table import Table

from sdk.db import tenant_column


class CouponTemplate(Table, tablename="cp_template"):
    id = BigSerial(primary_key=True)
    tenant_id = tenant_column()
    name = Varchar(length=40)
    name_en = Varchar(length=60, default="")
    kind = Varchar(length=10)
    value_fen = BigInt(null=True, default=None)
    percent_off = Integer(null=True, default=None)
    max_off_fen = BigInt(null=True, default=None)
    min_spend_fen = BigInt(null=True, default=None)
    gift_item_id = BigInt(null=True, default=None)
    channel = Varchar(length=10, default="both")
    category_ids_json = Text(default="[]")
    store_ids_json = Text(default="[]")
    valid_from = Date(null=True, default=None)
    valid_until = Date(null=True, default=None)
    valid_days = Integer(null=True, default=None)
    stock = Integer(null=True, default=None)
    issued = Integer(default=0)
    per_member_limit = Integer(null=True, default=1)
    stackable = Boolean(default=False)
    claimable = Boolean(default=False)
    welcome = Boolean(default=False)
    birthday = Boolean(default=False)
    active = Boolean(default=True)
    created_at = Timestamptz()


class Coupon(Table, tablename="cp_coupon"):
    """One issued coupon; ``code`` is unguessable and unique; ``issue_key`` makes an issue once-only."""

    id = BigSerial(primary_key=True)
    tenant_id = tenant_column()
    template_id = BigInt()
    member_id = BigInt()
    code = Varchar(length=32)
    status = Varchar(length=10, default="available")
    source = Varchar(length=60)
    issue_key = Varchar(length=120, null=True, default=None)
    starts_at = Timestamptz()
    expires_at = Timestamptz()
    order_id = BigInt(null=True, default=None)
    discount_fen = BigInt(default=0)
    order_total_fen = BigInt(default=0)
    used_at = Timestamptz(null=True, default=None)
    created_at = Timestamptz()


class CouponAttachment(Table, tablename="cp_attachment"):
    """A coupon put on an open order (at a till or in the app); it is used when the order is paid."""

    id = BigSerial(primary_key=True)
    tenant_id = tenant_column()
    order_id = BigInt()
    coupon_id = BigInt()


class CouponCount(Table, tablename="cp_member_count"):
    id = BigSerial(primary_key=True)
    tenant_id = tenant_column()
    template_id = BigInt()
    member_id = BigInt()
    issued = Integer(default=0)
