"""What one statement's round trip costs on this machine: the floor under every checkout.

    python bench/round_trip.py                      # SQLite, and PostgreSQL if MENDIAN_TEST_DATABASE_URL is set
    python bench/round_trip.py --pg-url postgresql://postgres@127.0.0.1:5432/postgres --json

A checkout is a few dozen statements, each a round trip to the database: on PostgreSQL a socket
write and read on both sides, on SQLite a hop to aiosqlite's thread and back. This runs trivial
statements back to back on one connection, as the app's drivers run them (asyncpg on uvloop, as
``mendian serve`` does; aiosqlite), and prints per statement the wall time, this process's CPU
(aiosqlite's thread included) and, on PostgreSQL, the server's CPU. Times the statements of a
checkout (bench/checkout.py and sdk.testing.statements count them), it is the CPU a checkout
cannot go below on this machine, whatever the Python around it does.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import uvloop
from checkout_http import _postgres_cpu_seconds  # beside this script
from pg_scratch import scratch

N = 3000


async def _timed(run: Callable[[], Awaitable[object]], n: int, server_cpu: Callable[[], float] | None) -> dict:
    for _ in range(n // 10):  # warm: prepared statements, caches
        await run()
    began, cpu, server = time.perf_counter(), time.process_time(), server_cpu() if server_cpu else 0.0
    for _ in range(n):
        await run()
    wall, cpu = time.perf_counter() - began, time.process_time() - cpu
    return {"wall_us": round(wall / n * 1e6, 1), "client_cpu_us": round(cpu / n * 1e6, 1),
            "server_cpu_us": round((server_cpu() - server) / n * 1e6, 1) if server_cpu else None}


async def postgres(url: str, n: int) -> dict[str, dict]:
    import asyncpg

    conn = await asyncpg.connect(url)
    try:
        await conn.execute("CREATE TABLE bench_round_trip (id BIGINT PRIMARY KEY, v BIGINT NOT NULL)")
        await conn.execute("INSERT INTO bench_round_trip VALUES (1, 0)")

        async def in_transaction() -> None:
            async with conn.transaction():
                await conn.fetch("UPDATE bench_round_trip SET v = v + $1 WHERE id = 1 RETURNING v", 1)

        return {
            "select": await _timed(lambda: conn.fetch("SELECT $1::bigint AS one", 1), n, _postgres_cpu_seconds),
            "update": await _timed(lambda: conn.fetch("UPDATE bench_round_trip SET v = v + $1 WHERE id = 1"
                                                      " RETURNING v", 1), n, _postgres_cpu_seconds),
            "transaction (begin, update, commit)": await _timed(in_transaction, n, _postgres_cpu_seconds),
        }
    finally:
        await conn.close()


async def sqlite(path: str, n: int) -> dict[str, dict]:
    import aiosqlite

    async with aiosqlite.connect(path, isolation_level=None) as conn:
        await conn.execute("PRAGMA journal_mode=WAL")
        await conn.execute("CREATE TABLE bench_round_trip (id INTEGER PRIMARY KEY, v INTEGER NOT NULL)")
        await conn.execute("INSERT INTO bench_round_trip VALUES (1, 0)")

        async def in_transaction() -> None:
            await conn.execute("BEGIN IMMEDIATE")
            await conn.execute_fetchall("UPDATE bench_round_trip SET v = v + ? WHERE id = 1 RETURNING v", (1,))
            await conn.execute("COMMIT")

        return {
            "select": await _timed(lambda: conn.execute_fetchall("SELECT ? AS one", (1,)), n, None),
            "update": await _timed(lambda: conn.execute_fetchall("UPDATE bench_round_trip SET v = v + ? WHERE id = 1"
                                                                 " RETURNING v", (1,)), n, None),
            "transaction (begin, update, commit)": await _timed(in_transaction, n, None),
        }


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg-url", default=os.environ.get("MENDIAN_TEST_DATABASE_URL"),
                        help="a PostgreSQL URL whose server may create a scratch database")
    parser.add_argument("-n", type=int, default=N, help=f"statements per measure (default {N})")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        results["sqlite"] = await sqlite(str(Path(tmp) / "round_trip.sqlite3"), args.n)
    if args.pg_url:
        async with scratch(args.pg_url) as url:
            results["postgresql"] = await postgres(url, args.n)
    if args.json:
        print(json.dumps({"bench": "round_trip", "at": dt.datetime.now(dt.UTC).isoformat(), "results": results},
                         indent=2))
        return
    for database, measures in results.items():
        for what, m in measures.items():
            server = f", server CPU {m['server_cpu_us']:>6} µs" if m["server_cpu_us"] is not None else ""
            print(f"{database:>10} {what:<36} wall {m['wall_us']:>6} µs, client CPU {m['client_cpu_us']:>6} µs{server}")


if __name__ == "__main__":
    uvloop.run(main())
