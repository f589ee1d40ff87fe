"""收银台 Checkout: find the member, add items by scan, search or the item grid, pay with several
tenders, hold/resume.

The order lives in the database from the first item on (status ``open``); every action is a
small form post that changes it through the orders services and comes back to the page, so a
reload or a second tab never loses a sale. The scan field takes barcodes, member codes and
phone numbers alike (and SKUs typed by hand): a scanner types fast and ends with Enter, which submits it.
The item grid (tiles by category) and the lines' − / + buttons are plain forms too; the page's
script sends them without leaving the page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from litestar import Request, Response, get, post
from litestar.params import FromPath

from core.catalog.schemas import CategoryOut, ItemOut
from core.catalog.service import find_by_barcode, find_by_sku, list_categories, list_items
from core.console.formatting import parse_yuan
from core.console.forms import error_text, form_of, redirect
from core.console.i18n import locale_of
from core.console.pages import CheckoutTender
from core.console.session import console_context
from core.console.templating import render_page
from core.context import Context
from core.errors import DomainError, InvalidInput, NotFound
from core.http.pagination import Page
from core.ledger.stored_value import stored_value
from core.members.member_code import resolve_member_code
from core.members.service import get_member, search_members
from core.orders import payment, service
from core.orders import schemas as s
from core.orders.held import held_orders

WRITE = {"permission": "orders.write"}
GRID_SIZE = 48  # tiles per page of the item grid: a category of a few hundred items pages on


def till_of(ctx: Context) -> str:
    """The console's till in this store: held orders come back at the same store's counter."""
    return f"console-{ctx.store_id}"


@dataclass(frozen=True, slots=True)
class Grid:
    """The till's item grid: the top categories as tabs, one page of the chosen one's items, and
    how many of each item the order already holds (shown on its tile)."""

    categories: list[CategoryOut]
    category_id: int | None  # None: 全部
    items: Page[ItemOut]
    cursor: str  # this page's, "" for the first
    on_order: dict[int, int]  # item id → quantity
    base: str  # the till's address: with the order, or without one (then for ``member_id``)
    member_id: int | None

    def link(self, category_id: int | None, cursor: str = "") -> str:
        query = {k: v for k, v in (("member", self.member_id), ("cat", category_id), ("cursor", cursor)) if v}
        return self.base + (f"?{urlencode(query)}" if query else "")


async def _grid(ctx: Context, params: Any, order: s.Order | None, member_id: int | None) -> Grid:
    """Active items sold in this store, in the category the tabs chose (its sub-categories too):
    ``params`` are the page's query, or the form that came back with a refusal."""
    category_id, cursor = _int(params.get("cat")), str(params.get("cursor", ""))
    categories = [c for c in await list_categories(ctx) if c.parent_id is None]
    items = await list_items(ctx, category_id=category_id, active=True, store_id=ctx.store_id, cursor=cursor or None,
                             limit=GRID_SIZE)
    on_order: dict[int, int] = {}
    for line in order.lines if order else ():
        on_order[line.item_id] = on_order.get(line.item_id, 0) + line.quantity
    return Grid(categories=categories, category_id=category_id, items=items, cursor=cursor, on_order=on_order,
                base=f"/console/checkout/{order.id}" if order else "/console/checkout",
                member_id=None if order else member_id)


async def _page(request: Request, order: s.Order | None, member_id: int | None, error: str | None = None,
                status_code: int = 200, form: dict[str, Any] | None = None) -> Response:
    ctx = console_context(request)
    member_id = order.member_id if order else member_id
    member = await get_member(ctx, member_id) if member_id else None
    balance = await stored_value(ctx, member.id) if member else None
    q = request.query_params.get("q", "").strip()
    found = await list_items(ctx, q=q, active=True, store_id=ctx.store_id, limit=20) if q else None
    held = await held_orders(ctx, ctx.store_id) if ctx.store_id else []
    grid = await _grid(ctx, request.query_params if form is None else form, order, member_id)
    return render_page(request, "console/checkout.html", status_code=status_code, order=order, member=member,
                       balance=balance, q=q, found=found, held=held, error=error, form=form or {}, grid=grid,
                       plugin_tenders=await plugin_tenders(ctx, order))


def _back_to(order_id: int, form: dict[str, Any]) -> str:
    """The order's page, on the grid's category and page the cashier was on."""
    kept = {k: str(form[k]) for k in ("cat", "cursor") if str(form.get(k, "")).strip()}
    return f"/console/checkout/{order_id}" + (f"?{urlencode(kept)}" if kept else "")


async def plugin_tenders(ctx: Context, order: s.Order | None) -> list[CheckoutTender]:
    """The plugins' ways to pay (points, card sessions) for an open order with a member."""
    if order is None or order.member_id is None or order.status != "open":
        return []
    return [t for result in await ctx.hooks.checkout_tenders(ctx=ctx, order=order) for t in result]


@get("/checkout", opt=WRITE)
async def checkout(request: Request) -> Response:
    member = request.query_params.get("member", "")
    return await _page(request, None, int(member) if member.isdigit() else None)


@get("/checkout/{order_id:int}", opt=WRITE)
async def checkout_order(request: Request, order_id: FromPath[int]) -> Response:
    ctx = console_context(request)
    order = await service.load_order(ctx, order_id)
    if order.status != "open":
        return redirect(f"/console/orders/{order_id}")
    return await _page(request, order, None)


async def _open_order(ctx: Context, order_id: int | None, member_id: int | None, lines: list[s.LineIn]) -> s.Order:
    if order_id is None:
        return await service.create_order(ctx, s.OrderCreate(lines=lines, member_id=member_id, store_id=ctx.store_id))
    order = await service.load_order(ctx, order_id)
    merged: dict[int, int] = {line.item_id: line.quantity for line in order.lines}
    for line in lines:
        merged[line.item_id] = merged.get(line.item_id, 0) + line.quantity
    return await service.replace_lines(ctx, order_id, s.LinesReplace(
        lines=[s.LineIn(item_id=i, quantity=q) for i, q in merged.items()]))


def _int(value: Any) -> int | None:
    return int(value) if isinstance(value, str) and value.isdigit() else None


async def _find_item(ctx: Context, code: str) -> ItemOut | None:
    """A scanned barcode, or an item's SKU (商品编码) typed or printed on a shelf label."""
    for find in (find_by_barcode, find_by_sku):
        try:
            return await find(ctx, code)
        except NotFound:
            continue
    return None


async def _find_member(ctx: Context, code: str) -> int | None:
    """A scanned member code, or a phone number typed whole (one member only)."""
    if ctx.actor.can("members.code"):
        try:
            return (await resolve_member_code(ctx, code)).id
        except DomainError:
            pass
    digits = "".join(ch for ch in code if ch.isdigit())
    if len(digits) >= 7 and digits == code.strip().lstrip("+"):
        page = await search_members(ctx, phone=code, limit=2)
        if len(page.items) == 1:
            return page.items[0].id
    return None


@post("/checkout/scan", opt=WRITE)
async def scan(request: Request) -> Response:
    """One field for everything a scanner or the keyboard gives: barcode, member code, phone."""
    ctx = console_context(request)
    form = await form_of(request)
    code = str(form.get("code", "")).strip()
    order_id, member_id = _int(form.get("order_id")), _int(form.get("member_id"))
    order = await service.load_order(ctx, order_id) if order_id else None
    try:
        if not code:
            raise InvalidInput(field="code", zh="请扫码或输入条码、会员码或手机号",
                               en="Scan or type a barcode, member code or phone")
        item = await _find_item(ctx, code)
        if item is not None:
            order = await _open_order(ctx, order_id, member_id, [s.LineIn(item_id=item.id)])
            return redirect(f"/console/checkout/{order.id}")
        found = await _find_member(ctx, code)
        if found is None and order is not None and await ctx.hooks.checkout_code_scanned(ctx=ctx, order=order, code=code):
            return redirect(f"/console/checkout/{order.id}")  # a plugin's code, such as a coupon
        if found is None:
            raise NotFound(resource="code", zh=f"未找到 {code} 对应的商品、会员或券码",
                           en=f"No item, member or coupon for {code}")
        if order is not None:
            await service.set_member(ctx, order.id, found)
            return redirect(f"/console/checkout/{order.id}")
        return redirect(f"/console/checkout?member={found}")
    except DomainError as exc:
        return await _page(request, order, member_id, error_text(exc, locale_of(request)), exc.status)


@post("/checkout/add", opt=WRITE)
async def add_item(request: Request) -> Response:
    """An item picked from the search results or tapped in the grid: one more of it on the order."""
    ctx = console_context(request)
    form = await form_of(request)
    order_id, member_id, item_id = _int(form.get("order_id")), _int(form.get("member_id")), _int(form.get("item_id"))
    try:
        if item_id is None:
            raise InvalidInput(field="item_id", zh="请选择商品", en="Choose an item")
        order = await _open_order(ctx, order_id, member_id, [s.LineIn(item_id=item_id, quantity=_int(form.get("quantity")) or 1)])
    except DomainError as exc:
        shown = await service.load_order(ctx, order_id) if order_id else None
        return await _page(request, shown, member_id, error_text(exc, locale_of(request)), exc.status, form=form)
    return redirect(_back_to(order.id, form))


@post("/checkout/{order_id:int}/step", opt=WRITE)
async def step_line(request: Request, order_id: FromPath[int]) -> Response:
    """A line's − and + buttons: one fewer or one more of an item (``less`` or ``more`` names the item);
    one fewer than one takes the line off the order."""
    ctx = console_context(request)
    form = await form_of(request)
    order = await service.load_order(ctx, order_id)
    more, less = _int(form.get("more")), _int(form.get("less"))
    item_id = more if more is not None else less
    lines, stepped = [], False
    for line in order.lines:
        quantity = line.quantity
        if line.item_id == item_id and not stepped:
            quantity, stepped = quantity + (1 if more is not None else -1), True
        if quantity > 0:
            lines.append(s.LineIn(item_id=line.item_id, quantity=quantity))
    try:
        if not stepped:
            raise InvalidInput(field="item_id", zh="该商品已不在订单中", en="That item is no longer on the order")
        await service.replace_lines(ctx, order_id, s.LinesReplace(lines=lines))
    except DomainError as exc:
        return await _page(request, await service.load_order(ctx, order_id), None, error_text(exc, locale_of(request)),
                           exc.status, form=form)
    return redirect(_back_to(order_id, form))


@post("/checkout/{order_id:int}/lines", opt=WRITE)
async def change_lines(request: Request, order_id: FromPath[int]) -> Response:
    """New quantities for the order's lines (0 removes a line)."""
    ctx = console_context(request)
    form = await form_of(request)
    order = await service.load_order(ctx, order_id)
    lines = []
    for line in order.lines:
        quantity = _int(form.get(f"qty_{line.id}"))
        quantity = line.quantity if quantity is None else quantity
        if quantity > 0:
            lines.append(s.LineIn(item_id=line.item_id, quantity=quantity))
    try:
        await service.replace_lines(ctx, order_id, s.LinesReplace(lines=lines))
    except DomainError as exc:
        return await _page(request, order, None, error_text(exc, locale_of(request)), exc.status, form=form)
    return redirect(_back_to(order_id, form))


@post("/checkout/{order_id:int}/member", opt=WRITE)
async def remove_member(request: Request, order_id: FromPath[int]) -> Response:
    await service.set_member(console_context(request), order_id, None)
    return redirect(f"/console/checkout/{order_id}")


def _typed_fen(form: dict[str, Any], field: str, kind: str) -> int | None:
    """The amount typed in ``field`` (yuan) as fen; None when the field is empty."""
    text = str(form.get(field, "")).strip()
    if not text:
        return None
    fen = parse_yuan(text)
    if fen is None or fen < 0:
        raise InvalidInput(field=kind, zh=f"金额无效：{text}", en=f"Not an amount: {text}")
    return fen


def tenders_from(form: dict[str, Any], total_fen: int, offered: Sequence[CheckoutTender] = ()) -> list[s.TenderIn]:
    """The amounts typed per tender (yuan) → tenders; cash, the last tender, takes the rest.

    The plugins' tenders come first (points before cash, as the counter takes them), each from
    its own field with the reference the plugin gave. Cash left empty absorbs whatever the others
    leave; cash typed above that is what the customer handed over, and the difference is change.
    """
    tenders = []
    for offer in offered:
        if fen := _typed_fen(form, offer.field, offer.kind):
            tenders.append(s.TenderIn(kind=offer.kind, amount_fen=fen, reference=offer.reference))
    for kind in ("stored_value", "external"):
        if fen := _typed_fen(form, kind, kind):
            reference = str(form.get("reference", "")).strip() if kind == "external" else ""
            tenders.append(s.TenderIn(kind=kind, amount_fen=fen, reference=reference))
    rest = total_fen - sum(t.amount_fen for t in tenders)
    cash, given = _typed_fen(form, "cash", "cash"), _typed_fen(form, "cash_given", "cash_given")
    if cash is None:
        cash = max(rest, 0)
    elif given is None and cash > rest > 0:
        cash, given = rest, cash
    if cash:
        tenders.append(s.TenderIn(kind="cash", amount_fen=cash, tendered_fen=given))
    if not tenders:
        raise InvalidInput(field="cash", zh="请填写收款金额", en="Enter the amount taken")
    return tenders


@post("/checkout/{order_id:int}/pay", opt=WRITE)
async def pay(request: Request, order_id: FromPath[int]) -> Response:
    ctx = console_context(request)
    form = await form_of(request)
    order = await service.load_order(ctx, order_id)
    try:
        tenders = tenders_from(form, order.total_fen, await plugin_tenders(ctx, order))
        await payment.pay_order(ctx, order_id, s.PayRequest(tenders=tenders))
    except DomainError as exc:
        return await _page(request, order, None, error_text(exc, locale_of(request)), exc.status, form=form)
    return redirect(f"/console/orders/{order_id}?paid=1")


@post("/checkout/{order_id:int}/hold", opt=WRITE)
async def hold(request: Request, order_id: FromPath[int]) -> Response:
    ctx = console_context(request)
    await service.hold_order(ctx, order_id, till_of(ctx))
    return redirect("/console/checkout")


@post("/checkout/{order_id:int}/resume", opt=WRITE)
async def resume(request: Request, order_id: FromPath[int]) -> Response:
    """取单 from the drawer. The order on the till (``current``), if it has lines, is held in its place,
    so taking one order back never leaves another behind unseen."""
    ctx = console_context(request)
    current = _int((await form_of(request)).get("current"))
    if current is not None and current != order_id:
        order = await service.load_order(ctx, current)
        if order.status == "open" and order.lines:
            await service.hold_order(ctx, current, till_of(ctx))
    await service.resume_order(ctx, order_id, till_of(ctx))
    return redirect(f"/console/checkout/{order_id}")


@post("/checkout/{order_id:int}/cancel", opt=WRITE)
async def cancel(request: Request, order_id: FromPath[int]) -> Response:
    """作废: the order on the till, or a held one from the drawer (then the till keeps its ``current`` order)."""
    current = _int((await form_of(request)).get("current"))
    await service.cancel_order(console_context(request), order_id)
    return redirect(f"/console/checkout/{current}" if current is not None and current != order_id else "/console/checkout")


ROUTES = [checkout, checkout_order, scan, add_item, step_line, change_lines, remove_member, pay, hold, resume, cancel]
