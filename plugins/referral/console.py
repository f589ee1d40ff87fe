"""全民推广 in the merchant console: promoters (approve, add staff and partners, posters), commission
rules, payouts; and the member file's section (the promoter they are, who brought them)."""

from __future__ import annotations

import secrets
from typing import Any

import msgspec
from litestar import Request, Response, get, post
from litestar.response import Redirect

from plugins.referral import payouts, promoters, rules, views
from plugins.referral.poster import poster_svg
from plugins.referral.schemas import PayoutIn, PromoterIn, RuleIn, RulesIn
from sdk import Context, DomainError, FromPath, Member
from sdk.console import ConsolePage, MemberFileSection, console_context, parse_yuan, render

PATH = "/console/p/referral"


def _refused(exc: Exception) -> tuple[str, int]:
    if isinstance(exc, DomainError):
        return exc.message, exc.status
    return f"输入有误 / Invalid input: {exc}", 422


def _whole(text: str) -> int | None:
    return int(text) if text.isdigit() else None


# --- promoters ----------------------------------------------------------------------------------


async def _promoters_page(request: Request, form: dict[str, str] | None = None, error: str = "",
                          status_code: int = 200) -> Response:
    ctx = console_context(request)
    return render(request, "referral/promoters.html", status_code=status_code,
                  promoters=await promoters.listing(ctx), form=form or {}, error=error)


@get("/")
async def promoters_page(request: Request) -> Response:
    """Every promoter with people brought and balances; approve applications; add staff and partners."""
    return await _promoters_page(request)


@post("/")
async def add_promoter(request: Request) -> Response:
    form = {k: str(v).strip() for k, v in (await request.form()).items() if k in ("kind", "staff_id", "name")}
    try:
        data = msgspec.convert({"kind": form.get("kind") or "partner", "staff_id": _whole(form.get("staff_id", "")),
                                "name": form.get("name", "")}, PromoterIn)
        await promoters.create(console_context(request), data)
    except (DomainError, msgspec.ValidationError) as exc:
        message, status = _refused(exc)
        return await _promoters_page(request, form, message, status)
    return Redirect(PATH)


@post("/{promoter_id:int}/approve")
async def approve(request: Request, promoter_id: FromPath[int]) -> Response:
    try:
        await promoters.approve(console_context(request), promoter_id)
    except DomainError as exc:
        return await _promoters_page(request, None, exc.message, exc.status)
    return Redirect(PATH)


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
    return render(request, "referral/rules.html", status_code=status_code,
                  rules=await rules.listing(console_context(request)), form=form or {}, error=error)


@get("/")
async def rules_page(request: Request) -> Response:
    """The default rates (settings) and the per-item and per-category overrides."""
    return await _rules_page(request)


def _kept(current: Any, without: int | None = None) -> list[RuleIn]:
    return [RuleIn(scope=r.scope, target_id=r.target_id, mode=r.mode, level1=r.level1, level2=r.level2)
            for r in current.rules if r.id != without]


@post("/")
async def add_rule(request: Request) -> Response:
    form = {k: str(v).strip() for k, v in (await request.form()).items()
            if k in ("scope", "target_id", "mode", "level1", "level2")}
    ctx = console_context(request)
    try:
        new = rule_from(form)
        kept = [r for r in _kept(await rules.listing(ctx)) if (r.scope, r.target_id) != (new.scope, new.target_id)]
        await rules.replace(ctx, RulesIn(rules=[*kept, new]))
    except (DomainError, msgspec.ValidationError) as exc:
        message, status = _refused(exc)
        return await _rules_page(request, form, message, status)
    return Redirect(f"{PATH}/rules")


@post("/{rule_id:int}/delete")
async def delete_rule(request: Request, rule_id: FromPath[int]) -> Response:
    ctx = console_context(request)
    await rules.replace(ctx, RulesIn(rules=_kept(await rules.listing(ctx), without=rule_id)))
    return Redirect(f"{PATH}/rules")


# --- payouts ------------------------------------------------------------------------------------

PAYOUT_FIELDS = ("promoter_id", "amount", "method", "store_id", "reference", "note", "key")


async def _payouts_page(request: Request, form: dict[str, str] | None = None, error: str = "",
                        status_code: int = 200, paid: Any = None) -> Response:
    ctx = console_context(request)
    everyone = await promoters.listing(ctx, status="active")
    return render(request, "referral/payouts.html", status_code=status_code, promoters=everyone,
                  names={p.id: p.name for p in await promoters.listing(ctx)}, payouts=await payouts.listing(ctx, limit=50),
                  form=form or {}, key=secrets.token_urlsafe(16), error=error, paid=paid)


@get("/")
async def payouts_page(request: Request) -> Response:
    """What each promoter may be paid, the payout form and the latest payouts."""
    return await _payouts_page(request)


@post("/")
async def pay(request: Request) -> Response:
    form = {k: str(v).strip() for k, v in (await request.form()).items() if k in PAYOUT_FIELDS}
    amount = parse_yuan(form.get("amount", ""))
    promoter_id = _whole(form.get("promoter_id", ""))
    if amount is None or amount <= 0 or promoter_id is None:
        return await _payouts_page(request, form, "请选择推广员并填写正数金额 / Choose a promoter and a positive amount", 422)
    try:
        data = msgspec.convert({"amount_fen": amount, "method": form.get("method") or "cash",
                                "store_id": _whole(form.get("store_id", "")), "reference": form.get("reference", ""),
                                "note": form.get("note", "")}, PayoutIn)
        done = await payouts.pay_out(console_context(request), promoter_id, data,
                                     request_key=f"console:{form['key']}" if form.get("key") else None)
    except (DomainError, msgspec.ValidationError) as exc:
        message, status = _refused(exc)
        return await _payouts_page(request, form, message, status)
    return await _payouts_page(request, paid=done)


# --- the member's file --------------------------------------------------------------------------


async def member_section(ctx: Context, member: Member) -> list[MemberFileSection]:
    found = await views.member_referral(ctx, member.id)
    return [MemberFileSection(title="全民推广", title_en="Referral", template="referral/member_section.html",
                              data={"promoter": found.promoter, "brought_by": found.brought_by})]


PAGES = [
    ConsolePage(path=PATH, title="推广员", title_en="Promoters", handlers=[promoters_page, add_promoter, approve, poster],
                permission="plugins.manage"),
    ConsolePage(path=f"{PATH}/rules", title="佣金规则", title_en="Commission rules", handlers=[rules_page, add_rule, delete_rule],
                permission="plugins.manage"),
    ConsolePage(path=f"{PATH}/payouts", title="佣金结算", title_en="Commission payouts", handlers=[payouts_page, pay],
                permission="plugins.manage"),
]
