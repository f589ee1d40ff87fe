"""Plugins' marks on members: which plugins hold something for a member (a referral binding).

An order carries its member's marks (``Order.member_marked_by``: read when it is opened or its
member set, again when it is paid), so a plugin whose order hooks matter only for the members it
marked declares them ``@marked_members`` and the kernel passes over every other member's orders
without a call. Marks are only ever added: a plugin that lets go of a member keeps its mark and
finds nothing to do.
"""

from __future__ import annotations

from core import db
from core.context import Context
from core.scoped import name_added


async def mark_member(ctx: Context, member_id: int, plugin: str) -> bool:
    """Add ``plugin`` to the member's ``marked_by`` unless it is there (one statement: two plugins
    marking at once both stay). True when the member is marked now (False: no such member)."""
    added, values = name_added("marked_by", plugin)
    rows = await db.fetch(f"UPDATE member SET {added} WHERE tenant_id = {{}} AND id = {{}} RETURNING id",
                          *values, ctx.tenant_id, member_id)
    return bool(rows)
