"""The points plugin's settings and its API shapes."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

import msgspec
from msgspec import Meta

KIND = "points"  # the tender kind of paying with points

Rate = Annotated[int, Meta(ge=1, le=1_000_000)]
Ids = Annotated[list[Annotated[int, Meta(ge=1)]], Meta(max_length=1000)]
TenderKind = Annotated[str, Meta(pattern=r"^[a-z][a-z0-9_]{1,39}$")]


class PointsSettings(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """积分规则: what a merchant decides about earning, paying with and losing points.

    Earning on an order is ``floor(eligible fen / fen_per_point)`` per order (not per line), then
    ``floor(× the level multiplier %)``: with 100 (1 point per ¥1) an order of ¥99.90 earns 99.
    """

    fen_per_point: Rate = 100  # 消费每多少分得 1 积分：100 = 每 1 元 1 分，1000 = 每 10 元 1 分（向下取整，按单计算）
    registration_points: Annotated[int, Meta(ge=0, le=1_000_000)] = 0  # 注册送积分
    top_up_fen_per_point: Annotated[int, Meta(ge=0, le=1_000_000)] = 0  # 充值每多少分得 1 积分（0 = 充值不送积分）
    excluded_category_ids: Ids = msgspec.field(default_factory=list)  # 不积分的分类
    excluded_item_ids: Ids = msgspec.field(default_factory=list)  # 不积分的商品
    no_discount_lines_earn: bool = False  # 其他插件标记"不参与优惠"的商品（如团购）是否积分
    # 不积分的支付方式：这些方式付的部分不积分。默认次卡抵扣（card_sessions）：买卡时已积过分，用卡不再积分
    non_earning_tenders: Annotated[list[TenderKind], Meta(max_length=20)] = msgspec.field(
        default_factory=lambda: ["card_sessions"])
    points_per_yuan: Rate = 100  # 多少积分抵 1 元：100 = 100 积分抵 1 元
    max_redeem_percent: Annotated[int, Meta(ge=0, le=100)] = 50  # 积分最多抵订单金额的百分比
    expiry: Literal["none", "rolling", "fixed"] = "fixed"  # 过期方式：不过期 / 滚动 / 固定（年底）
    rolling_months: Annotated[int, Meta(ge=1, le=120)] = 12  # 滚动：获得后 N 个月过期
    fixed_years: Annotated[int, Meta(ge=0, le=10)] = 2  # 固定：Y 年获得的积分在 Y+N 年年底过期（2 = 后年年底）
    remind_days_before: Annotated[int, Meta(ge=0, le=365)] = 30  # 过期前 N 天短信提醒（0 = 不提醒）


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
