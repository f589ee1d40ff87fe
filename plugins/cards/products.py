"""卡项设置 in the merchant console, at /console/p/cards/products: the card products the shop sells
(次卡、时卡) with what one session pays for, and a form to add one or change it.

The scope (适用范围) is picked from the shop's own categories and services by name; picking none
lets the card pay for any service, as cards did before scopes.
"""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Request, Response, get, post

from sdk import CardTerms, ItemCreate, ItemOut, ItemUpdate, create_item, list_categories, list_items, update_item
from sdk.console import (
    REFUSALS,
    ConsolePage,
    FormError,
    back_with_notice,
    console_context,
    form_fields,
    parse_yuan,
    render,
    show_refused,
    whole_number,
)

PATH = "/console/p/cards/products"
FIELDS = ("item_id", "name", "sku", "price", "card_type", "sessions", "valid_days")
LABELS = {"name": "名称", "sku": "货号", "price_fen": "价格", "card.sessions": "次数", "sessions": "次数",
          "valid_days": "有效天数", "card.valid_days": "有效天数", "card_type": "卡类型"}


async def _picked(request: Request, field: str) -> list[int]:
    """The ids ticked in a multi-select (``<select multiple>`` sends the field once per choice)."""
    values = (await request.form()).getall(field, [])
    return [int(v) for v in values if str(v).isdigit()]


async def terms_from(request: Request, form: dict[str, str]) -> CardTerms:
    card_type = form["card_type"] or "sessions"
    if card_type not in ("sessions", "time"):
        raise FormError("卡类型须为次卡或时卡 / The card type is a sessions card or a time card")
    sessions = whole_number(form["sessions"], "次数", optional=True) if card_type == "sessions" else None
    valid_days = whole_number(form["valid_days"], "有效天数", optional=True)
    scope: dict[str, Any] = {}
    if card_type == "sessions":
        scope = {"covers_category_ids": await _picked(request, "covers_category_ids"),
                 "covers_item_ids": await _picked(request, "covers_item_ids")}
    return msgspec.convert({"card_type": card_type, "sessions": sessions, "valid_days": valid_days, **scope}, CardTerms)


def _price(text: str) -> int:
    fen = parse_yuan(text)
    if fen is None or fen < 0:
        raise FormError("价格须为金额，最多两位小数 / Price: an amount, at most 2 decimals")
    return fen


async def _page(request: Request, form: dict[str, Any] | None = None, error: str = "", status_code: int = 200) -> Response:
    ctx = console_context(request)
    cards = [item for item in await list_items(ctx, kind="card") if item.card and item.card.card_type != "stored"]
    categories = await list_categories(ctx)
    services = await list_items(ctx, kind="service")
    names = {**{("c", c.id): c.name for c in categories}, **{("i", i.id): i.name for i in services}}
    scopes = {item.id: _scope_text(item.card, names) for item in cards if item.card is not None}
    edit = request.query_params.get("edit", "")
    if form is None:
        form = _form_of(next((c for c in cards if str(c.id) == edit), None))
    return render(request, "cards/products.html", status_code=status_code, cards=cards, categories=categories,
                  services=services, scopes=scopes, form=form, error=error)


def _scope_text(card: CardTerms, names: dict[tuple[str, int], str]) -> tuple[str, str]:
    """What one session pays for, zh-CN and English, by the names the merchant gave."""
    if card.card_type != "sessions":
        return "—", "—"
    if not (card.covers_category_ids or card.covers_item_ids):
        return "全部服务项目", "Any service"
    categories = [names.get(("c", i), f"#{i}") for i in card.covers_category_ids]
    items = [names.get(("i", i), f"#{i}") for i in card.covers_item_ids]
    return ("、".join([*(f"{c}（分类）" for c in categories), *items]),
            ", ".join([*(f"{c} (category)" for c in categories), *items]))


def _form_of(item: ItemOut | None) -> dict[str, Any]:
    """The form filled from a card product being changed, or empty for a new one."""
    if item is None or item.card is None:
        return {"card_type": "sessions", "covers_category_ids": [], "covers_item_ids": []}
    card = item.card
    return {"item_id": str(item.id), "name": item.name, "sku": item.sku, "price": f"{item.price_fen / 100:.2f}",
            "card_type": card.card_type, "sessions": str(card.sessions or ""), "valid_days": str(card.valid_days or ""),
            "covers_category_ids": card.covers_category_ids, "covers_item_ids": card.covers_item_ids}


@get("/")
async def page(request: Request) -> Response:
    """The card products and the form (``?edit=<item id>`` fills it with one to change)."""
    return await _page(request)


@post("/")
async def save(request: Request) -> Response:
    """Add a card product, or change the one named by ``item_id``."""
    ctx = console_context(request)
    form: dict[str, Any] = await form_fields(request, FIELDS)
    form["covers_category_ids"] = await _picked(request, "covers_category_ids")
    form["covers_item_ids"] = await _picked(request, "covers_item_ids")
    try:
        terms = await terms_from(request, form)
        price = _price(form["price"])
        if form["item_id"].isdigit():
            await update_item(ctx, int(form["item_id"]), msgspec.convert(
                {"name": form["name"], "price_fen": price, "card": msgspec.to_builtins(terms)}, ItemUpdate))
        else:
            await create_item(ctx, msgspec.convert({"sku": form["sku"], "name": form["name"], "kind": "card", "price_fen": price,
                                                    "unit": "张", "card": msgspec.to_builtins(terms)}, ItemCreate))
    except REFUSALS as exc:
        return await show_refused(request, _page, exc, LABELS, form=form)
    return back_with_notice(PATH, "saved")


PAGES = [
    ConsolePage(path=PATH, title="卡项设置", title_en="Card products", handlers=[page, save],
                permission="catalog.write", group="settings"),
]
