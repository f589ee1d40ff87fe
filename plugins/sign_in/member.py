"""签到 on the member pages: today's button, the streak, this month's calendar and the plan's rewards."""

from __future__ import annotations

import datetime as dt

from litestar import Request, Response, get, post

from plugins.sign_in import service
from sdk import DomainError
from sdk.member_pages import MemberPage, member_context, render


def _weeks_offset(month: str) -> int:
    """Blank cells before the 1st in a Monday-first calendar."""
    return dt.date(int(month[:4]), int(month[5:]), 1).weekday()


@get("/")
async def page(request: Request) -> Response:
    ctx = member_context(request)
    member_id = ctx.actor.id or 0
    status, calendar, plan = (await service.status(ctx, member_id), await service.month_calendar(ctx, member_id, None),
                              await service.get_plan(ctx))
    return render(request, "sign_in/member_page.html", status=status, calendar=calendar, plan=plan,
                  blanks=_weeks_offset(calendar.month), result=None)


@post("/")
async def sign_in_today(request: Request) -> Response:
    """签到: once a day; a second tap (or a replayed form) shows the first sign-in, giving nothing again."""
    ctx = member_context(request)
    try:
        result = await service.sign_in(ctx, ctx.actor.id or 0, method="app")
    except DomainError as exc:
        return render(request, "sign_in/member_done.html", status_code=exc.status, result=None,
                      refusal=(exc.detail_zh, exc.detail_en))
    return render(request, "sign_in/member_done.html", result=result, refusal=None)


async def streak(ctx) -> int | None:
    return (await service.status(ctx, ctx.actor.id or 0)).streak


PAGES = [
    MemberPage(path="/p/sign_in", title="每日签到", title_en="Daily sign-in", icon="签",
               handlers=[page, sign_in_today], count=streak, count_label="天连签",
               count_label_en="day streak"),
]
