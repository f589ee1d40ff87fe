"""Loyalty services other plugins call: award or take points, issue a coupon.

Each asks the plugin that owns the service through the hook that plugin declares
(``points_award``, ``points_deduct``: plugins/points/hookspecs.py; ``coupon_issue``:
plugins/coupons/hookspecs.py), so a sign-in or lottery plugin never imports the points or
coupons plugin. When the tenant has not enabled that plugin (or it is not installed), the call
raises ``FeatureNotEnabled`` (409): declare it in your plugin's ``requires`` if you cannot work
without it. All run in the caller's transaction.
"""

from __future__ import annotations

from typing import Any

from core.context import Context
from core.errors import FeatureNotEnabled
from core.ledger.schemas import EntryOut
from sdk.types import IssuedCoupon


async def award_points(
    ctx: Context, member_id: int, points: int, *, reason: str, reason_en: str = "", source: str,
    idempotency_key: str,
) -> EntryOut:
    """Credit ``points`` (> 0) to a member, with the points plugin's expiry; once per ``idempotency_key``.

    ``reason`` is printed on the member's points statement (积分明细); ``source`` is your
    plugin's name. Returns the posted entry (``replayed=True`` on a repeat).
    """
    entry = await _ask(
        ctx, "points_award", member_id=member_id, points=points, reason=reason, reason_en=reason_en, source=source,
        idempotency_key=idempotency_key,
    )
    if entry is None:
        raise FeatureNotEnabled(feature="points", feature_zh="积分", plugin="points")
    return entry


async def deduct_points(
    ctx: Context, member_id: int, points: int, *, reason: str, reason_en: str = "", source: str,
    idempotency_key: str,
) -> EntryOut:
    """Take ``points`` (> 0) from a member, earliest-expiring first; ``InsufficientBalance`` if short."""
    entry = await _ask(
        ctx, "points_deduct", member_id=member_id, points=points, reason=reason, reason_en=reason_en, source=source,
        idempotency_key=idempotency_key,
    )
    if entry is None:
        raise FeatureNotEnabled(feature="points", feature_zh="积分", plugin="points")
    return entry


async def issue_coupon(ctx: Context, member_id: int, template_id: int, *, source: str,
                       idempotency_key: str) -> IssuedCoupon:
    """Issue a coupon of ``template_id`` to a member (its stock and per-member limit apply); once per key.

    Returns the coupon (the first one again on a repeat of the key); ``source`` is your plugin's name.
    """
    coupon = await _ask(
        ctx, "coupon_issue", member_id=member_id, template_id=template_id, source=source, idempotency_key=idempotency_key,
    )
    if coupon is None:
        raise FeatureNotEnabled(feature="coupons", feature_zh="优惠券", plugin="coupons")
    return coupon


async def coupon_templates(ctx: Context) -> list[tuple[int, str, str]]:
    """The coupon templates that can be issued today, as ``(id, name, English name)``, newest first: for a
    form that lets the merchant pick one (a reward, a prize) rather than type its id. Empty when the
    tenant has not enabled the coupons plugin."""
    return await _ask(ctx, "coupon_template_choices") or []


async def _ask(ctx: Context, hook_name: str, **kwargs: Any) -> Any:
    """The first answer of a plugin-declared hook; None when the plugin declaring it is not installed."""
    hook = getattr(ctx.hooks, hook_name, None)
    return None if hook is None else await hook(ctx=ctx, **kwargs)


__all__ = ["award_points", "coupon_templates", "deduct_points", "issue_coupon"]
