"""The points plugin's settings and its API shapes."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

import msgspec
from msgspec import Meta

from sdk import setting_label

KIND = "points"  # the tender kind of paying with points

Rate = Annotated[int, Meta(ge=1, le=1_000_000)]
Ids = Annotated[list[Annotated[int, Meta(ge=1)]], Meta(max_length=1000)]
TenderKind = Annotated[str, Meta(pattern=r"^[a-z][a-z0-9_]{1,39}$")]


class PointsSettings(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """积分规则: what a merchant decides about earning, paying with and losing points.

    Earning on an order is ``floor(eligible fen / fen_per_point)`` per order (not per line), then
    ``floor(× the level multiplier %)``: with 100 (1 point per ¥1) an order of ¥99.90 earns 99.
    """

    # 100 = 每 1 元 1 分，1000 = 每 10 元 1 分（向下取整，按单计算）
    fen_per_point: Annotated[Rate, setting_label("消费每多少分（1 元 = 100 分）得 1 积分", "Fen spent per point (¥1 = 100 fen)")] = 100
    registration_points: Annotated[int, Meta(ge=0, le=1_000_000), setting_label("注册送积分", "Points on joining")] = 0
    top_up_fen_per_point: Annotated[int, Meta(ge=0, le=1_000_000), setting_label(
        "充值每多少分得 1 积分（0 = 充值不送积分）", "Fen topped up per point (0 = none)")] = 0
    excluded_category_ids: Annotated[Ids, setting_label("不积分的分类（编号）", "Categories that earn no points (ids)")] = msgspec.field(
        default_factory=list)
    excluded_item_ids: Annotated[Ids, setting_label("不积分的商品（编号）", "Items that earn no points (ids)")] = msgspec.field(
        default_factory=list)
    no_discount_lines_earn: Annotated[bool, setting_label("不参与优惠的商品（如团购）也积分", "Lines excluded from discounts (group buys) earn points")] = False
    # 买卡时已积过分，用卡（card_sessions）不再积分
    non_earning_tenders: Annotated[list[TenderKind], Meta(max_length=20), setting_label(
        "不积分的支付方式", "Tenders that earn no points", {
            "cash": ("现金", "Cash"), "external": ("刷卡/扫码", "Card / QR"), "stored_value": ("储值", "Stored value"),
            "card_sessions": ("次卡抵扣", "Card sessions"), "points": ("积分抵扣", "Points")}),
    ] = msgspec.field(default_factory=lambda: ["card_sessions"])
    points_per_yuan: Annotated[Rate, setting_label("多少积分抵 1 元", "Points worth ¥1")] = 100
    max_redeem_percent: Annotated[int, Meta(ge=0, le=100), setting_label(
        "积分最多抵订单金额的百分比", "Most of an order points may pay (%)")] = 50
    expiry: Annotated[Literal["none", "rolling", "fixed"], setting_label("过期方式", "Expiry", {
        "none": ("不过期", "Never"), "rolling": ("滚动（获得后 N 个月）", "Rolling (N months after earning)"),
        "fixed": ("固定（年底）", "Fixed (at a year end)")})] = "fixed"
    rolling_months: Annotated[int, Meta(ge=1, le=120), setting_label(
        "滚动：获得后几个月过期", "Rolling: months until points lapse")] = 12
    fixed_years: Annotated[int, Meta(ge=0, le=10), setting_label(  # 2 = 后年年底
        "固定：Y 年获得的积分在 Y+N 年年底过期，N =", "Fixed: points of year Y lapse at the end of Y+N, N =")] = 2
    remind_days_before: Annotated[int, Meta(ge=0, le=365), setting_label(
        "过期前几天短信提醒（0 = 不提醒）", "SMS reminder days before lapsing (0 = none)")] = 30


# --- API shapes ---------------------------------------------------------------------------------


class ExpiringPoints(msgspec.Struct):
    """Points that lapse at ``expires_at`` (UTC; the store-local midnight starting ``lapses_on``)."""

    points: int
    expires_at: dt.datetime
    last_day: dt.date  # the last store-local day they can be used


class PointsSummary(msgspec.Struct):
    """A member's points: what they hold, what lapses soon, and what they still owe from refunds."""

    member_id: int
    balance: int
    expiring_soon: list[ExpiringPoints]
    owed: int  # clawed back by a refund but already spent: taken from future earnings first


class PointsStatementLine(msgspec.Struct):
    """One line of 积分明细: signed points, the balance after, and why."""

    entry_id: int
    kind: str
    points: int
    balance_after: int
    reason: str
    reason_en: str
    ref_type: str
    ref_id: str
    created_at: dt.datetime


class PointsAdjustmentIn(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """手动调整积分: signed points (+ gives, − takes) and the reason the statement prints."""

    points: Annotated[int, Meta(ge=-10_000_000, le=10_000_000)]
    reason: Annotated[str, Meta(min_length=1, max_length=200)]


class PointsAdjustmentOut(msgspec.Struct):
    member_id: int
    points: int
    balance: int
    entry_id: int
