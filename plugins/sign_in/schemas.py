"""The sign-in plugin's settings and API shapes: the plan (cycle and rewards), a sign-in, the
member's month, gifts to collect."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

import msgspec
from msgspec import Meta

from sdk import setting_label

Name = Annotated[str, Meta(min_length=1, max_length=30, pattern=r"\S")]


class SignInSettings(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """签到: how visits count and the make-up rules (the cycle and its rewards are the plan).

    With ``check_in_signs_in`` a visit at the desk (到店签到) signs the member in for the day, as a
    gym counts 打卡. A make-up (补签) fills a missed day of the current month, before today and
    not before the member joined, for ``makeup_cost_points`` points, at most
    ``makeup_monthly_limit`` times a month.
    """

    check_in_signs_in: Annotated[bool, setting_label("到店核销/签到即算当天签到", "A visit at the desk signs in for the day")] = True
    makeup_enabled: Annotated[bool, setting_label("允许补签", "Allow make-ups")] = True
    makeup_cost_points: Annotated[int, Meta(ge=0, le=1_000_000), setting_label(
        "每次补签消耗积分", "Points a make-up costs")] = 20
    makeup_monthly_limit: Annotated[int, Meta(ge=0, le=31), setting_label(
        "每月最多补签次数", "Make-ups a month at most")] = 2
    makeup_earns_reward: Annotated[bool, setting_label("补签的那天也得当天奖励", "A made-up day earns its reward")] = True
    gift_valid_days: Annotated[int, Meta(ge=0, le=366), setting_label(
        "礼品须在几天内到店领取（0 = 不限）", "Days to collect a gift (0 = no limit)")] = 30


class RewardIn(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """A reward: ``points``, a ``coupon`` of a coupons template, or a ``gift`` collected at the store."""

    kind: Literal["points", "coupon", "gift"]
    points: Annotated[int, Meta(ge=0, le=1_000_000)] = 0
    template_id: int | None = None
    gift: Annotated[str, Meta(max_length=30)] = ""  # 礼品名称, e.g. 运动毛巾
    gift_en: Annotated[str, Meta(max_length=60)] = ""


class DayRewardIn(RewardIn, kw_only=True):
    day: Annotated[int, Meta(ge=1, le=31)]  # day of the cycle, 1 = the first day of a streak


class PlanIn(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """签到规则: the cycle (7 days restarts on day 8), a reward per day of it, and for completing it."""

    cycle_days: Annotated[int, Meta(ge=1, le=31)] = 7
    day_rewards: Annotated[list[DayRewardIn], Meta(max_length=62)] = []
    cycle_rewards: Annotated[list[RewardIn], Meta(max_length=5)] = []


class PlanOut(PlanIn, kw_only=True):
    description: list[str]  # one line per day, zh
    description_en: list[str]


class RewardOut(msgspec.Struct, kw_only=True):
    """A reward as given: ``given`` false with ``note`` when it could not be (coupon out of stock)."""

    kind: str
    for_: str = msgspec.field(name="for")  # day | cycle
    points: int = 0
    coupon_id: int | None = None
    gift_id: int | None = None
    gift: str = ""
    gift_en: str = ""
    given: bool = True
    note: str = ""
    note_en: str = ""


class SignInOut(msgspec.Struct, kw_only=True):
    """A day signed: ``repeat`` when it was signed already (the first result comes back)."""

    member_id: int
    day: dt.date
    kind: Literal["daily", "makeup"]
    method: str
    streak: int  # consecutive days ending on ``day``
    cycle_day: int
    cycle_days: int
    completed_cycle: bool
    rewards: list[RewardOut]
    points_cost: int = 0
    at: dt.datetime
    repeat: bool = False


class NextReward(msgspec.Struct, kw_only=True):
    cycle_day: int
    rewards: list[RewardIn]


class SignInStatus(msgspec.Struct, kw_only=True):
    """Where the member stands today: signed or not, the live streak, what tomorrow's day brings."""

    member_id: int
    today: dt.date
    signed_today: bool
    streak: int  # 0 when the streak broke
    cycle_day: int  # of the latest day in the live streak, 0 if none
    cycle_days: int
    total_days: int
    next: NextReward  # the next day to sign (today if not signed yet)
    makeups_left: int  # this month


class CalendarDay(msgspec.Struct, kw_only=True):
    day: dt.date
    signed: Literal["daily", "makeup", ""]
    streak: int = 0
    today: bool = False
    can_make_up: bool = False


class Calendar(msgspec.Struct, kw_only=True):
    """签到日历: every day of the month in the tenant's timezone."""

    member_id: int
    month: str
    days: list[CalendarDay]
    signed_days: int
    makeups_used: int
    makeups_left: int
    makeup_cost_points: int


class MakeUpIn(msgspec.Struct, forbid_unknown_fields=True):
    day: dt.date


class GiftOut(msgspec.Struct, kw_only=True):
    """A gift earned by signing in, to collect at the store (到店领取)."""

    id: int
    member_id: int
    name: str
    name_en: str
    reason: str
    reason_en: str
    status: Literal["pending", "collected", "expired"]
    earned_on: dt.date
    collect_by: dt.date | None
    collected_at: dt.datetime | None = None
    collected_store_id: int | None = None
    collected_by: str = ""


class Streak(msgspec.Struct, kw_only=True):
    """A live streak (连续签到): the member and the days in a row."""

    member_id: int
    days: int


class SignInStats(msgspec.Struct, kw_only=True):
    day: dt.date
    signed: int  # members who signed that day
    makeups: int  # make-ups done that day
    pending_gifts: int
    longest_streaks: list[Streak]  # live streaks, longest first
