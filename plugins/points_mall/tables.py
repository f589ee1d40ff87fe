"""The points mall's tables: rewards (with their guarded stock counter), exchanges (one order each,
with its fulfilment), and each member's count per reward (the guarded counter behind the limit)."""

from piccolo.columns import BigInt, BigSerial, Boolean, Date, Integer, Text, Timestamptz, Varchar
from piccolo.table import Table

from sdk.db import tenant_column


class Reward(Table, tablename="pm_reward"):
    """A reward (兑换商品): ``taken`` counts the exchanges holding stock; ``taken <= stock`` always."""

    id = BigSerial(primary_key=True)
    tenant_id = tenant_column()
    kind = Varchar(length=10)  # goods, coupon, service
    title = Varchar(length=40)
    title_en = Varchar(length=60, default="")
    image_url = Varchar(length=300, default="")
    item_id = BigInt()
    coupon_template_id = BigInt(null=True, default=None)
    points = Integer()
    cash_fen = BigInt(default=0)
    stock = Integer()
    taken = Integer(default=0)
    per_member_limit = Integer(null=True, default=None)
    valid_from = Date(null=True, default=None)
    valid_until = Date(null=True, default=None)
    active = Boolean(default=True)
    store_ids_json = Text(default="[]")
    methods_json = Text(default="[]")
    created_at = Timestamptz()


class Exchange(Table, tablename="pm_exchange"):
    """One exchange (兑换记录): the order that paid it and how it reaches the member.

    ``status``: pending (to collect or to ship), collected, shipped, delivered, issued (a coupon),
    refunded or cancelled. ``pickup_code`` is unique per tenant while pending. ``exchange_key``
    (the member page form's one-time key) is unique per member: a form posted twice exchanges once.
    """

    id = BigSerial(primary_key=True)
    tenant_id = tenant_column()
    reward_id = BigInt(index=True)
    member_id = BigInt(index=True)
    order_id = BigInt()
    store_id = BigInt()
    points = Integer()
    cash_fen = BigInt(default=0)
    method = Varchar(length=10)  # pickup, delivery, coupon
    status = Varchar(length=10)
    pickup_code = Varchar(length=12, null=True, default=None)
    coupon_code = Varchar(length=32, default="")
    recipient = Varchar(length=40, default="")
    phone = Varchar(length=20, default="")
    address = Varchar(length=200, default="")
    carrier = Varchar(length=40, default="")
    tracking_no = Varchar(length=60, default="")
    exchange_key = Varchar(length=64, null=True, default=None)
    created_at = Timestamptz()
    collected_at = Timestamptz(null=True, default=None)
    collected_store_id = BigInt(null=True, default=None)
    shipped_at = Timestamptz(null=True, default=None)
    delivered_at = Timestamptz(null=True, default=None)
    closed_at = Timestamptz(null=True, default=None)


class MemberCount(Table, tablename="pm_member_count"):
    """How many of a reward a member holds (refunds give back); ``taken <= per_member_limit``."""

    id = BigSerial(primary_key=True)
    tenant_id = tenant_column()
    reward_id = BigInt()
    member_id = BigInt()
    taken = Integer(default=0)
