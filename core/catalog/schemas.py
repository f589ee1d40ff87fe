"""Requests and responses of the catalog: categories, items and their per-store availability."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

import msgspec
from msgspec import Meta

from core.tenancy.schemas import Code, Forbid, Name

PriceFen = Annotated[int, Meta(ge=0, le=100_000_000_00, description="price in fen (分); 0 for a free item")]
Sku = Annotated[str, Meta(pattern=r"^[A-Za-z0-9._-]{1,64}$", description="the merchant's item code (货号)")]
Barcode = Annotated[str, Meta(pattern=r"^[A-Za-z0-9._-]{1,64}$", description="EAN-13, UPC or the shop's own code")]
Unit = Annotated[str, Meta(min_length=1, max_length=16)]
Description = Annotated[str, Meta(max_length=2000)]
Sort = Annotated[int, Meta(ge=-1_000_000, le=1_000_000)]
ItemKind = Literal["goods", "service", "card"]
CardType = Literal["sessions", "time", "stored"]


ScopeIds = Annotated[list[int], Meta(max_length=200)]


class CardTerms(Forbid):
    """What a card product (卡项) grants: 次卡 counts sessions, 时卡/年卡 runs for days, 储值卡 holds value.

    A sessions card's scope (适用范围) says what its sessions pay for at checkout: the items in
    ``covers_item_ids`` and the items of the categories in ``covers_category_ids`` (sub-categories
    included). Both empty: anything, as every card made before scopes existed; a card issued keeps
    the scope its item had that day.
    """

    card_type: CardType
    sessions: Annotated[int, Meta(ge=1, le=10_000)] | None = None
    valid_days: Annotated[int, Meta(ge=1, le=3_660)] | None = None
    covers_item_ids: Annotated[ScopeIds, Meta(description="items one session pays for (适用项目)")] = []
    covers_category_ids: Annotated[ScopeIds, Meta(
        description="categories whose items (sub-categories included) one session pays for (适用分类)")] = []


# --- categories -----------------------------------------------------------------------------


class CategoryCreate(Forbid):
    code: Code
    name: Name
    name_en: Annotated[str, Meta(max_length=100)] = ""
    parent_id: int | None = None
    sort: Sort = 0


class CategoryUpdate(Forbid):
    name: Name | msgspec.UnsetType = msgspec.UNSET
    name_en: Annotated[str, Meta(max_length=100)] | msgspec.UnsetType = msgspec.UNSET
    parent_id: int | None | msgspec.UnsetType = msgspec.UNSET
    sort: Sort | msgspec.UnsetType = msgspec.UNSET


class CategoryOut(msgspec.Struct):
    id: int
    code: str
    name: str
    name_en: str
    parent_id: int | None
    sort: int
    created_at: dt.datetime


# --- items ----------------------------------------------------------------------------------


class ItemCreate(Forbid):
    sku: Sku
    name: Name
    kind: ItemKind
    price_fen: PriceFen
    barcode: Barcode | None = None
    category_id: int | None = None
    unit: Unit = "件"
    card: CardTerms | None = None  # required when kind is "card", refused otherwise
    description: Description = ""


class ItemUpdate(Forbid):
    sku: Sku | msgspec.UnsetType = msgspec.UNSET
    name: Name | msgspec.UnsetType = msgspec.UNSET
    kind: ItemKind | msgspec.UnsetType = msgspec.UNSET
    price_fen: PriceFen | msgspec.UnsetType = msgspec.UNSET
    barcode: Barcode | None | msgspec.UnsetType = msgspec.UNSET
    category_id: int | None | msgspec.UnsetType = msgspec.UNSET
    unit: Unit | msgspec.UnsetType = msgspec.UNSET
    card: CardTerms | None | msgspec.UnsetType = msgspec.UNSET
    description: Description | msgspec.UnsetType = msgspec.UNSET
    active: bool | msgspec.UnsetType = msgspec.UNSET


class StoreAvailabilityIn(Forbid):
    store_id: int
    available: bool


class ItemStoresSet(Forbid):
    """The item's whole availability, replacing what was set before; an empty list sells it everywhere."""

    stores: Annotated[list[StoreAvailabilityIn], Meta(max_length=1000)]


class CategoryRef(msgspec.Struct):
    id: int
    name: str


class StoreAvailability(msgspec.Struct):
    store_id: int
    store_name: str
    available: bool


class ItemOut(msgspec.Struct):
    id: int
    sku: str
    barcode: str | None
    name: str
    kind: ItemKind
    price_fen: int
    category: CategoryRef | None
    unit: str
    active: bool
    card: CardTerms | None
    description: str
    stores: list[StoreAvailability]  # every store of the tenant, and whether it sells the item
    created_at: dt.datetime
    updated_at: dt.datetime
