"""Checkout throughput: "a member pays a 3-line order with stored value", end to end.

For each database (SQLite file; PostgreSQL when --pg-url is given or MENDIAN_TEST_DATABASE_URL
is set) it measures, on a fresh database:

* in-process: ``create_order`` + ``pay_order`` through the services, one after another;
* over HTTP: the same two requests against ``mendian``'s app served by uvicorn;
* raw: a plain driver transaction (aiosqlite / asyncpg) with as many writes as one checkout
  makes (counted while the in-process run works), as the ceiling to compare with.

In-process and raw are each the best of ``--rounds`` measurements (the machine's drift only ever
slows a run). Prints orders/s for each and the ratio to raw (aim: 40% or more). ``--json`` prints JSON.
``--loyalty`` turns on stored_value, points, levels and coupons for the bench tenant, so each
checkout is also priced by the level, earns points and asks for coupons: the plugins' cost.
On PostgreSQL the database is analyzed after a warm-up of n/4 checkouts, as autovacuum keeps a
production server's statistics (analyzed with one order in it, the planner reads later ones worse
than with no statistics at all).
Figures on this 2-core machine move by ±10% between runs, more on a fast day: compare within one run.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("MENDIAN_FAST_HASH", "1")

from pg_scratch import analyze, scratch  # noqa: E402  beside this script

from core import db  # noqa: E402
from core.app import all_tables, build_plugin_manager  # noqa: E402
from core.clock import Clock  # noqa: E402
from core.contexts import context_for  # noqa: E402
from core.migrate import kernel_apps, migrate  # noqa: E402

LOYALTY = ("stored_value", "points", "levels", "coupons")


async def _seed(manager, loyalty: bool = False):
    from core.catalog import schemas as cs
    from core.catalog import service as catalog
    from core.ledger.stored_value import top_up
    from core.members import schemas as ms
    from core.members import service as members
    from core.tenancy import schemas as ts
    from core.tenancy import service as tenancy

    clock = Clock()
    tenant = await tenancy.create_tenant(ts.TenantCreate(slug="bench", name="Bench 健身"), clock)
    ctx = await context_for(tenant.id, manager, clock)
    if loyalty:
        from core.extensions.service import enable_plugin

        for name in LOYALTY:
            await enable_plugin(ctx, name)
        ctx = await context_for(tenant.id, manager, clock)
    store_id = (await tenancy.list_stores(ctx))[0].id
    ctx.store_id = store_id
    items = [
        await catalog.create_item(ctx, cs.ItemCreate(sku=f"sku-{i}", name=f"商品{i}", kind="goods", price_fen=100 * (i + 1)))
        for i in range(3)
    ]
    member = await members.register_member(ctx, ms.MemberCreate(phone="13800138000", name="压测会员"))
    await top_up(ctx, member.id, store_id, 10**11, "cash")
    return ctx, store_id, [i.id for i in items], member.id


async def _checkout(ctx, store_id, item_ids, member_id):
    from core.orders import schemas as os_
    from core.orders.payment import pay_order
    from core.orders.service import create_order

    order = await create_order(ctx, os_.OrderCreate(
        store_id=store_id, member_id=member_id, lines=[os_.LineIn(item_id=i) for i in item_ids]))
    await pay_order(ctx, order.id, os_.PayRequest(tenders=[os_.TenderIn(kind="stored_value", amount_fen=order.total_fen)]))


# A statement that changes data: an INSERT, UPDATE or DELETE, or a WITH whose parts do (the order's
# insert and the commit-time settling on PostgreSQL are one such statement each).
WRITES = re.compile(r"\s*(INSERT|UPDATE|DELETE)\b|\s*WITH\b.*\b(INSERT|UPDATE|DELETE)\b", re.IGNORECASE | re.DOTALL)


async def _best_rate(n: int, rounds: int, one: Callable[[], Awaitable[object]]) -> float:
    """``one`` n times, ``rounds`` times over: the best rate a second (the machine's drift only slows)."""
    best = 0.0
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(n):
            await one()
        best = max(best, n / (time.perf_counter() - start))
    return best


async def in_process(url: str, n: int, rounds: int, loyalty: bool = False) -> dict:
    manager = build_plugin_manager()
    engine = db.create_engine(url)
    db.bind(engine, all_tables(manager))
    await db.start(engine)
    try:
        await migrate([*kernel_apps(), *manager.apps()])
        ctx, store_id, item_ids, member_id = await _seed(manager, loyalty)
        with db.StatementLog() as log:
            await _checkout(ctx, store_id, item_ids, member_id)
        writes = sum(1 for sql in log.statements if WRITES.match(sql))
        for _ in range(max(n // 4, 50)):  # warm, with orders enough for the statistics to describe
            await _checkout(ctx, store_id, item_ids, member_id)
        if not db.is_sqlite():  # the statistics autovacuum keeps on a production server (pg_scratch.analyze)
            await analyze(url)
        rate = await _best_rate(n, rounds, lambda: _checkout(ctx, store_id, item_ids, member_id))
        return {"orders_per_s": rate, "writes_per_checkout": writes, "seed": (store_id, item_ids, member_id)}
    finally:
        await db.stop(engine)


async def raw(url: str, writes: int, n: int, rounds: int) -> float:
    """A plain transaction with ``writes`` inserts/updates on a scratch table, n times (best of ``rounds``)."""
    if url.startswith("sqlite"):
        import aiosqlite

        async with aiosqlite.connect(db.sqlite_path(url), isolation_level=None) as conn:
            await conn.execute("CREATE TABLE IF NOT EXISTS bench_raw (id INTEGER PRIMARY KEY, v INTEGER)")
            await conn.execute("INSERT OR IGNORE INTO bench_raw (id, v) VALUES (-1, 0)")

            async def lite() -> None:
                await conn.execute("BEGIN IMMEDIATE")
                for w in range(writes):
                    if w % 2:
                        await conn.execute("UPDATE bench_raw SET v = v + 1 WHERE id = -1")
                    else:
                        await conn.execute("INSERT INTO bench_raw (v) VALUES (?)", (w,))
                await conn.execute("COMMIT")

            return await _best_rate(n, rounds, lite)
    import asyncpg

    conn = await asyncpg.connect(url)
    try:
        await conn.execute("CREATE TABLE IF NOT EXISTS bench_raw (id BIGSERIAL PRIMARY KEY, v BIGINT)")
        await conn.execute("INSERT INTO bench_raw (id, v) VALUES (-1, 0) ON CONFLICT DO NOTHING")

        async def pg() -> None:
            async with conn.transaction():
                for w in range(writes):
                    if w % 2:
                        await conn.execute("UPDATE bench_raw SET v = v + 1 WHERE id = -1")
                    else:
                        await conn.execute("INSERT INTO bench_raw (v) VALUES ($1)", w)

        return await _best_rate(n, rounds, pg)
    finally:
        await conn.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def over_http(url: str, home: Path, seed: tuple, n: int) -> float:
    import httpx

    from core.tenancy import schemas as ts
    from core.tenancy import service as tenancy

    store_id, item_ids, member_id = seed
    engine = db.create_engine(url)
    db.bind(engine, all_tables(build_plugin_manager()))
    await db.start(engine)
    try:
        from core.contexts import context_for

        ctx = await context_for(1, build_plugin_manager(), Clock())
        await tenancy.create_staff(ctx, ts.StaffCreate(username="bench", name="bench", role="owner", password="bench-pass-1"))
    finally:
        await db.stop(engine)
    port = _free_port()
    env = {**os.environ, "MENDIAN_DATABASE_URL": url, "MENDIAN_HOME": str(home)}
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--factory", "core.app:create_app", "--port", str(port), "--log-level", "warning"],
        env=env, cwd=Path(__file__).resolve().parents[1],
    )
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            for _ in range(100):  # wait for the server to listen (bounded)
                with contextlib.suppress(httpx.TransportError):
                    if (await client.get("/health")).status_code == 200:
                        break
                await asyncio.sleep(0.1)
            token = (await client.post("/api/v1/auth/sessions", json={
                "tenant": "bench", "username": "bench", "password": "bench-pass-1"})).json()["token"]
            headers = {"Authorization": f"Bearer {token}"}
            body = {"store_id": store_id, "member_id": member_id, "lines": [{"item_id": i} for i in item_ids]}
            start = time.perf_counter()
            for _ in range(n):
                order = (await client.post("/api/v1/orders", json=body, headers=headers)).json()
                r = await client.post(f"/api/v1/orders/{order['id']}/payments", headers={**headers, "Idempotency-Key": uuid.uuid4().hex},
                                      json={"tenders": [{"kind": "stored_value", "amount_fen": order["total_fen"]}]})
                assert r.status_code == 201, r.text
            return n / (time.perf_counter() - start)
    finally:
        server.terminate()
        server.wait(timeout=10)


async def run_one(name: str, url: str, home: Path, n: int, rounds: int, loyalty: bool = False) -> dict:
    proc = await in_process(url, n, rounds, loyalty)
    http = await over_http(url, home, proc["seed"], max(n // 2, 20))
    raw_rate = await raw(url, proc["writes_per_checkout"], n, rounds)
    return {
        "database": name, "loyalty": loyalty, "orders": n, "rounds": rounds, "writes_per_checkout": proc["writes_per_checkout"],
        "in_process_orders_per_s": round(proc["orders_per_s"], 1), "http_orders_per_s": round(http, 1),
        "raw_tx_per_s": round(raw_rate, 1), "in_process_vs_raw": round(proc["orders_per_s"] / raw_rate, 3),
        "http_vs_raw": round(http / raw_rate, 3),
    }


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=1000, help="checkouts per measurement")
    parser.add_argument("--rounds", type=int, default=3, help="in-process and raw: the best of this many measurements")
    parser.add_argument("--pg-url", default=os.environ.get("MENDIAN_TEST_DATABASE_URL"))
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--loyalty", action="store_true", help="enable the four loyalty plugins for the bench tenant")
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        url = f"sqlite:///{home / 'bench.sqlite3'}"
        db.prepare_sqlite_file(url)
        results.append(await run_one("sqlite", url, home, args.n, args.rounds, args.loyalty))
        if args.pg_url:
            async with scratch(args.pg_url) as pg:
                results.append(await run_one("postgresql", pg, home, args.n, args.rounds, args.loyalty))
    if args.json:
        print(json.dumps({"bench": "checkout", "at": dt.datetime.now(dt.UTC).isoformat(), "results": results}, indent=2))
        return
    for r in results:
        print(f"{r['database'] + (' +loyalty' if r['loyalty'] else ''):>18}: in-process {r['in_process_orders_per_s']:>7} orders/s | HTTP {r['http_orders_per_s']:>7} "
              f"orders/s | raw {r['raw_tx_per_s']:>7} tx/s ({r['writes_per_checkout']} writes) | "
              f"in-process/raw {r['in_process_vs_raw']:.0%}, HTTP/raw {r['http_vs_raw']:.0%}")


if __name__ == "__main__":
    asyncio.run(main())
