"""The rules of 充就送, kept pure: a tier's bonus, which tier applies, and which tiers contradict.

* A fixed tier gives ``bonus_fen`` for any top-up of at least ``min_amount_fen``; a percentage
  tier gives ``amount × bonus_percent / 100`` rounded down to the fen, at most ``max_bonus_fen``.
* The tier that applies is, of the active tiers whose window (store-local days, both included)
  holds today, whose threshold the top-up reaches and whose per-member limit the member has not
  used up, the one that gives the most; a tie goes to the higher threshold, then the older rule.
* Tiers are refused when they would confuse a member: a bonus above its own threshold (a typo:
  an extra zero), two active tiers with one threshold in overlapping windows, and a higher tier
  that gives less at its own threshold than a lower tier gives there (it could never apply).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from plugins.stored_value.errors import ContradictoryTiers, InvalidBonusRule, OverlappingTiers
from sdk import yuan_text


def bonus_of(rule: Any, amount_fen: int) -> int:
    """The bonus ``rule`` gives a top-up of ``amount_fen`` (0 below its threshold)."""
    if amount_fen < _get(rule, "min_amount_fen"):
        return 0
    if _get(rule, "bonus_fen") is not None:
        return _get(rule, "bonus_fen")
    bonus = amount_fen * _get(rule, "bonus_percent") // 100
    cap = _get(rule, "max_bonus_fen")
    return bonus if cap is None else min(bonus, cap)


def in_window(rule: Any, day: dt.date) -> bool:
    starts, ends = _get(rule, "starts_on"), _get(rule, "ends_on")
    return (starts is None or starts <= day) and (ends is None or day <= ends)


def best(rules: list[Any], amount_fen: int, day: dt.date, used: dict[int, int]) -> tuple[Any | None, int]:
    """The tier that applies to a top-up of ``amount_fen`` on ``day`` and its bonus (None, 0 for none).

    ``used`` is how often the member has had each rule (by id).
    """
    chosen, chosen_bonus = None, 0
    for rule in sorted(rules, key=lambda r: (-_get(r, "min_amount_fen"), _get(r, "id"))):
        limit = _get(rule, "per_member_limit")
        used_up = limit is not None and used.get(_get(rule, "id"), 0) >= limit
        if not _get(rule, "active") or not in_window(rule, day) or used_up:
            continue
        bonus = bonus_of(rule, amount_fen)
        if bonus > chosen_bonus:
            chosen, chosen_bonus = rule, bonus
    return chosen, chosen_bonus


def describe(rule: Any) -> tuple[str, str]:
    """充 1000 送 200 / Top up ¥1,000, get ¥200 — what a member reads."""
    threshold = yuan_text(_get(rule, "min_amount_fen"))
    if _get(rule, "bonus_fen") is not None:
        bonus = yuan_text(_get(rule, "bonus_fen"))
        return f"充 {threshold} 元送 {bonus} 元", f"Top up ¥{threshold}, get ¥{bonus}"
    pct, cap = _get(rule, "bonus_percent"), _get(rule, "max_bonus_fen")
    zh, en = f"充 {threshold} 元起送 {pct}%", f"Top up ¥{threshold} or more, get {pct}%"
    if cap is not None:
        zh, en = f"{zh}（最多 {yuan_text(cap)} 元）", f"{en} (at most ¥{yuan_text(cap)})"
    return zh, en


def check(rule: Any, others: list[Any]) -> None:
    """Refuse a tier that is wrong in itself or against the other active tiers (``others``)."""
    fixed, pct = _get(rule, "bonus_fen"), _get(rule, "bonus_percent")
    if (fixed is None) == (pct is None):
        raise InvalidBonusRule(reason_zh="请填写赠送金额或赠送比例（只填一个）",
                               reason="give either a fixed bonus or a percentage, not both")
    if fixed is not None and _get(rule, "max_bonus_fen") is not None:
        raise InvalidBonusRule(reason_zh="封顶金额只用于按比例赠送", reason="a cap applies to a percentage only")
    if fixed is not None and fixed > _get(rule, "min_amount_fen"):
        raise InvalidBonusRule(reason_zh="赠送金额不能超过充值门槛", reason="the bonus cannot exceed the threshold")
    starts, ends = _get(rule, "starts_on"), _get(rule, "ends_on")
    if starts is not None and ends is not None and ends < starts:
        raise InvalidBonusRule(reason_zh="结束日期早于开始日期", reason="the period ends before it starts")
    if not _get(rule, "active"):
        return
    for other in others:
        if not _get(other, "active") or not _overlap(rule, other):
            continue
        if _get(other, "min_amount_fen") == _get(rule, "min_amount_fen"):
            raise OverlappingTiers(other=_get(other, "name"))
        low, high = sorted((rule, other), key=lambda r: _get(r, "min_amount_fen"))
        at = _get(high, "min_amount_fen")
        if bonus_of(high, at) < bonus_of(low, at):
            raise ContradictoryTiers(high_yuan=yuan_text(at), low=_get(low, "name"), low_yuan=yuan_text(_get(low, "min_amount_fen")))


def _overlap(a: Any, b: Any) -> bool:
    far_past, far_future = dt.date.min, dt.date.max
    return ((_get(a, "starts_on") or far_past) <= (_get(b, "ends_on") or far_future)
            and (_get(b, "starts_on") or far_past) <= (_get(a, "ends_on") or far_future))


def _get(rule: Any, name: str) -> Any:
    return rule[name] if isinstance(rule, dict) else getattr(rule, name)
