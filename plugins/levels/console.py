"""会员等级 in the merchant console: the ladder at /console/p/levels (every level in one form,
what was typed kept when it is refused), and the member's level, progress and history in their
file with a manager's override."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Request, Response, get, post
from litestar.response import Redirect

from plugins.levels.schemas import LevelOverrideIn, MemberPrice, TierIn, TiersIn
from plugins.levels.service import history, ladder, ladder_with_counts, member_level, override, save_ladder, settings
from sdk import Context, FromPath, Member, find_item_by_sku
from sdk.console import (
    REFUSALS,
    ConsolePage,
    FormError,
    MemberFileSection,
    back_with_notice,
    console_context,
    form_fields,
    form_rows,
    parse_yuan,
    render,
    show_refused,
    yuan,
)
from sdk.errors import InvalidInput

PATH = "/console/p/levels"
ROWS = ("code", "name", "name_en", "threshold", "discount_percent", "points_multiplier")
BLANK_PRICES = 2  # empty 会员价 rows under each level's: room to add prices without script
LATEST_CHANGES = 10
LABELS = {"code": "代码", "name": "名称", "name_en": "英文名称", "threshold": "门槛", "discount_percent": "折扣",
          "points_multiplier": "积分倍数", "tiers": "等级"}


def _number(text: str, label: str, money: bool) -> int:
    """A non-negative figure: fen from yuan when ``money``, else a whole number; blank is 0."""
    if not text:
        return 0
    if money:
        fen = parse_yuan(text)
        if fen is None or fen < 0:
            raise FormError(f"{label}须为非负数，最多两位小数 / {label}: an amount, at most 2 decimals")
        return fen
    if not text.isdigit():
        raise FormError(f"{label}须为非负数整数 / {label}: a whole number")
    return int(text)


async def _member_prices(ctx: Any, pairs: list[dict[str, str]], tier: str) -> list[MemberPrice]:
    """The level's 会员价 rows, each an item picked by name or SKU (the picker sends its SKU) and a
    price in yuan; a row left blank is skipped."""
    prices = []
    for pair in pairs:
        sku, price_text = pair["sku"], pair["price"]
        if not sku and not price_text:
            continue
        if not sku or not price_text:
            raise FormError(f"「{tier}」会员价：请选商品并填写价格 / '{tier}' member prices: pick the item and give its price")
        item = await find_item_by_sku(ctx, sku)
        price = _number(price_text, f"{sku} 会员价", money=True)
        if price == 0:
            raise FormError(f"{sku} 会员价须大于零 / {sku}: a member price above zero")
        prices.append(MemberPrice(item_id=item.id, price_fen=price))
    return prices


async def _rows_with_prices(request: Request) -> list[dict[str, Any]]:
    """The form's levels (``code_0``…), each with its 会员价 rows (``mp_sku_0_0``, ``mp_price_0_0``…)."""
    rows: list[dict[str, Any]] = await form_rows(request, ROWS)
    raw = await request.form()
    for i, row in enumerate(rows):
        count = sum(1 for k in raw if k.startswith(f"mp_sku_{i}_"))
        row["member_prices"] = [{"sku": str(raw.get(f"mp_sku_{i}_{j}", "")).strip(),
                                 "price": str(raw.get(f"mp_price_{i}_{j}", "")).strip()} for j in range(count)]
    return rows


async def ladder_from(ctx: Any, rows: list[dict[str, Any]], metric: str, kept: dict[str, list[int]]) -> TiersIn:
    tiers = []
    for row in rows:
        if not any(row.get(f) for f in ("code", "name", "threshold")):
            continue  # the blank row for a new level, left blank
        label = row.get("name") or row.get("code") or "?"
        tiers.append(msgspec.convert({
            "code": row.get("code", ""), "name": row.get("name", ""), "name_en": row.get("name_en", ""),
            "threshold": _number(row.get("threshold", ""), f"{label} 门槛", money=metric != "points"),
            "discount_percent": _number(row.get("discount_percent") or "100", f"{label} 折扣", money=False),
            "points_multiplier": _number(row.get("points_multiplier") or "100", f"{label} 积分倍数", money=False),
            "member_prices": await _member_prices(ctx, row.get("member_prices", []), label),
            "category_ids": kept.get(row.get("code", ""), []),
        }, TierIn))
    return TiersIn(tiers=tiers)


async def _page(request: Request, rows: list[dict[str, Any]] | None = None, error: str = "",
                status_code: int = 200) -> Response:
    ctx = console_context(request)
    tiers, metric = await ladder_with_counts(ctx), (await settings(ctx)).metric
    if rows is None:
        skus: dict[int, str] = {}
        rows = []
        for t in tiers:
            prices = [{"sku": await _sku(ctx, p.item_id, skus), "price": yuan(p.price_fen)} for p in t.member_prices]
            rows.append({"code": t.code, "name": t.name, "name_en": t.name_en,
                         "threshold": str(t.threshold) if metric == "points" else yuan(t.threshold),
                         "discount_percent": str(t.discount_percent), "points_multiplier": str(t.points_multiplier),
                         "member_prices": prices})
    rows = [{**row, "member_prices": [*(p for p in row.get("member_prices", []) if p["sku"] or p["price"]),
                                      *[{"sku": "", "price": ""}] * BLANK_PRICES]} for row in [*rows, {}]]
    return render(request, "levels/tiers.html", status_code=status_code, tiers=tiers, rows=rows,
                  metric=metric, error=error)


async def _sku(ctx: Any, item_id: int, cache: dict[int, str]) -> str:
    from sdk import get_item

    if item_id not in cache:
        cache[item_id] = (await get_item(ctx, item_id)).sku
    return cache[item_id]


@get("/")
async def page(request: Request) -> Response:
    """The ladder: each level's threshold, benefits and members, and the form to change it."""
    return await _page(request)


@post("/")
async def save(request: Request) -> Response:
    rows = await _rows_with_prices(request)
    ctx = console_context(request)
    kept = {t.code: t.category_ids for t in await ladder(ctx)}
    try:
        await save_ladder(ctx, await ladder_from(ctx, rows, (await settings(ctx)).metric, kept))
    except REFUSALS as exc:
        return await show_refused(request, _page, exc, LABELS, rows=rows)
    return back_with_notice(PATH, "saved")


@post("/members/{member_id:int}")
async def set_level(request: Request, member_id: FromPath[int]) -> Response:
    """A manager's override from the member's file, with a reason; a refusal shows as the console's error page."""
    form = await form_fields(request, ("code", "reason"))
    try:
        data = msgspec.convert(form, LevelOverrideIn)
    except msgspec.ValidationError:
        raise InvalidInput(field="reason", zh="请选择等级并填写原因", en="Choose a level and give a reason") from None
    await override(console_context(request), member_id, data)
    return Redirect(f"/console/members/{member_id}?tab=levels")


async def member_section(ctx: Context, member: Member) -> list[MemberFileSection]:
    """The member's level, the figure towards the next one, the latest changes, the override form."""
    return [MemberFileSection(title="会员等级", title_en="Level", template="levels/member_section.html", data={
        "level": await member_level(ctx, member.id), "changes": (await history(ctx, member.id))[:LATEST_CHANGES],
        "tiers": await ladder(ctx), "member_id": member.id, "yearly_review": (await settings(ctx)).yearly_review})]


PAGES = [
    ConsolePage(path=PATH, title="会员等级", title_en="Member levels", handlers=[page, save, set_level],
                permission="plugins.manage", group="members"),
]
