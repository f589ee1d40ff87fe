"""The referral plugin's refusals (zh-CN first, English beside it)."""

from __future__ import annotations

from sdk import DomainError


class UnknownReferralCode(DomainError):
    code = "referral_code_not_found"
    status = 404
    zh = "推广码 {code} 不存在"
    en = "No promoter has the share code {code}"


class PromoterNotActive(DomainError):
    code = "promoter_not_active"
    status = 409
    zh = "推广员「{name}」尚未通过审核"
    en = "Promoter '{name}' is not approved yet"


class NotPending(DomainError):
    code = "promoter_not_pending"
    status = 409
    zh = "推广员「{name}」不在待审核状态"
    en = "Promoter '{name}' is not waiting for approval"


class AlreadyPromoter(DomainError):
    code = "already_promoter"
    status = 409
    zh = "已经是推广员（推广码 {code}）"
    en = "Already a promoter (share code {code})"


class AlreadyBound(DomainError):
    code = "already_bound"
    status = 409
    zh = "该会员已绑定推广员「{promoter}」，不能更换"
    en = "This member is already bound to promoter '{promoter}'; a binding is never replaced"


class SelfReferral(DomainError):
    code = "self_referral"
    status = 422
    zh = "不能绑定自己为推广员"
    en = "A member cannot be their own promoter"


class ReferralLoop(DomainError):
    code = "referral_loop"
    status = 422
    zh = "不能互相推荐：「{promoter}」本身是由该会员推荐的"
    en = "Referrals cannot loop: '{promoter}' was brought by this member"


class InvalidRule(DomainError):
    code = "invalid_commission_rule"
    status = 422
    zh = "佣金规则有误：{reason_zh}"
    en = "Invalid commission rule: {reason}"


class PayoutTooLarge(DomainError):
    code = "payout_exceeds_available"
    status = 409
    zh = "可结算佣金不足：本次 {needed}，可结算 {available}"
    en = "Not enough commission available: {needed} asked, {available} available"
    money = ("needed", "available")


class PayoutMethodUnavailable(DomainError):
    code = "payout_method_unavailable"
    status = 422
    zh = "无法用此方式结算：{reason_zh}"
    en = "This payout method cannot be used: {reason}"
