"""Catalog tables: categories, items (goods, services, card products) and per-store availability.

Prices are integer fen (``BigInt``), never float. Items are deactivated, never deleted: order
lines keep their id.
"""

from piccolo.columns import BigInt, BigSerial, Boolean, ForeignKey, Integer, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from core.tenancy.tables import Store, Tenant


class Category(Table, tablename="category"):
    id = BigSerial(primary_key=True)
    tenant_id = ForeignKey(Tenant, null=False, on_delete=OnDelete.restrict, index=True)
    code = Varchar(length=40)
    name = Varchar(length=100)
    name_en = Varchar(length=100, default="")
    # A sub-category (二级分类) of a category of the same tenant; the service checks the tenant.
    parent_id: "ForeignKey[Category]" = ForeignKey("self", null=True, default=None, on_delete=OnDelete.restrict)
    sort = Integer(default=0)
    created_at = Timestamptz()


class Item(Table, tablename="item"):
    id = BigSerial(primary_key=True)
    tenant_id = ForeignKey(Tenant, null=False, on_delete=OnDelete.restrict, index=True)
    sku = Varchar(length=64)
    barcode = Varchar(length=64, null=True, default=None)
    name = Varchar(length=100)
    kind = Varchar(length=16)  # goods (商品), service (服务), card (卡项: 次卡/时卡/储值卡)
    price_fen = BigInt()
    category_id = ForeignKey(Category, null=True, default=None, on_delete=OnDelete.restrict)
    unit = Varchar(length=16, default="件")
    active = Boolean(default=True)
    card_json = Text(default="")  # a card product's terms; '' for goods and services
    description = Text(default="")
    created_at = Timestamptz()
    updated_at = Timestamptz()


class ItemStore(Table, tablename="item_store"):
    """One store's word on one item. An item without rows is sold in every store."""

    id = BigSerial(primary_key=True)
    tenant_id = ForeignKey(Tenant, null=False, on_delete=OnDelete.restrict, index=True)
    item_id = ForeignKey(Item, null=False, on_delete=OnDelete.restrict, index=True)
    store_id = ForeignKey(Store, null=False, on_delete=OnDelete.restrict)
    available = Boolean(default=True)

