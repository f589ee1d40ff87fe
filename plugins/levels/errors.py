"""The levels plugin's refusals (zh-CN first, English beside it)."""

from __future__ import annotations

from sdk import DomainError


class InvalidTiers(DomainError):
    code = "invalid_level_tiers"
    status = 422
    zh = "会员等级设置有误：{reason_zh}"
    en = "Invalid level tiers: {reason}"


class TierInUse(DomainError):
    code = "level_tier_in_use"
    status = 409
    zh = "还有 {count} 位会员是「{name}」，不能删除这个等级"
    en = "{count} members are on level '{name}'; it cannot be removed"


class UnknownLevel(DomainError):
    code = "unknown_level"
    status = 422
    zh = "没有等级 {code}"
    en = "There is no level {code}"
