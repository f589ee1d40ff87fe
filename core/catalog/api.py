"""REST: the catalog — categories, items (goods, services, card products), barcodes, store availability."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, delete, get, patch, post, put
from msgspec import Meta

from core.catalog import schemas as s
from core.catalog import service
from core.http.pagination import DEFAULT_LIMIT, Limit, Page, page_of
from core.http.params import Ctx, Cursor, FromPath, FromQuery, JSONBody, PageLimit

Search = Annotated[str, Meta(max_length=100)]


class CategoryController(Controller):
    path = "/categories"
    tags = ["catalog"]

    @get("/", opt={"permission": "catalog.read"}, operation_id="listCategories")
    async def list_categories(self, ctx: Ctx,
                              cursor: Cursor = None, limit: PageLimit = DEFAULT_LIMIT) -> Page[s.CategoryOut]:
        """商品分类: every category of the tenant (商品分类), by sort order."""
        return page_of(await service.list_categories(ctx), cursor, limit)

    @post("/", opt={"permission": "catalog.write"}, operation_id="createCategory")
    async def create_category(self, ctx: Ctx, data: JSONBody[s.CategoryCreate]) -> s.CategoryOut:
        """添加分类: add a category, optionally below a parent category."""
        return await service.create_category(ctx, data)

    @get("/{category_id:int}", opt={"permission": "catalog.read"}, operation_id="getCategory")
    async def get_category(self, ctx: Ctx, category_id: FromPath[int]) -> s.CategoryOut:
        """分类详情: one category."""
        return await service.get_category(ctx, category_id)

    @patch("/{category_id:int}", opt={"permission": "catalog.write"}, operation_id="updateCategory")
    async def update_category(
        self, ctx: Ctx, category_id: FromPath[int], data: JSONBody[s.CategoryUpdate]
    ) -> s.CategoryOut:
        """修改分类: rename, move or re-sort a category."""
        return await service.update_category(ctx, category_id, data)

    @delete("/{category_id:int}", opt={"permission": "catalog.write"}, operation_id="deleteCategory")
    async def delete_category(self, ctx: Ctx, category_id: FromPath[int]) -> None:
        """删除分类: delete a category that holds no items and no sub-categories."""
        await service.delete_category(ctx, category_id)


class ItemController(Controller):
    path = "/items"
    tags = ["catalog"]

    @get("/", opt={"permission": "catalog.read"}, operation_id="listItems")
    async def list_items(
        self,
        ctx: Ctx,
        q: FromQuery[Search | None] = None,
        category_id: FromQuery[int | None] = None,
        kind: FromQuery[s.ItemKind | None] = None,
        active: FromQuery[bool | None] = None,
        store_id: FromQuery[int | None] = None,
        cursor: FromQuery[str | None] = None,
        limit: FromQuery[Limit] = DEFAULT_LIMIT,
    ) -> Page[s.ItemOut]:
        """商品列表: items newest first: search name, SKU or barcode (q), filter by category (with its
        sub-categories), kind, active, or the store that sells them; pass next_cursor for more."""
        return await service.list_items(
            ctx, q=q, category_id=category_id, kind=kind, active=active, store_id=store_id,
            cursor=cursor, limit=limit,
        )

    @post("/", opt={"permission": "catalog.write"}, operation_id="createItem")
    async def create_item(self, ctx: Ctx, data: JSONBody[s.ItemCreate]) -> s.ItemOut:
        """添加商品: add goods, a service or a card product (次卡/时卡/储值卡, with its terms) at a price in fen."""
        return await service.create_item(ctx, data)

    @get("/by-barcode/{barcode:str}", opt={"permission": "catalog.read"}, operation_id="getItemByBarcode")
    async def get_item_by_barcode(self, ctx: Ctx, barcode: FromPath[str]) -> s.ItemOut:
        """扫码: the item with exactly this barcode."""
        return await service.find_by_barcode(ctx, barcode)

    @get("/{item_id:int}", opt={"permission": "catalog.read"}, operation_id="getItem")
    async def get_item(self, ctx: Ctx, item_id: FromPath[int]) -> s.ItemOut:
        """商品详情: one item with its category and the stores that sell it."""
        return await service.get_item(ctx, item_id)

    @patch("/{item_id:int}", opt={"permission": "catalog.write"}, operation_id="updateItem")
    async def update_item(self, ctx: Ctx, item_id: FromPath[int], data: JSONBody[s.ItemUpdate]) -> s.ItemOut:
        """修改商品: change an item's SKU, barcode, name, price, category, unit, card terms or active flag."""
        return await service.update_item(ctx, item_id, data)

    @delete("/{item_id:int}", opt={"permission": "catalog.write"}, operation_id="deactivateItem", status_code=200)
    async def deactivate_item(self, ctx: Ctx, item_id: FromPath[int]) -> s.ItemOut:
        """下架: take an item off sale. It is kept, not deleted, because orders reference it."""
        return await service.deactivate_item(ctx, item_id)

    @put("/{item_id:int}/stores", opt={"permission": "catalog.write"}, operation_id="setItemStores")
    async def set_item_stores(self, ctx: Ctx, item_id: FromPath[int], data: JSONBody[s.ItemStoresSet]) -> s.ItemOut:
        """销售门店: set which stores sell the item: stores marked available limit it to them, unavailable ones hide
        it there; an empty list sells it everywhere."""
        return await service.set_item_stores(ctx, item_id, data)


ROUTES = [CategoryController, ItemController]
