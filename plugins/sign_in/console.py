"""签到 in the merchant console, at /console/p/sign_in: today's figures, the plan in words and one
form for it (what was typed kept when it is refused), gifts waiting to be collected; in the
member's file, their streak, the month and their gifts, with the desk's sign-in and hand-over."""

from __future__ import annotations

import calendar
from typing import Any

import msgspec
from litestar import Request, Response, get, post
from litestar.response import Redirect

from plugins.sign_in import gifts, service
from plugins.sign_in.schemas import PlanIn
from sdk import Context, FromPath, Member
from sdk.console import (
    REFUSALS,
    ConsolePage,
    FormError,
    MemberFileSection,
    back_with_notice,
    console_context,
    form_fields,
    form_rows,
    render,
    show_refused,
)
from sdk.loyalty import coupon_templates

PATH = "/console/p/sign_in"
BLANK_ROWS = 3
ROW_FIELDS = ("when", "kind", "value", "value_en")
LABELS = {"cycle_days": "周期天数", "day_rewards": "每日奖励", "cycle_rewards": "连签奖励", "points": "积分", "day": "第几天",
          "gift": "礼品", "gift_en": "礼品英文名"}


def _row_reward(row: dict[str, str], where: str) -> dict[str, Any]:
    kind, value = row.get("kind", "points"), row.get("value", "")
    if kind == "gift":
        return {"kind": kind, "gift": value, "gift_en": row.get("value_en", "")}
    if not value.isdigit():
        what = "积分" if kind == "points" else "优惠券模板编号"
        raise FormError(f"{where}：{what}须为正整数 / {where}: a whole number is needed")
    return {"kind": kind, "points": int(value)} if kind == "points" else {"kind": kind, "template_id": int(value)}


def plan_from(cycle_days: str, rows: list[dict[str, str]]) -> PlanIn:
    """The form's rows: ``when`` is a day of the cycle or ``cycle`` (连签奖励); blank rows are skipped."""
    if not cycle_days.isdigit():
        raise FormError("周期天数须为整数 / The cycle needs a whole number of days")
    day_rewards, cycle_rewards = [], []
    for row in rows:
        if not row.get("value"):
            continue
        when = row.get("when", "")
        if when == "cycle":
            cycle_rewards.append(_row_reward(row, "连签奖励"))
        elif when.isdigit():
            day_rewards.append({"day": int(when), **_row_reward(row, f"第 {when} 天")})
        else:
            raise FormError("请选择第几天 / Choose the day of the cycle")
    return msgspec.convert({"cycle_days": int(cycle_days), "day_rewards": day_rewards,
                            "cycle_rewards": cycle_rewards}, PlanIn)


def _coupons_by_name(rows: list[dict[str, str]], templates: list[tuple[int, str, str]]) -> list[dict[str, str]]:
    """Coupon prizes are picked by the template's name (the form's list offers them): as the plan keeps
    them, by id. A name no template has is refused."""
    ids = {name: str(i) for i, zh, en in templates for name in (zh, en)}
    named = []
    for row in rows:
        value = row.get("value", "")
        if row.get("kind") == "coupon" and value and not value.isdigit():
            if value not in ids:
                raise FormError(f"未找到优惠券「{value}」，请从列表中选择 / No coupon '{value}': choose one from the list")
            row = {**row, "value": ids[value]}
        named.append(row)
    return named


def _rows_of(plan: Any, templates: list[tuple[int, str, str]]) -> list[dict[str, str]]:
    names = {i: zh for i, zh, _ in templates}

    def value(r: Any) -> str:
        if r.kind == "coupon":
            return names.get(r.template_id, str(r.template_id))
        return str(r.points) if r.kind == "points" else r.gift

    rows = [{"when": str(r.day), "kind": r.kind, "value": value(r), "value_en": r.gift_en} for r in plan.day_rewards]
    rows += [{"when": "cycle", "kind": r.kind, "value": value(r), "value_en": r.gift_en} for r in plan.cycle_rewards]
    return rows


async def _page(request: Request, cycle_days: str | None = None, rows: list[dict[str, str]] | None = None,
                error: str = "", status_code: int = 200) -> Response:
    ctx = console_context(request)
    plan = await service.get_plan(ctx)
    templates = await coupon_templates(ctx)
    return render(request, "sign_in/page.html", status_code=status_code, plan=plan, coupon_templates=templates,
                  stats=await gifts.stats(ctx, ctx.local_today()), waiting=await gifts.list_gifts(ctx, "pending"),
                  cycle_days=cycle_days or str(plan.cycle_days),
                  rows=[*(rows if rows is not None else _rows_of(plan, templates)), *({} for _ in range(BLANK_ROWS))],
                  error=error)


@get("/")
async def page(request: Request) -> Response:
    return await _page(request)


@post("/plan")
async def save_plan(request: Request) -> Response:
    rows = await form_rows(request, ROW_FIELDS)
    cycle_days = (await form_fields(request, ("cycle_days",)))["cycle_days"]
    ctx = console_context(request)
    try:
        await service.save_plan(ctx, plan_from(cycle_days, _coupons_by_name(rows, await coupon_templates(ctx))))
    except REFUSALS as exc:
        return await show_refused(request, _page, exc, LABELS, cycle_days=cycle_days, rows=rows)
    return back_with_notice(PATH, "saved")


@post("/gifts/{gift_id:int}/collect")
async def collect(request: Request, gift_id: FromPath[int]) -> Response:
    """Hand a gift over, from this page or the member's file (``back`` says where to return); a
    refusal (already handed over) shows on this page."""
    back = (await form_fields(request, ("back",)))["back"]
    try:
        gift = await gifts.collect(console_context(request), gift_id)
    except REFUSALS as exc:
        return await show_refused(request, _page, exc)
    if back == "member":
        return Redirect(f"/console/members/{gift.member_id}?tab=sign_in")
    return back_with_notice(PATH, "collected")


@post("/members/{member_id:int}")
async def desk_sign_in(request: Request, member_id: FromPath[int]) -> Response:
    """前台代签 from the member's file; a refusal shows as the console's error page."""
    ctx = console_context(request)
    await service.sign_in(ctx, member_id, method="desk", store_id=ctx.store_id)
    return Redirect(f"/console/members/{member_id}?tab=sign_in")


async def member_section(ctx: Context, member: Member) -> list[MemberFileSection]:
    """The streak, this month's days (Monday first) and the member's gifts."""
    month = await service.month_calendar(ctx, member.id, None)
    first = month.days[0].day
    weeks = calendar.Calendar().monthdayscalendar(first.year, first.month)
    return [MemberFileSection(title="签到", title_en="Sign-in", template="sign_in/member_section.html", data={
        "status": await service.status(ctx, member.id), "month": month,
        "by_day": {d.day.day: d for d in month.days}, "weeks": weeks,
        "gifts": await gifts.member_gifts(ctx, member.id), "member_id": member.id})]


PAGES = [
    ConsolePage(path=PATH, title="签到", title_en="Sign-in", handlers=[page, save_plan, collect, desk_sign_in],
                permission="members.read"),
]
