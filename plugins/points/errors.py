"""The points plugin's refusals, in the domain's words (zh-CN first, English beside it)."""

from __future__ import annotations

from sdk import DomainError


class PointsNeedMember(DomainError):
    code = "points_need_member"
    status = 422
    zh = "积分抵现需要会员：请先为订单选择会员"
    en = "Paying with points needs a member on the order"


class PointsNotWhole(DomainError):
    code = "points_not_whole"
    status = 422
    zh = "积分抵现金额 {amount_fen} 不能用整数积分支付（{points_per_yuan} 积分抵 1 元）"
    en = "{amount_fen} cannot be paid with whole points ({points_per_yuan} points per yuan)"
    money = ("amount_fen",)


class PointsOverCap(DomainError):
    code = "points_over_cap"
    status = 422
    zh = "积分最多抵订单金额的 {percent}%（{cap_fen}），本次 {amount_fen}"
    en = "Points pay at most {percent}% of the order ({cap_fen}); asked {amount_fen}"
    money = ("cap_fen", "amount_fen")


class ZeroAdjustment(DomainError):
    code = "points_adjustment_zero"
    status = 422
    zh = "调整积分不能为 0"
    en = "An adjustment cannot be zero points"
