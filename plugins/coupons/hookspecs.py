"""Hooks the coupons plugin declares for other plugins (added when the coupons plugin is installed).

``coupon_issue`` is how ``sdk.issue_coupon`` reaches the coupons plugin; it runs in the caller's
transaction and only when the tenant enabled the coupons plugin.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sdk import hookspec

if TYPE_CHECKING:
    from sdk import Context, IssuedCoupon


@hookspec(firstresult=True)
def coupon_template_choices(ctx: Context) -> list[tuple[int, str, str]] | None:
    """Called by ``sdk.loyalty.coupon_templates`` when another plugin's console form offers coupon
    templates to pick (a points-mall reward, a sign-in prize).

    Return ``(id, name, English name)`` of each template that can be issued today, newest first.
    The ``coupons`` plugin owns it. First result wins.
    """


@hookspec(firstresult=True)
def coupon_issue(
    ctx: Context, member_id: int, template_id: int, source: str, idempotency_key: str,
) -> IssuedCoupon | None:
    """Called by ``sdk.issue_coupon`` to issue one coupon of ``template_id`` to a member (签到奖励, 积分兑换).

    The template's stock and per-member limit apply and refuse with a 409 problem;
    ``idempotency_key`` unique to the cause returns the first coupon on a replay. The ``coupons``
    plugin owns this hook and returns the issued coupon (``IssuedCoupon``). First result wins.
    """
