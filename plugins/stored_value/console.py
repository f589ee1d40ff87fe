"""充值活动 in the merchant console, at /console/p/stored_value: the tiers with their periods and
limits, a form to add one (what was typed is kept when it is refused) and stopping a tier."""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec
from litestar import Request, Response, get, post

from plugins.stored_value.schemas import BonusRuleIn
from plugins.stored_value.service import create_rule, get_rule, list_rules, member_grants, update_rule
from sdk import Context, FromPath
from sdk.console import (
    REFUSALS,
    ConsolePage,
    FormError,
    MemberFileSection,
    act,
    back_with_notice,
    console_context,
    form_fields,
    parse_yuan,
    render,
    show_refused,
)

PATH = "/console/p/stored_value"
LATEST_GRANTS = 10
FIELDS = ("name", "min_amount", "bonus", "bonus_percent", "max_bonus", "starts_on", "ends_on", "per_member_limit")
LABELS = {"name": "名称", "min_amount_fen": "充值门槛", "bonus_fen": "赠送金额", "bonus_percent": "赠送比例",
          "max_bonus_fen": "封顶", "per_member_limit": "每人限次"}


def _fen(text: str, label: str) -> int | None:
    if not text:
        return None
    fen = parse_yuan(text)
    if fen is None or fen <= 0:
        raise FormError(f"{label}须为正数金额，最多两位小数 / {label}: a positive amount, at most 2 decimals")
    return fen


def _int(text: str, label: str) -> int | None:
    if not text:
        return None
    if not text.isdigit():
        raise FormError(f"{label}须为整数 / {label}: a whole number")
    return int(text)


def _date(text: str, label: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        raise FormError(f"{label}日期格式为 YYYY-MM-DD / {label}: a date as YYYY-MM-DD") from None


def rule_from(form: dict[str, str]) -> BonusRuleIn:
    """The form's yuan and dates as a tier; ``FormError`` or msgspec's error names what is wrong."""
    values: dict[str, Any] = {
        "name": form.get("name", ""), "min_amount_fen": _fen(form.get("min_amount", ""), "充值门槛"),
        "bonus_fen": _fen(form.get("bonus", ""), "赠送金额"),
        "bonus_percent": _int(form.get("bonus_percent", ""), "赠送比例"),
        "max_bonus_fen": _fen(form.get("max_bonus", ""), "封顶"),
        "starts_on": _date(form.get("starts_on", ""), "开始"), "ends_on": _date(form.get("ends_on", ""), "结束"),
        "per_member_limit": _int(form.get("per_member_limit", ""), "每人限次"),
    }
    return msgspec.convert(values, BonusRuleIn)


async def _page(request: Request, form: dict[str, str] | None = None, error: str = "", status_code: int = 200) -> Response:
    rules = await list_rules(console_context(request))
    return render(request, "stored_value/rules.html", status_code=status_code, rules=rules, form=form or {}, error=error)


@get("/")
async def page(request: Request) -> Response:
    """The tiers and the form to add one."""
    return await _page(request)


@post("/")
async def add(request: Request) -> Response:
    form = await form_fields(request, FIELDS)
    try:
        await create_rule(console_context(request), rule_from(form))
    except REFUSALS as exc:
        return await show_refused(request, _page, exc, LABELS, form=form)
    return back_with_notice(PATH, "added")


@post("/{rule_id:int}/active")
async def switch(request: Request, rule_id: FromPath[int]) -> Response:
    """Stop a tier, or run it again (its checks apply again then)."""
    rule = await get_rule(console_context(request), rule_id)

    async def switched(ctx: Context) -> None:
        data = {f: getattr(rule, f) for f in BonusRuleIn.__struct_fields__}
        await update_rule(ctx, rule_id, BonusRuleIn(**{**data, "active": not rule.active}))

    return await act(request, switched, page=_page, back=PATH, notice="stopped" if rule.active else "resumed")


async def member_section(ctx, member) -> list[MemberFileSection]:
    """The bonuses the member got with their top-ups, in their file (the balance itself is the kernel's)."""
    grants = await member_grants(ctx, member.id)
    return [MemberFileSection(title="充值赠送", title_en="Top-up bonuses", template="stored_value/member_section.html",
                              data={"grants": grants[:LATEST_GRANTS]})]


PAGES = [
    ConsolePage(path=PATH, title="充值活动", title_en="Top-up bonuses", handlers=[page, add, switch],
                permission="plugins.manage"),
]
