"""Checkout under load over HTTP: concurrent clients against ``mendian serve``, kernel-only
versus the demo gym's full plugin set, on SQLite and PostgreSQL, in one run.

    python bench/checkout_http.py                      # SQLite, and PostgreSQL if MENDIAN_TEST_DATABASE_URL is set
    python bench/checkout_http.py --pg-url postgresql://postgres@127.0.0.1:5432/postgres --clients 16 --seconds 20
    python bench/checkout_http.py --json

Needs the bench extra (``pip install -e '.[bench]'``: aiohttp for the tills).

Each checkout is what a till does for a member: open an order of three lines, then pay it with
stored value (an Idempotency-Key on the payment). Every client is its own member, so the figure is
the server's, not one member's row lock. One server (``mendian serve``, one uvicorn worker unless
``--workers N``) holds two tenants on one fresh database: ``kernel`` (no plugin enabled) and the demo gym
(``mendian demo``: every marketing plugin on, with its samples). Their runs alternate on the same
warm server. On PostgreSQL each run starts with ``ANALYZE``: the statistics autovacuum keeps on a
production server (this machine's has autovacuum off; without them the planner may find an order
through its tenant's index, and a checkout slows as the run's orders pile up). Client, server and
database share this machine's cores: compare figures within one run; on a 2-core machine shared
with others they move by a third between runs (see machine_ms).

Prints orders/s, p50 and p99 of a checkout (both requests), errors, CPU per order (the server process,
this client, PostgreSQL's processes, the rest of the machine), the ratio of the full plugin set to
kernel-only (issue 17's target: ≥ 70%), and for each run how long a fixed piece of Python took just
before it (the machine's speed drifts with the machines it shares its cores with).
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
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import aiohttp
import httpx
from pg_scratch import analyze, scratch  # beside this script

ROOT = Path(__file__).resolve().parents[1]
DEMO = "demo-gym"
KERNEL = "kernel"
KEY = re.compile(r"mdk_[A-Za-z0-9_\-]+")
MENDIAN = [sys.executable, "-c", "from cli.main import main; main()"]  # the CLI of this checkout


def _mendian(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([*MENDIAN, *args], env=env, cwd=ROOT, capture_output=True, text=True,
                          timeout=300, check=False)
    if done.returncode:
        raise SystemExit(f"mendian {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def _api_key(output: str) -> str:
    found = KEY.search(output)
    if not found:
        raise SystemExit(f"no API key in:\n{output}")
    return found.group(0)


def _prepare(env: dict[str, str]) -> dict[str, str]:
    """A fresh database with the demo gym and a kernel-only tenant; an all-scopes API key for each."""
    _mendian(env, "db", "migrate")
    keys = {DEMO: _api_key(_mendian(env, "demo"))}
    _mendian(env, "tenant", "create", KERNEL, "--name", "Kernel 门店")
    keys[KERNEL] = _api_key(_mendian(env, "apikey", "create", "--tenant", KERNEL, "--name", "bench", "--all-scopes"))
    return keys


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def _wait_ready(client: httpx.AsyncClient, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("mendian serve exited before it answered")
        with contextlib.suppress(httpx.TransportError):
            if (await client.get("/health")).status_code == 200:
                return
        await asyncio.sleep(0.1)  # polling the server's readiness, bounded above
    raise SystemExit("mendian serve did not answer /health within 60 s")


async def _seed(client: httpx.AsyncClient, key: str, clients: int) -> dict:
    """Three items, and one member per client with ¥100,000 of stored value."""
    headers = {"Authorization": f"Bearer {key}"}

    async def ok(r: httpx.Response) -> dict:
        if r.status_code >= 300:
            raise SystemExit(f"seeding failed: {r.request.method} {r.request.url} {r.status_code} {r.text}")
        return r.json()

    store = (await ok(await client.get("/api/v1/stores", headers=headers)))["items"][0]["id"]
    tag = uuid.uuid4().hex[:6]
    items = [(await ok(await client.post("/api/v1/items", headers=headers, json={
        "sku": f"bench-{tag}-{n}", "name": f"压测商品 {n}", "kind": "goods", "price_fen": 1_000 + 500 * n})))["id"]
        for n in range(3)]
    members = []
    for n in range(clients):
        member = await ok(await client.post("/api/v1/members", headers=headers,
                                            json={"phone": f"176{n:08d}", "name": f"压测{n}"}))
        await ok(await client.post(f"/api/v1/members/{member['id']}/top-ups",
                                   headers={**headers, "Idempotency-Key": uuid.uuid4().hex},
                                   json={"amount_fen": 10_000_000, "tender": "cash", "store_id": store}))
        members.append(member["id"])
    return {"headers": headers, "store": store, "items": items, "members": members}


def _processes_cpu_seconds(wanted: Callable[[int, str, int], bool]) -> float:
    """User + system CPU time of the processes ``wanted(pid, name, parent_pid)`` keeps, summed, from
    Linux /proc (0 elsewhere)."""
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            head, tail = stat.read_text().rsplit(")", 1)
            fields = tail.split()
            if wanted(int(stat.parent.name), head.split("(", 1)[1], int(fields[1])):  # fields[1]: the parent's pid
                total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def _cpu_seconds(pid: int) -> float:
    """A process and its children (the workers of ``--workers N``)."""
    return _processes_cpu_seconds(lambda this, name, parent: pid in (this, parent))


def _postgres_cpu_seconds() -> float:
    """Every PostgreSQL process on this machine (its backends come and go: summed by name)."""
    return _processes_cpu_seconds(lambda this, name, parent: name == "postgres")


def _machine_busy_seconds() -> float:
    """CPU time every core spent busy since boot (Linux /proc/stat; 0 elsewhere)."""
    try:
        values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except OSError:
        return 0.0
    idle = values[3] + (values[4] if len(values) > 4 else 0)
    return (sum(values[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def _machine_ms() -> float:
    """A fixed piece of pure Python, timed (best of five) with the machine idle: how fast this
    machine runs today. Its cores are shared with other machines, and the same code's figures
    move with them, by a third from one hour to the next: compare runs with this beside them."""
    def work() -> int:
        total = 0
        for n in range(300_000):
            total += len(str(n)) * (n % 7)
        return total

    best = float("inf")
    for _ in range(5):
        began = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - began)
    return round(best * 1000, 1)


async def _checkout(session: aiohttp.ClientSession, seed: dict, member_id: int) -> bool:
    body = {"store_id": seed["store"], "member_id": member_id, "lines": [{"item_id": i} for i in seed["items"]]}
    async with session.post("/api/v1/orders", json=body, headers=seed["headers"]) as r:
        if r.status != 201:
            return False
        order = await r.json()
    async with session.post(f"/api/v1/orders/{order['id']}/payments",
                            headers={**seed["headers"], "Idempotency-Key": uuid.uuid4().hex},
                            json={"tenders": [{"kind": "stored_value", "amount_fen": order["total_fen"]}]}) as r:
        await r.read()
        return r.status == 201


async def _load(base_url: str, seed: dict, clients: int, seconds: float, server_pid: int | None = None) -> dict:
    """``clients`` tills checking out back to back for ``seconds``; the latency of each checkout, and
    where the CPU went: the server process, this client, PostgreSQL, and the rest of the machine.
    The tills are aiohttp's (its C parser spends a third of httpx's CPU per request: more of the
    shared cores are left to the server and the database)."""
    latencies: list[float] = []
    errors = 0
    connector = aiohttp.TCPConnector(limit=clients)
    async with aiohttp.ClientSession(base_url=base_url, connector=connector,
                                     timeout=aiohttp.ClientTimeout(total=60)) as session:
        stop = time.perf_counter() + seconds

        async def till(member_id: int) -> None:
            nonlocal errors
            while time.perf_counter() < stop:
                began = time.perf_counter()
                if await _checkout(session, seed, member_id):
                    latencies.append(time.perf_counter() - began)
                else:
                    errors += 1

        began = time.perf_counter()
        cpu = (_cpu_seconds(server_pid) if server_pid else 0.0, time.process_time(), _postgres_cpu_seconds(),
               _machine_busy_seconds())
        await asyncio.gather(*(till(m) for m in seed["members"][:clients]))
        elapsed = time.perf_counter() - began
        server_cpu, client_cpu, database_cpu, busy = (
            _cpu_seconds(server_pid) - cpu[0] if server_pid else 0.0, time.process_time() - cpu[1],
            _postgres_cpu_seconds() - cpu[2], _machine_busy_seconds() - cpu[3])
    latencies.sort()
    per_order = (lambda seconds: round(seconds * 1000 / len(latencies), 2)) if latencies else (lambda seconds: 0.0)
    p = (lambda q: latencies[min(int(q * len(latencies)), len(latencies) - 1)] * 1000) if latencies else (lambda q: 0.0)
    return {"orders": len(latencies), "errors": errors, "orders_per_s": round(len(latencies) / elapsed, 1),
            "p50_ms": round(statistics.median(latencies) * 1000, 1) if latencies else 0.0,
            "p99_ms": round(p(0.99), 1), "server_cpu_ms_per_order": per_order(server_cpu),
            "client_cpu_ms_per_order": per_order(client_cpu),
            "postgres_cpu_ms_per_order": per_order(database_cpu),
            "other_cpu_ms_per_order": per_order(max(busy - server_cpu - client_cpu - database_cpu, 0.0))}


async def run_database(name: str, url: str, home: Path, clients: int, seconds: float, rounds: int,
                       workers: int = 1) -> dict:
    env = {**os.environ, "MENDIAN_DATABASE_URL": url, "MENDIAN_HOME": str(home), "MENDIAN_FAST_HASH": "1",
           "PYTHONPATH": str(ROOT)}
    keys = _prepare(env)
    port = _free_port()
    server = subprocess.Popen([*MENDIAN, "serve", "--port", str(port), "--workers", str(workers)], env=env, cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        async with httpx.AsyncClient(base_url=base, timeout=60) as client:
            await _wait_ready(client, server)
            seeds = {tenant: await _seed(client, key, clients) for tenant, key in keys.items()}
        for seed in seeds.values():  # warm the server: templates, caches, the pool
            await _load(base, seed, clients, 2)
        runs: dict[str, list[dict]] = {KERNEL: [], DEMO: []}
        autovacuum = None
        for _ in range(rounds):  # alternate, so drift on the machine falls on both alike
            for tenant in (KERNEL, DEMO):
                if name == "postgresql":  # the statistics a production server keeps (pg_scratch.analyze)
                    autovacuum = await analyze(url)
                machine_ms = _machine_ms()
                runs[tenant].append({**await _load(base, seeds[tenant], clients, seconds, server.pid),
                                     "machine_ms": machine_ms})
    finally:
        server.terminate()
        server.wait(timeout=30)
    best = {tenant: max(results, key=lambda r: r["orders_per_s"]) for tenant, results in runs.items()}
    return {"database": name, "clients": clients, "seconds": seconds, "rounds": rounds, "workers": workers,
            "autovacuum": autovacuum,
            "kernel_only": best[KERNEL], "all_plugins": best[DEMO],
            "ratio": round(best[DEMO]["orders_per_s"] / best[KERNEL]["orders_per_s"], 3)
            if best[KERNEL]["orders_per_s"] else None}


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=16, help="concurrent tills (default 16)")
    parser.add_argument("--seconds", type=float, default=15, help="length of each measured run (default 15)")
    parser.add_argument("--rounds", type=int, default=2, help="runs per tenant, alternating; the best is kept")
    parser.add_argument("--pg-url", default=os.environ.get("MENDIAN_TEST_DATABASE_URL"),
                        help="a PostgreSQL URL whose server may create a scratch database")
    parser.add_argument("--workers", type=int, default=1, help="uvicorn workers of mendian serve (default 1)")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        if not args.no_sqlite:
            home = Path(tmp) / "sqlite"
            home.mkdir()
            results.append(await run_database("sqlite", f"sqlite:///{home / 'bench.sqlite3'}", home,
                                              args.clients, args.seconds, args.rounds, args.workers))
        if args.pg_url:
            home = Path(tmp) / "pg"
            home.mkdir()
            async with scratch(args.pg_url) as pg:
                results.append(await run_database("postgresql", pg, home, args.clients, args.seconds, args.rounds,
                                                  args.workers))
    if args.json:
        print(json.dumps({"bench": "checkout_http", "at": dt.datetime.now(dt.UTC).isoformat(), "results": results},
                         indent=2))
        return
    for r in results:
        for label, key in (("kernel only", "kernel_only"), ("all plugins", "all_plugins")):
            f = r[key]
            print(f"{r['database']:>10} {label:<11} {r['clients']} clients, {r['workers']} worker(s): "
                  f"{f['orders_per_s']:>7} orders/s | "
                  f"p50 {f['p50_ms']:>6} ms | p99 {f['p99_ms']:>7} ms | {f['orders']} orders, {f['errors']} errors | "
                  f"CPU ms/order: server {f['server_cpu_ms_per_order']}, client {f['client_cpu_ms_per_order']}, "
                  f"postgres {f['postgres_cpu_ms_per_order']}, other {f['other_cpu_ms_per_order']} | "
                  f"machine {f['machine_ms']} ms")
        print(f"{r['database']:>10} all plugins / kernel only: {r['ratio']:.0%}")
        if r["autovacuum"] is False:
            print(f"{r['database']:>10} autovacuum is off on this server: the bench analyzed before each run")
    print("machine: how long a fixed piece of Python took just before the run (lower is faster)")


if __name__ == "__main__":
    asyncio.run(main())
