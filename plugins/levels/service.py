"""Levels kept: the ladder, each member's figure and level, upgrades, the yearly review, overrides.

Every event of a member first adds to their progress row with one UPDATE, which locks the row:
simultaneous events of one member take turns, so the figure is exact and an upgrade is recorded
once. The level is written to the member too (``sdk.set_member_level``) for lists and filters.
Upgrades happen as events arrive; a level only goes down at the yearly review (when the merchant
turns it on), so a refund never takes a level away on the spot. A manager's override holds until
the next review.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import msgspec

from plugins.levels import tiers as rules
from plugins.levels.errors import TierInUse, UnknownLevel
from plugins.levels.schemas import (
    LevelChange,
    LevelOverrideIn,
    LevelsSettings,
    MemberLevel,
    MemberPrice,
    NextTier,
    TierOut,
    TiersIn,
)
from plugins.levels.tables import LevelEvent, LevelHistory, LevelProgress, LevelTier
from sdk import (
    Adjustment,
    Context,
    NotFound,
    Order,
    forget,
    forget_remembered,
    load_member,
    plugin_settings,
    remembered,
    set_member_level,
    set_missing_member_levels,
    ttl_cache,
    yuan_text,
)
from sdk.db import delete, insert, raw, select, transaction, update

PLUGIN = "levels"
LADDER_SECONDS = 5  # how stale another worker's ladder may be after a merchant saves it, without Redis
METRIC_ZH = {"spend": "累计消费", "top_up": "累计充值", "points": "累计获得积分"}
METRIC_EN = {"spend": "Spend", "top_up": "Top-ups", "points": "Points earned"}


async def settings(ctx: Context) -> LevelsSettings:
    return await plugin_settings(ctx, PLUGIN, LevelsSettings)


# --- the ladder ---------------------------------------------------------------------------------


def _tier_out(row: dict[str, Any], members: int = 0) -> TierOut:
    return TierOut(code=row["code"], name=row["name"], name_en=row["name_en"], threshold=row["threshold"],
                   discount_percent=row["discount_percent"],
                   category_ids=msgspec.json.decode(row["category_ids_json"]),
                   member_prices=msgspec.json.decode(row["member_prices_json"], type=list[MemberPrice]),
                   points_multiplier=row["points_multiplier"], rank=row["rank"], members=members)


LADDER = (PLUGIN, "ladder")  # read once per request: pricing, points and counting all climb it
# Every order is priced on the ladder, and merchants change it seldom: kept a few seconds in this
# process between requests (forgotten at once when saved: here, and in every process with Redis).
_ladders = ttl_cache("levels:ladders", maxsize=4096, seconds=LADDER_SECONDS)


async def ladder(ctx: Context) -> list[TierOut]:
    """The levels lowest first; the three defaults (普通, 白银, 黄金) until the merchant saves their own."""

    async def read() -> list[TierOut]:
        kept = _ladders.get(ctx.tenant_id)
        if kept is not None:
            return kept
        rows = await select(ctx, LevelTier).order_by(LevelTier.rank)
        if not rows:
            tiers = [TierOut(**msgspec.structs.asdict(t), rank=i) for i, t in enumerate(rules.DEFAULT_TIERS)]
        else:
            tiers = [_tier_out(r) for r in rows]
        _ladders[ctx.tenant_id] = tiers
        return tiers

    return await remembered(ctx, LADDER, read)


async def ladder_with_counts(ctx: Context) -> list[TierOut]:
    counts: dict[str, int] = {}
    for row in await select(ctx, LevelProgress, LevelProgress.level_code):
        counts[row["level_code"]] = counts.get(row["level_code"], 0) + 1
    return [msgspec.structs.replace(t, members=counts.get(t.code, 0)) for t in await ladder(ctx)]


async def save_ladder(ctx: Context, data: TiersIn) -> list[TierOut]:
    """Replace the ladder; a level members are on cannot go (move them first)."""
    ctx.require("plugins.manage")
    rules.check(data.tiers)
    async with transaction():
        forget_remembered(ctx, LADDER)
        await forget(_ladders, ctx.tenant_id)
        current = {t.code: t for t in await ladder_with_counts(ctx)}
        for code in current.keys() - {t.code for t in data.tiers}:
            if current[code].members:
                raise TierInUse(count=current[code].members, name=current[code].name)
        await delete(ctx, LevelTier).where(LevelTier.id > 0)
        for rank, tier in enumerate(data.tiers):
            await insert(ctx, LevelTier, code=tier.code, name=tier.name, name_en=tier.name_en, rank=rank,
                         threshold=tier.threshold, discount_percent=tier.discount_percent,
                         category_ids_json=msgspec.json.encode(tier.category_ids).decode(),
                         member_prices_json=msgspec.json.encode(tier.member_prices).decode(),
                         points_multiplier=tier.points_multiplier)
        forget_remembered(ctx, LADDER)
        await forget(_ladders, ctx.tenant_id)
    return await ladder_with_counts(ctx)


# --- a member's level ---------------------------------------------------------------------------


async def _progress(ctx: Context, member_id: int, lowest: str) -> None:
    """Make sure the member has a progress row (on the lowest level)."""
    await LevelProgress.insert(LevelProgress(tenant_id=ctx.tenant_id, member_id=member_id, total=0, level_code=lowest)
                               ).on_conflict(action="DO NOTHING")


async def _add_to_total(ctx: Context, member_id: int, amount: int,
                        along: Sequence[tuple[str, Sequence[Any]]] = ()) -> dict[str, Any] | None:
    """The member's progress after adding ``amount`` (and the writes ``along`` it); None when they
    have no progress row yet."""
    # Written out (sdk.db.raw): every paid order of a member runs it.
    rows = await raw(ctx, "UPDATE lv_progress SET total = total + {} WHERE tenant_id = {tenant}"
                           " AND member_id = {} RETURNING total, level_code", amount, member_id, along=along)
    return rows[0] if rows else None


async def _row(ctx: Context, member_id: int) -> dict[str, Any] | None:
    return await select(ctx, LevelProgress).where(LevelProgress.member_id == member_id).first()


async def _tier_of(ctx: Context, member_id: int, tiers: list[TierOut]) -> tuple[TierOut, int]:
    row = await _row(ctx, member_id)
    by_code = {t.code: t for t in tiers}
    if row is None:
        return tiers[0], 0
    return by_code.get(row["level_code"], tiers[0]), row["total"]


async def member_level(ctx: Context, member_id: int) -> MemberLevel:
    await load_member(ctx, member_id)
    tiers, metric = await ladder(ctx), (await settings(ctx)).metric
    tier, total = await _tier_of(ctx, member_id, tiers)
    higher = [t for t in tiers if t.rank > tier.rank]
    nxt = None
    if higher:
        up = higher[0]
        nxt = NextTier(code=up.code, name=up.name, name_en=up.name_en, threshold=up.threshold,
                       missing=max(up.threshold - total, 0))
    return MemberLevel(member_id=member_id, code=tier.code, name=tier.name, name_en=tier.name_en, metric=metric,
                       progress=total, next=nxt, discount_percent=tier.discount_percent,
                       points_multiplier=tier.points_multiplier)


async def history(ctx: Context, member_id: int) -> list[LevelChange]:
    await load_member(ctx, member_id)
    rows = await select(ctx, LevelHistory).where(LevelHistory.member_id == member_id).order_by(
        LevelHistory.id, ascending=False)
    return [LevelChange(**{f: r[f] for f in LevelChange.__struct_fields__}) for r in rows]


async def _change(ctx: Context, member_id: int, old: str | None, new: str, source: str, reason: str,
                  reason_en: str) -> None:
    await update(ctx, LevelProgress, {LevelProgress.level_code: new}).where(LevelProgress.member_id == member_id)
    await set_member_level(ctx, member_id, new)
    await insert(ctx, LevelHistory, member_id=member_id, from_code=old, to_code=new, source=source, reason=reason,
                 reason_en=reason_en, actor=ctx.actor.name if source == "manual" else "", at=ctx.now())


async def start(ctx: Context, member_id: int) -> None:
    """``member_registered``: a new member is on the lowest level, where lists and filters show it."""
    tiers = await ladder(ctx)
    await _progress(ctx, member_id, tiers[0].code)
    await set_member_level(ctx, member_id, tiers[0].code)


async def start_everyone(ctx: Context) -> int:
    """Levels switched on for a tenant with members: those without a level start on the lowest,
    where lists and filters show them; their figures count from now."""
    return await set_missing_member_levels(ctx, (await ladder(ctx))[0].code)


async def count(ctx: Context, member_id: int | None, metric: str, amount: int, source: str) -> None:
    """Add ``amount`` of ``metric`` to the member's figure (when it is the metric the merchant
    chose) and upgrade them when it crosses a threshold; a negative amount never downgrades."""
    if member_id is None or amount == 0 or (await settings(ctx)).metric != metric:
        return
    tiers = await ladder(ctx)
    event = ("INSERT INTO lv_event (tenant_id, member_id, metric, amount, source, at)"
             " VALUES ({tenant}, {}, {}, {}, {}, {})", (member_id, metric, amount, source, ctx.now()))
    row = await _add_to_total(ctx, member_id, amount, along=[event])  # the event is written either way
    if row is None:  # a member from before levels were on: their progress starts now
        await _progress(ctx, member_id, tiers[0].code)
        row = await _add_to_total(ctx, member_id, amount)
    assert row is not None  # _progress has just made sure of the row
    current = next((t for t in tiers if t.code == row["level_code"]), tiers[0])
    reached = rules.tier_for(tiers, row["total"])
    if reached.rank > current.rank:
        figure = _figure(metric, reached.threshold)
        await _change(ctx, member_id, current.code, reached.code, "auto",
                      f"{METRIC_ZH[metric]}满 {figure[0]}，自动升级", f"{METRIC_EN[metric]} reached {figure[1]}")


async def override(ctx: Context, member_id: int, data: LevelOverrideIn) -> MemberLevel:
    """A manager sets the level by hand, with a reason; it holds until the next review."""
    ctx.require("plugins.manage")
    await load_member(ctx, member_id)
    tiers = await ladder(ctx)
    if data.code not in {t.code for t in tiers}:
        raise UnknownLevel(code=data.code)
    async with transaction():
        await _progress(ctx, member_id, tiers[0].code)
        row = await _row(ctx, member_id)
        if row is None:  # _progress has just made sure of it
            raise NotFound(resource="member level", id=member_id)
        if row["level_code"] != data.code:
            await _change(ctx, member_id, row["level_code"], data.code, "manual", data.reason, data.reason)
    return await member_level(ctx, member_id)


async def review(ctx: Context, day: dt.date) -> None:
    """``daily_tick``: on the review day, each member's level is set from the last 12 months of
    the metric (up or down), and their figure restarts from it. Runs once per member and day."""
    conf = await settings(ctx)
    if not conf.yearly_review or (day.month, day.day) != (conf.review_month, conf.review_day):
        return
    tiers = await ladder(ctx)
    since = dt.datetime.combine(day.replace(year=day.year - 1), dt.time(), ctx.tenant.zone)
    until = dt.datetime.combine(day, dt.time(), ctx.tenant.zone)
    pending = await select(ctx, LevelProgress).where(
        LevelProgress.reviewed_on.is_null() | (LevelProgress.reviewed_on != day))
    for row in pending:
        events = await select(ctx, LevelEvent, LevelEvent.amount).where(
            (LevelEvent.member_id == row["member_id"]) & (LevelEvent.metric == conf.metric)
            & (LevelEvent.at >= since) & (LevelEvent.at < until))
        figure = sum(e["amount"] for e in events)
        reached = rules.tier_for(tiers, figure)
        async with transaction():
            claimed = await update(ctx, LevelProgress, {LevelProgress.reviewed_on: day, LevelProgress.total: figure}).where(
                (LevelProgress.id == row["id"])
                & (LevelProgress.reviewed_on.is_null() | (LevelProgress.reviewed_on != day))).returning(LevelProgress.id)
            if claimed and reached.code != row["level_code"] and await _living(ctx, row["member_id"]):
                shown = _figure(conf.metric, figure)
                await _change(ctx, row["member_id"], row["level_code"], reached.code, "review",
                              f"年度复核：近 12 个月{METRIC_ZH[conf.metric]} {shown[0]}",
                              f"Yearly review: {METRIC_EN[conf.metric].lower()} in the last 12 months {shown[1]}")


async def _living(ctx: Context, member_id: int) -> bool:
    """A member deleted since keeps their progress row; the review passes them by."""
    try:
        await load_member(ctx, member_id)
    except NotFound:
        return False
    return True


def _figure(metric: str, value: int) -> tuple[str, str]:
    if metric == "points":
        return f"{value:,} 积分", f"{value:,} points"
    yuan = f"¥{yuan_text(value)}"
    return yuan, yuan


# --- benefits -----------------------------------------------------------------------------------


def _order_tier(order: Order, tiers: list[TierOut]) -> TierOut:
    """The level the order is priced at: the member's when it was opened (the order's
    ``member_level``, kept by the kernel from the member's ``level_code``); the lowest for one
    unknown to the ladder."""
    return next((t for t in tiers if t.code == order.member_level), tiers[0])


async def adjustments(ctx: Context, order: Order) -> list[Adjustment]:
    """``order_priced``: the member's level's member prices and discount, named on the receipt."""
    if order.member_id is None:
        return []
    tier = _order_tier(order, await ladder(ctx))
    return [Adjustment(source=PLUGIN, amount_fen=off, reason=zh, reason_en=en, line_id=line.id, reference=tier.code)
            for line, off, zh, en in rules.line_discounts(tier, order.lines)]


async def multiplier(ctx: Context, member_id: int, order: Order | None) -> int:
    """``points_multiplier``: an order's level's (what it was priced at), else the member's now."""
    tiers = await ladder(ctx)
    tier = _order_tier(order, tiers) if order is not None else (await _tier_of(ctx, member_id, tiers))[0]
    return tier.points_multiplier
