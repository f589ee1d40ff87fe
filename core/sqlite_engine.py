"""piccolo's SQLite engine, keeping its connections open between transactions.

piccolo opens a new aiosqlite connection (a thread and a file open) for every transaction and
for every query outside one, and runs ``PRAGMA foreign_keys`` before every statement; each of
those, and each execute, fetch and cursor close, is a hop to aiosqlite's thread. Here a few
idle connections are kept (foreign keys switched on once, when opened) and a statement runs in
one hop (``execute_fetchall``). A checkout makes about four times fewer thread hops.

Write transactions (IMMEDIATE) of this process, and statements that write outside one, take
their turn on an asyncio lock before they ask SQLite for its one write lock. SQLite makes a
writer that finds the file locked sleep and try again, for up to 100 ms a time: with a few tills
at once, a checkout waited over a second now and then (p99), and the lock stood free while the
next writer slept. In line on the asyncio lock, the next one starts the moment the last one
commits. (Other processes still meet the busy timeout.)

Whoever creates the engine closes it with ``core.db.stop``. A kept connection's thread is
made a daemon, so an engine someone forgot to stop cannot keep the process from exiting (an
idle connection holds no transaction: nothing is lost).
"""

from __future__ import annotations

import asyncio
import sqlite3
from typing import Any

import aiosqlite
from piccolo.engine.sqlite import SQLiteEngine, SQLiteTransaction, TransactionType, dict_factory

# The engine relies on RETURNING, which SQLite has since 3.35.
if sqlite3.sqlite_version_info < (3, 35):  # pragma: no cover
    raise RuntimeError(f"SQLite 3.35 or newer is needed, this Python has {sqlite3.sqlite_version}")


class KeptConnectionTransaction(SQLiteTransaction):
    """piccolo's transaction, handing its connection back to the engine instead of closing it; a
    write transaction waits for the process's writer turn first."""

    __slots__ = ("_writer",)
    engine: KeptConnectionSQLiteEngine  # the engine that opened it (piccolo types it as its SQLiteEngine)

    async def __aenter__(self) -> SQLiteTransaction:
        self._writer: asyncio.Lock | None = None
        if self._parent is not None or self.transaction_type is TransactionType.deferred:
            return await super().__aenter__()
        writer = self.engine.writer()
        await writer.acquire()
        try:
            entered = await super().__aenter__()
        except BaseException:
            writer.release()
            raise
        self._writer = writer
        return entered

    async def __aexit__(self, exception_type, exception, traceback) -> bool:
        if self._parent:
            return exception is None
        try:
            if exception:
                if not self._rolled_back:
                    await self.rollback()
            elif not self._committed and not self._rolled_back:
                await self.commit()
        finally:
            await self.engine.release(self.connection)
            self.engine.current_transaction.reset(self.context)
            if self._writer is not None:
                self._writer.release()
        return exception is None


class KeptConnectionSQLiteEngine(SQLiteEngine):
    __slots__ = ("_idle", "_writers", "idle_max")

    def __init__(self, path: str, idle_max: int = 4, **connection_kwargs: Any) -> None:
        super().__init__(path=path, **connection_kwargs)
        self._idle: list[aiosqlite.Connection] = []
        self._writers: dict[asyncio.AbstractEventLoop, asyncio.Lock] = {}
        self.idle_max = idle_max

    def writer(self) -> asyncio.Lock:
        """The turn of this process's write transactions (a lock per event loop: tests run several)."""
        loop = asyncio.get_running_loop()
        lock = self._writers.get(loop)
        if lock is None:
            for stale in [other for other in self._writers if other.is_closed()]:
                del self._writers[stale]
            lock = self._writers[loop] = asyncio.Lock()
        return lock

    async def get_connection(self) -> aiosqlite.Connection:
        if self._idle:
            return self._idle.pop()
        connection = aiosqlite.connect(**self.connection_kwargs)
        thread = getattr(connection, "_thread", None)  # aiosqlite starts it on the first await
        if thread is not None and not thread.is_alive():
            thread.daemon = True
        await connection
        connection.row_factory = dict_factory  # type: ignore[assignment]
        await connection.execute("PRAGMA foreign_keys = 1")
        return connection

    async def release(self, connection: aiosqlite.Connection) -> None:
        """Keep ``connection`` for the next caller, unless enough are kept or it is mid-transaction."""
        if len(self._idle) < self.idle_max and not connection.in_transaction:
            self._idle.append(connection)
        else:
            await connection.close()

    async def close(self) -> None:
        while self._idle:
            await self._idle.pop().close()

    def transaction(
        self, transaction_type: TransactionType = TransactionType.deferred, allow_nested: bool = True
    ) -> KeptConnectionTransaction:
        return KeptConnectionTransaction(engine=self, transaction_type=transaction_type, allow_nested=allow_nested)

    async def _run_in_new_connection(self, query: str, args: list[Any] | None = None, query_type: str = "generic",
                                     table: Any = None) -> list[dict[str, Any]]:
        # The connection is in autocommit mode (isolation_level None): the statement commits itself.
        # One that writes takes the writer turn too, or the transactions passing the lock from one
        # to the next would leave it sleeping in the busy handler.
        if query.lstrip()[:6].upper() == "SELECT":
            return await self._run_alone(query, args)
        async with self.writer():
            return await self._run_alone(query, args)

    async def _run_alone(self, query: str, args: list[Any] | None) -> list[dict[str, Any]]:
        connection = await self.get_connection()
        try:
            # aiosqlite types rows as sqlite3.Row; the connection's row_factory makes them dicts.
            return list(await connection.execute_fetchall(query, args or []))  # type: ignore[arg-type]
        finally:
            await self.release(connection)

    async def _run_in_existing_connection(self, connection: aiosqlite.Connection, query: str,
                                          args: list[Any] | None = None, query_type: str = "generic",
                                          table: Any = None) -> list[dict[str, Any]]:
        return list(await connection.execute_fetchall(query, args or []))  # type: ignore[arg-type]  # dict rows, as above


async def run_together(connection: aiosqlite.Connection, statements: list[tuple[str, list[Any]]]) -> list[dict[str, Any]]:
    """Run ``statements`` in order on ``connection`` in one hop to its thread, and return the first
    one's rows. aiosqlite has no public call for this: ``_execute`` queues a function for its thread
    (each ``execute_fetchall`` goes through it too) and ``_conn`` is the sqlite3 connection there."""
    def run_all() -> list[dict[str, Any]]:
        conn = connection._conn
        rows = conn.execute(*statements[0]).fetchall()
        for sql, args in statements[1:]:
            conn.execute(sql, args)
        return rows

    return await connection._execute(run_all)
