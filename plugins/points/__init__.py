"""points (积分): earn points on orders, registration and top-ups, pay with them, lose them on expiry.

* Earning (``earning.py``): per order, ``floor(eligible net fen / fen_per_point)`` (rounded down
  once per order, not per line), excluded categories, items and ``no_discount`` lines earning
  nothing and the share paid with points earning nothing; then ``floor(× the level multiplier
  %)``. Registration and top-ups earn by setting; other plugins award through
  ``sdk.award_points``. Every earning is a ledger entry with its reason and a key unique to its
  cause, then ``points_changed``.
* Paying (``tender.py``): tender kind ``points``, whole points at ``points_per_yuan``, at most
  ``max_redeem_percent`` of the order, never more than the member holds.
* Refunds: the order's earned points are clawed back in proportion to what is refunded (exact
  over several partial refunds); points the member already spent elsewhere are booked as owed
  and taken from the next earnings before anything is credited (``movements.py``). Points paid
  as a tender come back in proportion.
* Expiry (``policy.py``): none, rolling N months or the end of year Y + N, at store-local
  midnight; lots are consumed earliest expiry first and lapsed by the kernel's daily job; a
  reminder goes through the outbox ``remind_days_before`` days ahead (``reminders.py``).
"""

from __future__ import annotations

from plugins.points.schemas import PointsSettings
from sdk import Plugin

plugin = Plugin(
    name="points",
    title="积分",
    title_en="Points",
    version="1.0.0",
    description="消费、注册、充值送积分，积分抵现，按滚动或年底规则过期并提前短信提醒，退款扣回积分",
    description_en="Points for spending, registering and topping up; pay with points; rolling or year-end expiry "
                   "with an SMS reminder; refunds take points back",
    industries=("gym", "salon", "beauty", "school", "pet", "spa", "retail", "restaurant", "convenience"),
    settings=PointsSettings,
    tables="plugins.points.piccolo_app:APP_CONFIG",
    hookspecs="plugins.points.hookspecs",
    routes="plugins.points.api:ROUTES",
    console="plugins.points.console:PAGES",
)
