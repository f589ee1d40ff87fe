"""The rules of the catalog: categories, items (goods, services, card products) and where they sell.

Availability per store: an item with no ``item_store`` rows sells in every store. Otherwise a
store's own row decides; a store without a row sells the item only if no row says
``available`` — so listing stores as available limits the item to them (限定门店), while rows
saying unavailable only hide it there (某店停售).
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any

import msgspec
from piccolo.columns.combination import WhereRaw

from core import db, scoped
from core.catalog import schemas as s
from core.catalog.tables import Category, Item, ItemStore
from core.context import Context
from core.errors import Conflict, InvalidInput, NotFound
from core.http.pagination import DEFAULT_LIMIT, Page, check_limit, decode_cursor, next_cursor
from core.tenancy.service import check_store_ids
from core.tenancy.tables import Store


@contextlib.asynccontextmanager
async def _writing() -> AsyncIterator[None]:
    """A write transaction; a unique key broken by a writer that raced past our checks is a
    Conflict naming its field, as the checks would have said."""
    try:
        async with db.transaction():
            yield
    except Exception as exc:
        if not db.is_unique_violation(exc):
            raise
        text = f"{exc} {getattr(exc, 'constraint_name', '') or ''}"
        field = next((f for f in ("barcode", "sku", "code") if f in text), None)
        raise (Conflict(field=field) if field else Conflict()) from exc


def _set_values(data: msgspec.Struct) -> dict[str, Any]:
    return {k: v for k, v in msgspec.structs.asdict(data).items() if v is not msgspec.UNSET}


# --- categories -----------------------------------------------------------------------------


async def list_categories(ctx: Context) -> list[s.CategoryOut]:
    rows = await scoped.select(ctx, Category).order_by(Category.sort).order_by(Category.id)
    return msgspec.convert(rows, list[s.CategoryOut])


async def get_category(ctx: Context, category_id: int) -> s.CategoryOut:
    return msgspec.convert(await scoped.get(ctx, Category, category_id, "category"), s.CategoryOut)


async def _check_parent(ctx: Context, category_id: int | None, parent_id: int | None) -> None:
    """The parent must be the tenant's, and a category may not sit below itself."""
    if parent_id is None:
        return
    parents = {r["id"]: r["parent_id"] for r in await scoped.select(ctx, Category, Category.id, Category.parent_id)}
    if parent_id not in parents:
        raise NotFound(resource="category", id=parent_id)
    seen: set[int] = set()
    current: int | None = parent_id
    while current is not None and current not in seen:
        if current == category_id:
            raise InvalidInput(field="parent_id", zh="分类不能挂在自己或下级分类之下",
                               en="A category cannot sit below itself or one of its sub-categories")
        seen.add(current)
        current = parents.get(current)


async def create_category(ctx: Context, data: s.CategoryCreate) -> s.CategoryOut:
    ctx.require("catalog.write")
    async with _writing():
        await _check_parent(ctx, None, data.parent_id)
        if await Category.exists().where((Category.tenant_id == ctx.tenant_id) & (Category.code == data.code)):
            raise Conflict(zh=f"分类编号 {data.code} 已存在", en=f"Category code {data.code} exists", field="code")
        row = await scoped.insert(ctx, Category, **msgspec.structs.asdict(data), created_at=ctx.now())
    return msgspec.convert(row, s.CategoryOut)


async def update_category(ctx: Context, category_id: int, data: s.CategoryUpdate) -> s.CategoryOut:
    ctx.require("catalog.write")
    values = _set_values(data)
    async with db.transaction():
        await scoped.get(ctx, Category, category_id, "category")
        if "parent_id" in values:
            await _check_parent(ctx, category_id, values["parent_id"])
        if values:
            await scoped.update(ctx, Category, values).where(Category.id == category_id)
    return await get_category(ctx, category_id)


async def delete_category(ctx: Context, category_id: int) -> None:
    """Remove an unused category; one that still holds items or sub-categories is refused."""
    ctx.require("catalog.write")
    async with db.transaction():
        row = await scoped.get(ctx, Category, category_id, "category")
        if await scoped.select(ctx, Item, Item.id).where(Item.category_id == category_id).first():
            raise Conflict(zh=f"分类 {row['name']} 下还有商品，不能删除",
                           en=f"Category {row['code']} still holds items", field="category_id")
        if await scoped.select(ctx, Category, Category.id).where(Category.parent_id == category_id).first():
            raise Conflict(zh=f"分类 {row['name']} 下还有子分类，不能删除",
                           en=f"Category {row['code']} still has sub-categories", field="category_id")
        await scoped.delete(ctx, Category).where(Category.id == category_id)


async def _with_descendants(ctx: Context, category_id: int) -> list[int]:
    """A category and every category below it: filtering by 饮品 also finds 茶饮."""
    await scoped.get(ctx, Category, category_id, "category")
    children: dict[int, list[int]] = {}
    for r in await scoped.select(ctx, Category, Category.id, Category.parent_id):
        if r["parent_id"] is not None:
            children.setdefault(r["parent_id"], []).append(r["id"])
    found, todo = [], [category_id]
    while todo:
        current = todo.pop()
        if current not in found:
            found.append(current)
            todo.extend(children.get(current, []))
    return found


# --- items: rules ---------------------------------------------------------------------------


def _check_card(kind: str, card: s.CardTerms | None) -> None:
    """A card product states its terms; goods and services carry none."""
    if kind != "card":
        if card is not None:
            raise InvalidInput(field="card", zh="只有卡项可以设置卡的条款", en="Only card items carry card terms")
        return
    if card is None:
        raise InvalidInput(field="card", zh="卡项需要设置卡的条款", en="A card item needs its card terms")
    if card.card_type == "sessions" and card.sessions is None:
        raise InvalidInput(field="card.sessions", zh="次卡需要设置次数", en="A sessions card needs a number of sessions")
    if card.card_type == "time" and card.valid_days is None:
        raise InvalidInput(field="card.valid_days", zh="时卡需要设置有效天数", en="A time card needs its valid days")
    if card.card_type != "sessions" and card.sessions is not None:
        raise InvalidInput(field="card.sessions", zh="只有次卡可以设置次数", en="Only a sessions card counts sessions")
    if card.card_type != "sessions" and (card.covers_item_ids or card.covers_category_ids):
        raise InvalidInput(field="card.covers_item_ids", zh="只有次卡可以设置适用范围",
                           en="Only a sessions card has a scope of items and categories")


async def _check_scope(ctx: Context, card: s.CardTerms | None) -> None:
    """A card's scope names items and categories of this tenant; another tenant's id reads as not found."""
    if card is None:
        return
    for item_id in card.covers_item_ids:
        await scoped.get(ctx, Item, item_id, "item")
    for category_id in card.covers_category_ids:
        await scoped.get(ctx, Category, category_id, "category")


def _card_json(card: s.CardTerms | None) -> str:
    return msgspec.json.encode(card).decode() if card is not None else ""


def _card(text: str) -> s.CardTerms | None:
    return msgspec.json.decode(text, type=s.CardTerms) if text else None


async def _check_unique(ctx: Context, item_id: int | None, sku: str | None, barcode: str | None) -> None:
    same_tenant = Item.tenant_id == ctx.tenant_id
    others = Item.id != item_id if item_id is not None else Item.id.is_not_null()
    if sku is not None and await Item.exists().where(same_tenant & others & (Item.sku == sku)):
        raise Conflict(zh=f"货号 {sku} 已存在", en=f"SKU {sku} exists", field="sku")
    if barcode is not None and await Item.exists().where(same_tenant & others & (Item.barcode == barcode)):
        raise Conflict(zh=f"条码 {barcode} 已被其他商品使用", en=f"Barcode {barcode} is used by another item",
                       field="barcode")


def sells_in(rows: dict[int, bool], store_id: int) -> bool:
    """Whether an item sells in a store, given its rows as {store_id: available}."""
    if store_id in rows:
        return rows[store_id]
    return not any(rows.values())


async def _items_out(ctx: Context, rows: list[dict[str, Any]]) -> list[s.ItemOut]:
    if not rows:
        return []
    item_ids = [r["id"] for r in rows]
    category_ids = sorted({r["category_id"] for r in rows if r["category_id"] is not None})
    categories = {}
    if category_ids:
        found = await scoped.select(ctx, Category, Category.id, Category.name).where(Category.id.is_in(category_ids))
        categories = {c["id"]: s.CategoryRef(id=c["id"], name=c["name"]) for c in found}
    stores = await scoped.select(ctx, Store, Store.id, Store.name).order_by(Store.id)
    availability: dict[int, dict[int, bool]] = {}
    for r in await scoped.select(ctx, ItemStore).where(ItemStore.item_id.is_in(item_ids)):
        availability.setdefault(r["item_id"], {})[r["store_id"]] = r["available"]
    return [
        s.ItemOut(
            id=r["id"], sku=r["sku"], barcode=r["barcode"], name=r["name"], kind=r["kind"],
            price_fen=r["price_fen"], category=categories.get(r["category_id"]), unit=r["unit"],
            active=r["active"], card=_card(r["card_json"]), description=r["description"],
            stores=[
                s.StoreAvailability(store_id=st["id"], store_name=st["name"],
                                    available=sells_in(availability.get(r["id"], {}), st["id"]))
                for st in stores
            ],
            created_at=r["created_at"], updated_at=r["updated_at"],
        )
        for r in rows
    ]


# --- items: reads ---------------------------------------------------------------------------


async def get_item(ctx: Context, item_id: int) -> s.ItemOut:
    return (await _items_out(ctx, [await scoped.get(ctx, Item, item_id, "item")]))[0]


async def find_by_barcode(ctx: Context, barcode: str) -> s.ItemOut:
    """The item a scanner read (扫码), by its exact barcode — active or not, so the till can say why."""
    row = await scoped.select(ctx, Item).where(Item.barcode == barcode).first()
    if row is None:
        raise NotFound(resource="item", zh=f"未找到条码为 {barcode} 的商品", en=f"No item with barcode {barcode}")
    return (await _items_out(ctx, [row]))[0]


async def find_by_sku(ctx: Context, sku: str) -> s.ItemOut:
    """The item with this SKU (商品编码), active or not."""
    row = await scoped.select(ctx, Item).where(Item.sku == sku).first()
    if row is None:
        raise NotFound(resource="item", zh=f"未找到编码为 {sku} 的商品", en=f"No item with SKU {sku}")
    return (await _items_out(ctx, [row]))[0]


def _contains(text: str) -> WhereRaw:
    r"""Name, SKU or barcode contains ``text``: LIKE with ``%`` and ``_`` taken literally."""
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    pattern = f"%{escaped}%"
    return WhereRaw(
        "(lower(item.name) LIKE {} ESCAPE '\\' OR lower(item.sku) LIKE {} ESCAPE '\\'"
        " OR lower(coalesce(item.barcode, '')) LIKE {} ESCAPE '\\')",
        pattern, pattern, pattern,
    )


async def _sold_in(ctx: Context, store_id: int) -> Any:
    """A condition on ``Item``: it sells in ``store_id`` (the rule of ``sells_in``, in SQL)."""
    await scoped.get(ctx, Store, store_id, "store")

    def rows(*where: Any) -> Any:
        return scoped.select(ctx, ItemStore, ItemStore.item_id).where(*where)

    available_here = rows(ItemStore.store_id == store_id, ItemStore.available == True)  # noqa: E712
    any_row_here = rows(ItemStore.store_id == store_id)
    limited = rows(ItemStore.available == True)  # noqa: E712
    return Item.id.is_in(available_here) | (Item.id.not_in(any_row_here) & Item.id.not_in(limited))


async def list_items(
    ctx: Context,
    *,
    q: str | None = None,
    category_id: int | None = None,
    kind: str | None = None,
    active: bool | None = None,
    store_id: int | None = None,
    cursor: str | None = None,
    limit: int = DEFAULT_LIMIT,
) -> Page[s.ItemOut]:
    """Items newest first, filtered; ``store_id`` keeps those the store sells."""
    check_limit(limit)
    query = scoped.select(ctx, Item).order_by(Item.id, ascending=False).limit(limit + 1)
    before_id = decode_cursor(cursor)
    if before_id is not None:
        query = query.where(Item.id < before_id)
    if q:
        query = query.where(_contains(q))
    if category_id is not None:
        query = query.where(Item.category_id.is_in(await _with_descendants(ctx, category_id)))
    if kind is not None:
        query = query.where(Item.kind == kind)
    if active is not None:
        query = query.where(Item.active == active)
    if store_id is not None:
        query = query.where(await _sold_in(ctx, store_id))
    rows = await query
    return Page(items=await _items_out(ctx, rows[:limit]), next_cursor=next_cursor(rows, limit))


# --- items: writes --------------------------------------------------------------------------


async def create_item(ctx: Context, data: s.ItemCreate) -> s.ItemOut:
    ctx.require("catalog.write")
    _check_card(data.kind, data.card)
    async with _writing():
        if data.category_id is not None:
            await scoped.get(ctx, Category, data.category_id, "category")
        await _check_scope(ctx, data.card)
        await _check_unique(ctx, None, data.sku, data.barcode)
        now = ctx.now()
        row = await scoped.insert(
            ctx, Item, sku=data.sku, barcode=data.barcode, name=data.name, kind=data.kind,
            price_fen=data.price_fen, category_id=data.category_id, unit=data.unit, active=True,
            card_json=_card_json(data.card), description=data.description, created_at=now, updated_at=now,
        )
    return await get_item(ctx, row["id"])


async def update_item(ctx: Context, item_id: int, data: s.ItemUpdate) -> s.ItemOut:
    """Change an item; order lines already written keep the name and price they were sold at."""
    ctx.require("catalog.write")
    values = _set_values(data)
    async with _writing():
        current = await scoped.get(ctx, Item, item_id, "item")
        if "kind" in values or "card" in values:
            card = values.pop("card") if "card" in values else _card(current["card_json"])
            _check_card(values.get("kind", current["kind"]), card)
            await _check_scope(ctx, card)
            values["card_json"] = _card_json(card)
        if values.get("category_id") is not None:
            await scoped.get(ctx, Category, values["category_id"], "category")
        await _check_unique(ctx, item_id, values.get("sku"), values.get("barcode"))
        values["updated_at"] = ctx.now()
        await scoped.update(ctx, Item, values).where(Item.id == item_id)
    return await get_item(ctx, item_id)


async def deactivate_item(ctx: Context, item_id: int) -> s.ItemOut:
    """下架: the item leaves sale but stays, because orders reference it."""
    return await update_item(ctx, item_id, s.ItemUpdate(active=False))


async def set_item_stores(ctx: Context, item_id: int, data: s.ItemStoresSet) -> s.ItemOut:
    """Replace where the item sells (see the module docstring for the rule)."""
    ctx.require("catalog.write")
    store_ids = [a.store_id for a in data.stores]
    if len(set(store_ids)) != len(store_ids):
        raise InvalidInput(field="stores", zh="门店重复", en="A store is listed twice")
    async with db.transaction():
        await scoped.get(ctx, Item, item_id, "item")
        await check_store_ids(ctx, store_ids)
        await scoped.delete(ctx, ItemStore).where(ItemStore.item_id == item_id)
        if data.stores:
            await ItemStore.insert(*[
                ItemStore(tenant_id=ctx.tenant_id, item_id=item_id, store_id=a.store_id, available=a.available)
                for a in data.stores
            ])
        await scoped.update(ctx, Item, {Item.updated_at: ctx.now()}).where(Item.id == item_id)
    return await get_item(ctx, item_id)
