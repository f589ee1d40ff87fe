"""发优惠券 as a batch action on the members chosen in the console's list (or the API's batch)."""

from __future__ import annotations

from collections.abc import Mapping

from plugins.coupons import rules
from plugins.coupons.service import issue, list_templates
from sdk import BatchChoice, BatchField, Context, MemberBatchAction


async def _send(ctx: Context, member_id: int, values: Mapping[str, str], batch_key: str) -> None:
    # Keyed by batch and member: the same batch sent twice gives each member one coupon.
    await issue(ctx, int(values["template_id"]), member_id, "push", issue_key=f"batch:{batch_key}:{member_id}")


async def template_choices(ctx: Context) -> list[BatchChoice]:
    """The templates that can be issued today, newest first: what a picker of templates offers."""
    today = ctx.local_today()
    return [BatchChoice(str(t.id), t.name, t.name_en or t.name) for t in await list_templates(ctx)
            if rules.issuable(t, today)]


async def batch_actions(ctx: Context) -> list[MemberBatchAction]:
    """Send one coupon of a template that can be issued today; stock and each member's limit apply."""
    choices = await template_choices(ctx)
    return [MemberBatchAction(key="coupons.send", label="发优惠券", label_en="Send a coupon",
                              permission="plugins.manage", apply=_send,
                              fields=[BatchField("template_id", "优惠券", "Coupon", choices=choices)])]
