"""sign_in (签到): a daily sign-in in the member's app or by visiting the store, streaks in a
cycle that restarts (7 days by default), rewards per day of the cycle and for completing it —
points, a coupon or a gift collected at the store — and make-ups (补签) for points, a few a month.

Days are the tenant's calendar days (``ctx.local_today()``), so midnight and daylight-saving
changes fall where the store's clock says. ``plan.py`` holds the cycle and its rewards,
``service.py`` signs in and makes up under a per-member lock, ``rewards.py`` gives rewards through
the SDK (points and coupons belong to their plugins), ``gifts.py`` the gifts to collect.
"""

from __future__ import annotations

from plugins.sign_in.schemas import SignInSettings
from sdk import Plugin

plugin = Plugin(
    name="sign_in",
    title="签到",
    title_en="Sign-in streaks",
    version="1.0.0",
    description="每日签到与连续打卡：按周期给积分、优惠券或到店领取的礼品；到店即签到；积分补签",
    description_en="Daily sign-in and streaks: points, coupons or gifts to collect per day of a cycle; a visit "
                   "signs in; make-ups for points",
    industries=("gym", "salon", "beauty", "school", "pet", "spa", "retail", "restaurant", "convenience"),
    settings=SignInSettings,
    tables="plugins.sign_in.piccolo_app:APP_CONFIG",
    routes="plugins.sign_in.api:ROUTES",
    console="plugins.sign_in.console:PAGES",
    member_pages="plugins.sign_in.member:PAGES",
)
