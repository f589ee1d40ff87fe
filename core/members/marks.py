"""Plugins' marks on members: which plugins hold something for a member (a referral binding).

An order carries its member's marks (``Order.member_marked_by``: read when it is opened or its
member set, again when it is paid), so a plugin whose order hooks matter only for the members it
marked declares them ``@marked_members`` and the kernel passes over every other member's orders
without a call. Marks are only ever added: a plugin that lets go of a member keeps its mark and
finds nothing to do.
"""

from __future__ import annotations

from core.context import Context
from core.members.tables import Member


async def mark_member(ctx: Context, member_id: int, plugin: str) -> bool:
    """Add ``plugin`` to the member's ``marked_by`` unless it is there: one guarded statement, so two
    plugins marking at once both stay. True when the member is marked now (False: no such member).
    (A plugin name's only LIKE wildcard is ``_``.)"""
    rows = await Member.raw(
        "UPDATE member SET marked_by = CASE WHEN ',' || marked_by || ',' LIKE {} ESCAPE '\\' THEN marked_by"
        " WHEN marked_by = '' THEN {} ELSE marked_by || ',' || {} END"
        " WHERE tenant_id = {} AND id = {} RETURNING id",
        "%," + plugin.replace("_", "\\_") + ",%", plugin, plugin, ctx.tenant_id, member_id,
    ).run()
    return bool(rows)
