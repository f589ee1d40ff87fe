"""签到: a member signs in once per day of the tenant's timezone, the streak and the cycle day
follow from the day before, rewards are given once; a make-up (补签) fills a missed day of the
month for points and carries the streak through to the days after it.

Every write of one member starts by updating the member's ``sg_member`` row, so simultaneous
sign-ins and make-ups of one member take turns (the later one sees the earlier's day and returns
it); the unique (member, day) index is the last guard.
"""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
import re
from typing import Any

import msgspec

from plugins.sign_in import plan as plans
from plugins.sign_in.errors import AlreadySigned, MakeUpClosed, MakeUpDayRefused, MakeUpLimitReached
from plugins.sign_in.rewards import give
from plugins.sign_in.schemas import (
    Calendar,
    CalendarDay,
    NextReward,
    PlanIn,
    PlanOut,
    RewardOut,
    SignInOut,
    SignInSettings,
    SignInStatus,
)
from plugins.sign_in.tables import SignInDay, SignInMember, SignInPlan
from sdk import Context, InvalidInput, Member, deduct_points, load_member, plugin_settings
from sdk.db import count, insert, select, transaction, update

DAY = dt.timedelta(days=1)
MONTH = re.compile(r"[1-9]\d{3}-(0[1-9]|1[0-2])")
_rewards = msgspec.json.Decoder(list[RewardOut])


async def settings(ctx: Context) -> SignInSettings:
    return await plugin_settings(ctx, "sign_in", SignInSettings)


async def current_plan(ctx: Context) -> PlanIn:
    row = await select(ctx, SignInPlan, SignInPlan.plan_json).first()
    return plans.DEFAULT_PLAN if row is None else msgspec.json.decode(row["plan_json"], type=PlanIn)


async def get_plan(ctx: Context) -> PlanOut:
    return plans.describe(await current_plan(ctx))


async def save_plan(ctx: Context, data: PlanIn) -> PlanOut:
    """Replace the plan; streaks carry on and the new cycle applies from the next sign-in."""
    ctx.require("plugins.manage")
    plans.check(data)
    body = msgspec.json.encode(data).decode()
    async with transaction():
        if not await update(ctx, SignInPlan, {SignInPlan.plan_json: body, SignInPlan.updated_at: ctx.now()}
                            ).returning(SignInPlan.id):
            await insert(ctx, SignInPlan, plan_json=body, updated_at=ctx.now())
    return plans.describe(data)


async def _take_turn(ctx: Context, member_id: int) -> None:
    """Lock the member's row (made on first use) until the transaction ends."""
    await SignInMember.insert(SignInMember(tenant_id=ctx.tenant_id, member_id=member_id)).on_conflict(
        action="DO NOTHING")
    await update(ctx, SignInMember, {SignInMember.total_days: SignInMember.total_days}).where(
        SignInMember.member_id == member_id)


async def _day(ctx: Context, member_id: int, day: dt.date) -> dict[str, Any] | None:
    return await select(ctx, SignInDay).where((SignInDay.member_id == member_id) & (SignInDay.day == day)).first()


def _out(row: dict[str, Any], cycle_days: int, repeat: bool = False) -> SignInOut:
    return SignInOut(member_id=row["member_id"], day=row["day"], kind=row["kind"], method=row["method"],
                     streak=row["streak"], cycle_day=row["cycle_day"], cycle_days=cycle_days,
                     completed_cycle=row["completed_cycle"], rewards=_rewards.decode(row["rewards_json"]),
                     points_cost=row["points_cost"], at=row["at"], repeat=repeat)


async def _completions_in(ctx: Context, member_id: int, first: dt.date, last: dt.date) -> int:
    return await count(ctx, SignInDay).where(
        (SignInDay.member_id == member_id) & (SignInDay.day >= first) & (SignInDay.day <= last)
        & (SignInDay.completed_cycle == True))  # noqa: E712  piccolo's column comparison


async def _record(ctx: Context, row: dict[str, Any], rewards: list[RewardOut], completed: bool) -> dict[str, Any]:
    values = {SignInDay.rewards_json: msgspec.json.encode(rewards).decode(), SignInDay.completed_cycle: completed}
    await update(ctx, SignInDay, values).where(SignInDay.id == row["id"])
    return {**row, "rewards_json": values[SignInDay.rewards_json], "completed_cycle": completed}


async def _counted(ctx: Context, member_id: int, day: dt.date) -> None:
    await update(ctx, SignInMember, {SignInMember.total_days: SignInMember.total_days + 1}).where(
        SignInMember.member_id == member_id)
    await update(ctx, SignInMember, {SignInMember.last_day: day}).where(
        (SignInMember.member_id == member_id) & (SignInMember.last_day.is_null() | (SignInMember.last_day < day)))


async def sign_in(ctx: Context, member_id: int, method: str = "app", store_id: int | None = None) -> SignInOut:
    """Sign the member in for today; a second sign-in today returns the first (``repeat``)."""
    await load_member(ctx, member_id)
    conf, plan = await settings(ctx), await current_plan(ctx)
    today = ctx.local_today()
    async with transaction():
        await _take_turn(ctx, member_id)
        done = await _day(ctx, member_id, today)
        if done is not None:
            return _out(done, plan.cycle_days, repeat=True)
        before = await _day(ctx, member_id, today - DAY)
        streak = before["streak"] + 1 if before else 1
        row = await insert(ctx, SignInDay, member_id=member_id, day=today, kind="daily", method=method, streak=streak,
                           cycle_day=plans.cycle_day_of(streak, plan.cycle_days), store_id=store_id, at=ctx.now())
        rewards = await give(ctx, conf, row, plans.day_rewards(plan, row["cycle_day"]), "day", plan.cycle_days)
        run_start = today - (streak - 1) * DAY
        completed = streak // plan.cycle_days > await _completions_in(ctx, member_id, run_start, today)
        if completed:
            rewards += await give(ctx, conf, row, plan.cycle_rewards, "cycle", plan.cycle_days)
        row = await _record(ctx, row, rewards, completed)
        await _counted(ctx, member_id, today)
    return _out(row, plan.cycle_days)


def joined_on(ctx: Context, member: Member) -> dt.date:
    return member.created_at.astimezone(ctx.tenant.zone).date()


async def _makeups_used(ctx: Context, member_id: int, month_start: dt.date) -> int:
    return await count(ctx, SignInDay).where(
        (SignInDay.member_id == member_id) & (SignInDay.kind == "makeup") & (SignInDay.day >= month_start))


def _refuse_day(ctx: Context, member: Member, day: dt.date) -> None:
    today = ctx.local_today()
    if day >= today:
        raise MakeUpDayRefused(day=day.isoformat(), reason_zh="只能补签今天以前的日子", reason="only a day before today")
    if (day.year, day.month) != (today.year, today.month):
        raise MakeUpDayRefused(day=day.isoformat(), reason_zh="只能补签本月的日子", reason="only a day of this month")
    if day < joined_on(ctx, member):
        raise MakeUpDayRefused(day=day.isoformat(), reason_zh="那天还未入会", reason="before the member joined")


async def make_up(ctx: Context, member_id: int, day: dt.date) -> SignInOut:
    """补签 a missed day for points; the streak runs through it into the days signed after it, and
    a cycle completed that way gives its reward then."""
    conf, plan = await settings(ctx), await current_plan(ctx)
    if not conf.makeup_enabled:
        raise MakeUpClosed()
    member = await load_member(ctx, member_id)
    _refuse_day(ctx, member, day)
    async with transaction():
        await _take_turn(ctx, member_id)
        if await _day(ctx, member_id, day) is not None:
            raise AlreadySigned(day=day.isoformat())
        if await _makeups_used(ctx, member_id, day.replace(day=1)) >= conf.makeup_monthly_limit:
            raise MakeUpLimitReached(limit=conf.makeup_monthly_limit)
        if conf.makeup_cost_points:
            await deduct_points(ctx, member_id, conf.makeup_cost_points, reason=f"补签 {day.isoformat()}",
                                reason_en=f"Make-up sign-in for {day.isoformat()}", source="sign_in",
                                idempotency_key=f"sign_in:makeup:{member_id}:{day.isoformat()}")
        before = await _day(ctx, member_id, day - DAY)
        streak = before["streak"] + 1 if before else 1
        row = await insert(ctx, SignInDay, member_id=member_id, day=day, kind="makeup", method="app", streak=streak,
                           cycle_day=plans.cycle_day_of(streak, plan.cycle_days),
                           points_cost=conf.makeup_cost_points, at=ctx.now())
        earned = plans.day_rewards(plan, row["cycle_day"]) if conf.makeup_earns_reward else []
        rewards = await give(ctx, conf, row, earned, "day", plan.cycle_days)
        run_end = await _carry_streak(ctx, member_id, day, streak, plan.cycle_days)
        run_start = day - (streak - 1) * DAY
        rewards += await _complete_cycles(ctx, conf, plan, member_id, run_start, run_end, row)
        row = await _record(ctx, row, [*_rewards.decode(row["rewards_json"]), *rewards], row["completed_cycle"])
        await _counted(ctx, member_id, day)
    return _out(row, plan.cycle_days)


async def _carry_streak(ctx: Context, member_id: int, day: dt.date, streak: int, cycle_days: int) -> dt.date:
    """The days signed right after a made-up day join its streak; returns the run's last day."""
    later = await select(ctx, SignInDay, SignInDay.id, SignInDay.day).where(
        (SignInDay.member_id == member_id) & (SignInDay.day > day)).order_by(SignInDay.day)
    last = day
    for row in later:
        if row["day"] != last + DAY:
            break
        last, streak = row["day"], streak + 1
        await update(ctx, SignInDay, {SignInDay.streak: streak, SignInDay.cycle_day: plans.cycle_day_of(
            streak, cycle_days)}).where(SignInDay.id == row["id"])
    return last


async def _complete_cycles(ctx: Context, conf: SignInSettings, plan: PlanIn, member_id: int, run_start: dt.date,
                           run_end: dt.date, made_up: dict[str, Any]) -> list[RewardOut]:
    """Give the cycle reward for each cycle the joined run completes that no day has given yet, on
    the day the cycle ends; returns those given on the made-up day itself (the others are recorded
    on their day)."""
    length = (run_end - run_start).days + 1
    missing = length // plan.cycle_days - await _completions_in(ctx, member_id, run_start, run_end)
    given_here: list[RewardOut] = []
    for k in range(1, length // plan.cycle_days + 1):
        if missing <= 0:
            break
        row = await _day(ctx, member_id, run_start + (k * plan.cycle_days - 1) * DAY)
        if row is None or row["completed_cycle"]:
            continue
        rewards = await give(ctx, conf, row, plan.cycle_rewards, "cycle", plan.cycle_days)
        missing -= 1
        if row["id"] == made_up["id"]:
            made_up["completed_cycle"] = True
            given_here += rewards
        else:
            await _record(ctx, row, [*_rewards.decode(row["rewards_json"]), *rewards], True)
    return given_here


async def status(ctx: Context, member_id: int) -> SignInStatus:
    await load_member(ctx, member_id)
    conf, plan = await settings(ctx), await current_plan(ctx)
    today = ctx.local_today()
    latest = await select(ctx, SignInDay).where(
        (SignInDay.member_id == member_id) & (SignInDay.day >= today - DAY) & (SignInDay.day <= today)
    ).order_by(SignInDay.day, ascending=False).first()
    streak = latest["streak"] if latest else 0
    counter = await select(ctx, SignInMember, SignInMember.total_days).where(SignInMember.member_id == member_id).first()
    next_day = plans.cycle_day_of(streak + 1, plan.cycle_days)
    used = await _makeups_used(ctx, member_id, today.replace(day=1))
    return SignInStatus(
        member_id=member_id, today=today, signed_today=bool(latest and latest["day"] == today), streak=streak,
        cycle_day=latest["cycle_day"] if latest else 0, cycle_days=plan.cycle_days,
        total_days=counter["total_days"] if counter else 0,
        next=NextReward(cycle_day=next_day, rewards=plans.day_rewards(plan, next_day)),
        makeups_left=max(conf.makeup_monthly_limit - used, 0) if conf.makeup_enabled else 0)


def parse_month(ctx: Context, month: str | None) -> dt.date:
    """``YYYY-MM`` to its first day; none is this month."""
    if not month:
        return ctx.local_today().replace(day=1)
    if not MONTH.fullmatch(month):
        raise InvalidInput(field="month", zh="月份格式为 YYYY-MM，如 2026-11", en="month is YYYY-MM, e.g. 2026-11")
    return dt.date(int(month[:4]), int(month[5:]), 1)


async def month_calendar(ctx: Context, member_id: int, month: str | None) -> Calendar:
    """签到日历: each day of the month, signed or made up, and which days can still be made up."""
    member = await load_member(ctx, member_id)
    conf = await settings(ctx)
    first = parse_month(ctx, month)
    days_in = _calendar.monthrange(first.year, first.month)[1]
    rows = {r["day"]: r for r in await select(ctx, SignInDay).where(
        (SignInDay.member_id == member_id) & (SignInDay.day >= first)
        & (SignInDay.day <= first.replace(day=days_in)))}
    today = ctx.local_today()
    used = await _makeups_used(ctx, member_id, today.replace(day=1))
    left = max(conf.makeup_monthly_limit - used, 0) if conf.makeup_enabled else 0
    joined = joined_on(ctx, member)
    days = []
    for n in range(1, days_in + 1):
        day = first.replace(day=n)
        row = rows.get(day)
        open_ = (row is None and left > 0 and joined <= day < today
                 and (day.year, day.month) == (today.year, today.month))
        days.append(CalendarDay(day=day, signed=row["kind"] if row else "", streak=row["streak"] if row else 0,
                                today=day == today, can_make_up=open_))
    return Calendar(member_id=member_id, month=f"{first.year:04d}-{first.month:02d}", days=days,
                    signed_days=len(rows), makeups_used=sum(1 for r in rows.values() if r["kind"] == "makeup"),
                    makeups_left=left, makeup_cost_points=conf.makeup_cost_points)
