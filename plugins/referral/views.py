"""What promoters, members and managers read: people brought, their orders' commission, a
member's referral file, the promoter's ledger statement."""

from __future__ import annotations

from typing import Any

from plugins.referral import binding, commission, ledger, promoters
from plugins.referral.schemas import (
    BroughtMember,
    CommissionOut,
    MemberReferral,
    MyReferral,
    StatementLineOut,
    StatementOut,
)
from sdk import Context, NotFound, load_member, statement

GONE = "（已删除）"  # a member deleted since: their history stays, their name does not


async def member_name(ctx: Context, member_id: int) -> str:
    try:
        return (await load_member(ctx, member_id)).name
    except NotFound:
        return GONE


async def commissions(ctx: Context, promoter_id: int) -> list[CommissionOut]:
    rows = await commission.of_promoter(ctx, promoter_id)
    names: dict[int, str] = {}
    out = []
    for r in rows:
        if r["member_id"] not in names:
            names[r["member_id"]] = await member_name(ctx, r["member_id"])
        out.append(CommissionOut(**{f: r[f] for f in CommissionOut.__struct_fields__ if f in r},
                                 member_name=names[r["member_id"]]))
    return out


async def brought(ctx: Context, promoter_id: int) -> list[BroughtMember]:
    """People the promoter brought, with how many of their orders earned and what they earned (net of refunds)."""
    earned: dict[int, tuple[int, int]] = {}
    for r in await commission.of_promoter(ctx, promoter_id, limit=100_000):
        if r["level"] == 1:
            count, fen = earned.get(r["member_id"], (0, 0))
            earned[r["member_id"]] = (count + 1, fen + r["amount_fen"] - r["reversed_fen"])
    out = []
    for b in await binding.brought_by(ctx, promoter_id):
        try:
            member = await load_member(ctx, b["member_id"])
        except NotFound:
            continue  # deleted since: no longer listed
        count, fen = earned.get(b["member_id"], (0, 0))
        out.append(BroughtMember(member_id=member.id, name=member.name, phone_tail=member.phone[-4:],
                                 bound_at=b["bound_at"], orders=count, commission_fen=fen))
    return out


async def member_referral(ctx: Context, member_id: int) -> MemberReferral:
    await load_member(ctx, member_id)
    mine = await promoters.of_member(ctx, member_id)
    bound = await binding.of_member(ctx, member_id)
    return MemberReferral(promoter=await promoters.out(ctx, mine) if mine else None,
                          brought_by=(await binding.outs(ctx, [bound]))[0] if bound else None)


async def my_referral(ctx: Context, member_id: int) -> MyReferral:
    mine = await promoters.of_member(ctx, member_id)
    return MyReferral(promoter=await promoters.out(ctx, mine) if mine else None, can_apply=mine is None)


def _lines(lines: list[Any]) -> list[StatementLineOut]:
    return [StatementLineOut(entry_id=x.entry_id, kind=x.kind, memo=x.memo, created_at=x.created_at,
                             amount_fen=x.amount, balance_after_fen=x.balance_after) for x in lines]


async def promoter_statement(ctx: Context, promoter_id: int, limit: int = 100) -> StatementOut:
    await promoters.row(ctx, promoter_id)
    return StatementOut(pending=_lines(await statement(ctx, ledger.pending(promoter_id), limit=limit)),
                        available=_lines(await statement(ctx, ledger.payable(promoter_id), limit=limit)))
