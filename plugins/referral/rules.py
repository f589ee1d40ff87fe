"""佣金规则: the default rates are settings (basis points of what the member paid for a line);
an item or a category may override them with its own percent or a fixed amount per unit sold.
The item's rule wins over its category's, which wins over the default. A line never earns more
than was paid for it, at either level."""

from __future__ import annotations

from typing import Any

import msgspec

from plugins.referral import promoters
from plugins.referral.errors import InvalidRule
from plugins.referral.schemas import ReferralSettings, RuleIn, RuleOut, RulesIn, RulesOut
from plugins.referral.tables import CommissionRule
from sdk import Context, Line, get_category, get_item, yuan_text
from sdk.db import delete, insert, select, transaction

MAX_PERCENT_BP = 5_000  # 50 % of a line, per level


def describe(rule: dict[str, Any] | RuleIn) -> tuple[str, str]:
    r = rule if isinstance(rule, dict) else msgspec.structs.asdict(rule)
    scope_zh = "商品" if r["scope"] == "item" else "分类"
    if r["mode"] == "percent":
        zh = f"{scope_zh} {r['target_id']}：一级 {r['level1'] / 100:g}%，二级 {r['level2'] / 100:g}%"
        en = f"{r['scope']} {r['target_id']}: level 1 {r['level1'] / 100:g}%, level 2 {r['level2'] / 100:g}%"
    else:
        zh = f"{scope_zh} {r['target_id']}：每件一级 ¥{yuan_text(r['level1'])}，二级 ¥{yuan_text(r['level2'])}"
        en = f"{r['scope']} {r['target_id']}: per unit ¥{yuan_text(r['level1'])} level 1, ¥{yuan_text(r['level2'])} level 2"
    return zh, en


def _rule_out(row: dict[str, Any]) -> RuleOut:
    zh, en = describe(row)
    return RuleOut(scope=row["scope"], target_id=row["target_id"], mode=row["mode"], level1=row["level1"],
                   level2=row["level2"], id=row["id"], description=zh, description_en=en)


async def listing(ctx: Context) -> RulesOut:
    rules = await promoters.settings(ctx)
    rows = await select(ctx, CommissionRule).order_by(CommissionRule.scope).order_by(CommissionRule.target_id)
    return RulesOut(level1_bp=rules.level1_bp, level2_bp=rules.level2_bp, rules=[_rule_out(r) for r in rows])


async def _check(ctx: Context, data: RulesIn) -> None:
    seen: set[tuple[str, int]] = set()
    for rule in data.rules:
        key = (rule.scope, rule.target_id)
        if key in seen:
            raise InvalidRule(reason_zh=f"{rule.scope} {rule.target_id} 重复", reason=f"{rule.scope} {rule.target_id} twice")
        seen.add(key)
        if rule.mode == "percent" and max(rule.level1, rule.level2) > MAX_PERCENT_BP:
            raise InvalidRule(reason_zh="比例最多 50%（5000）", reason="a percentage is at most 50% (5000 basis points)")
        if rule.scope == "item":
            await get_item(ctx, rule.target_id)
        else:
            await get_category(ctx, rule.target_id)


async def replace(ctx: Context, data: RulesIn) -> RulesOut:
    """Replace every override at once (what the console's form saves); refused whole if one is wrong."""
    ctx.require("plugins.manage")
    await _check(ctx, data)
    async with transaction():
        await delete(ctx, CommissionRule).where(CommissionRule.id > 0)
        now = ctx.now()
        for rule in data.rules:
            await insert(ctx, CommissionRule, **msgspec.structs.asdict(rule), created_at=now)
    return await listing(ctx)


async def lookup(ctx: Context) -> dict[tuple[str, int], dict[str, Any]]:
    return {(r["scope"], r["target_id"]): r for r in await select(ctx, CommissionRule)}


def line_commission(line: Line, level: int, overrides: dict[tuple[str, int], dict[str, Any]],
                    rules: ReferralSettings) -> int:
    """What ``line`` earns at ``level`` (1 or 2), in fen, on what was paid for it after discounts."""
    paid = line.amount_fen - line.discount_fen
    if paid <= 0:
        return 0
    rule = overrides.get(("item", line.item_id))
    if rule is None and line.category_id is not None:
        rule = overrides.get(("category", line.category_id))
    if rule is None:
        return paid * (rules.level1_bp if level == 1 else rules.level2_bp) // 10_000
    value = rule["level1"] if level == 1 else rule["level2"]
    earned = paid * value // 10_000 if rule["mode"] == "percent" else value * line.quantity
    return min(earned, paid)
