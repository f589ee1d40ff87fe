"""The catalog (商品) as a plugin reads it: an item by id or SKU, a category.

All take the Context first, see only its tenant's catalog and check no permission.
"""

from __future__ import annotations

from core.catalog.schemas import CategoryOut, ItemOut
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


__all__ = ["find_item_by_sku", "get_category", "get_item"]
