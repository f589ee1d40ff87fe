"""When earned points lapse (积分有效期), computed from store-local dates.

* ``none``: never.
* ``rolling``: points earned on store-local day D lapse at the local midnight that starts day
  D + N months (the day of the month kept, or the month's last day when it has fewer days):
  earned 31 August with N = 6, they can be used through 27 February and lapse as 28 February
  begins.
* ``fixed``: points earned in local year Y lapse at the end of year Y + N, i.e. at local
  midnight of 1 January Y + N + 1 (N = 2 is "the end of the year after next", 两年有效期).

Every lapse instant is a store-local midnight, stored in UTC; the kernel's daily job lapses the
lot from that instant on.
"""

from __future__ import annotations

import calendar
import datetime as dt

from plugins.points.schemas import PointsSettings
from sdk import Context, plugin_settings

PLUGIN = "points"


async def settings(ctx: Context) -> PointsSettings:
    return await plugin_settings(ctx, PLUGIN, PointsSettings)


def local_midnight(ctx: Context, day: dt.date) -> dt.datetime:
    """The start of store-local ``day``, in UTC."""
    return dt.datetime.combine(day, dt.time(), tzinfo=ctx.tenant.zone).astimezone(dt.UTC)


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def expires_at(ctx: Context, rules: PointsSettings, earned_on: dt.date) -> dt.datetime | None:
    """When points earned on store-local day ``earned_on`` lapse under ``rules`` (None: never)."""
    if rules.expiry == "rolling":
        return local_midnight(ctx, add_months(earned_on, rules.rolling_months))
    if rules.expiry == "fixed":
        return local_midnight(ctx, dt.date(earned_on.year + rules.fixed_years + 1, 1, 1))
    return None


def last_day(ctx: Context, lapse: dt.datetime) -> dt.date:
    """The last store-local day points lapsing at ``lapse`` (a local midnight) can be used."""
    return lapse.astimezone(ctx.tenant.zone).date() - dt.timedelta(days=1)
