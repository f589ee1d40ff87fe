"""The tenant's stores (门店) and staff as a plugin reads them.

All take the Context first and see only its tenant's.
"""

from __future__ import annotations

from core.context import Context
from core.tenancy.schemas import StaffOut, StoreOut


async def find_store(ctx: Context, store_id: int) -> StoreOut:
    """A store (门店) of the context's tenant, or ``NotFound``; checks no permission."""
    from core.tenancy.service import get_store

    return await get_store(ctx, store_id)


async def list_stores(ctx: Context) -> list[StoreOut]:
    """Every store of the tenant, oldest first (the first is the one it was created with, 总店)."""
    from core.tenancy.service import list_stores as _list_stores

    return await _list_stores(ctx)


async def find_staff(ctx: Context, staff_id: int) -> StaffOut:
    """A staff account of the context's tenant, or ``NotFound``. Needs ``staff.read``; an actor
    limited to some stores is refused (403) a staff account that works in none of them."""
    from core.tenancy.service import get_staff

    return await get_staff(ctx, staff_id)


async def list_staff(ctx: Context) -> list[StaffOut]:
    """Every staff account of the tenant, by name: what a form offers to pick one from. Needs ``staff.read``."""
    from core.tenancy.service import list_all_staff

    return await list_all_staff(ctx)


__all__ = ["find_staff", "find_store", "list_staff", "list_stores"]
