"""SQLite: a process's write transactions wait their turn on an asyncio lock (core/sqlite_engine.py),
not in SQLite's busy handler, which sleeps up to 100 ms a time and then fails at the timeout."""

import asyncio

import pytest

from core.sqlite_engine import KeptConnectionSQLiteEngine, TransactionType


@pytest.fixture
async def engine(tmp_path):
    # No busy timeout at all: a writer that found the file locked would fail at once.
    engine = KeptConnectionSQLiteEngine(path=str(tmp_path / "turns.sqlite3"), timeout=0)
    await engine._run_in_new_connection("PRAGMA journal_mode=WAL")
    await engine._run_in_new_connection("CREATE TABLE till (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)")
    yield engine
    await engine.close()


async def test_concurrent_write_transactions_each_get_their_turn(engine):
    async def checkout(n: int) -> None:
        async with engine.transaction(transaction_type=TransactionType.immediate) as tx:
            await tx.connection.execute("INSERT INTO till (n) VALUES (?)", (n,))
            await asyncio.sleep(0)  # let the others start theirs while this one holds the lock
            await tx.connection.execute("INSERT INTO till (n) VALUES (?)", (-n,))

    await asyncio.gather(*(checkout(n) for n in range(1, 21)))
    rows = await engine._run_in_new_connection("SELECT n FROM till ORDER BY id")
    values = [row["n"] for row in rows]
    assert len(values) == 40
    # Each transaction's two rows are next to each other: they did not interleave.
    assert all(values[i] == -values[i + 1] for i in range(0, 40, 2))


async def test_a_failed_transaction_gives_up_its_turn(engine):
    with pytest.raises(RuntimeError, match="till closed"):
        async with engine.transaction(transaction_type=TransactionType.immediate) as tx:
            await tx.connection.execute("INSERT INTO till (n) VALUES (1)")
            raise RuntimeError("till closed")
    async with engine.transaction(transaction_type=TransactionType.immediate) as tx:
        await tx.connection.execute("INSERT INTO till (n) VALUES (2)")
    assert [row["n"] for row in await engine._run_in_new_connection("SELECT n FROM till")] == [2]
