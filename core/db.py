"""The database engine: one per process, chosen by MENDIAN_DATABASE_URL, bound to every table.

piccolo caches an engine per Table class (``Table._meta.db``), so binding walks every kernel and
plugin table, plus piccolo's own ``Migration`` table.
"""

from __future__ import annotations

import functools
import os
import sqlite3
from collections.abc import Awaitable, Callable, Iterable, Sequence
from contextvars import ContextVar, Token
from string import Formatter
from typing import Any, cast
from urllib.parse import parse_qsl, urlencode, urlparse

from piccolo.apps.migrations.tables import Migration
from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine, TransactionType
from piccolo.table import Table

from core.sqlite_engine import KeptConnectionSQLiteEngine, run_together

try:  # asyncpg is installed with piccolo[postgres]; keep SQLite-only installs importable.
    from asyncpg.exceptions import UniqueViolationError
except ImportError:  # pragma: no cover
    UniqueViolationError = ()

# piccolo's migration manager finds its engine through this module; see core/piccolo_conf.py.
os.environ.setdefault("PICCOLO_CONF", "core.piccolo_conf")

# SQLite: wait for a writer rather than fail with "database is locked".
SQLITE_BUSY_TIMEOUT_S = 30

_engine: Engine | None = None


def sqlite_path(database_url: str) -> str:
    """``sqlite:///abs/path`` or ``sqlite:///rel/path`` → a file path."""
    return database_url.removeprefix("sqlite:///").removeprefix("sqlite://")


def create_engine(database_url: str, keep_connections: bool = True) -> Engine:
    """The engine for ``database_url``. On SQLite it keeps its connections unless told not to
    (a process that cannot call ``stop``, like piccolo's own CLI, must not keep them)."""
    scheme = urlparse(database_url).scheme
    if scheme == "sqlite":
        if keep_connections:
            return KeptConnectionSQLiteEngine(path=sqlite_path(database_url), timeout=SQLITE_BUSY_TIMEOUT_S)
        return SQLiteEngine(path=sqlite_path(database_url), timeout=SQLITE_BUSY_TIMEOUT_S)
    if scheme in ("postgres", "postgresql"):
        return PostgresEngine(config=postgres_config(database_url))
    raise ValueError(f"unsupported database URL scheme {scheme!r} (use sqlite:/// or postgresql://)")


# ``?pgbouncer=true`` on a PostgreSQL URL: connections go through PgBouncer in transaction mode.
PGBOUNCER_PARAM = "pgbouncer"


def postgres_config(database_url: str) -> dict[str, Any]:
    """asyncpg's connection settings for ``database_url``. Behind PgBouncer in transaction mode a
    statement may reach a server connection that never prepared it, so asyncpg's cache of named
    prepared statements is turned off; the parameter itself is taken out of the URL (asyncpg
    would send it to the server as a setting)."""
    parts = urlparse(database_url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    flags = [value.lower() for key, value in query if key == PGBOUNCER_PARAM]
    config: dict[str, Any] = {"dsn": parts._replace(query=urlencode([(k, v) for k, v in query
                                                                      if k != PGBOUNCER_PARAM])).geturl()}
    if flags and flags[-1] in ("1", "true", "yes", "on"):
        config["statement_cache_size"] = 0
    return config


def prepare_sqlite_file(database_url: str) -> None:
    """WAL lets readers run beside the one writer; the mode is stored in the file once set."""
    path = sqlite_path(database_url)
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA journal_mode=WAL")


def bind(engine: Engine, tables: Iterable[type[Table]]) -> None:
    from core.cache import clear_all

    global _engine
    _engine = engine
    clear_all()  # what was cached belongs to the database bound before
    bound: list[type[Table]] = [*tables, Migration]
    for table in bound:
        table._meta.db = engine


def is_bound() -> bool:
    return _engine is not None


def engine() -> Engine:
    if _engine is None:
        raise RuntimeError("no database bound: call core.db.bind() first")
    return _engine


def is_sqlite() -> bool:
    return isinstance(engine(), SQLiteEngine)


@functools.lru_cache(maxsize=2048)
def _compiled(sql: str, engine_type: str) -> str:
    """``sql`` with each ``{}`` made the driver's placeholder: ``$1, $2…`` for asyncpg, ``?`` for
    sqlite3 (``{{`` and ``}}`` stand for a brace)."""
    pieces: list[str] = []
    for number, (literal, field, spec, conversion) in enumerate(Formatter().parse(sql), start=1):
        pieces.append(literal)
        if field is None:
            continue
        if field or spec or conversion:
            raise ValueError(f"a statement's placeholders are bare {{}}: {sql}")
        pieces.append(f"${number}" if engine_type == "postgres" else "?")
    return "".join(pieces)


Write = tuple[str, Sequence[Any]]
"""A write whose rows nobody reads: its ``sql`` and its ``args``."""
Along = Sequence[Write]
"""Writes sent with a statement (see ``fetch``)."""


async def fetch(sql: str, *args: Any, along: Along = ()) -> list[dict[str, Any]]:
    """Run a statement written out by hand (``{}`` for each of ``args`` in turn) in the running
    transaction, or on its own, and return its rows as dicts.

    The statement goes straight to the driver: piccolo's ``Table.raw(...).run()`` builds a
    QueryString and splits it again on every call, Python that grows with the arguments (an
    order's lines carry fifty); here the placeholders are compiled once per statement text.

    ``along``: writes whose rows nobody reads, sent with this statement. On PostgreSQL they are
    parts of it (``WITH along_1 AS (…) <sql>``), one round trip for all: so none may touch a row
    that this statement or another of them touches, and none sees what the others write (the parts
    share one snapshot). On SQLite they run after it, in order: inside a transaction in the same
    hop to the connection's thread.
    """
    if along and sql.lstrip()[:4].upper() == "WITH":
        raise ValueError(f"a statement with its own WITH takes nothing along: {sql}")
    db = engine()
    if along and isinstance(db, PostgresEngine):
        parts = ", ".join(f"along_{n} AS ({text})" for n, (text, _) in enumerate(along, start=1))
        return await _fetch(f"WITH {parts} {sql}", *(a for _, values in along for a in values), *args)
    if along and (current := db.current_transaction.get()) is not None:
        # SQLite in a transaction: one hop to the connection's thread for them all.
        return await run_together(current.connection, [(_noted(text, db.engine_type), list(values))
                                                       for text, values in [(sql, args), *along]])
    rows = await _fetch(sql, *args)
    for text, values in along:
        await _fetch(text, *values)
    return rows


async def write_together(writes: Along) -> None:
    """Run ``writes`` (``(sql, args)`` each; no rows wanted) as ``fetch`` runs a statement and what
    goes along it: on PostgreSQL as parts of one statement (no row touched twice, nothing read that
    another part writes); on SQLite in order, in one hop to its thread. A DELETE of old rows and the
    INSERT of their replacements may go together: the DELETE does not see the new rows."""
    if writes:
        (sql, args), *along = writes
        await fetch(sql, *args, along=along)


def _noted(sql: str, engine_type: str) -> str:
    """``sql`` compiled for the driver, noted in the open statement logs."""
    for log in _logs:
        log.statements.append(sql)
    return _compiled(sql, engine_type)


async def _fetch(sql: str, *args: Any) -> list[dict[str, Any]]:
    db = engine()
    text = _noted(sql, db.engine_type)
    current = db.current_transaction.get()
    if isinstance(db, PostgresEngine):
        if current is not None:
            records = await current.connection.fetch(text, *args)
        elif db.pool is not None:
            async with db.pool.acquire() as connection:
                records = await connection.fetch(text, *args)
        else:
            records = await db._run_in_new_connection(text, args)
        return [dict(record.items()) for record in records]
    sqlite = cast(SQLiteEngine, db)  # the other engine Mendian runs on
    if current is not None:
        return await sqlite._run_in_existing_connection(current.connection, text, list(args))
    return await sqlite._run_in_new_connection(text, list(args))


class StatementLog:
    """The text of every statement run while it is open: the hand-written ones (through ``fetch``)
    and the ones piccolo builds (its engine's runner is wrapped on the class: engines use
    ``__slots__``). For tests and benches: what a checkout reads and writes. Logs may nest."""

    def __init__(self) -> None:
        self.statements: list[str] = []

    def __enter__(self) -> StatementLog:
        cls, log = type(engine()), self
        original = self._restore = cls.run_querystring

        async def logged(engine_: Engine, querystring: Any, *args: Any, **kwargs: Any) -> Any:
            log.statements.append(str(querystring))
            return await original(engine_, querystring, *args, **kwargs)

        cls.run_querystring = logged  # type: ignore[method-assign,assignment]
        self._cls = cls
        _logs.append(self)
        return self

    def __exit__(self, *exc: object) -> None:
        _logs.remove(self)
        self._cls.run_querystring = self._restore  # type: ignore[method-assign]


_logs: list[StatementLog] = []


class Settling:
    """What the outermost transaction does just before it commits: callbacks registered by key
    (each once), with a scratch dict for what they settle (the ledger's tenant-account deltas);
    and what it does once it has committed (``committed``, by key too: telling other processes)."""

    __slots__ = ("callbacks", "committed", "scratch")

    def __init__(self) -> None:
        self.callbacks: dict[str, Callable[[], Awaitable[None]]] = {}
        self.committed: dict[str, Callable[[], Awaitable[None]]] = {}
        self.scratch: dict[str, Any] = {}

    async def run(self) -> None:
        while self.callbacks:  # a callback may register another
            await self.callbacks.pop(next(iter(self.callbacks)))()

    async def run_committed(self) -> None:
        while self.committed:
            await self.committed.pop(next(iter(self.committed)))()


# The outermost transaction's Settling, beside piccolo's own current transaction (a contextvar too).
_settling: ContextVar[Settling | None] = ContextVar("mendian_settling", default=None)


class transaction:  # noqa: N801  used as a function: ``async with transaction():``
    """A write transaction; nested calls join the outer one (piccolo's rule: not a savepoint).

    SQLite transactions start IMMEDIATE so a read-then-write never fails with
    "database is locked" half way; PostgreSQL runs at READ COMMITTED, so every guarded write
    is a conditional UPDATE whose returned rows are checked. The outermost one runs the
    callbacks of its ``settling()`` just before it commits (not when it rolls back), and its
    ``committed`` ones once the commit succeeded; an exception is never swallowed.
    """

    __slots__ = ("_begun", "_settles", "_token")

    def __init__(self) -> None:
        db = engine()
        self._begun: Any = (db.transaction(transaction_type=TransactionType.immediate)
                            if isinstance(db, SQLiteEngine) else db.transaction())
        self._settles = Settling() if db.current_transaction.get() is None else None
        self._token: Token[Settling | None] | None = None

    async def __aenter__(self) -> object:
        current = await self._begun.__aenter__()
        if self._settles is not None:
            self._token = _settling.set(self._settles)
        return current

    async def __aexit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: Any) -> None:
        settles, token = self._settles, self._token
        try:
            if settles is not None and kind is None:
                await settles.run()
        except BaseException as failed:  # settling failed: roll back with it
            if token is not None:
                _settling.reset(token)
            await self._begun.__aexit__(type(failed), failed, failed.__traceback__)
            raise
        if token is not None:
            _settling.reset(token)
        await self._begun.__aexit__(kind, exc, tb)
        if settles is not None and kind is None:
            await settles.run_committed()


def settling() -> Settling | None:
    """The running transaction's ``Settling`` when ``transaction()`` opened it; None outside one
    (or in one opened otherwise, which has nothing run before its commit)."""
    return _settling.get() if engine().current_transaction.get() is not None else None


async def settle_now() -> None:
    """Run what the running transaction would run before its commit, now: before a response is
    encoded inside it (an idempotent request's), so it shows the figures as they will commit."""
    if (settles := settling()) is not None:
        await settles.run()


def in_transaction() -> bool:
    return engine().current_transaction.get() is not None


def is_unique_violation(exc: BaseException) -> bool:
    """The two engines raise different errors for the same broken UNIQUE constraint."""
    if isinstance(exc, sqlite3.IntegrityError):
        return "UNIQUE" in str(exc)
    return bool(UniqueViolationError) and isinstance(exc, UniqueViolationError)


def is_integer_overflow(exc: BaseException) -> bool:
    """A number too large for its column's type, refused by the driver before the query ran:
    sqlite3's OverflowError beyond 64 bits, asyncpg's DataError (from an OverflowError) beyond
    an INTEGER's 32 bits or a BIGINT's 64."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, OverflowError):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


async def _keep_session(connection: object) -> None:
    """The pool's reset of a connection given back: nothing beyond asyncpg's own (it rolls back a
    transaction left open). asyncpg's default also ran ``SELECT pg_advisory_unlock_all()`` and the
    like, a round trip on every release, for session state Mendian never leaves behind: no
    session-level SET, advisory lock, LISTEN or cursor outside a transaction."""


async def start(engine_: Engine, pool_size: int = 20) -> None:
    """Open the engine: on PostgreSQL a pool of at most ``pool_size`` connections (per process:
    N workers hold up to N × ``pool_size``, to keep under the server's ``max_connections``)."""
    if isinstance(engine_, PostgresEngine):
        await engine_.start_connection_pool(min_size=1, max_size=pool_size, reset=_keep_session)


async def autovacuum_is_off() -> bool:
    """Whether the PostgreSQL server runs without autovacuum (never on SQLite). Nothing then keeps
    the planner's statistics: as tables grow it may look an order up through its tenant's index,
    every order of the tenant read and filtered, rather than by its id."""
    if is_sqlite():
        return False
    rows = await fetch("SELECT setting FROM pg_settings WHERE name = 'autovacuum'")
    return bool(rows) and rows[0]["setting"] != "on"


async def stop(engine_: Engine) -> None:
    if isinstance(engine_, PostgresEngine):
        if engine_.pool is not None:  # the app's shutdown and its test fixture may both stop it
            await engine_.close_connection_pool()
    elif isinstance(engine_, KeptConnectionSQLiteEngine):
        await engine_.close()
