"""The flash-sale plugin's refusals (zh-CN first, English beside it)."""

from __future__ import annotations

from sdk import DomainError


class InvalidSession(DomainError):
    code = "invalid_flash_session"
    status = 422
    zh = "秒杀场次有误：{reason_zh}"
    en = "Invalid flash-sale session: {reason}"


class SessionStarted(DomainError):
    code = "flash_session_started"
    status = 409
    zh = "「{name}」已开始，只能停止，不能再修改"
    en = "'{name}' has started; it can be stopped but not changed"


class ItemInAnotherSession(DomainError):
    code = "flash_item_overlap"
    status = 409
    zh = "商品 {item_id} 已在同时段的场次「{other}」中"
    en = "Item {item_id} is already in '{other}' at the same time"


class NotOnSale(DomainError):
    code = "flash_sale_not_live"
    status = 409
    zh = "「{name}」{state_zh}"
    en = "'{name}' {state}"


class SoldOut(DomainError):
    code = "flash_sold_out"
    status = 409
    zh = "已抢光"
    en = "Sold out"


class MemberLimitReached(DomainError):
    code = "flash_limit_reached"
    status = 409
    zh = "每人限购 {limit} 件"
    en = "At most {limit} per member"


class ReservationClosed(DomainError):
    code = "flash_reservation_closed"
    status = 409
    zh = "秒杀订单{state_zh}，不能付款"
    en = "The flash-sale reservation is {state}; it cannot be paid"
