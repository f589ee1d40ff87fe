"""Orders as the API and the plugins see them, and the requests that change them."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

import msgspec
from msgspec import Meta

from core.tenancy.schemas import Forbid

Fen = Annotated[int, Meta(ge=1, le=10_000_000_00)]  # one fen to ten million yuan
Quantity = Annotated[int, Meta(ge=1, le=9_999)]
Till = Annotated[str, Meta(min_length=1, max_length=40)]
OrderStatus = Literal["open", "held", "paid", "completed", "cancelled"]
ORDER_STATUS_NAMES: dict[str, tuple[str, str]] = {
    "open": ("进行中", "open"), "held": ("已挂单", "held"), "paid": ("已付款", "paid"),
    "completed": ("已完成", "completed"), "cancelled": ("已作废", "cancelled"),
}
"""How an order's status reads in a message (zh, en), as the console shows it."""


class LineIn(Forbid):
    item_id: int
    quantity: Quantity = 1


class OrderCreate(Forbid):
    lines: Annotated[list[LineIn], Meta(max_length=200)] = []
    member_id: int | None = None
    store_id: int | None = None  # defaults to the X-Store-Id of the request
    channel: Literal["in_store", "online"] = "in_store"
    note: Annotated[str, Meta(max_length=500)] = ""


class LinesReplace(Forbid):
    lines: Annotated[list[LineIn], Meta(max_length=200)]


class MemberSet(Forbid):
    member_id: int | None


class TillIn(Forbid):
    till: Till


class TenderIn(Forbid):
    kind: Annotated[str, Meta(pattern=r"^[a-z][a-z0-9_]{1,39}$")]
    amount_fen: Fen
    tendered_fen: Fen | None = None  # cash: what the customer handed over
    reference: Annotated[str, Meta(max_length=100)] = ""  # external: the terminal's or QR payment's id


class PayRequest(Forbid):
    tenders: Annotated[list[TenderIn], Meta(min_length=1, max_length=10)]
    till: Till | None = None


class RefundLineIn(Forbid):
    line_id: int
    quantity: Quantity


class RefundTenderIn(Forbid):
    tender_id: int
    amount_fen: Fen


class RefundRequest(Forbid):
    lines: Annotated[list[RefundLineIn], Meta(max_length=200)] = []
    amount_fen: Fen | None = None  # refund an amount rather than lines
    tenders: Annotated[list[RefundTenderIn], Meta(max_length=10)] = []  # the merchant's split; else proportional
    reason: Annotated[str, Meta(max_length=200)] = ""


# --- what plugins and clients see --------------------------------------------------------------


class Adjustment(msgspec.Struct, frozen=True):
    """A price adjustment a plugin returns from ``order_priced``: ``amount_fen`` off, and why."""

    source: str
    amount_fen: int
    reason: str
    reason_en: str = ""
    line_id: int | None = None  # None: the whole order
    reference: str = ""  # e.g. the coupon code


class Line(msgspec.Struct):
    id: int
    item_id: int
    sku: str
    name: str
    kind: str
    category_id: int | None
    quantity: int
    unit_price_fen: int
    amount_fen: int
    discount_fen: int
    refunded_quantity: int
    refunded_fen: int
    no_discount: bool

    @property
    def net_fen(self) -> int:
        return self.amount_fen - self.discount_fen


class Tender(msgspec.Struct):
    id: int
    kind: str
    amount_fen: int
    tendered_fen: int
    change_fen: int
    reference: str
    refunded_fen: int
    details: dict


class Refund(msgspec.Struct):
    id: int
    amount_fen: int
    lines: list[dict]
    tenders: list[dict]
    reason: str
    entry_id: int
    created_at: dt.datetime


class Order(msgspec.Struct):
    id: int
    number: str
    store_id: int
    member_id: int | None
    staff_id: int | None
    channel: str
    status: OrderStatus
    till: str
    subtotal_fen: int
    discount_fen: int
    total_fen: int
    paid_fen: int
    refunded_fen: int
    note: str
    created_at: dt.datetime
    paid_at: dt.datetime | None
    # The plugin that opened the order (``sdk.open_order(..., origin=...)``); "" for one opened at a
    # till or through the REST API. A plugin's hooks about its own orders need look no further.
    origin: str = ""
    # The member's level (会员等级 code) when the order was opened or its member was set: what it is
    # priced at, at the till and again at payment. None without a member or before levels are kept.
    member_level: str | None = None
    # The plugins that put something on the order (a coupon attached: ``sdk.mark_order``). With
    # ``origin``, what a plugin's ``@own_orders`` hooks are called for.
    marked_by: list[str] = []
    # The plugins that hold something for the order's member (a referral binding: ``sdk.mark_member``),
    # as when the order was opened or its member set, and again when it was paid. What a plugin's
    # ``@marked_members`` hooks are called for.
    member_marked_by: list[str] = []
    lines: list[Line] = []
    adjustments: list[Adjustment] = []
    tenders: list[Tender] = []
    refunds: list[Refund] = []
