"""绑定: a member is bound to the promoter who brought them — first touch, never replaced.

A new member registering through a share link (``ref``) is bound in the registration's
transaction; staff may bind a member by hand. Self-referral and loops (A brought B, so B cannot
bring A) are refused. The unique index on the member decides between two simultaneous bindings:
the second is ``already_bound``. A member promoter is also recorded as the member's referrer.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from plugins.referral import promoters
from plugins.referral.errors import AlreadyBound, ReferralLoop, SelfReferral, UnknownReferralCode
from plugins.referral.schemas import BindingIn, BindingOut, ReferralSettings
from plugins.referral.tables import Binding, Promoter
from sdk import (
    Context,
    InvalidInput,
    Member,
    NotFound,
    is_unique_violation,
    load_member,
    mark_member,
    set_member_referrer,
)
from sdk.db import insert, raw, select, transaction, update

PLUGIN = "referral"

SOURCE_PREFIX = "h5:"


def earns_until(rules: ReferralSettings, bound_at: dt.datetime) -> dt.datetime | None:
    """The binding window: orders paid before this earn commission; 0 days is for ever."""
    return None if rules.binding_days == 0 else bound_at + dt.timedelta(days=rules.binding_days)


async def of_member(ctx: Context, member_id: int) -> dict[str, Any] | None:
    # Written out (sdk.db.raw): every paid order with a member asks it.
    rows = await raw(ctx, "SELECT * FROM rf_binding WHERE tenant_id = {tenant} AND member_id = {}"
                           " LIMIT 1", member_id)
    return rows[0] if rows else None


async def outs(ctx: Context, rows: list[dict[str, Any]]) -> list[BindingOut]:
    rules = await promoters.settings(ctx)
    ids = sorted({r["promoter_id"] for r in rows})
    names = {p["id"]: p["name"] for p in await select(ctx, Promoter, Promoter.id, Promoter.name).where(
        Promoter.id.is_in(ids))} if ids else {}
    result = []
    for r in rows:
        try:
            name = (await load_member(ctx, r["member_id"])).name
        except NotFound:
            name = "（已删除）"  # deleted since: the binding stays for the commission history
        result.append(BindingOut(id=r["id"], member_id=r["member_id"], member_name=name,
                                 promoter_id=r["promoter_id"], promoter_name=names.get(r["promoter_id"], ""),
                                 source=r["source"], bound_by=r["bound_by"], bound_at=r["bound_at"],
                                 earns_until=earns_until(rules, r["bound_at"])))
    return result


async def _check_no_loop(ctx: Context, member_id: int, promoter: dict[str, Any]) -> None:
    """Walk up from the promoter's own member through who brought whom: meeting ``member_id`` is a loop."""
    if promoter["member_id"] == member_id:
        raise SelfReferral()
    seen: set[int] = set()
    current = promoter["member_id"]
    while current is not None and current not in seen:
        if current == member_id:
            raise ReferralLoop(promoter=promoter["name"])
        seen.add(current)
        above = await of_member(ctx, current)
        if above is None:
            return
        current = (await promoters.row(ctx, above["promoter_id"]))["member_id"]


async def _lock_pair(ctx: Context, member_id: int, promoter: dict[str, Any]) -> None:
    """Lock the target promoter and the member's own promoter row (ascending ids) before checking for a
    loop: A binding to B and B binding to A at the same moment then run one after the other, and the
    second sees the first's binding (a no-op UPDATE takes the row lock on PostgreSQL)."""
    own = await promoters.of_member(ctx, member_id)
    for promoter_id in sorted({promoter["id"], *([own["id"]] if own else [])}):
        await update(ctx, Promoter, {Promoter.status: Promoter.status}).where(Promoter.id == promoter_id)


async def bind(ctx: Context, member_id: int, promoter: dict[str, Any], source: str, bound_by: str) -> dict[str, Any]:
    """Bind ``member_id`` to ``promoter`` in the caller's transaction, or refuse and change nothing."""
    promoters.check_active(promoter)
    await _lock_pair(ctx, member_id, promoter)
    await _check_no_loop(ctx, member_id, promoter)
    existing = await of_member(ctx, member_id)
    if existing is not None:
        raise AlreadyBound(promoter=(await promoters.row(ctx, existing["promoter_id"]))["name"])
    try:
        made = await insert(ctx, Binding, member_id=member_id, promoter_id=promoter["id"], source=source,
                            bound_by=bound_by[:60], bound_at=ctx.now())
    except Exception as exc:
        if is_unique_violation(exc):  # a simultaneous binding of this member won
            raise AlreadyBound(zh="该会员已绑定推广员，不能更换", en="This member is already bound to a promoter") from exc
        raise
    if promoter["member_id"] is not None:
        await set_member_referrer(ctx, member_id, promoter["member_id"])
    await mark_member(ctx, member_id, PLUGIN)  # this member's orders now reach the commission hooks
    return made


async def bind_by_staff(ctx: Context, data: BindingIn) -> BindingOut:
    """Staff bind a member by hand, naming the promoter by id or by share code."""
    ctx.require("members.write")
    if (data.promoter_id is None) == (data.code is None):
        raise InvalidInput(field="promoter_id", zh="请填写推广员或推广码（二选一）", en="Give either promoter_id or code")
    await load_member(ctx, data.member_id)
    async with transaction():
        promoter = await promoters.row(ctx, data.promoter_id) if data.promoter_id is not None else \
            await promoters.by_code(ctx, data.code or "")
        made = await bind(ctx, data.member_id, promoter, "staff", f"{ctx.actor.kind}:{ctx.actor.id or ctx.actor.name}")
    return (await outs(ctx, [made]))[0]


async def on_registered(ctx: Context, member: Member) -> None:
    """``member_registered``: a ``ref`` that is an active promoter's code binds the new member; a
    referrer given at registration who is a promoter binds them too. Other refs (a flyer's channel
    code, another tenant's code) bind nobody and never refuse the registration."""
    promoter, source = None, "link"
    if member.source_channel.startswith(SOURCE_PREFIX):
        try:
            promoter = await promoters.by_code(ctx, member.source_channel[len(SOURCE_PREFIX):])
        except UnknownReferralCode:
            promoter = None
    if promoter is None and member.referrer_member_id is not None:
        promoter = await promoters.of_member(ctx, member.referrer_member_id)
        source = "referrer"
    if promoter is None or promoter["status"] != "active":
        return
    await bind(ctx, member.id, promoter, source, "h5" if source == "link" else "registration")


async def brought_by(ctx: Context, promoter_id: int) -> list[dict[str, Any]]:
    return await select(ctx, Binding).where(Binding.promoter_id == promoter_id).order_by(Binding.id, ascending=False)
