"""The levels plugin's settings and API shapes: tiers (会员等级), a member's level, its history."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

import msgspec
from msgspec import Meta

from sdk import setting_label

Code = Annotated[str, Meta(pattern=r"^[a-z][a-z0-9_]{0,19}$")]
Name = Annotated[str, Meta(min_length=1, max_length=20)]
Reason = Annotated[str, Meta(min_length=1, max_length=200, pattern=r"\S")]


class LevelsSettings(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """会员等级: what the thresholds count, and whether levels are reviewed once a year.

    ``spend`` counts what members pay for orders (net of discounts and refunds), ``top_up`` the
    principal they top up (not the bonus, net of refunds), ``points`` the points they earn (net of
    claw-backs). Without a review levels only go up; with one, on the review day each member's
    level is set from the last 12 months, up or down.
    """

    metric: Annotated[Literal["spend", "top_up", "points"], setting_label("升级依据", "Levels count", {
        "spend": ("累计消费", "Spend"), "top_up": ("累计充值", "Top-ups"), "points": ("累计获得积分", "Points earned")})] = "spend"
    yearly_review: Annotated[bool, setting_label("每年复核一次（可降级）", "Review once a year (levels may go down)")] = False
    review_month: Annotated[int, Meta(ge=1, le=12), setting_label("复核日：月", "Review day: month")] = 1
    review_day: Annotated[int, Meta(ge=1, le=28), setting_label("复核日：日（1–28）", "Review day: day (1–28)")] = 1  # 每年都有


class MemberPrice(msgspec.Struct, forbid_unknown_fields=True):
    item_id: int
    price_fen: Annotated[int, Meta(ge=1)]


class TierIn(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """A level: reached at ``threshold`` (fen for spend and top-up, points for points), with its benefits.

    ``discount_percent`` is what members pay on eligible lines (95 = 5% off; 100 = none);
    ``category_ids`` limits it (empty: every category); ``member_prices`` (会员价) replace an
    item's price on this level; ``points_multiplier`` is in percent (150 = 1.5 × points).
    """

    code: Code
    name: Name
    name_en: Annotated[str, Meta(max_length=30)] = ""
    threshold: Annotated[int, Meta(ge=0, le=10**11)]
    discount_percent: Annotated[int, Meta(ge=1, le=100)] = 100
    category_ids: list[int] = []
    member_prices: list[MemberPrice] = []
    points_multiplier: Annotated[int, Meta(ge=100, le=1000)] = 100


class TiersIn(msgspec.Struct, forbid_unknown_fields=True):
    """Every level at once, lowest first (the lowest at threshold 0): the whole ladder is checked together."""

    tiers: Annotated[list[TierIn], Meta(min_length=1, max_length=20)]


class TierOut(TierIn, kw_only=True):
    rank: int
    members: int = 0  # members on this level now


class NextTier(msgspec.Struct):
    code: str
    name: str
    name_en: str
    threshold: int
    missing: int  # how much more of the metric reaches it


class MemberLevel(msgspec.Struct):
    """A member's level, the figure counted towards the next one, and what is missing."""

    member_id: int
    code: str
    name: str
    name_en: str
    metric: str
    progress: int
    next: NextTier | None
    discount_percent: int
    points_multiplier: int


class LevelOverrideIn(msgspec.Struct, forbid_unknown_fields=True):
    """A manager sets a member's level by hand; the reason goes into the history."""

    code: Code
    reason: Reason


class LevelChange(msgspec.Struct):
    """One change of a member's level: automatic (``auto``), at the yearly ``review``, or ``manual``."""

    id: int
    member_id: int
    from_code: str | None
    to_code: str
    source: str
    reason: str
    reason_en: str
    actor: str
    at: dt.datetime
