"""The group-buy plugin's refusals (zh-CN first, English beside it)."""

from __future__ import annotations

from sdk import DomainError


class InvalidDeal(DomainError):
    code = "invalid_group_deal"
    status = 422
    zh = "拼团活动有误：{reason_zh}"
    en = "Invalid group-buy deal: {reason}"


class PriceOrder(DomainError):
    code = "group_price_order"
    status = 422
    zh = "同一商品的价格须为 团购价 > 好友团价 > 多人团价：{reason_zh}"
    en = "Prices of one item must be regular > friends > multi-person: {reason}"


class DealNotLive(DomainError):
    code = "group_deal_not_live"
    status = 409
    zh = "「{name}」{state_zh}"
    en = "'{name}' {state}"


class WrongKind(DomainError):
    code = "group_deal_kind"
    status = 409
    zh = "「{name}」{reason_zh}"
    en = "'{name}': {reason}"


class SoldOut(DomainError):
    code = "group_sold_out"
    status = 409
    zh = "拼团商品已售罄"
    en = "The group-buy item is sold out"


class MemberLimitReached(DomainError):
    code = "group_limit_reached"
    status = 409
    zh = "每人限购 {limit} 件"
    en = "At most {limit} per member"


class GroupFull(DomainError):
    code = "group_full"
    status = 409
    zh = "该团已满员"
    en = "The group is full"


class GroupClosed(DomainError):
    code = "group_closed"
    status = 409
    zh = "该团{state_zh}"
    en = "The group {state}"


class AlreadyInGroup(DomainError):
    code = "group_already_joined"
    status = 409
    zh = "你已在这个团中"
    en = "You are already in this group"


class NotNewMember(DomainError):
    code = "group_new_members_only"
    status = 409
    zh = "老带新团仅限新会员（尚无消费）参团"
    en = "Old-brings-new groups take only new members (no purchase yet)"


class JoinClosed(DomainError):
    code = "group_join_closed"
    status = 409
    zh = "拼团订单{state_zh}，不能付款"
    en = "The group-buy order is {state}; it cannot be paid"


class DealStarted(DealNotLive):
    code = "group_deal_started"
    zh = "「{name}」已开始，只能停止，不能再修改"
    en = "'{name}' has started; it can be stopped but not changed"
