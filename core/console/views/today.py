"""首页 Today: the store's daily summary, the last 30 days as a chart, what is owed to members."""

from __future__ import annotations

from litestar import Request, Response, get

from core.console import charts, formatting
from core.console.i18n import locale_of, translations
from core.console.session import console_context
from core.console.templating import render_page
from core.reports.service import daily_summary, sales_by_day


@get("/today", opt={"permission": "reports.read"})
async def today(request: Request) -> Response:
    ctx = console_context(request)
    if ctx.store_id is None:
        return render_page(request, "console/today.html", summary=None, chart=None)
    summary = await daily_summary(ctx, ctx.store_id)
    points = await sales_by_day(ctx, ctx.store_id, 30)
    locale = locale_of(request)
    chart = charts.daily_bars(
        points, translations(locale).gettext("Sales, last 30 days"),
        date_label=lambda day: formatting.month_day(day, locale),
        money_label=lambda yuan: formatting.money(int(round(yuan * 100)), locale, ctx.tenant.currency),
    )
    return render_page(request, "console/today.html", summary=summary, chart=chart, total_30=sum(f for _, f in points))


ROUTES = [today]
