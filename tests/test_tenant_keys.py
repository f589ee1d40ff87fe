"""Every tenant-owned table carries ``tenant_id`` in its keys, so the data can be sharded by tenant
(Citus distributes on ``tenant_id``): read from the schema the migrations built, not from the
piccolo classes, on SQLite and on PostgreSQL (MENDIAN_TEST_DATABASE_URL).

The rule for a table with a ``tenant_id`` column: it is NOT NULL, some index starts with it (the
queries all filter by it, core/scoped.py), and every UNIQUE index includes it (a unique index
without it could not be enforced on one shard). The ``id`` primary keys are left out of the rule:
under Citus they would become (tenant_id, id), see docs/scaling.md.
"""

from __future__ import annotations

from dataclasses import dataclass

from core import db
from core.tenancy.tables import Tenant

# Tables without a tenant, each for a reason.
GLOBAL = {
    "tenant": "the tenants themselves: Citus keeps it as a reference table",
    "migration": "piccolo's record of applied migrations, one per database",
}

# Tenant-owned tables that break the rule today, each with why it is left.
# Each is looked up by a secret before the tenant is known (the request carries only the key or the
# session cookie), so its unique key is global; under Citus each would move to a reference table
# or a token that names its tenant.
KNOWN_EXCEPTIONS: dict[str, str] = {
    "api_key": "an API key is found by its prefix before its tenant is known",
    "staff_session": "a staff session is found by its token's hash before its tenant is known",
    "member_session": "a member session is found by its token's hash before its tenant is known",
}


@dataclass(frozen=True)
class Index:
    name: str
    unique: bool
    primary: bool
    columns: tuple[str, ...]


async def _rows(sql: str) -> list[dict]:
    return await Tenant.raw(sql)


async def _tables() -> list[str]:
    if db.is_sqlite():
        rows = await _rows("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        return sorted(r["name"] for r in rows)
    rows = await _rows("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    return sorted(r["tablename"] for r in rows)


async def _tenant_column_not_null(table: str) -> bool | None:
    """None when the table has no tenant_id column."""
    if db.is_sqlite():
        cols = {r["name"]: r for r in await _rows(f"PRAGMA table_info('{table}')")}
        return None if "tenant_id" not in cols else bool(cols["tenant_id"]["notnull"] or cols["tenant_id"]["pk"])
    rows = await _rows("SELECT is_nullable FROM information_schema.columns WHERE table_schema = 'public' "
                       f"AND table_name = '{table}' AND column_name = 'tenant_id'")
    return None if not rows else rows[0]["is_nullable"] == "NO"


async def _indexes(table: str) -> list[Index]:
    if db.is_sqlite():
        found = []
        for r in await _rows(f"PRAGMA index_list('{table}')"):
            cols = [c["name"] for c in sorted(await _rows(f"PRAGMA index_info('{r['name']}')"), key=lambda c: c["seqno"])]
            found.append(Index(r["name"], bool(r["unique"]), r["origin"] == "pk", tuple(cols)))
        return found
    rows = await _rows(
        "SELECT c.relname AS name, i.indisunique AS uniq, i.indisprimary AS prim, "
        "array_agg(a.attname ORDER BY k.n) AS cols "
        "FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid "
        "JOIN pg_namespace s ON s.oid = t.relnamespace "
        "CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, n) "
        "JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum "
        f"WHERE s.nspname = 'public' AND t.relname = '{table}' GROUP BY c.relname, i.indisunique, i.indisprimary")
    return [Index(r["name"], r["uniq"], r["prim"], tuple(r["cols"])) for r in rows]


def _is_id_primary_key(index: Index) -> bool:
    return index.columns == ("id",) and (index.primary or index.name.endswith("_pkey"))


async def _violations(table: str) -> list[str]:
    not_null = await _tenant_column_not_null(table)
    if not_null is None:
        return [f"{table}: no tenant_id column (add one, or list it in GLOBAL with a reason)"]
    found = []
    if not not_null:
        found.append(f"{table}: tenant_id may be NULL")
    indexes = await _indexes(table)
    if not any(i.columns and i.columns[0] == "tenant_id" for i in indexes):
        found.append(f"{table}: no index starts with tenant_id")
    for i in indexes:
        if i.unique and not _is_id_primary_key(i) and "tenant_id" not in i.columns:
            found.append(f"{table}: unique index {i.name} {i.columns} lacks tenant_id")
    return found


async def test_every_tenant_owned_table_carries_tenant_id_in_its_keys(database_url):
    tables = await _tables()
    assert "member" in tables and "job_run" in tables  # the schema of the kernel and its plugins was read
    found = [v for t in tables if t not in GLOBAL and t not in KNOWN_EXCEPTIONS for v in await _violations(t)]
    assert found == [], "\n".join(found)


async def test_the_listed_exceptions_still_exist_and_still_break_the_rule(database_url):
    tables = await _tables()
    for table in [*GLOBAL, *KNOWN_EXCEPTIONS]:
        assert table in tables, f"{table} is listed but gone: drop it from the list"
    for table in KNOWN_EXCEPTIONS:
        assert await _violations(table), f"{table} keeps the rule now: drop it from KNOWN_EXCEPTIONS"
