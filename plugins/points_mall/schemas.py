"""The points mall's settings and API shapes: rewards (兑换商品), exchanges (兑换记录), figures."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

import msgspec
from msgspec import Meta

from sdk import setting_label

Kind = Literal["goods", "coupon", "service"]
Method = Literal["pickup", "delivery", "coupon"]
METHOD_NAMES: dict[str, tuple[str, str]] = {"pickup": ("到店自提", "pickup at the store"), "delivery": ("邮寄到家", "delivery"),
                                            "coupon": ("直接发券", "a coupon issued at once")}
"""How each way a reward reaches the member reads in a message (zh, en)."""
Status = Literal["pending", "collected", "shipped", "delivered", "issued", "refunded", "cancelled"]
CashTender = Literal["cash", "stored_value", "external"]
Title = Annotated[str, Meta(min_length=1, max_length=40, pattern=r"\S")]
Short = Annotated[str, Meta(min_length=1, max_length=40, pattern=r"\S")]


class PointsMallSettings(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """积分商城: whether members see it in their app, and how they pay a cash part there."""

    show_in_app: Annotated[bool, setting_label("会员端显示积分商城", "Show the points mall to members")] = True
    # 会员端支付现金部分的方式：储值（线上支付须接入支付渠道后再开放）. The app cannot take an
    # external payment on the member's word: that waits for a payment provider's confirmation.
    member_cash_tenders: Annotated[list[Literal["stored_value"]], setting_label(
        "会员端支付现金部分的方式", "How members pay the cash part in the app", {"stored_value": ("储值", "Stored value")}),
    ] = msgspec.field(default_factory=lambda: ["stored_value"])


class RewardIn(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """A reward: ``points`` (> 0) plus ``cash_fen`` (加价购, ≥ 0) buys the catalog item ``sku``.

    ``kind``: ``goods`` (picked up and/or delivered), ``service`` (a class or treatment, at the
    store) or ``coupon`` (``coupon_template_id`` issued at once). ``sku`` names the catalog item
    the exchange's order sells; its price is what the exchange is worth in the books and must be
    above ``cash_fen``. ``stock``: how many may be exchanged in all; ``per_member_limit`` None:
    unlimited. Valid on store-local days ``valid_from``–``valid_until`` (both included, either
    open). ``store_ids`` empty: every store. ``methods``: how it reaches the member.
    """

    kind: Kind
    title: Title
    title_en: Annotated[str, Meta(max_length=60)] = ""
    image_url: Annotated[str, Meta(max_length=300, pattern=r"^(https?://\S+)?$")] = ""
    sku: Annotated[str, Meta(min_length=1, max_length=64)]
    coupon_template_id: int | None = None
    points: Annotated[int, Meta(ge=1, le=100_000_000)]
    cash_fen: Annotated[int, Meta(ge=0, le=10_000_000_00)] = 0
    stock: Annotated[int, Meta(ge=0, le=10_000_000)]
    per_member_limit: Annotated[int, Meta(ge=1, le=1000)] | None = None
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    active: bool = True
    store_ids: Annotated[list[int], Meta(max_length=200)] = []
    methods: Annotated[list[Method], Meta(min_length=1, max_length=3)]


class RewardOut(RewardIn, kw_only=True):
    id: int
    item_id: int
    item_name: str
    value_fen: int  # the catalog item's price: what the exchange is worth in the books
    taken: int
    stock_left: int
    created_at: dt.datetime


class Offer(msgspec.Struct, kw_only=True):
    """A reward in the member's mall now: what is left of the stock and of my limit."""

    reward: RewardOut
    stock_left: int
    my_left: int | None  # None: no per-member limit
    can_exchange: bool


class ExchangeIn(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """兑换: how the member receives it and how the cash part (if any) is paid.

    ``store_id``: where it is collected (and whose books it goes in); defaults to the till's
    store. Delivery needs ``recipient``, ``phone`` and ``address``. ``cash_tender``: the tender of
    the cash part (``external`` needs its ``reference``).
    """

    method: Method
    store_id: int | None = None
    cash_tender: CashTender | None = None
    reference: Annotated[str, Meta(max_length=100)] = ""
    recipient: Annotated[str, Meta(max_length=40)] = ""
    phone: Annotated[str, Meta(max_length=20)] = ""
    address: Annotated[str, Meta(max_length=200)] = ""


class StaffExchangeIn(ExchangeIn, kw_only=True):
    """A cashier exchanges for a member at the till."""

    member_id: int


class ExchangeOut(msgspec.Struct, kw_only=True):
    """One exchange. ``pickup_code`` is shown to the member only: staff verify what the member shows."""

    id: int
    reward_id: int
    kind: str
    title: str
    title_en: str
    member_id: int
    order_id: int
    store_id: int
    points: int
    cash_fen: int
    method: str
    status: str
    pickup_code: str | None
    coupon_code: str
    recipient: str
    phone: str
    address: str
    carrier: str
    tracking_no: str
    created_at: dt.datetime
    collected_at: dt.datetime | None
    collected_store_id: int | None
    shipped_at: dt.datetime | None
    delivered_at: dt.datetime | None
    closed_at: dt.datetime | None


class VerifyIn(msgspec.Struct, forbid_unknown_fields=True):
    code: Annotated[str, Meta(min_length=4, max_length=12)]


class ShipIn(msgspec.Struct, forbid_unknown_fields=True):
    carrier: Short
    tracking_no: Annotated[str, Meta(min_length=1, max_length=60, pattern=r"\S")]


class CancelIn(msgspec.Struct, forbid_unknown_fields=True):
    reason: Annotated[str, Meta(max_length=200)] = ""


class RewardFigures(msgspec.Struct, kw_only=True):
    """兑换效果: exchanges kept and refunded, points and cash taken, and where the goods are."""

    reward_id: int
    stock: int
    taken: int
    stock_left: int
    exchanged: int
    refunded: int
    points: int
    cash_fen: int
    to_collect: int
    collected: int
    to_ship: int
    shipped: int
    delivered: int
    coupons_issued: int
