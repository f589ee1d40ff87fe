"""The checkout's hot statements, written out by hand (see ``core/ledger/statements.py`` for why).

Each filters by ``tenant_id`` itself, as ``core.scoped`` would, and runs unchanged on SQLite
and PostgreSQL (but the order's number, written with its row, and its lines read as JSON).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from core import db
from core.context import Context
from core.errors import NotFound
from core.scoped import name_added, placeholders

LINE_COLUMNS = ("tenant_id", "order_id", "item_id", "sku", "name", "kind", "category_id", "quantity",
                "unit_price_fen", "amount_fen")


async def order_row(ctx: Context, order_id: int) -> dict[str, Any]:
    rows = await db.fetch("SELECT * FROM sales_order WHERE tenant_id = {} AND id = {}", ctx.tenant_id, order_id)
    if not rows:
        raise NotFound(resource="order", id=order_id)
    return rows[0]


async def line_rows(ctx: Context, order_id: int) -> list[dict[str, Any]]:
    return await db.fetch(
        "SELECT * FROM sales_order_line WHERE tenant_id = {} AND order_id = {} ORDER BY id", ctx.tenant_id, order_id,
    )


async def adjustment_rows(ctx: Context, order_id: int) -> list[dict[str, Any]]:
    return await db.fetch(
        "SELECT * FROM sales_order_adjustment WHERE tenant_id = {} AND order_id = {} ORDER BY id",
        ctx.tenant_id, order_id,
    )


class OrderInputs(NamedTuple):
    """What opening an order reads before it writes, in one statement."""

    store_found: bool
    member_found: bool  # True when no member is given
    member_level: str | None
    member_marked_by: str
    item_rows: list[dict[str, Any]]  # as ``item_rows`` reads them


_ITEM_COLUMNS = ("item.id, item.sku, item.name, item.kind, item.price_fen, item.category_id, item.active,"
                 " item_store.store_id AS store_id, item_store.available AS available")


async def order_inputs(ctx: Context, store_id: int, member_id: int | None, item_ids: list[int]) -> OrderInputs:
    """Whether the tenant has the store and the living member, the member's level and ``marked_by``,
    and the rows of the items: one row of facts joined to each item's rows (to none: one row)."""
    rows = await db.fetch(
        "SELECT facts.store, facts.member, facts.member_level, facts.member_marked_by, " + _ITEM_COLUMNS +
        " FROM (SELECT (SELECT id FROM store WHERE tenant_id = {} AND id = {}) AS store,"
        " (SELECT id FROM member WHERE tenant_id = {} AND id = {} AND deleted_at IS NULL) AS member,"
        " (SELECT level_code FROM member WHERE tenant_id = {} AND id = {}) AS member_level,"
        " (SELECT marked_by FROM member WHERE tenant_id = {} AND id = {}) AS member_marked_by) AS facts"
        f" LEFT JOIN item ON item.tenant_id = {{}} AND item.id IN ({placeholders(len(item_ids)) if item_ids else 'NULL'})"
        " LEFT JOIN item_store ON item_store.item_id = item.id AND item_store.tenant_id = item.tenant_id",
        ctx.tenant_id, store_id, ctx.tenant_id, member_id, ctx.tenant_id, member_id, ctx.tenant_id, member_id,
        ctx.tenant_id, *item_ids,
    )
    facts = rows[0]
    return OrderInputs(store_found=facts["store"] is not None, member_found=member_id is None or facts["member"] is not None,
                       member_level=facts["member_level"], member_marked_by=facts["member_marked_by"] or "",
                       item_rows=[row for row in rows if row["id"] is not None])


async def item_rows(ctx: Context, item_ids: list[int]) -> list[dict[str, Any]]:
    """What a line copies from the catalog, for the items ``item_ids``: one row per item and
    store it has an availability row for (``store_id`` None when it has none)."""
    return await db.fetch(
        "SELECT " + _ITEM_COLUMNS + " FROM item"
        " LEFT JOIN item_store ON item_store.item_id = item.id AND item_store.tenant_id = item.tenant_id"
        f" WHERE item.tenant_id = {{}} AND item.id IN ({placeholders(len(item_ids))})",
        ctx.tenant_id, *item_ids,
    )


# The order's number is its local date and its id (``20261206-000042``), written with the row:
# the id is taken before the insert, from PostgreSQL's sequence, or on SQLite as the next rowid
# (safe there: the transaction holds the one write lock from its start).
_NEXT_ID = {
    "postgres": ("WITH next AS MATERIALIZED (SELECT nextval(pg_get_serial_sequence('sales_order', 'id')) AS id) ",
                 "(SELECT id FROM next)",
                 "(SELECT CAST({} AS TEXT) || '-' || lpad(id::text, greatest(6, length(id::text)), '0') FROM next)"),
    "sqlite": ("", "(SELECT COALESCE(MAX(id), 0) + 1 FROM sales_order)",
               "{} || '-' || printf('%06d', (SELECT COALESCE(MAX(id), 0) + 1 FROM sales_order))"),
}


async def insert_order(
    ctx: Context, *, store_id: int, member_id: int | None, staff_id: int | None, channel: str, note: str,
    subtotal_fen: int, created_at: dt.datetime, origin: str, member_level: str | None, member_marked_by: str,
) -> dict[str, Any]:
    """A new open order, numbered by the local day (``ctx.local_today()``) and its id."""
    with_next, next_id, number = _NEXT_ID[db.engine().engine_type]
    rows = await db.fetch(
        f"{with_next}INSERT INTO sales_order (id, number, tenant_id, store_id, member_id, staff_id, channel, status,"
        " till, subtotal_fen, discount_fen, total_fen, paid_fen, refunded_fen, note, created_at, origin, member_level,"
        f" marked_by, member_marked_by) VALUES ({next_id}, {number}, {{}}, {{}}, {{}}, {{}}, {{}}, 'open', '', {{}}, 0,"
        " {}, 0, 0, {}, {}, {}, {}, '', {}) RETURNING *",
        f"{ctx.local_today():%Y%m%d}", ctx.tenant_id, store_id, member_id, staff_id, channel, subtotal_fen,
        subtotal_fen, note, created_at, origin, member_level, member_marked_by,
    )
    return rows[0]


async def mark(ctx: Context, order_id: int, plugin: str) -> None:
    """Add ``plugin`` to the order's ``marked_by`` unless it is there (one statement: two plugins
    marking at once both stay)."""
    added, values = name_added("marked_by", plugin)
    await db.fetch(f"UPDATE sales_order SET {added} WHERE tenant_id = {{}} AND id = {{}}",
                   *values, ctx.tenant_id, order_id)


async def insert_lines(ctx: Context, lines: list[tuple]) -> list[dict[str, Any]]:
    """Write lines given as tuples in ``LINE_COLUMNS`` order; returns them as written, by id."""
    if not lines:
        return []
    rows = await db.fetch(
        f"INSERT INTO sales_order_line ({', '.join(LINE_COLUMNS)}, discount_fen, refunded_quantity, refunded_fen,"
        f" no_discount) VALUES {placeholders(len(lines), len(LINE_COLUMNS) + 4)} RETURNING *",
        *(value for line in lines for value in (*line, 0, 0, 0, False)),
    )
    return sorted(rows, key=lambda r: r["id"])


ADJUSTMENT_COLUMNS = ("tenant_id", "order_id", "line_id", "source", "amount_fen", "reason", "reason_en", "reference")


def adjustments_replaced(ctx: Context, order_id: int, adjustments: list[Any], *, had_any: bool) -> list[db.Write]:
    """The writes making ``adjustments`` the order's: the old rows go (when there were any), the new
    ones are written in one statement."""
    writes: list[db.Write] = []
    if had_any:
        writes.append(("DELETE FROM sales_order_adjustment WHERE tenant_id = {} AND order_id = {}",
                       (ctx.tenant_id, order_id)))
    if adjustments:
        writes.append((
            f"INSERT INTO sales_order_adjustment ({', '.join(ADJUSTMENT_COLUMNS)})"
            f" VALUES {placeholders(len(adjustments), len(ADJUSTMENT_COLUMNS))}",
            tuple(value for adj in adjustments for value in (
                ctx.tenant_id, order_id, adj.line_id, adj.source, adj.amount_fen, adj.reason, adj.reason_en,
                adj.reference)),
        ))
    return writes


def line_discounts_set(ctx: Context, lines: list[tuple[int, int, bool]]) -> list[db.Write]:
    """The write setting each line's ``(id, discount_fen, no_discount)``, one statement (none for no lines)."""
    if not lines:
        return []
    # Typed by CAST: PostgreSQL cannot infer a CASE's parameter types from the column.
    discounts = " ".join(["WHEN {} THEN CAST({} AS BIGINT)"] * len(lines))
    marks = " ".join(["WHEN {} THEN CAST({} AS BOOLEAN)"] * len(lines))
    return [(
        f"UPDATE sales_order_line SET discount_fen = CASE id {discounts} END, no_discount = CASE id {marks} END"
        f" WHERE tenant_id = {{}} AND id IN ({placeholders(len(lines))})",
        (*(value for line_id, discount, _ in lines for value in (line_id, discount)),
         *(value for line_id, _, no_discount in lines for value in (line_id, no_discount)),
         ctx.tenant_id, *(line_id for line_id, _, _ in lines)),
    )]


def totals_set(ctx: Context, order_id: int, subtotal_fen: int, discount_fen: int, total_fen: int) -> db.Write:
    return ("UPDATE sales_order SET subtotal_fen = {}, discount_fen = {}, total_fen = {} WHERE tenant_id = {} AND id = {}",
            (subtotal_fen, discount_fen, total_fen, ctx.tenant_id, order_id))


def _order_rows_json(table: str, fields: tuple[str, ...]) -> dict[str, str]:
    """A subquery, per engine, of ``table``'s rows of the order being updated as one JSON array of
    objects with ``fields``, in no set order (SQLite before 3.44 cannot order inside an aggregate)."""
    pairs = ", ".join(f"'{name}', r.{name}" for name in fields)
    where = f"FROM {table} r WHERE r.tenant_id = sales_order.tenant_id AND r.order_id = sales_order.id"
    return {"postgres": f"(SELECT COALESCE(json_agg(json_build_object({pairs})), '[]') {where})",
            "sqlite": f"(SELECT json_group_array(json_object({pairs})) {where})"}


# An order's lines, with the fields of ``Line``; its adjustments, with their ids to put them in order.
_LINES_JSON = _order_rows_json("sales_order_line", (
    "id", "item_id", "sku", "name", "kind", "category_id", "quantity", "unit_price_fen", "amount_fen", "discount_fen",
    "refunded_quantity", "refunded_fen", "no_discount"))
_ADJUSTMENTS_JSON = _order_rows_json("sales_order_adjustment", (
    "id", "line_id", "source", "amount_fen", "reason", "reason_en", "reference"))


async def claim_for_payment(ctx: Context, order_id: int, paid_at: dt.datetime) -> dict[str, Any] | None:
    """Move an open order to paid (for its current total) and return its row, with its lines and
    adjustments as JSON arrays in ``lines_json`` and ``adjustments_json`` (the payment needs them: no
    more statements); None when it is not open — another request moved it first, or it never was.
    The member's ``marked_by`` is read afresh into the order (a referral bound since the order was
    opened counts for its payment)."""
    engine_type = db.engine().engine_type
    rows = await db.fetch(
        "UPDATE sales_order SET status = 'paid', paid_fen = total_fen, paid_at = {},"
        " member_marked_by = COALESCE((SELECT marked_by FROM member WHERE member.tenant_id = sales_order.tenant_id"
        " AND member.id = sales_order.member_id), '')"
        " WHERE tenant_id = {} AND id = {} AND status = 'open' RETURNING *, "
        + _LINES_JSON[engine_type] + " AS lines_json, CASE WHEN discount_fen <> 0 THEN "  # no discount, no adjustment
        + _ADJUSTMENTS_JSON[engine_type] + " ELSE '[]' END AS adjustments_json",
        paid_at, ctx.tenant_id, order_id,
    )
    return rows[0] if rows else None


async def set_paid(ctx: Context, order_id: int, paid_fen: int) -> None:
    await db.fetch(
        "UPDATE sales_order SET paid_fen = {} WHERE tenant_id = {} AND id = {}", paid_fen, ctx.tenant_id, order_id,
    )


async def insert_tender(
    ctx: Context, order_id: int, kind: str, amount_fen: int, tendered_fen: int, change_fen: int, reference: str,
    details_json: str,
) -> int:
    rows = await db.fetch(
        "INSERT INTO sales_order_tender (tenant_id, order_id, kind, amount_fen, tendered_fen, change_fen, reference,"
        " refunded_fen, details_json) VALUES ({}, {}, {}, {}, {}, {}, {}, 0, {}) RETURNING id",
        ctx.tenant_id, order_id, kind, amount_fen, tendered_fen, change_fen, reference, details_json,
    )
    return rows[0]["id"]
