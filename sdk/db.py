"""A plugin's own tables: the ``tenant_id`` column every one carries, tenant-scoped queries, transactions.

Declare tables with piccolo and give each a ``tenant_id = tenant_column()``; query them only
through these helpers, which take the Context and add the tenant filter themselves, so a row
of another tenant reads as "not found"::

    class Visit(Table, tablename="visits_visit"):
        tenant_id = tenant_column()
        member_id = BigInt(index=True)

    rows = await select(ctx, Visit).where(Visit.member_id == member.id)
    await insert(ctx, Visit, member_id=member.id)

Rows a store owns (an exchange collected at a store, a gift handed over at a desk) carry a
``store_id``: read one with ``get_in_store`` and list them through ``in_stores``, and staff
limited to some stores reach only theirs (docs/permissions.md).

Inside a domain hook you are already in the event's transaction; in a route, a job or a CLI
command wrap writes that belong together in ``async with transaction():``.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from typing import Any

from piccolo.columns import Column, ForeignKey
from piccolo.columns.base import OnDelete
from piccolo.query import Count, Delete, Select, Update
from piccolo.table import Table

from core import db as _db
from core import scoped as _scoped
from core.context import Context
from core.tenancy.tables import Tenant


def tenant_column() -> ForeignKey:
    """The ``tenant_id`` column: required, indexed, and a tenant with rows cannot be deleted."""
    return ForeignKey(Tenant, null=False, on_delete=OnDelete.restrict, index=True)


def select(ctx: Context, table: type[Table], *columns: Column) -> Select:
    """``table.select(*columns)`` limited to ``ctx.tenant``; chain ``.where()``, ``.order_by()``..."""
    return _scoped.select(ctx, table, *columns)


def count(ctx: Context, table: type[Table]) -> Count:
    """``table.count()`` limited to ``ctx.tenant``; chain ``.where()`` and await the number."""
    return table.count().where(table.tenant_id == ctx.tenant_id)  # type: ignore[attr-defined]


def update(ctx: Context, table: type[Table], values: dict[Any, Any]) -> Update:
    """``table.update(values)`` limited to ``ctx.tenant``; always chain a ``.where()``.

    ``values`` maps columns (or column names) to new values or expressions (``Table.n + 1``).
    """
    return _scoped.update(ctx, table, values)


def delete(ctx: Context, table: type[Table]) -> Delete:
    """``table.delete()`` limited to ``ctx.tenant``; always chain a ``.where()``."""
    return _scoped.delete(ctx, table)


async def get(ctx: Context, table: type[Table], row_id: int, resource: str, *where: Any) -> dict[str, Any]:
    """One row by id, or ``NotFound(resource=...)``, also when the row belongs to another tenant."""
    return await _scoped.get(ctx, table, row_id, resource, *where)


async def get_in_store(ctx: Context, table: type[Table], row_id: int, resource: str, *where: Any) -> dict[str, Any]:
    """One row of something a store owns (its ``store_id`` column names the store): ``NotFound``, or
    403 ``store_out_of_scope`` when the actor is staff limited to other stores. The kernel's rule,
    so a plugin never writes its own store check."""
    return await _scoped.get_in_store(ctx, table, row_id, resource, *where)


def in_stores(ctx: Context, query: Select, column: Column) -> Select:
    """``query`` kept to the stores the actor may see: a list of store-owned rows (``column`` is their
    store) shows staff limited to stores only theirs; everyone else sees every store's."""
    return _scoped.in_stores(ctx, query, column)


async def insert(ctx: Context, table: type[Table], **values: Any) -> dict[str, Any]:
    """Insert one row for ``ctx.tenant`` and return it with every column (its ``id`` too)."""
    return await _scoped.insert(ctx, table, **values)


async def raw(
    ctx: Context, sql: str, *args: Any, along: Sequence[tuple[str, Sequence[Any]]] = (),
) -> list[dict[str, Any]]:
    """A statement written out by hand, for a hot path every order runs (piccolo's builder spends
    about 0.3 ms of Python on each statement it builds; a written statement goes straight to the
    database driver).

    ``{}`` stands for each of ``args`` in turn and ``{tenant}`` for the context's tenant, which the
    statement must name (filtered or written) at least once; returns the rows (``RETURNING`` too)::

        await raw(ctx, "UPDATE visits_visit SET n = n + {} WHERE tenant_id = {tenant}"
                  " AND member_id = {} RETURNING n", 1, member.id)

    ``along``: writes whose rows you do not need, ``(sql, args)`` each, written the same way. On
    PostgreSQL they go with the statement in one round trip (as parts of it: none may touch a row
    another part touches, or read what another writes); on SQLite they run after it::

        await raw(ctx, "UPDATE visits_total SET n = n + 1 WHERE tenant_id = {tenant} AND member_id = {}",
                  member.id, along=[("INSERT INTO visits_visit (tenant_id, member_id) VALUES ({tenant}, {})",
                                     (member.id,))])

    The SQL must run unchanged on SQLite and PostgreSQL. Prefer ``select``/``insert``/``update``
    anywhere else: they add the tenant filter themselves.
    """
    return await _scoped.raw(ctx, sql, *args, along=along)


def transaction() -> AbstractAsyncContextManager[object, None]:
    """``async with transaction():`` a write transaction; inside another one it joins it.

    Joining is not a savepoint: if anything in the outer transaction fails, everything rolls back.
    An exception inside rolls the transaction back and goes on up: it is never swallowed.
    """
    return _db.transaction()


__all__ = ["count", "delete", "get", "get_in_store", "in_stores", "insert", "raw", "select", "tenant_column",
           "transaction", "update"]
