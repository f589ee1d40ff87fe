"""推广员: members apply (approved at once, or by a manager when the setting asks), managers add
staff and partner businesses (渠道推广码); each gets an unguessable share code unique in the
tenant (a unique index backs it) and a share link to the member sign-in page with ``ref``."""

from __future__ import annotations

import secrets
from typing import Any

from plugins.referral.errors import AlreadyPromoter, NotPending, PromoterNotActive, UnknownReferralCode
from plugins.referral.schemas import PromoterIn, PromoterOut, ReferralSettings
from plugins.referral.tables import Binding, Promoter
from sdk import Context, InvalidInput, find_staff, is_unique_violation, load_member, plugin_settings
from sdk.db import get, insert, select, transaction, update

PLUGIN = "referral"
ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read aloud and typed on a flyer
CODE_LENGTH = 8  # 32^8 ≈ 10^12: not guessable by trying, short enough for a flyer


async def settings(ctx: Context) -> ReferralSettings:
    return await plugin_settings(ctx, PLUGIN, ReferralSettings)


def _new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def share_link(ctx: Context, rules: ReferralSettings, code: str) -> str:
    """The member H5 sign-in page of the tenant with ``ref``: a new member registering there is bound."""
    return f"{rules.share_base_url.rstrip('/')}/m/{ctx.tenant.slug}?ref={code}"


async def _brought(ctx: Context, promoter_ids: list[int]) -> dict[int, int]:
    if not promoter_ids:
        return {}
    rows = await select(ctx, Binding, Binding.promoter_id).where(Binding.promoter_id.is_in(promoter_ids))
    counts: dict[int, int] = {}
    for r in rows:
        counts[r["promoter_id"]] = counts.get(r["promoter_id"], 0) + 1
    return counts


async def outs(ctx: Context, rows: list[dict[str, Any]]) -> list[PromoterOut]:
    rules = await settings(ctx)
    counts = await _brought(ctx, [r["id"] for r in rows])
    return [PromoterOut(
        id=r["id"], kind=r["kind"], member_id=r["member_id"], staff_id=r["staff_id"], name=r["name"], code=r["code"],
        share_link=share_link(ctx, rules, r["code"]), status=r["status"], pending_fen=r["pending_fen"],
        available_fen=r["available_fen"], paid_fen=r["paid_fen"], owed_fen=max(-r["available_fen"], 0),
        members_brought=counts.get(r["id"], 0), created_at=r["created_at"], approved_at=r["approved_at"],
    ) for r in rows]


async def out(ctx: Context, row: dict[str, Any]) -> PromoterOut:
    return (await outs(ctx, [row]))[0]


async def row(ctx: Context, promoter_id: int) -> dict[str, Any]:
    return await get(ctx, Promoter, promoter_id, "promoter")


async def by_code(ctx: Context, code: str) -> dict[str, Any]:
    """The promoter with this share code in this tenant; another tenant's code is not found."""
    found = await select(ctx, Promoter).where(Promoter.code == code.strip().upper()).first()
    if found is None:
        raise UnknownReferralCode(code=code)
    return found


async def of_member(ctx: Context, member_id: int) -> dict[str, Any] | None:
    return await select(ctx, Promoter).where(Promoter.member_id == member_id).first()


def check_active(promoter: dict[str, Any]) -> None:
    if promoter["status"] != "active":
        raise PromoterNotActive(name=promoter["name"])


async def _insert(ctx: Context, **values: Any) -> dict[str, Any]:
    """One new promoter; the unique indexes refuse a second one for the same member or staff."""
    try:
        return await insert(ctx, Promoter, code=_new_code(), pending_fen=0, available_fen=0, paid_fen=0,
                            created_at=ctx.now(), **values)
    except Exception as exc:
        if is_unique_violation(exc):
            raise AlreadyPromoter(code="（同时提交 / submitted twice）") from exc
        raise


async def apply(ctx: Context, member_id: int) -> PromoterOut:
    """我要推广: a member becomes a promoter, at once or pending a manager (``approval_required``).
    Applying again answers with the promoter they already are."""
    rules = await settings(ctx)
    member = await load_member(ctx, member_id)
    async with transaction():
        existing = await of_member(ctx, member_id)
        if existing is not None:
            return await out(ctx, existing)
        now = ctx.now()
        auto = not rules.approval_required
        made = await _insert(ctx, kind="member", member_id=member_id, name=member.name[:60],
                             status="active" if auto else "pending", approved_at=now if auto else None,
                             approved_by="auto" if auto else "")
    return await out(ctx, made)


async def create(ctx: Context, data: PromoterIn) -> PromoterOut:
    """A manager adds a promoter: staff, a partner business or a member; active at once."""
    ctx.require("plugins.manage")
    values: dict[str, Any] = {"kind": data.kind}
    if data.kind == "member":
        if data.member_id is None:
            raise InvalidInput(field="member_id", zh="请选择会员", en="Give the member")
        values.update(member_id=data.member_id, name=(await load_member(ctx, data.member_id)).name[:60])
    elif data.kind == "staff":
        if data.staff_id is None:
            raise InvalidInput(field="staff_id", zh="请选择员工", en="Give the staff member")
        values.update(staff_id=data.staff_id, name=(await find_staff(ctx, data.staff_id)).name[:60])
    else:
        if not data.name.strip():
            raise InvalidInput(field="name", zh="请填写合作商家名称", en="Give the partner's name")
        values["name"] = data.name.strip()
    async with transaction():
        if data.member_id is not None and (existing := await of_member(ctx, data.member_id)) is not None:
            raise AlreadyPromoter(code=existing["code"])
        if data.kind == "staff" and (existing := await select(ctx, Promoter).where(
                Promoter.staff_id == data.staff_id).first()) is not None:
            raise AlreadyPromoter(code=existing["code"])
        made = await _insert(ctx, **values, status="active", approved_at=ctx.now(), approved_by=_who(ctx))
    return await out(ctx, made)


def _who(ctx: Context) -> str:
    return f"{ctx.actor.kind}:{ctx.actor.id or ctx.actor.name}"[:60]


async def approve(ctx: Context, promoter_id: int) -> PromoterOut:
    """审核通过: a pending member promoter becomes active (one guarded update: approving twice is refused)."""
    ctx.require("plugins.manage")
    async with transaction():
        current = await row(ctx, promoter_id)
        done = await update(ctx, Promoter, {Promoter.status: "active", Promoter.approved_at: ctx.now(),
                                            Promoter.approved_by: _who(ctx)}).where(
            (Promoter.id == promoter_id) & (Promoter.status == "pending")).returning(Promoter.id)
        if not done:
            raise NotPending(name=current["name"])
    return await out(ctx, await row(ctx, promoter_id))


async def listing(ctx: Context, status: str | None = None, kind: str | None = None) -> list[PromoterOut]:
    query = select(ctx, Promoter)
    if status is not None:
        query = query.where(Promoter.status == status)
    if kind is not None:
        query = query.where(Promoter.kind == kind)
    return await outs(ctx, await query.order_by(Promoter.id, ascending=False))

