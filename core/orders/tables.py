"""Order tables. Amounts are integer fen; a line's snapshot keeps what was sold at what price."""

from piccolo.columns import BigInt, BigSerial, Boolean, ForeignKey, Integer, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from core.tenancy.tables import Store, Tenant


class Order(Table, tablename="sales_order"):
    id = BigSerial(primary_key=True)
    tenant_id = ForeignKey(Tenant, null=False, on_delete=OnDelete.restrict, index=True)
    store_id = ForeignKey(Store, null=False, on_delete=OnDelete.restrict)
    number = Varchar(length=40)
    member_id = BigInt(null=True, default=None)
    staff_id = BigInt(null=True, default=None)
    channel = Varchar(length=16, default="in_store")
    status = Varchar(length=20, default="open")  # open, held, paid, completed, cancelled
    till = Varchar(length=40, default="")  # the till that holds a held order (挂单)
    held_by = BigInt(null=True, default=None)  # the staff member who held it, while it is held
    held_at = Timestamptz(null=True, default=None)  # when it was held, while it is held
    origin = Varchar(length=40, default="")  # the plugin that opened it (names are ≤ 40); "" at a till
    member_level = Varchar(length=40, null=True, default=None)  # the member's level when it was opened
    marked_by = Varchar(length=400, default="")  # plugins that put something on it, comma-separated
    member_marked_by = Varchar(length=400, default="")  # the member's marked_by when opened, again when paid
    subtotal_fen = BigInt(default=0)
    discount_fen = BigInt(default=0)
    total_fen = BigInt(default=0)
    paid_fen = BigInt(default=0)
    refunded_fen = BigInt(default=0)
    note = Text(default="")
    created_at = Timestamptz()
    paid_at = Timestamptz(null=True, default=None)
    closed_at = Timestamptz(null=True, default=None)


class OrderLine(Table, tablename="sales_order_line"):
    id = BigSerial(primary_key=True)
    tenant_id = ForeignKey(Tenant, null=False, on_delete=OnDelete.restrict, index=True)
    order_id = ForeignKey(Order, null=False, on_delete=OnDelete.restrict, index=True)
    item_id = BigInt()
    sku = Varchar(length=64)
    name = Varchar(length=100)
    kind = Varchar(length=16)
    category_id = BigInt(null=True, default=None)
    quantity = Integer()
    unit_price_fen = BigInt()
    amount_fen = BigInt()  # quantity × unit price, before adjustments
    discount_fen = BigInt(default=0)  # adjustments allocated to this line (order-level ones too)
    refunded_quantity = Integer(default=0)
    refunded_fen = BigInt(default=0)
    no_discount = Boolean(default=False)  # a plugin marked it: coupons and discounts skip it


class OrderAdjustment(Table, tablename="sales_order_adjustment"):
    """Why a fen was taken off: the plugin, the line (or none for the whole order), the reason."""

    id = BigSerial(primary_key=True)
    tenant_id = ForeignKey(Tenant, null=False, on_delete=OnDelete.restrict, index=True)
    order_id = ForeignKey(Order, null=False, on_delete=OnDelete.restrict, index=True)
    line_id = BigInt(null=True, default=None)
    source = Varchar(length=40)
    amount_fen = BigInt()
    reason = Varchar(length=200)
    reason_en = Varchar(length=200, default="")
    reference = Varchar(length=100, default="")


class OrderTender(Table, tablename="sales_order_tender"):
    id = BigSerial(primary_key=True)
    tenant_id = ForeignKey(Tenant, null=False, on_delete=OnDelete.restrict, index=True)
    order_id = ForeignKey(Order, null=False, on_delete=OnDelete.restrict, index=True)
    kind = Varchar(length=40)
    amount_fen = BigInt()
    tendered_fen = BigInt(default=0)  # cash handed over; the change is tendered − amount
    change_fen = BigInt(default=0)
    reference = Varchar(length=100, default="")
    refunded_fen = BigInt(default=0)
    details_json = Text(default="{}")  # e.g. the principal/bonus split of a stored-value payment


class OrderRefund(Table, tablename="sales_order_refund"):
    id = BigSerial(primary_key=True)
    tenant_id = ForeignKey(Tenant, null=False, on_delete=OnDelete.restrict, index=True)
    order_id = ForeignKey(Order, null=False, on_delete=OnDelete.restrict, index=True)
    amount_fen = BigInt()
    lines_json = Text(default="[]")
    tenders_json = Text(default="[]")
    reason = Varchar(length=200, default="")
    staff_id = BigInt(null=True, default=None)
    entry_id = BigInt()
    created_at = Timestamptz()
