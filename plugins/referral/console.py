"""全民推广 in the merchant console: promoters (approve, add staff and partners, posters), commission
rules, payouts; and the member file's section (the promoter they are, who brought them)."""

from __future__ import annotations

import secrets
from typing import Any

import msgspec
from litestar import Request, Response, get, post

from plugins.referral import payouts, promoters, rules, views
from plugins.referral.poster import poster_svg
from plugins.referral.schemas import PayoutIn, PromoterIn, RuleIn, RulesIn
from sdk import Context, FromPath, Member, find_item_by_sku, list_categories, list_staff, list_stores
from sdk.console import (
    REFUSALS,
    ConsolePage,
    MemberFileSection,
    action_route,
    back_with_notice,
    console_context,
    form_fields,
    parse_yuan,
    render,
    show_refused,
)

PATH = "/console/p/referral"
RULES = f"{PATH}/rules"
LABELS = {"kind": "类型", "staff_id": "员工", "name": "名称", "scope": "范围", "target_id": "商品或分类",
          "mode": "方式", "level1": "一级佣金", "level2": "二级佣金", "amount_fen": "金额", "method": "结算方式",
          "store_id": "门店", "reference": "凭证号", "note": "备注"}


def _whole(text: str) -> int | None:
    return int(text) if text.isdigit() else None


# --- promoters ----------------------------------------------------------------------------------


async def _promoters_page(request: Request, form: dict[str, str] | None = None, error: str = "",
                          status_code: int = 200) -> Response:
    ctx = console_context(request)
    return render(request, "referral/promoters.html", status_code=status_code,
                  promoters=await promoters.listing(ctx), form=form or {}, error=error, staff_accounts=await list_staff(ctx))


@get("/")
async def promoters_page(request: Request) -> Response:
    """Every promoter with people brought and balances; approve applications; add staff and partners."""
    return await _promoters_page(request)


@post("/")
async def add_promoter(request: Request) -> Response:
    form = await form_fields(request, ("kind", "staff_id", "name"))
    try:
        data = msgspec.convert({"kind": form["kind"] or "partner", "staff_id": _whole(form["staff_id"]),
                                "name": form["name"]}, PromoterIn)
        await promoters.create(console_context(request), data)
    except REFUSALS as exc:
        return await show_refused(request, _promoters_page, exc, LABELS, form=form)
    return back_with_notice(PATH, "added")


approve = action_route("/{promoter_id:int}/approve", promoters.approve, page=_promoters_page, back=PATH,
                       notice="approved")


@get("/{promoter_id:int}/poster", media_type="image/svg+xml")
async def poster(request: Request, promoter_id: FromPath[int]) -> Response:
    """The promoter's poster, to print as a flyer."""
    ctx = console_context(request)
    p = await promoters.out(ctx, await promoters.row(ctx, promoter_id))
    return Response(content=poster_svg(ctx.tenant.name, p.name, p.code, p.share_link), media_type="image/svg+xml")


# --- rules --------------------------------------------------------------------------------------


def rule_from(form: dict[str, str]) -> RuleIn:
    """Percent as typed (5.5 → 550 basis points), fixed amounts in yuan (→ fen)."""
    values: dict[str, Any] = {"scope": form.get("scope") or "item", "mode": form.get("mode") or "percent",
                              "target_id": _whole(form.get("target_id", ""))}
    for level in ("level1", "level2"):
        text = form.get(level, "") or "0"
        values[level] = parse_yuan(text)  # two decimals either way: percent × 100 is basis points, yuan × 100 is fen
    return msgspec.convert(values, RuleIn)


async def _rules_page(request: Request, form: dict[str, str] | None = None, error: str = "",
                      status_code: int = 200) -> Response:
    ctx = console_context(request)
    return render(request, "referral/rules.html", status_code=status_code, rules=await rules.listing(ctx),
                  form=form or {}, error=error, categories=await list_categories(ctx))


@get("/")
async def rules_page(request: Request) -> Response:
    """The default rates (settings) and the per-item and per-category overrides."""
    return await _rules_page(request)


def _kept(current: Any, without: int | None = None) -> list[RuleIn]:
    return [RuleIn(scope=r.scope, target_id=r.target_id, mode=r.mode, level1=r.level1, level2=r.level2)
            for r in current.rules if r.id != without]


@post("/")
async def add_rule(request: Request) -> Response:
    form = await form_fields(request, ("scope", "sku", "category_id", "mode", "level1", "level2"))
    ctx = console_context(request)
    try:
        # The item is picked by name or SKU, the category from the list; the rule keeps its id.
        form["target_id"] = form["category_id"] if form["scope"] == "category" else \
            str((await find_item_by_sku(ctx, form["sku"])).id) if form["sku"] else ""
        new = rule_from(form)
        kept = [r for r in _kept(await rules.listing(ctx)) if (r.scope, r.target_id) != (new.scope, new.target_id)]
        await rules.replace(ctx, RulesIn(rules=[*kept, new]))
    except REFUSALS as exc:
        return await show_refused(request, _rules_page, exc, LABELS, form=form)
    return back_with_notice(RULES, "saved")


async def _delete_rule(ctx: Context, rule_id: int) -> None:
    await rules.replace(ctx, RulesIn(rules=_kept(await rules.listing(ctx), without=rule_id)))


delete_rule = action_route("/{rule_id:int}/delete", _delete_rule, page=_rules_page, back=RULES, notice="removed")


# --- payouts ------------------------------------------------------------------------------------

PAYOUT_FIELDS = ("promoter_id", "amount", "method", "store_id", "reference", "note", "key")


async def _payouts_page(request: Request, form: dict[str, str] | None = None, error: str = "",
                        status_code: int = 200, paid: Any = None) -> Response:
    ctx = console_context(request)
    everyone = await promoters.listing(ctx, status="active")
    return render(request, "referral/payouts.html", status_code=status_code, promoters=everyone,
                  pay_stores=await list_stores(ctx),
                  names={p.id: p.name for p in await promoters.listing(ctx)}, payouts=await payouts.listing(ctx, limit=50),
                  form=form or {}, key=secrets.token_urlsafe(16), error=error, paid=paid)


@get("/")
async def payouts_page(request: Request) -> Response:
    """What each promoter may be paid, the payout form and the latest payouts."""
    return await _payouts_page(request)


@post("/")
async def pay(request: Request) -> Response:
    form = await form_fields(request, PAYOUT_FIELDS)
    amount = parse_yuan(form["amount"])
    promoter_id = _whole(form["promoter_id"])
    if amount is None or amount <= 0 or promoter_id is None:
        return await _payouts_page(request, form, "请选择推广员并填写正数金额 / Choose a promoter and a positive amount", 422)
    try:
        data = msgspec.convert({"amount_fen": amount, "method": form["method"] or "cash",
                                "store_id": _whole(form["store_id"]), "reference": form["reference"],
                                "note": form["note"]}, PayoutIn)
        done = await payouts.pay_out(console_context(request), promoter_id, data,
                                     request_key=f"console:{form['key']}" if form["key"] else None)
    except REFUSALS as exc:
        return await show_refused(request, _payouts_page, exc, LABELS, form=form)
    return await _payouts_page(request, paid=done)


# --- the member's file --------------------------------------------------------------------------


async def member_section(ctx: Context, member: Member) -> list[MemberFileSection]:
    found = await views.member_referral(ctx, member.id)
    return [MemberFileSection(title="全民推广", title_en="Referral", template="referral/member_section.html",
                              data={"promoter": found.promoter, "brought_by": found.brought_by})]


PAGES = [
    ConsolePage(path=PATH, title="推广员", title_en="Promoters", handlers=[promoters_page, add_promoter, approve, poster],
                permission="plugins.manage"),
    ConsolePage(path=RULES, title="佣金规则", title_en="Commission rules", handlers=[rules_page, add_rule, delete_rule],
                permission="plugins.manage"),
    ConsolePage(path=f"{PATH}/payouts", title="佣金结算", title_en="Commission payouts", handlers=[payouts_page, pay],
                permission="plugins.manage", group="reports"),
]
