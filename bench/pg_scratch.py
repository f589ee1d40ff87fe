"""A scratch PostgreSQL database for a bench run, made on the server of an admin URL and dropped after."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import AsyncIterator


async def scratch_database(admin_url: str) -> str:
    """Create ``mendian_bench_<random>`` on ``admin_url``'s server; its URL."""
    import asyncpg

    name = f"mendian_bench_{uuid.uuid4().hex[:8]}"
    conn = await asyncpg.connect(admin_url)
    await conn.execute(f'CREATE DATABASE "{name}"')
    await conn.close()
    return admin_url.rsplit("/", 1)[0] + f"/{name}"


async def drop_database(admin_url: str, url: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(admin_url)
    await conn.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')
    await conn.close()


async def analyze(url: str) -> bool:
    """Refresh the planner's statistics of ``url``'s database, as autovacuum does on a server where it
    runs; whether it runs on this one. Without statistics PostgreSQL may find an order by its
    tenant's index (every order of the tenant, filtered) rather than by its id: a checkout's cost
    then grows with the orders a run has made (this machine's server has autovacuum off)."""
    import asyncpg

    conn = await asyncpg.connect(url)
    try:
        await conn.execute("ANALYZE")
        return await conn.fetchval("SELECT setting = 'on' FROM pg_settings WHERE name = 'autovacuum'")
    finally:
        await conn.close()


@contextlib.asynccontextmanager
async def scratch(admin_url: str) -> AsyncIterator[str]:
    """``async with scratch(admin_url) as url:`` a scratch database for the block, dropped after it."""
    url = await scratch_database(admin_url)
    try:
        yield url
    finally:
        await drop_database(admin_url, url)
