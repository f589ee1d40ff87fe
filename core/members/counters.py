"""A member's counters: visits (到店次数, last visit) and total spend (累计消费).

Both are guarded single UPDATEs, safe under concurrent visits and payments on either engine.
"""

from __future__ import annotations

from core import db, scoped
from core.context import Context
from core.errors import InvalidInput, NotFound
from core.members import schemas as s
from core.members.service import load_member, shown
from core.members.tables import Member, MemberVisit
from core.tenancy.tables import Store


async def record_visit(
    ctx: Context, member_id: int, store_id: int | None = None, method: s.CheckInMethod = "desk",
) -> s.Member:
    """到店签到: count a visit in ``store_id`` (else the request's store) and tell the plugins.

    ``member_checked_in`` runs in the same transaction: a plugin refusing undoes the count.
    """
    ctx.require("members.write")
    store_id = ctx.store_for(store_id)
    async with db.transaction():
        if store_id is not None:
            await scoped.get(ctx, Store, store_id, "store")
        at = ctx.now()
        rows = await scoped.update(
            ctx, Member, {Member.visit_count: Member.visit_count + 1, Member.last_visit_at: at},
        ).where((Member.id == member_id) & Member.deleted_at.is_null()).returning(Member.id)
        if not rows:
            raise NotFound(resource="member", id=member_id)
        await MemberVisit.insert(MemberVisit(
            tenant_id=ctx.tenant_id, member_id=member_id, store_id=store_id, method=method, at=at))
        check_in = s.CheckIn(member_id=member_id, store_id=store_id, at=at, method=method)
        await ctx.hooks.member_checked_in(ctx=ctx, member=await load_member(ctx, member_id), check_in=check_in)
        member = await load_member(ctx, member_id)
    return shown(ctx, member)


async def add_spend(ctx: Context, member_id: int, amount_fen: int) -> int:
    """Add ``amount_fen`` to the member's total spend (a refund passes a negative amount).

    Call it inside the payment's or refund's transaction; it checks no permission of its own.
    A deleted member's spend still moves: a refund may come after the deletion. Returns the new
    total; the total never goes below zero.
    """
    # Written out by hand: every payment runs it (see core/ledger/statements.py).
    rows = await db.fetch(
        "UPDATE member SET total_spend_fen = total_spend_fen + {}"
        " WHERE tenant_id = {} AND id = {} AND total_spend_fen >= {} RETURNING total_spend_fen",
        amount_fen, ctx.tenant_id, member_id, -amount_fen,
    )
    if rows:
        return rows[0]["total_spend_fen"]
    await scoped.get(ctx, Member, member_id, "member")
    raise InvalidInput(field="amount_fen", zh="退回的消费额超过累计消费", en="The spend taken back exceeds the total spend")
