"""The catalog (商品) as a plugin reads and keeps it: items by id, SKU or kind, the categories, and
a card product's writes (a plugin's console page defining its cards).

All take the Context first and see only its tenant's catalog; the reads check no permission, the
writes ``catalog.write``, as the REST API does.
"""

from __future__ import annotations

from core.catalog.schemas import CategoryOut, ItemCreate, ItemOut, ItemUpdate
from core.context import Context


async def get_item(ctx: Context, item_id: int) -> ItemOut:
    """A catalog item of the context's tenant (with its card terms), or ``NotFound``."""
    from core.catalog.service import get_item as _get_item

    return await _get_item(ctx, item_id)


async def find_item_by_sku(ctx: Context, sku: str) -> ItemOut:
    """The catalog item with this SKU (商品编码), active or not, or ``NotFound`` naming the SKU."""
    from core.catalog.service import find_by_sku

    return await find_by_sku(ctx, sku)


async def get_category(ctx: Context, category_id: int) -> CategoryOut:
    """A catalog category (分类) of the context's tenant, or ``NotFound``."""
    from core.catalog.service import get_category as _get_category

    return await _get_category(ctx, category_id)


async def list_categories(ctx: Context) -> list[CategoryOut]:
    """Every category (分类) of the tenant, in the order the merchant sorted them."""
    from core.catalog.service import list_categories as _list_categories

    return await _list_categories(ctx)


async def list_items(ctx: Context, *, kind: str | None = None, active: bool | None = True,
                     limit: int = 200) -> list[ItemOut]:
    """Up to ``limit`` (at most 200) items, newest first: of one ``kind`` (``goods``, ``service``, ``card``)
    when given; active ones only unless ``active`` is None (any) or False (deactivated)."""
    from core.catalog.service import list_items as _list_items

    return (await _list_items(ctx, kind=kind, active=active, limit=limit)).items


async def create_item(ctx: Context, data: ItemCreate) -> ItemOut:
    """Add an item, as ``POST /items`` does (same checks: unique SKU, card terms on card items only,
    a card's scope naming this tenant's items and categories); needs ``catalog.write``."""
    from core.catalog.service import create_item as _create_item

    return await _create_item(ctx, data)


async def update_item(ctx: Context, item_id: int, data: ItemUpdate) -> ItemOut:
    """Change the fields set in ``data``, as ``PATCH /items/{id}`` does; needs ``catalog.write``. Order
    lines already written, and cards already issued, keep what they were sold as."""
    from core.catalog.service import update_item as _update_item

    return await _update_item(ctx, item_id, data)


__all__ = ["create_item", "find_item_by_sku", "get_category", "get_item", "list_categories", "list_items", "update_item"]
