"""The bargain plugin's refusals (zh-CN first, English beside it)."""

from __future__ import annotations

from sdk import DomainError


class InvalidCampaign(DomainError):
    code = "invalid_bargain_campaign"
    status = 422
    zh = "砍价活动有误：{reason_zh}"
    en = "Invalid bargain campaign: {reason}"


class CampaignNotLive(DomainError):
    code = "bargain_campaign_not_live"
    status = 409
    zh = "「{name}」{state_zh}"
    en = "'{name}' {state}"


class SoldOut(DomainError):
    code = "bargain_sold_out"
    status = 409
    zh = "砍价商品已售罄"
    en = "The bargain item is sold out"


class StartLimitReached(DomainError):
    code = "bargain_limit_reached"
    status = 409
    zh = "每人最多发起 {limit} 次砍价"
    en = "At most {limit} bargains per member"


class UnknownShareCode(DomainError):
    code = "unknown_bargain_code"
    status = 404
    zh = "没有分享码为 {code} 的砍价"
    en = "No bargain has the share code {code}"


class BargainClosed(DomainError):
    code = "bargain_closed"
    status = 409
    zh = "砍价{state_zh}"
    en = "The bargain {state}"


class BargainComplete(DomainError):
    code = "bargain_complete"
    status = 409
    zh = "已经砍到底价，不需要再砍了"
    en = "The bargain is already at its floor price"


class AlreadyHelped(DomainError):
    code = "bargain_already_helped"
    status = 409
    zh = "你已经帮砍过这一单了"
    en = "You have already cut this bargain"


class CannotHelpSelf(DomainError):
    code = "bargain_own"
    status = 409
    zh = "不能给自己砍价，请分享给好友"
    en = "You cannot cut your own bargain; share it with friends"


class NotNewMember(DomainError):
    code = "bargain_new_members_only"
    status = 409
    zh = "仅限新会员（还没有消费过）帮砍"
    en = "Only new members (no purchase yet) may cut"


class NotAtFloor(DomainError):
    code = "bargain_not_at_floor"
    status = 409
    zh = "砍到底价后才能购买，还差 {left} 刀"
    en = "It can be bought only at the floor price; {left} cuts to go"


class BelowFloor(DomainError):
    code = "bargain_below_floor"
    status = 422
    zh = "价格不能低于底价 {floor}"
    en = "The price cannot be below the floor price {floor}"


class PriceChanged(DomainError):
    code = "bargain_price_changed"
    status = 409
    zh = "价格已变为 {current}，请刷新后再买"
    en = "The price is now {current}; look again before buying"
