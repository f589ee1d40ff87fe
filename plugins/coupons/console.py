"""优惠券 in the merchant console, at /console/p/coupons: the templates with their figures, a form
to add one (what was typed is kept when it is refused), a push to members; the member's coupons
in their file."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Request, Response, get, post

from plugins.coupons.schemas import PushIn, TemplateIn
from plugins.coupons.service import create_template, list_templates, member_coupons, push, stats
from sdk import Context, FromPath, Member, find_item_by_sku
from sdk.console import (
    REFUSALS,
    ConsolePage,
    FormError,
    MemberFileSection,
    back_with_notice,
    console_context,
    form_fields,
    parse_yuan,
    render,
    show_refused,
)

PATH = "/console/p/coupons"
MONEY = ("value", "max_off", "min_spend")
WHOLE = ("percent_off", "gift_item_id", "valid_days", "stock", "per_member_limit")
FLAGS = ("stackable", "claimable", "welcome", "birthday")
FIELDS = ("name", "name_en", "kind", "channel", "valid_from", "valid_until", "gift_sku", *MONEY, *WHOLE, *FLAGS)
LABELS = {"name": "名称", "name_en": "英文名称", "kind": "类型", "value_fen": "面额", "percent_off": "折扣",
          "max_off_fen": "最多优惠", "min_spend_fen": "使用门槛", "channel": "使用渠道", "valid_from": "生效日期",
          "valid_until": "截止日期", "valid_days": "有效天数", "stock": "库存", "per_member_limit": "每人限领"}


def template_from(form: dict[str, str]) -> TemplateIn:
    values: dict[str, Any] = {k: form.get(k) or None for k in ("name", "kind", "valid_from", "valid_until")}
    values.update(name_en=form.get("name_en", ""), channel=form.get("channel") or "both")
    for field in MONEY:
        text = form.get(field, "")
        if text:
            fen = parse_yuan(text)
            if fen is None or fen <= 0:
                raise FormError(f"{field}: 须为正数金额，最多两位小数 / a positive amount, at most 2 decimals")
            values[f"{field}_fen"] = fen
    for field in WHOLE:
        text = form.get(field, "")
        if text and not text.isdigit():
            raise FormError(f"{field}: 须为整数 / a whole number")
        values[field] = int(text) if text else None
    for flag in FLAGS:
        values[flag] = form.get(flag) == "on"
    return msgspec.convert(values, TemplateIn)


async def _page(request: Request, form: dict[str, str] | None = None, error: str = "", status_code: int = 200,
                pushed: Any = None) -> Response:
    ctx = console_context(request)
    templates = await list_templates(ctx)
    figures = {t.id: await stats(ctx, t.id) for t in templates}
    return render(request, "coupons/templates.html", status_code=status_code, templates=templates, figures=figures,
                  form=form or {}, error=error, pushed=pushed)


@get("/")
async def page(request: Request) -> Response:
    """The templates with issued, redeemed, discount and sales, and the forms."""
    return await _page(request)


@post("/")
async def add(request: Request) -> Response:
    form = await form_fields(request, FIELDS)
    ctx = console_context(request)
    try:
        if form["gift_sku"]:  # the gift is picked by name or SKU; the template keeps the item's id
            form["gift_item_id"] = str((await find_item_by_sku(ctx, form["gift_sku"])).id)
        await create_template(ctx, template_from(form))
    except REFUSALS as exc:
        return await show_refused(request, _page, exc, LABELS, form=form)
    return back_with_notice(PATH, "added")


@post("/{template_id:int}/push")
async def push_to_members(request: Request, template_id: FromPath[int]) -> Response:
    """定向发券 to everyone with a tag and/or level."""
    form = await form_fields(request, ("tag", "level"))
    data = PushIn(tag=form["tag"] or None, level=form["level"] or None)
    if data.tag is None and data.level is None:
        return await _page(request, None, "请填写标签或等级 / Give a tag or a level", 422)
    try:
        result = await push(console_context(request), template_id, data)
    except REFUSALS as exc:
        return await show_refused(request, _page, exc)
    return await _page(request, pushed=result)


async def member_section(ctx: Context, member: Member) -> list[MemberFileSection]:
    return [MemberFileSection(title="优惠券", title_en="Coupons", template="coupons/member_section.html",
                              data={"coupons": (await member_coupons(ctx, member.id))[:20]})]


PAGES = [
    ConsolePage(path=PATH, title="优惠券", title_en="Coupons", handlers=[page, add, push_to_members],
                permission="plugins.manage"),
]
