"""The sign-in plugin's refusals (zh-CN first, English beside it)."""

from __future__ import annotations

from sdk import DomainError


class InvalidPlan(DomainError):
    code = "invalid_sign_in_plan"
    status = 422
    zh = "签到规则有误：{reason_zh}"
    en = "Invalid sign-in plan: {reason}"


class MakeUpClosed(DomainError):
    code = "makeup_disabled"
    status = 409
    zh = "本店未开放补签"
    en = "Make-up sign-ins are not offered"


class MakeUpDayRefused(DomainError):
    code = "makeup_day_not_allowed"
    status = 422
    zh = "{day} 不能补签：{reason_zh}"
    en = "{day} cannot be made up: {reason}"


class MakeUpLimitReached(DomainError):
    code = "makeup_limit_reached"
    status = 409
    zh = "本月补签次数已用完（每月 {limit} 次）"
    en = "No make-ups left this month ({limit} a month)"


class AlreadySigned(DomainError):
    code = "already_signed_in"
    status = 409
    zh = "{day} 已签到"
    en = "{day} is signed already"


class GiftNotPending(DomainError):
    code = "gift_not_pending"
    status = 409
    zh = "礼品{state_zh}，不能再领取"
    en = "The gift is {state}; it cannot be collected"
