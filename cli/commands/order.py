"""``mendian order``: checkout (开单收银), order lists, receipts, refunds and cancelling, from a terminal.

Amounts are typed in yuan (``12.50``) and printed as JSON in fen, as the API does.
"""

from __future__ import annotations

import re

import typer

from cli.commands.money import fen, member_id, once
from core.commandline import fail, in_tenant, print_json

app = typer.Typer(name="order", help="订单与收银 / Orders and checkout.", no_args_is_help=True)

TENANT = typer.Option(..., "--tenant", help="商户代码 / tenant code")
IDEMPOTENCY = typer.Option(None, "--idempotency-key", help="重复执行同一键不会重复收款或退款 / a repeated key moves money once")
ITEM = re.compile(r"^(?P<item>[^*]+?)(?:\*(?P<qty>\d+))?$")
LINE = re.compile(r"^(?P<line>\d+)(?:\*(?P<qty>\d+))?$")
TENDER = re.compile(r"^(?P<kind>[a-z][a-z0-9_]{1,39}):(?P<amount>[0-9.]+)(?::(?P<ref>.+))?$")


def _items(specs: list[str]) -> list[tuple[str, int]]:
    parsed = []
    for spec in specs:
        if not (m := ITEM.match(spec)) or (m["qty"] is not None and int(m["qty"]) < 1):
            fail(f"商品应写作 SKU或条码[*数量] / --item must be SKU-or-barcode[*quantity]: {spec}", 2)
        parsed.append((m["item"], int(m["qty"] or 1)))
    return parsed


def _tenders(specs: list[str]) -> list[dict]:
    tenders = []
    for spec in specs:
        if not (m := TENDER.match(spec)):
            fail(f"支付应写作 方式:金额[:参考号] / --pay must be kind:yuan[:reference], e.g. cash:20 or external:35.5:T123: {spec}", 2)
        tenders.append({"kind": m["kind"], "amount_fen": fen(m["amount"], "--pay"), "reference": m["ref"] or ""})
    return tenders


@app.command("checkout")
def checkout(
    tenant: str = TENANT,
    store: int = typer.Option(..., help="门店 ID / store id"),
    item: list[str] = typer.Option(..., help="SKU 或条码，可加 *数量，可重复 / SKU or barcode, optionally *quantity; repeatable"),
    pay: list[str] = typer.Option(..., help="方式:金额(元)[:参考号]，可重复 / kind:yuan[:reference]; repeatable (cash, external, stored_value...)"),
    member: str | None = typer.Option(None, help="会员 ID 或手机号（散客不填）/ member id or phone (none for a walk-in)"),
    cash_given: str | None = typer.Option(None, help="现金实收（元），用于找零 / cash handed over, for change"),
    idempotency_key: str | None = IDEMPOTENCY,
) -> None:
    """开单并收款：全部支付方式一起入账，或都不入账 / Open an order and pay it; all tenders post or none does."""
    from core.catalog.tables import Item
    from core.errors import NotFound
    from core.orders import schemas as s
    from core.orders.payment import pay_order
    from core.orders.service import create_order
    from core.scoped import select

    lines, tenders = _items(item), _tenders(pay)
    if cash_given is not None:
        cash = [t for t in tenders if t["kind"] == "cash"]
        if len(cash) != 1:
            fail("--cash-given 需要恰好一笔现金支付 / --cash-given needs exactly one cash tender", 2)
        cash[0]["tendered_fen"] = fen(cash_given, "--cash-given")

    async def work(ctx):
        line_ins = []
        for text, quantity in lines:
            row = await select(ctx, Item, Item.id).where((Item.sku == text) | (Item.barcode == text)).first()
            if row is None:
                raise NotFound(resource="item", zh=f"没有 SKU 或条码为 {text} 的商品", en=f"No item with SKU or barcode {text}")
            line_ins.append(s.LineIn(item_id=row["id"], quantity=quantity))
        who = await member_id(ctx, member) if member else None
        create = s.OrderCreate(store_id=store, member_id=who, lines=line_ins)
        pay = s.PayRequest(tenders=[s.TenderIn(**t) for t in tenders])

        async def open_and_pay():  # one transaction: a refused payment leaves no order behind
            order = await create_order(ctx, create)
            return await pay_order(ctx, order.id, pay)

        return await once(ctx, idempotency_key, "order checkout", {"order": create, "pay": pay}, open_and_pay)

    print_json(in_tenant(tenant, work))


@app.command("list")
def list_(
    tenant: str = TENANT,
    store: int | None = typer.Option(None, help="门店 ID / store id"),
    member: str | None = typer.Option(None, help="会员 ID 或手机号 / member id or phone"),
    status: str | None = typer.Option(None, help="open, held, paid, completed, cancelled"),
    limit: int = typer.Option(50, min=1, max=200, help="条数 / how many"),
    cursor: str | None = typer.Option(None, help="上一页返回的 next_cursor / next_cursor of the previous page"),
) -> None:
    """订单列表，新的在前 / Orders, newest first."""
    from core.orders.service import OrderFilter, list_orders

    async def work(ctx):
        who = await member_id(ctx, member) if member else None
        return await list_orders(ctx, OrderFilter(member_id=who, store_id=store, status=status), cursor=cursor,
                                 limit=limit)

    print_json(in_tenant(tenant, work))


@app.command("show")
def show(order_id: int = typer.Argument(..., help="订单 ID / order id"), tenant: str = TENANT,
         receipt: bool = typer.Option(False, "--receipt", help="输出小票 / print the receipt instead")) -> None:
    """订单详情（含明细、优惠、支付、退款）/ An order with its lines, adjustments, tenders and refunds."""
    from core.orders.receipt import build_receipt
    from core.orders.service import load_order

    async def work(ctx):
        ctx.require("orders.read")
        return await (build_receipt(ctx, order_id) if receipt else load_order(ctx, order_id))

    print_json(in_tenant(tenant, work))


@app.command("refund")
def refund(
    order_id: int = typer.Argument(..., help="订单 ID / order id"),
    tenant: str = TENANT,
    line: list[str] = typer.Option([], help="明细 ID[*数量]，可重复 / line id[*quantity]; repeatable"),
    amount: str | None = typer.Option(None, help="按金额退款（元）/ refund an amount (yuan) instead of lines"),
    reason: str = typer.Option("", help="原因 / reason"),
    idempotency_key: str | None = IDEMPOTENCY,
) -> None:
    """退款：按明细或按金额，按各支付方式比例原路退回 / Refund lines or an amount, back to the tenders in proportion."""
    from core.orders import schemas as s
    from core.orders.refunds import refund_order
    from core.orders.service import load_order

    if bool(line) == (amount is not None):
        fail("请给出 --line 或 --amount 之一 / give --line or --amount, not both", 2)
    refund_lines = []
    for spec in line:
        if not (m := LINE.match(spec)):
            fail(f"明细应写作 ID[*数量] / --line must be id[*quantity]: {spec}", 2)
        refund_lines.append((int(m["line"]), int(m["qty"]) if m["qty"] else None))

    async def work(ctx):
        lines = []
        if refund_lines:
            order = await load_order(ctx, order_id)
            left = {ln.id: ln.quantity - ln.refunded_quantity for ln in order.lines}
            lines = [s.RefundLineIn(line_id=lid, quantity=qty if qty is not None else max(left.get(lid, 1), 1))
                     for lid, qty in refund_lines]
        request = s.RefundRequest(lines=lines, amount_fen=fen(amount) if amount else None, reason=reason)
        return await once(ctx, idempotency_key, f"order refund {order_id}", request,
                          lambda: refund_order(ctx, order_id, request))

    print_json(in_tenant(tenant, work))


@app.command("cancel")
def cancel(order_id: int = typer.Argument(..., help="订单 ID / order id"), tenant: str = TENANT) -> None:
    """作废未付款的订单 / Cancel an order that is not paid."""
    from core.orders.service import cancel_order

    print_json(in_tenant(tenant, lambda ctx: cancel_order(ctx, order_id)))
