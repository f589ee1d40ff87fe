"""Flash-sale crowd: 10,000 take attempts at 100 units from 200 concurrent clients over HTTP.

For the database path (guarded UPDATEs) and the Redis path (``MENDIAN_REDIS_URL``: a Lua take
first), against ``mendian``'s app served by uvicorn, it prints attempts per second, p50 and p99
latency, and the units sold, which must equal the stock (the run fails otherwise). Each path
gets a fresh session of its own item; the 200 clients are 200 signed-in members with a limit of
one each. SQLite by default; PostgreSQL with --pg-url (or MENDIAN_TEST_DATABASE_URL). ``--json``
prints JSON. The clients run on the same 2 cores as the server: figures move by ±15% between runs.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import hashlib
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("MENDIAN_FAST_HASH", "1")

from core import db  # noqa: E402
from core.app import all_tables, build_plugin_manager  # noqa: E402
from core.clock import Clock  # noqa: E402
from core.contexts import context_for  # noqa: E402
from core.migrate import kernel_apps, migrate  # noqa: E402

STOCK = 100


async def _bind(url: str):
    manager = build_plugin_manager()
    engine = db.create_engine(url)
    db.bind(engine, all_tables(manager))
    await db.start(engine)
    return manager, engine


async def seed(url: str, clients: int) -> list[str]:
    """The bench tenant with flash sales on and ``clients`` members signed in; their tokens."""
    from core.extensions.service import enable_plugin
    from core.member_auth.tables import MemberSession
    from core.members import schemas as ms
    from core.members import service as members
    from core.tenancy import schemas as ts
    from core.tenancy import service as tenancy

    manager, engine = await _bind(url)
    try:
        await migrate([*kernel_apps(), *manager.apps()])
        clock = Clock()
        tenant = await tenancy.create_tenant(ts.TenantCreate(slug="bench", name="Bench 便利店"), clock)
        ctx = await context_for(tenant.id, manager, clock)
        await enable_plugin(ctx, "flash_sale")
        tokens = []
        for n in range(clients):
            member = await members.register_member(ctx, ms.MemberCreate(phone=f"1380000{n:04d}", name=f"抢购{n}"))
            token = "mdm_" + secrets.token_urlsafe(32)
            await MemberSession.insert(MemberSession(
                tenant_id=tenant.id, member_id=member.id, token_hash=hashlib.sha256(token.encode()).hexdigest(),
                created_at=clock.now(), expires_at=clock.now() + dt.timedelta(days=1)))
            tokens.append(token)
        return tokens
    finally:
        await db.stop(engine)


async def new_session(url: str, label: str) -> int:
    """A live session of a fresh item with STOCK units, one per member; its flash item id."""
    from core.catalog import schemas as cs
    from core.catalog import service as catalog
    from plugins.flash_sale.schemas import FlashItemIn, SessionIn
    from plugins.flash_sale.sessions import create_session

    manager, engine = await _bind(url)
    try:
        clock = Clock()
        ctx = await context_for(1, manager, clock)
        item = await catalog.create_item(ctx, cs.ItemCreate(sku=f"flash-{label}", name=f"秒杀{label}", kind="goods",
                                                            price_fen=1_000))
        now = clock.now()
        session = await create_session(ctx, SessionIn(
            name=f"压测{label}", starts_at=now - dt.timedelta(minutes=1), ends_at=now + dt.timedelta(hours=1),
            items=[FlashItemIn(item_id=item.id, flash_price_fen=100, stock=STOCK, per_member_limit=1)]))
        return session.items[0].id
    finally:
        await db.stop(engine)


async def sold(url: str, flash_item_id: int) -> int:
    from plugins.flash_sale.tables import FlashItem, FlashReservation

    _, engine = await _bind(url)
    try:
        taken = (await FlashItem.select(FlashItem.taken).where(FlashItem.id == flash_item_id).first())["taken"]
        held = await FlashReservation.count().where(FlashReservation.flash_item_id == flash_item_id)
        assert taken == held, f"counter {taken} != reservations {held}"
        return taken
    finally:
        await db.stop(engine)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def server(url: str, home: Path, workers: int, redis_url: str | None):
    port = _free_port()
    env = {**os.environ, "MENDIAN_DATABASE_URL": url, "MENDIAN_HOME": str(home)}
    env.pop("MENDIAN_REDIS_URL", None)
    if redis_url:
        env["MENDIAN_REDIS_URL"] = redis_url
    proc = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--factory", "core.app:create_app", "--port", str(port), "--workers",
         str(workers), "--log-level", "warning", "--no-access-log"],
        env=env, cwd=Path(__file__).resolve().parents[1])
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=20)


class Connection:
    """One keep-alive HTTP/1.1 connection with as little client work as possible: the clients share
    the server's two cores, and a heavier client would measure itself."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer

    @classmethod
    async def open(cls, host: str, port: int) -> Connection:
        return cls(*await asyncio.open_connection(host, port))

    async def post(self, path: str, token: str, body: bytes) -> tuple[int, bytes]:
        self.writer.write(
            f"POST {path} HTTP/1.1\r\nHost: bench\r\nAuthorization: Bearer {token}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n".encode() + body)
        status = int((await self.reader.readline()).split()[1])
        length = 0
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        return status, await self.reader.readexactly(length)

    def close(self) -> None:
        self.writer.close()


async def wait_listening(base: str) -> None:
    import httpx

    async with httpx.AsyncClient(base_url=base, timeout=5) as client:
        for _ in range(300):  # bounded: 30 s
            with contextlib.suppress(httpx.TransportError):
                if (await client.get("/health")).status_code == 200:
                    return
            await asyncio.sleep(0.1)
    raise SystemExit("the server did not start")


async def crowd(base: str, tokens: list[str], flash_item_id: int, attempts: int) -> dict:
    await wait_listening(base)
    host, port = base.removeprefix("http://").split(":")
    latencies: list[float] = []
    codes: dict[str, int] = {}
    per_client = attempts // len(tokens)
    path, body = f"/api/v1/me/flash-sale/items/{flash_item_id}/take", b'{"quantity": 1}'
    connections = [await Connection.open(host, int(port)) for _ in tokens]

    async def one_client(conn: Connection, token: str) -> None:
        for _ in range(per_client):
            t = time.perf_counter()
            status, answer = await conn.post(path, token, body)
            latencies.append(time.perf_counter() - t)
            code = "taken" if status == 201 else json.loads(answer).get("code", str(status))
            codes[code] = codes.get(code, 0) + 1

    start = time.perf_counter()
    await asyncio.gather(*(one_client(c, t) for c, t in zip(connections, tokens, strict=True)))
    elapsed = time.perf_counter() - start
    for conn in connections:
        conn.close()
    latencies.sort()
    return {"attempts": len(latencies), "seconds": round(elapsed, 2), "attempts_per_s": round(len(latencies) / elapsed, 1),
            "p50_ms": round(statistics.median(latencies) * 1000, 1),
            "p99_ms": round(latencies[int(len(latencies) * 0.99) - 1] * 1000, 1), "answers": codes}


async def run_path(name: str, url: str, home: Path, tokens: list[str], args, redis_url: str | None) -> dict:
    flash_item_id = await new_session(url, name)
    with server(url, home, args.workers, redis_url) as base:
        result = await crowd(base, tokens, flash_item_id, args.attempts)
    units = await sold(url, flash_item_id)
    if units != STOCK:
        raise SystemExit(f"{name}: sold {units} of {STOCK}")
    return {"path": name, "clients": len(tokens), "stock": STOCK, "units_sold": units, **result}


async def run_database(label: str, url: str, home: Path, args) -> list[dict]:
    tokens = await seed(url, args.clients)
    results = [await run_path("database", url, home, tokens, args, None)]
    if args.redis_url:
        results.append(await run_path("redis", url, home, tokens, args, args.redis_url))
    return [{"database": label, **r} for r in results]


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--attempts", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2, help="uvicorn workers")
    parser.add_argument("--pg-url", default=os.environ.get("MENDIAN_TEST_DATABASE_URL"))
    parser.add_argument("--redis-url", default=os.environ.get("MENDIAN_REDIS_URL", "redis://127.0.0.1:6379/0"),
                        help="the Redis path's server ('' to skip it)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        if args.pg_url:
            from bench.checkout import _drop_pg, _pg_database

            pg = await _pg_database(args.pg_url)
            try:
                results += await run_database("postgresql", pg, home, args)
            finally:
                await _drop_pg(args.pg_url, pg)
        else:
            url = f"sqlite:///{home / 'bench.sqlite3'}"
            db.prepare_sqlite_file(url)
            results += await run_database("sqlite", url, home, args)
    if args.json:
        print(json.dumps({"bench": "flash_sale", "at": dt.datetime.now(dt.UTC).isoformat(), "results": results}, indent=2))
        return
    for r in results:
        print(f"{r['database']:>10} {r['path']:>8}: {r['attempts']} attempts by {r['clients']} clients in {r['seconds']} s "
              f"= {r['attempts_per_s']}/s | p50 {r['p50_ms']} ms, p99 {r['p99_ms']} ms | sold {r['units_sold']}/{r['stock']} "
              f"| {r['answers']}")


if __name__ == "__main__":
    asyncio.run(main())
