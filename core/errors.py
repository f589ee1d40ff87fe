"""Domain errors: raised by services in the domain's words, mapped once to problem+json.

Each error has a stable machine ``code``, an HTTP status, and a message in Chinese and English
(zh-CN first: merchants and members read these). Extra keyword arguments are carried into the
problem document so a client can act on them (``needed``, ``available``, ``field``...). Amounts
stay integers in fen there, for machines; the messages people read show them in yuan.
"""

from __future__ import annotations

from typing import Any, ClassVar

from core.console.formatting import yuan_text
from core.tenancy.permissions import PERMISSIONS


class DomainError(Exception):
    """Base of every refusal in the domain's words: subclass it with ``code``, ``status``, ``zh`` and ``en``.

    Name in ``money`` the keyword arguments that are amounts in fen: ``zh`` and ``en`` show them as
    ¥ yuan (people read yuan), while the problem document keeps the integers for clients.
    """

    code: ClassVar[str] = "domain_error"
    status: ClassVar[int] = 400
    zh: ClassVar[str] = "请求无法完成"
    en: ClassVar[str] = "The request cannot be completed"
    money: ClassVar[tuple[str, ...]] = ()
    """Extras that are amounts in fen: the messages show them as ¥ yuan, the problem keeps the integer."""

    def __init__(self, zh: str | None = None, en: str | None = None, **extra: Any) -> None:
        self.extra = extra
        self.detail_zh = zh or self.zh.format(**{**extra, **self.words(extra, "zh")})
        self.detail_en = en or self.en.format(**{**extra, **self.words(extra, "en")})
        super().__init__(f"{self.code}: {self.detail_en}")

    def words(self, extra: dict[str, Any], language: str) -> dict[str, str]:
        """How the extras read in a message of ``language`` ("zh" or "en"): amounts in yuan."""
        return {name: f"¥{yuan_text(extra[name])}" for name in self.money if isinstance(extra.get(name), int)}

    @property
    def message(self) -> str:
        """One line for the CLI: Chinese first, English beside it."""
        return f"{self.detail_zh} / {self.detail_en}"


class InvalidInput(DomainError):
    """A value the rules refuse (422); ``field`` names it."""

    code = "invalid_input"
    status = 422
    zh = "输入有误：{field}"
    en = "Invalid value for {field}"


class NumberOutOfRange(DomainError):
    """A number in the query or body beyond what the database stores (BIGINT, ±(2⁶³−1)) (422)."""

    code = "number_out_of_range"
    status = 422
    zh = "数值超出范围：{field}"
    en = "Number out of range: {field}"


class NestingTooDeep(DomainError):
    """A JSON body nested deeper than ``limit`` levels (400): no request of ours needs it."""

    code = "nesting_too_deep"
    status = 400
    zh = "JSON 嵌套超过 {limit} 层"
    en = "JSON nested deeper than {limit} levels"


#: What a merchant calls each ``resource`` a NotFound names: "未找到会员", never "未找到member".
RESOURCE_NAMES_ZH: dict[str, str] = {
    "api key": "API 密钥", "bargain": "砍价", "batch action": "批量操作", "bargain campaign": "砍价活动", "bonus rule": "充值赠送规则",
    "card": "次卡", "card use": "次卡核销记录", "category": "商品分类", "code": "码", "coupon": "优惠券",
    "coupon template": "优惠券模板", "exchange": "兑换记录", "flash sale item": "秒杀商品",
    "flash-sale item": "秒杀商品", "flash-sale reservation": "秒杀预留", "flash-sale session": "秒杀场次",
    "gift": "礼品", "group": "拼团", "group-buy deal": "拼团活动", "group-buy join": "拼团参团记录",
    "group-buy order": "拼团订单", "item": "商品", "logo": "标志", "member": "会员", "member import": "会员导入记录",
    "member level": "会员等级", "message": "短信", "order": "订单", "order line": "订单行", "page": "页面",
    "payout": "佣金提现", "plugin": "应用", "promoter": "推广员", "reward": "兑换品", "staff": "员工",
    "store": "门店", "tenant": "商户", "tender": "支付记录", "top-up": "充值记录",
}


class NotFound(DomainError):
    """No such ``resource`` for this tenant (404): another tenant's rows read as not found.

    The Chinese message names the resource as merchants do (``RESOURCE_NAMES_ZH``).
    """

    code = "not_found"
    status = 404
    zh = "未找到{resource_zh}"
    en = "{resource} not found"

    def __init__(self, zh: str | None = None, en: str | None = None, **extra: Any) -> None:
        resource = str(extra.get("resource", ""))
        super().__init__(zh or self.zh.format(resource_zh=RESOURCE_NAMES_ZH.get(resource, resource)), en, **extra)


class BatchTooLarge(DomainError):
    """More members chosen for one batch action (批量操作) than a batch takes (422)."""

    code = "batch_too_large"
    status = 422
    zh = "一次最多操作 {limit} 位会员，已选 {chosen} 位：请缩小筛选范围后分批操作"
    en = "A batch takes at most {limit} members and {chosen} were chosen: narrow the filter and do it in parts"


class NoMembersChosen(DomainError):
    """A batch action with no member to act on (422)."""

    code = "no_members_chosen"
    status = 422
    zh = "请先勾选会员"
    en = "Choose members first"


class Conflict(DomainError):
    """The request conflicts with what is stored (409), e.g. a duplicate."""

    code = "conflict"
    status = 409
    zh = "与现有数据冲突"
    en = "Conflicts with existing data"


class Unauthenticated(DomainError):
    code = "unauthenticated"
    status = 401
    zh = "请先登录或提供有效的 API 密钥"
    en = "Sign in or send a valid API key"


class Forbidden(DomainError):
    """The actor lacks ``permission`` (403); the message names it as the role editor does (查看报表)."""

    code = "forbidden"
    status = 403
    zh = "没有权限：{permission_zh}"
    en = "Not allowed: {permission_en}"

    def __init__(self, zh: str | None = None, en: str | None = None, **extra: Any) -> None:
        permission = str(extra.get("permission", ""))
        label_zh, label_en = PERMISSIONS.get(permission, (permission, permission))
        super().__init__(zh or self.zh.format(permission_zh=label_zh),
                         en or self.en.format(permission_en=label_en), **extra)


class StoreOutOfScope(DomainError):
    """A store-limited staff member reached outside their stores (403)."""

    code = "store_out_of_scope"
    status = 403
    zh = "您只能在自己的门店操作，门店 {store_id} 不在您的范围内"
    en = "You may act only in your own stores; store {store_id} is not one of them"


class GrantTooWide(DomainError):
    """A staff member tried to give more than they hold: a role, stores or their own scope (403)."""

    code = "grant_too_wide"
    status = 403
    zh = "不能授予超出自己权限或门店范围的账号"
    en = "Cannot grant more than you hold"


class InvalidCredentials(DomainError):
    code = "invalid_credentials"
    status = 401
    zh = "账号或密码错误"
    en = "Wrong username or password"


class DuplicatePhone(DomainError):
    code = "duplicate_phone"
    status = 409
    zh = "手机号 {phone} 已登记为会员"
    en = "Phone {phone} is already registered"


class InvalidPhone(DomainError):
    code = "invalid_phone"
    status = 422
    zh = "手机号无效：{phone}"
    en = "Invalid phone number: {phone}"


class InvalidMemberCode(DomainError):
    code = "invalid_member_code"
    status = 422
    zh = "会员码无效或已被篡改"
    en = "The member code is invalid or was tampered with"


class MemberCodeExpired(DomainError):
    code = "member_code_expired"
    status = 422
    zh = "会员码已过期，请刷新后重新出示"
    en = "The member code has expired; refresh it and show it again"


class UnknownPlugin(DomainError):
    code = "unknown_plugin"
    status = 404
    zh = "未安装插件 {plugin}"
    en = "Plugin {plugin} is not installed"


class PluginRefusedAtStart(DomainError):
    """The plugin was found but refused when the server or command started: ``reason`` says why."""

    code = "plugin_refused"
    status = 409
    zh = "插件 {plugin} 未能加载，无法使用：{reason_zh}"
    en = "Plugin {plugin} was refused at start-up and cannot be used: {reason}"


class PluginRequired(DomainError):
    """``plugin`` and ``required_by`` are names, for clients. The Chinese message names the plugins by
    title only (拼团); the English one adds the names an operator types in ``mendian plugin``."""

    code = "plugin_required"
    status = 409
    zh = "「{title}」正被「{required_by_titles}」依赖，不能停用"
    en = "{title_en} ({plugin}) is required by {required_by_titles_en} and cannot be turned off"


class PluginUnavailable(DomainError):
    code = "plugin_unavailable"
    status = 409
    zh = "插件 {plugin} 无法启用：{reason}"
    en = "Plugin {plugin} cannot be enabled: {reason}"


class InvalidPluginSettings(DomainError):
    code = "invalid_plugin_settings"
    status = 422
    zh = "插件 {plugin} 的设置有误：{reason}"
    en = "Invalid settings for plugin {plugin}: {reason}"


class PluginHookFailed(DomainError):
    """A plugin's hook raised something that is not a domain error: the event rolled back."""

    code = "plugin_failed"
    status = 502
    zh = "插件 {plugin} 在 {hook} 中出错，操作已撤销"
    en = "Plugin {plugin} failed in {hook}; nothing was changed"


class IdempotencyConflict(DomainError):
    code = "idempotency_key_reused"
    status = 409
    zh = "该幂等键已用于另一个请求"
    en = "This Idempotency-Key was used for a different request"


class IdempotencyInProgress(DomainError):
    """The first request with this key is still running (409): retry after ``retry_after_s``
    seconds to get its response."""

    code = "idempotency_in_progress"
    status = 409
    zh = "使用该幂等键的请求仍在处理中，请 {retry_after_s} 秒后重试"
    en = "A request with this Idempotency-Key is still in progress; retry in {retry_after_s} seconds"


UNIT_WORDS = {"POINT": ("{} 积分", "{} points"), "SESSION": ("{} 次", "{} sessions")}
"""How a count in a ledger unit other than money reads in a message (zh, en)."""


class InsufficientBalance(DomainError):
    """A balance that may not go negative would (409): ``needed`` and ``available`` say by how much,
    in the account's ``unit`` (fen for money, else points or sessions)."""

    code = "insufficient_balance"
    status = 409
    zh = "{account}余额不足：需要 {needed}，可用 {available}"
    en = "Insufficient {account_en}: {needed} needed, {available} available"

    def __init__(self, zh: str | None = None, en: str | None = None, *, unit: str = "CNY", **extra: Any) -> None:
        super().__init__(zh, en, unit=unit, **extra)

    def words(self, extra: dict[str, Any], language: str) -> dict[str, str]:
        pattern = UNIT_WORDS.get(extra["unit"])
        if pattern is None:  # money
            return {name: f"¥{yuan_text(extra[name])}" for name in ("needed", "available")}
        text = pattern[0 if language == "zh" else 1]
        return {name: text.format(f"{extra[name]:,}") for name in ("needed", "available")}


class UnbalancedEntry(DomainError):
    """A programming error in a caller, not bad input: an entry that doesn't sum to zero."""

    code = "unbalanced_entry"
    status = 422
    zh = "分录借贷不平：{unit} 合计 {total}"
    en = "Entry does not balance: {unit} sums to {total}"


class OrderStatusRefusal(DomainError):
    """An order whose ``status`` does not allow the request: the message names the status, not its code."""

    def words(self, extra: dict[str, Any], language: str) -> dict[str, str]:
        from core.orders.schemas import ORDER_STATUS_NAMES  # the orders package imports this module

        names = ORDER_STATUS_NAMES.get(extra.get("status", ""))
        return {"status": names[0 if language == "zh" else 1]} if names else {}


class OrderNotEditable(OrderStatusRefusal):
    code = "order_not_editable"
    status = 409
    zh = "订单{status}，不能修改"
    en = "The order is {status} and cannot be changed"


class OrderNotPayable(OrderStatusRefusal):
    code = "order_not_payable"
    status = 409
    zh = "订单{status}，不能收款"
    en = "The order is {status} and cannot be paid"


class OrderHeld(DomainError):
    code = "order_held"
    status = 409
    zh = "订单已挂单在收银台 {till}，请先在该收银台取单"
    en = "The order is held at till {till}; resume it there first"


class WrongStore(DomainError):
    code = "wrong_store"
    status = 409
    zh = "订单属于另一家门店"
    en = "The order belongs to another store"


class TendersMismatch(DomainError):
    """The tenders do not add up to what is due (422); ``paid`` and ``total`` in fen."""

    code = "tenders_mismatch"
    status = 422
    zh = "支付合计 {paid} 与应付 {total} 不符（{gap}）"
    en = "Tenders add up to {paid} but {total} is due ({gap})"

    def words(self, extra: dict[str, Any], language: str) -> dict[str, str]:
        gap = extra["total"] - extra["paid"]
        if language == "zh":
            said = f"还差 ¥{yuan_text(gap)}" if gap > 0 else f"多了 ¥{yuan_text(-gap)}"
        else:
            said = f"¥{yuan_text(gap)} short" if gap > 0 else f"¥{yuan_text(-gap)} over"
        return {"paid": f"¥{yuan_text(extra['paid'])}", "total": f"¥{yuan_text(extra['total'])}", "gap": said}


class UnknownTender(DomainError):
    code = "unknown_tender"
    status = 422
    zh = "不支持的支付方式：{kind}"
    en = "Unknown tender: {kind}"


class RefundTooLarge(DomainError):
    code = "refund_too_large"
    status = 422
    zh = "退款 {amount} 超过可退金额 {refundable}"
    en = "A refund of {amount} exceeds the {refundable} refundable"
    money = ("amount", "refundable")


class InvalidAdjustment(DomainError):
    code = "invalid_adjustment"
    status = 502
    zh = "插件 {plugin} 返回的优惠无效：{reason}"
    en = "Plugin {plugin} returned an invalid adjustment: {reason}"


class FeatureNotEnabled(DomainError):
    """A plugin asked another for a service (points, coupons) that this tenant has not enabled (409)."""

    code = "feature_not_enabled"
    status = 409
    zh = "本店未启用{feature_zh}（插件 {plugin}）"
    en = "This store has not enabled {feature} (plugin {plugin})"
