"""Giving a sign-in's rewards: points and coupons through the SDK, gifts as rows to collect.

A reward that cannot be given (the coupon ran out, points are not enabled) does not undo the
sign-in: it is recorded as not given, with the reason the member sees. Each is keyed by the
member, the day and its place, so a replayed sign-in never gives twice.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from plugins.sign_in.schemas import RewardIn, RewardOut, SignInSettings
from plugins.sign_in.tables import SignInGift
from sdk import Context, DomainError, award_points, issue_coupon
from sdk.db import insert


def _why(for_: str, cycle_day: int, cycle_days: int, makeup: bool) -> tuple[str, str]:
    if for_ == "cycle":
        return f"连续签到 {cycle_days} 天", f"{cycle_days} days in a row"
    if makeup:
        return f"补签（第 {cycle_day} 天）", f"Make-up sign-in (day {cycle_day})"
    return f"签到第 {cycle_day} 天", f"Sign-in, day {cycle_day}"


async def give(ctx: Context, settings: SignInSettings, day_row: dict[str, Any], rewards: list[RewardIn], for_: str,
               cycle_days: int) -> list[RewardOut]:
    member_id, day = day_row["member_id"], day_row["day"]
    reason, reason_en = _why(for_, day_row["cycle_day"], cycle_days, day_row["kind"] == "makeup")
    given = []
    for place, reward in enumerate(rewards):
        key = f"{member_id}:{day.isoformat()}:{for_}:{place}"
        out = RewardOut(kind=reward.kind, for_=for_, points=reward.points, gift=reward.gift, gift_en=reward.gift_en)
        try:
            if reward.kind == "points":
                await award_points(ctx, member_id, reward.points, reason=reason, reason_en=reason_en,
                                   source="sign_in", idempotency_key=f"sign_in:{key}")
            elif reward.kind == "coupon":
                coupon = await issue_coupon(ctx, member_id, reward.template_id or 0, source="sign_in",
                                            idempotency_key=key)
                out.coupon_id = coupon.id
            else:
                out.gift_id = await _gift(ctx, settings, day_row, reward, reason, reason_en)
        except DomainError as exc:  # the sign-in stands; the member sees why this part is missing
            out.given, out.note, out.note_en = False, exc.detail_zh, exc.detail_en
        given.append(out)
    return given


async def _gift(ctx: Context, settings: SignInSettings, day_row: dict[str, Any], reward: RewardIn, reason: str,
                reason_en: str) -> int:
    today = ctx.local_today()
    collect_by = today + dt.timedelta(days=settings.gift_valid_days - 1) if settings.gift_valid_days else None
    row = await insert(ctx, SignInGift, member_id=day_row["member_id"], day_id=day_row["id"], name=reward.gift,
                       name_en=reward.gift_en, reason=reason, reason_en=reason_en, status="pending",
                       earned_on=today, collect_by=collect_by)
    return row["id"]
