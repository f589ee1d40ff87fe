"""Tenant-scoped data access: every helper takes the Context and adds ``tenant_id`` itself.

Services use these instead of bare ``Table.select()``, so a row of another tenant reads as
"not found" by construction rather than by remembering a filter.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

from piccolo.columns import Column
from piccolo.query import Delete, Select, Update
from piccolo.querystring import Selectable
from piccolo.table import Table

from core import db
from core.context import Context
from core.errors import NotFound


def select(ctx: Context, table: type[Table], *columns: Column | Selectable) -> Select:
    return table.select(*columns).where(table.tenant_id == ctx.tenant_id)  # type: ignore[attr-defined]


def update(ctx: Context, table: type[Table], values: dict[Any, Any]) -> Update:  # keys: columns or their names
    return table.update(values).where(table.tenant_id == ctx.tenant_id)  # type: ignore[attr-defined]


def delete(ctx: Context, table: type[Table]) -> Delete:
    return table.delete().where(table.tenant_id == ctx.tenant_id)  # type: ignore[attr-defined]


async def get(ctx: Context, table: type[Table], row_id: int, resource: str, *where: Any) -> dict[str, Any]:
    """One row by id, or ``NotFound`` — also when the row belongs to another tenant."""
    query = select(ctx, table).where(table._meta.primary_key == row_id)
    for condition in where:
        query = query.where(condition)
    row = await query.first()
    if row is None:
        raise NotFound(resource=resource, id=row_id)
    return row


async def get_in_store(ctx: Context, table: type[Table], row_id: int, resource: str, *where: Any) -> dict[str, Any]:
    """One store-owned row (its ``store_id`` says which store it belongs to), for an actor who may
    act in that store: ``NotFound``, or ``StoreOutOfScope`` for staff limited to other stores."""
    row = await get(ctx, table, row_id, resource, *where)
    ctx.require_store(row["store_id"])
    return row


def in_stores(ctx: Context, query: Select, column: Column) -> Select:
    """``query`` kept to the rows of the stores the actor may see (all of them for most actors)."""
    stores = ctx.store_scope()
    return query if stores is None else query.where(column.is_in(sorted(stores)))


async def insert(ctx: Context, table: type[Table], **values: Any) -> dict[str, Any]:
    """Insert one row for the context's tenant and return it with every column."""
    row = table(tenant_id=ctx.tenant_id, **values)
    rows = await table.insert(row).returning(*table.all_columns())
    return rows[0]


@functools.cache
def placeholders(count: int, width: int = 1) -> str:
    """For hand-written statements: ``{}, {}`` for an IN list of ``count`` values, or
    ``({}, {}), ({}, {})`` for ``count`` rows of ``width`` values."""
    if width == 1:
        return ", ".join(["{}"] * count)
    row = "(" + ", ".join(["{}"] * width) + ")"
    return ", ".join([row] * count)


def name_added(column: str, name: str) -> tuple[str, tuple[str, str, str]]:
    """For hand-written statements: ``column = …`` that adds ``name`` to a comma-separated list of
    plugin names (``marked_by``) unless it is there, safe when two statements add at once; and its
    three values. (A plugin name's only LIKE wildcard is ``_``.)"""
    return (f"{column} = CASE WHEN ',' || {column} || ',' LIKE {{}} ESCAPE '\\' THEN {column}"
            f" WHEN {column} = '' THEN {{}} ELSE {column} || ',' || {{}} END",
            ("%," + name.replace("_", "\\_") + ",%", name, name))


TENANT = "{tenant}"


@functools.lru_cache(maxsize=1024)
def _tenant_slots(sql: str) -> tuple[str, tuple[int, ...]]:
    """``sql`` with each ``{tenant}`` made a ``{}`` placeholder, and where among the placeholders
    the tenant id goes; a statement that names no tenant is refused."""
    parts = sql.split(TENANT)
    if len(parts) < 2:
        raise ValueError(f"a statement written out by hand filters or writes tenant_id = {TENANT}: {sql}")
    slots, seen = [], 0
    for part in parts[:-1]:
        seen += part.count("{}")
        slots.append(seen)
        seen += 1
    return "{}".join(parts), tuple(slots)


def _with_tenant(ctx: Context, sql: str, args: Sequence[Any]) -> tuple[str, list[Any]]:
    text, slots = _tenant_slots(sql)
    values = list(args)
    for slot in slots:
        values.insert(slot, ctx.tenant_id)
    return text, values


async def raw(ctx: Context, sql: str, *args: Any, along: db.Along = ()) -> list[dict[str, Any]]:
    """Run ``sql`` (``{}`` placeholders for ``args``, ``{tenant}`` for the context's tenant, at least
    once) with the writes ``along`` it (each written the same way; ``db.fetch`` says how they run),
    and return its rows."""
    text, values = _with_tenant(ctx, sql, args)
    return await db.fetch(text, *values, along=[_with_tenant(ctx, other, other_args) for other, other_args in along])
