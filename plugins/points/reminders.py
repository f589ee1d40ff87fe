"""积分到期提醒: an SMS through the outbox before points lapse.

Each store-local day the daily tick finds the live points that lapse within
``remind_days_before`` days (their last day is day + N or sooner) and enqueues
one reminder per member and lapse date; the outbox's ``dedupe_key`` makes a later tick (or a
second run of the same one) send nothing twice. The kernel lapses the points themselves.
"""

from __future__ import annotations

import datetime as dt

from plugins.points import lots
from plugins.points.policy import last_day, local_midnight, settings
from sdk import Context, TemplateDefault, enqueue, register_template

EXPIRING = register_template(TemplateDefault(
    code="points_expiring",
    text_zh="您有 {points} 积分将于 {date} 到期，请及时使用。",
    params=("points", "date"),
    category="notice",
    title_zh="积分到期提醒",
    title_en="Points about to lapse",
))


async def send_reminders(ctx: Context, day: dt.date) -> int:
    """Enqueue the reminders due on store-local ``day``; returns how many were new or repeated."""
    days = (await settings(ctx)).remind_days_before
    if days == 0:
        return 0
    due = await lots.expiring(ctx, local_midnight(ctx, day + dt.timedelta(days=days + 1)))
    for (member_id, lapse), points in due.items():
        last = last_day(ctx, lapse)
        await enqueue(ctx, to=member_id, template=EXPIRING.code, params={"points": str(points), "date": last.isoformat()},
                      dedupe_key=f"points:expiring:{member_id}:{last.isoformat()}")
    return len(due)
