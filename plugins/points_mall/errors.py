"""The points mall's refusals (zh-CN first, English beside it)."""

from __future__ import annotations

from sdk import DomainError


class InvalidReward(DomainError):
    code = "points_mall_invalid_reward"
    status = 422
    zh = "兑换商品设置有误：{reason_zh}"
    en = "Invalid reward: {reason}"


class RewardUnavailable(DomainError):
    code = "points_mall_unavailable"
    status = 409
    zh = "「{title}」{reason_zh}"
    en = "'{title}' {reason}"


class OutOfStock(DomainError):
    code = "points_mall_out_of_stock"
    status = 409
    zh = "「{title}」已兑完"
    en = "'{title}' is out of stock"


class LimitReached(DomainError):
    code = "points_mall_limit_reached"
    status = 409
    zh = "「{title}」每人限兑 {limit} 件，已兑满"
    en = "'{title}' is limited to {limit} per member"


class WrongMethod(DomainError):
    code = "points_mall_wrong_method"
    status = 422
    zh = "「{title}」不支持该领取方式：{reason_zh}"
    en = "'{title}' cannot be fulfilled that way: {reason}"


class PointsMallTenderOnly(DomainError):
    code = "points_mall_tender_only"
    status = 422
    zh = "「积分兑换」支付方式只用于积分商城兑换"
    en = "The points_mall tender pays points-mall exchanges only"


class CouponExchangeFinal(DomainError):
    code = "points_mall_coupon_final"
    status = 409
    zh = "兑换的优惠券已发到会员账户，不能退款"
    en = "The coupon of this exchange was issued to the member; it cannot be refunded"


class PickupNotFound(DomainError):
    code = "points_mall_pickup_not_found"
    status = 404
    zh = "没有待领取的提货码 {code}"
    en = "No pickup with code {code}"


class WrongStatus(DomainError):
    code = "points_mall_wrong_status"
    status = 409
    zh = "兑换单当前为「{status_zh}」，不能{action_zh}"
    en = "The exchange is {status} and cannot be {action}"


class WrongPickupStore(DomainError):
    code = "points_mall_wrong_store"
    status = 409
    zh = "该兑换须在门店 {store_id} 领取"
    en = "This exchange is collected at store {store_id}"
