"""The coupons plugin's refusals (zh-CN first, English beside it)."""

from __future__ import annotations

from sdk import DomainError


class InvalidTemplate(DomainError):
    code = "invalid_coupon_template"
    status = 422
    zh = "优惠券设置有误：{reason_zh}"
    en = "Invalid coupon template: {reason}"


class OutOfStock(DomainError):
    code = "coupon_out_of_stock"
    status = 409
    zh = "「{name}」已领完"
    en = "'{name}' has run out"


class LimitReached(DomainError):
    code = "coupon_limit_reached"
    status = 409
    zh = "「{name}」每人限领 {limit} 张，已领完"
    en = "'{name}' is limited to {limit} per member"


class NotIssuable(DomainError):
    code = "coupon_not_issuable"
    status = 409
    zh = "「{name}」已停发或已过期"
    en = "'{name}' is stopped or over"


class CouponUnusable(DomainError):
    code = "coupon_unusable"
    status = 409
    zh = "优惠券不能用于本单：{reason_zh}"
    en = "The coupon cannot be used on this order: {reason}"


class CouponAlreadyUsed(DomainError):
    code = "coupon_already_used"
    status = 409
    zh = "优惠券 {code} 已被使用（可能在另一台收银机上），本单未收款；请移除该券后重新结算"
    en = "Coupon {code} was used already (perhaps at another till); nothing was paid. Take it off and pay again"


class TermsFixed(DomainError):
    code = "coupon_terms_fixed"
    status = 409
    zh = "「{name}」已发出 {issued} 张，不能再改优惠内容（{fields}）；请新建一个券"
    en = "'{name}' has {issued} issued; its terms ({fields}) cannot change: create a new template"
