"""The rules of the level ladder, kept pure: which ladders are refused, which level a figure
reaches, what a level takes off an order's lines, and how a level reads to a member.

* The lowest level starts at 0; thresholds rise strictly with the level; codes and names are
  unique; an item has at most one member price per level.
* A figure reaches the highest level whose threshold it meets.
* On an order of a member, each line other plugins did not mark ``no_discount`` gets the
  level's member price (会员价) when the level has one for its item and it is lower, else the
  level's discount when its category is eligible: ``amount × (100 − percent) / 100`` rounded
  down to the fen. A line never gets both.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from plugins.levels.errors import InvalidTiers
from plugins.levels.schemas import TierIn
from sdk import yuan_text, zhe

DEFAULT_TIERS = [
    TierIn(code="regular", name="普通", name_en="Regular", threshold=0),
    TierIn(code="silver", name="白银", name_en="Silver", threshold=100_000, points_multiplier=120),
    TierIn(code="gold", name="黄金", name_en="Gold", threshold=500_000, discount_percent=95, points_multiplier=150),
]


def check(tiers: list[TierIn]) -> None:
    if tiers[0].threshold != 0:
        raise InvalidTiers(reason_zh="最低等级的门槛必须为 0", reason="the lowest level must start at 0")
    for low, high in zip(tiers, tiers[1:], strict=False):
        if high.threshold <= low.threshold:
            raise InvalidTiers(reason_zh=f"「{high.name}」的门槛必须高于「{low.name}」",
                               reason=f"'{high.name_en or high.name}' must start above '{low.name_en or low.name}'")
    for field, label in (("code", "代码"), ("name", "名称")):
        values = [getattr(t, field) for t in tiers]
        if len(set(values)) != len(values):
            raise InvalidTiers(reason_zh=f"等级{label}重复", reason=f"a level {field} is used twice")
    for tier in tiers:
        items = [p.item_id for p in tier.member_prices]
        if len(set(items)) != len(items):
            raise InvalidTiers(reason_zh=f"「{tier.name}」同一商品有两个会员价",
                               reason=f"'{tier.name_en or tier.name}' has two member prices for one item")


def tier_for(tiers: list[Any], figure: int) -> Any:
    """The highest level ``figure`` reaches (``tiers`` lowest first)."""
    reached = tiers[0]
    for tier in tiers:
        if figure >= tier.threshold:
            reached = tier
    return reached


def line_discounts(tier: Any, lines: list[Any]) -> list[tuple[Any, int, str, str]]:
    """What ``tier`` takes off each line: (line, fen, reason zh, reason en)."""
    prices = {p.item_id: p.price_fen for p in tier.member_prices}
    label_en = tier.name_en or tier.name
    out = []
    for line in lines:
        if line.no_discount or line.amount_fen <= 0:
            continue
        price = prices.get(line.item_id)
        if price is not None and price < line.unit_price_fen:
            off = min((line.unit_price_fen - price) * line.quantity, line.amount_fen)
            out.append((line, off, f"{tier.name}会员价", f"{label_en} member price"))
        elif tier.discount_percent < 100 and (not tier.category_ids or line.category_id in tier.category_ids):
            off = line.amount_fen * (100 - tier.discount_percent) // 100
            if off:
                out.append((line, off, f"{tier.name}会员 {zhe(tier.discount_percent)}",
                            f"{label_en} {100 - tier.discount_percent}% off"))
    return out


def times(percent: int) -> str:
    """A multiplier in percent as members read it: 150 → 1.5, 200 → 2."""
    return format(Decimal(percent) / 100, "f")


def reach(tier: Any, metric: str) -> tuple[str, str]:
    """How a level is reached, in the member's words (zh, en): 累计消费满 ¥1,000."""
    if tier.threshold == 0:
        return "成为会员即享", "From the day you join"
    if metric == "points":
        return f"累计获得 {tier.threshold:,} 积分", f"Earn {tier.threshold:,} points in all"
    amount = f"¥{yuan_text(tier.threshold)}"
    if metric == "top_up":
        return f"累计充值满 {amount}", f"Top up {amount} in all"
    return f"累计消费满 {amount}", f"Spend {amount} in all"


def benefits(tier: Any) -> list[tuple[str, str]]:
    """What a level gives (zh, en): its discount, member prices and points multiplier; empty for none."""
    out = []
    if tier.discount_percent < 100:
        off = 100 - tier.discount_percent
        out.append((f"指定品类 {zhe(tier.discount_percent)}", f"{off}% off selected categories") if tier.category_ids
                   else (f"全场 {zhe(tier.discount_percent)}", f"{off}% off everything"))
    if tier.member_prices:
        n = len(tier.member_prices)
        out.append((f"{n} 件商品享会员价", f"Member prices on {n} item{'s' if n > 1 else ''}"))
    if tier.points_multiplier > 100:
        out.append((f"消费积分 {times(tier.points_multiplier)} 倍", f"{times(tier.points_multiplier)}× points"))
    return out
