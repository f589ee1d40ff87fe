"""The receipt (小票): as JSON for POS clients and as a printable HTML page."""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

import jinja2
import msgspec

from core import scoped
from core.console import formatting
from core.context import Context
from core.orders import schemas as s
from core.orders.service import load_order
from core.orders.tenders import tender_name
from core.tenancy.tables import Store


class ReceiptTender(msgspec.Struct):
    kind: str
    name: str
    name_en: str
    amount_fen: int
    change_fen: int
    reference: str
    refunded_fen: int  # what refunds gave back by this tender


class Receipt(msgspec.Struct):
    tenant_name: str
    store_name: str
    number: str
    status: str
    local_time: str
    member_id: int | None
    lines: list[s.Line]
    adjustments: list[s.Adjustment]
    subtotal_fen: int
    discount_fen: int
    total_fen: int
    refunded_fen: int
    tenders: list[ReceiptTender]


async def build_receipt(ctx: Context, order_id: int) -> Receipt:
    order = await load_order(ctx, order_id)
    store = await scoped.get(ctx, Store, order.store_id, "store")
    at: dt.datetime = order.paid_at or order.created_at
    tenders = [
        ReceiptTender(kind=t.kind, name=tender_name(t.kind), name_en=tender_name(t.kind, "en"), amount_fen=t.amount_fen,
                      change_fen=t.change_fen, reference=t.reference, refunded_fen=t.refunded_fen)
        for t in order.tenders
    ]
    return Receipt(
        tenant_name=ctx.tenant.name, store_name=store["name"], number=order.number, status=order.status,
        local_time=at.astimezone(ctx.tenant.zone).strftime("%Y-%m-%d %H:%M"), member_id=order.member_id,
        lines=order.lines, adjustments=order.adjustments, subtotal_fen=order.subtotal_fen,
        discount_fen=order.discount_fen, total_fen=order.total_fen, refunded_fen=order.refunded_fen, tenders=tenders,
    )


def money(fen: int, locale: str = "zh_CN") -> str:
    return formatting.money(fen, locale)


@cache
def _templates() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"), autoescape=True,
        trim_blocks=True, lstrip_blocks=True,
    )
    env.filters["money"] = money
    return env


def render_html(receipt: Receipt) -> str:
    return _templates().get_template("receipt.html").render(r=receipt)
