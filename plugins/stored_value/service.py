"""Bonus rules kept and applied: the tiers a merchant sets, the bonus a top-up gets, the grants.

``bonus_for`` only reads: the console's top-up page asks it for a preview. ``record_grant`` runs
in the top-up's transaction and takes one use of the rule with a guarded update, so the
per-member limit holds however many top-ups of one member arrive at once (the loser's top-up
rolls back with ``BonusLimitReached``). A refunded top-up gives its use back.
"""

from __future__ import annotations

from typing import Any

import msgspec

from plugins.stored_value import rules
from plugins.stored_value.errors import BonusLimitReached
from plugins.stored_value.schemas import BonusPreview, BonusRuleIn, BonusRuleOut, GrantOut, OfferOut
from plugins.stored_value.tables import BonusGrant, BonusRule, BonusUsage
from sdk import Context, EntryOut, InvalidInput, load_member
from sdk.db import get, insert, select, transaction, update


def rule_out(row: dict[str, Any]) -> BonusRuleOut:
    zh, en = rules.describe(row)
    return BonusRuleOut(**{f: row[f] for f in BonusRuleOut.__struct_fields__ if f in row},
                        description=zh, description_en=en)


async def list_rules(ctx: Context) -> list[BonusRuleOut]:
    """Every tier, highest threshold first (the active ones before the stopped ones)."""
    rows = await select(ctx, BonusRule).order_by(BonusRule.min_amount_fen, ascending=False).order_by(BonusRule.id)
    return [rule_out(r) for r in sorted(rows, key=lambda r: not r["active"])]


async def get_rule(ctx: Context, rule_id: int) -> BonusRuleOut:
    return rule_out(await get(ctx, BonusRule, rule_id, "bonus rule"))


async def create_rule(ctx: Context, data: BonusRuleIn) -> BonusRuleOut:
    ctx.require("plugins.manage")
    async with transaction():
        rules.check(data, await select(ctx, BonusRule))
        row = await insert(ctx, BonusRule, **msgspec.structs.asdict(data), created_at=ctx.now())
    return rule_out(row)


SAMPLE_RULES = [BonusRuleIn(name="充500送50", min_amount_fen=50_000, bonus_fen=5_000),
                BonusRuleIn(name="充1000送200", min_amount_fen=100_000, bonus_fen=20_000)]


async def add_sample_rules(ctx: Context) -> None:
    """The demo store's tiers: what most stores start from."""
    for data in SAMPLE_RULES:
        await create_rule(ctx, data)


async def update_rule(ctx: Context, rule_id: int, data: BonusRuleIn) -> BonusRuleOut:
    """Change a tier (or stop it with ``active: false``); grants already made stay as they were."""
    ctx.require("plugins.manage")
    async with transaction():
        await get(ctx, BonusRule, rule_id, "bonus rule")
        rules.check(data, await select(ctx, BonusRule).where(BonusRule.id != rule_id))
        await update(ctx, BonusRule, {getattr(BonusRule, k): v for k, v in msgspec.structs.asdict(data).items()}).where(
            BonusRule.id == rule_id)
        return rule_out(await get(ctx, BonusRule, rule_id, "bonus rule"))


async def _used(ctx: Context, member_id: int) -> dict[int, int]:
    rows = await select(ctx, BonusUsage, BonusUsage.rule_id, BonusUsage.used).where(BonusUsage.member_id == member_id)
    return {r["rule_id"]: r["used"] for r in rows}


async def bonus_for(ctx: Context, member_id: int, amount_fen: int) -> tuple[dict[str, Any] | None, int]:
    """The tier a top-up of ``amount_fen`` by the member gets today, and its bonus (reads only)."""
    active = await select(ctx, BonusRule).where(BonusRule.active == True)  # noqa: E712  piccolo's column comparison
    return rules.best(active, amount_fen, ctx.local_today(), await _used(ctx, member_id))


async def preview(ctx: Context, member_id: int, amount_fen: int) -> BonusPreview:
    ctx.require("stored_value.topup")
    if amount_fen <= 0:
        raise InvalidInput(field="amount_fen", zh="充值金额必须大于零", en="The top-up amount must be positive")
    await load_member(ctx, member_id)
    rule, bonus = await bonus_for(ctx, member_id, amount_fen)
    return BonusPreview(member_id=member_id, amount_fen=amount_fen, bonus_fen=bonus,
                        rule=rule_out(rule) if rule else None)


async def record_grant(ctx: Context, member_id: int, amount_fen: int, bonus_fen: int, entry: EntryOut) -> None:
    """``member_topped_up``: note the grant and take one use of its tier (guarded by the limit)."""
    if not bonus_fen:
        return
    rule = await _rule_that_gave(ctx, member_id, amount_fen, bonus_fen)
    if rule is None:
        return  # another plugin answered stored_value_bonus: not ours to record
    await BonusUsage.insert(BonusUsage(tenant_id=ctx.tenant_id, rule_id=rule["id"], member_id=member_id, used=0)
                            ).on_conflict(action="DO NOTHING")
    limit = rule["per_member_limit"]
    guard = (BonusUsage.rule_id == rule["id"]) & (BonusUsage.member_id == member_id)
    if limit is not None:
        guard &= BonusUsage.used < limit
    taken = await update(ctx, BonusUsage, {BonusUsage.used: BonusUsage.used + 1}).where(guard).returning(BonusUsage.id)
    if not taken:  # a simultaneous top-up of this member took the last use first
        raise BonusLimitReached(rule=rule["name"], limit=limit)
    await insert(ctx, BonusGrant, rule_id=rule["id"], member_id=member_id, top_up_entry_id=entry.id,
                 amount_fen=amount_fen, bonus_fen=bonus_fen, status="granted", created_at=ctx.now())


async def _rule_that_gave(ctx: Context, member_id: int, amount_fen: int, bonus_fen: int) -> dict[str, Any] | None:
    """The tier ``bonus_fen`` came from. Read again without the member's uses as well: a
    simultaneous top-up may have used the tier up since the bonus was decided, and then the
    guarded update below must refuse this one rather than let it pass unrecorded."""
    rule, bonus = await bonus_for(ctx, member_id, amount_fen)
    if rule is not None and bonus == bonus_fen:
        return rule
    active = await select(ctx, BonusRule).where(BonusRule.active == True)  # noqa: E712
    today = ctx.local_today()
    giving = [r for r in active if rules.in_window(r, today) and rules.bonus_of(r, amount_fen) == bonus_fen]
    return max(giving, key=lambda r: (r["min_amount_fen"], -r["id"]), default=None)


async def release_grant(ctx: Context, top_up_entry_id: int) -> None:
    """``top_up_refunded``: the grant is marked refunded and its use given back to the member."""
    grants = await update(ctx, BonusGrant, {BonusGrant.status: "refunded"}).where(
        (BonusGrant.top_up_entry_id == top_up_entry_id) & (BonusGrant.status == "granted")
    ).returning(BonusGrant.rule_id, BonusGrant.member_id)
    for grant in grants:
        await update(ctx, BonusUsage, {BonusUsage.used: BonusUsage.used - 1}).where(
            (BonusUsage.rule_id == grant["rule_id"]) & (BonusUsage.member_id == grant["member_id"])
            & (BonusUsage.used > 0))


async def member_grants(ctx: Context, member_id: int) -> list[GrantOut]:
    await load_member(ctx, member_id)
    rows = await select(ctx, BonusGrant).where(BonusGrant.member_id == member_id).order_by(BonusGrant.id, ascending=False)
    names = {r["id"]: r["name"] for r in await select(ctx, BonusRule, BonusRule.id, BonusRule.name)}
    return [GrantOut(**{k: r[k] for k in GrantOut.__struct_fields__ if k in r}, rule_name=names.get(r["rule_id"], ""))
            for r in rows]


async def offers(ctx: Context, member_id: int | None = None) -> list[OfferOut]:
    """The tiers on offer today, lowest threshold first; for a member, with what they have used."""
    today = ctx.local_today()
    used = await _used(ctx, member_id) if member_id is not None else {}
    current = [r for r in await select(ctx, BonusRule).where(BonusRule.active == True)  # noqa: E712
               if rules.in_window(r, today)]
    out = []
    for r in sorted(current, key=lambda r: r["min_amount_fen"]):
        zh, en = rules.describe(r)
        count = used.get(r["id"], 0) if member_id is not None else None
        out.append(OfferOut(
            rule_id=r["id"], name=r["name"], description=zh, description_en=en, min_amount_fen=r["min_amount_fen"],
            ends_on=r["ends_on"], per_member_limit=r["per_member_limit"], used=count,
            used_up=count is not None and r["per_member_limit"] is not None and count >= r["per_member_limit"]))
    return out
