"""The cards plugin's refusals, in the domain's words (zh-CN first, English beside it)."""

from __future__ import annotations

from sdk import DomainError


class CardLineNeedsMember(DomainError):
    code = "card_needs_member"
    status = 422
    zh = "卡项「{name}」要发给会员：请先为订单选择会员"
    en = "Card item {name} is issued to a member: set the order's member first"


class CardExpired(DomainError):
    code = "card_expired"
    status = 409
    zh = "卡 {card_id} 已过期或尚未生效"
    en = "Card {card_id} has expired or is not valid yet"


class CardInactive(DomainError):
    code = "card_inactive"
    status = 409
    zh = "卡 {card_id} 已{status_zh}，不能使用"
    en = "Card {card_id} is {status} and cannot be used"


class NoSessionsLeft(DomainError):
    code = "card_no_sessions_left"
    status = 409
    zh = "卡 {card_id} 剩余次数不足（需要 {needed} 次，剩余 {available} 次）"
    en = "Card {card_id} has too few sessions left (needs {needed}, has {available})"


class NoUsableCard(DomainError):
    code = "no_usable_card"
    status = 409
    zh = "该会员没有可用的卡"
    en = "The member holds no card that can be used now"


class CardAmbiguous(DomainError):
    code = "card_ambiguous"
    status = 409
    zh = "该会员有多张可用的卡，请指定卡号：{card_ids}"
    en = "The member holds several usable cards; say which one: {card_ids}"


class WrongCardType(DomainError):
    code = "wrong_card_type"
    status = 409
    zh = "卡 {card_id} 是{card_type_zh}，不能{action_zh}"
    en = "Card {card_id} is a {card_type} card and cannot {action}"


class AlreadyCheckedInToday(DomainError):
    code = "card_checked_in_today"
    status = 409
    zh = "卡 {card_id} 今天已签到过"
    en = "Card {card_id} has already checked in today"


class UseNotUndoable(DomainError):
    code = "card_use_not_undoable"
    status = 409
    zh = "这次核销不能撤销：{reason_zh}"
    en = "This use cannot be undone: {reason}"


class CardRefundTooLarge(DomainError):
    code = "card_refund_exceeds_unused"
    status = 422
    zh = "卡 {card_id} 最多可退未使用部分 {unused_fen}，本次退 {amount_fen}"
    en = "Card {card_id} can refund at most its unused part, {unused_fen}; asked {amount_fen}"
    money = ("unused_fen", "amount_fen")


class SessionsPayServicesOnly(DomainError):
    code = "card_sessions_services_only"
    status = 422
    zh = "次卡只能抵扣服务项目（本单可抵扣的服务项目共 {services_yuan} 元）"
    en = "Card sessions pay for services only (this order has ¥{services_yuan} of services they may pay for)"


class CardDoesNotCover(DomainError):
    """The card's scope (适用范围) names none of the order's lines: nothing on it may be paid with it."""

    code = "card_does_not_cover"
    status = 422
    zh = "「{card}」不能抵扣本单的「{items}」：这张卡只适用于{scope}"
    en = "{card} cannot pay for {items_en}: it covers {scope_en} only"


class CardPaysCoveredLinesOnly(DomainError):
    """More asked of the card (with the order's other card tenders) than the lines it covers come to."""

    code = "card_pays_covered_lines_only"
    status = 422
    zh = "「{card}」只能抵扣本单中它适用的「{items}」，共 {covered_yuan} 元{others}；本次抵扣 {amount_yuan} 元"
    en = "{card} pays only for {items_en} on this order, ¥{covered_yuan} in all{others_en}; this tender is ¥{amount_yuan}"
