"""The stored_value plugin's refusals, in the domain's words (zh-CN first, English beside it)."""

from __future__ import annotations

from sdk import DomainError


class InvalidBonusRule(DomainError):
    code = "invalid_bonus_rule"
    status = 422
    zh = "充值活动设置有误：{reason_zh}"
    en = "Invalid top-up bonus rule: {reason}"


class OverlappingTiers(DomainError):
    code = "overlapping_bonus_tiers"
    status = 409
    zh = "与活动「{other}」的门槛相同且时间重叠"
    en = "Same threshold as rule '{other}' in an overlapping period"


class ContradictoryTiers(DomainError):
    code = "contradictory_bonus_tiers"
    status = 409
    zh = "档位矛盾：充 {high_yuan} 元送得比「{low}」（充 {low_yuan} 元起）还少"
    en = "Contradictory tiers: topping up ¥{high_yuan} would get less than rule '{low}' (from ¥{low_yuan})"


class BonusLimitReached(DomainError):
    code = "bonus_limit_reached"
    status = 409
    zh = "活动「{rule}」每人限享 {limit} 次，已用完；请重试，本次按无赠送充值"
    en = "Rule '{rule}' is limited to {limit} per member and is used up; retry to top up without it"
