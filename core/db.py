"""The database engine: one per process, chosen by MENDIAN_DATABASE_URL, bound to every table.

piccolo caches an engine per Table class (``Table._meta.db``), so binding walks every kernel and
plugin table, plus piccolo's own ``Migration`` table.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable
from urllib.parse import urlparse

from piccolo.apps.migrations.tables import Migration
from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine, TransactionType
from piccolo.table import Table

from core.sqlite_engine import KeptConnectionSQLiteEngine

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
        return PostgresEngine(config={"dsn": database_url})
    raise ValueError(f"unsupported database URL scheme {scheme!r} (use sqlite:/// or postgresql://)")


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


def engine() -> Engine:
    if _engine is None:
        raise RuntimeError("no database bound: call core.db.bind() first")
    return _engine


def is_sqlite() -> bool:
    return isinstance(engine(), SQLiteEngine)


def transaction():
    """A write transaction; nested calls join the outer one (piccolo's rule: not a savepoint).

    SQLite transactions start IMMEDIATE so a read-then-write never fails with
    "database is locked" half way; PostgreSQL runs at READ COMMITTED, so every guarded write
    is a conditional UPDATE whose returned rows are checked.
    """
    db = engine()
    if isinstance(db, SQLiteEngine):
        return db.transaction(transaction_type=TransactionType.immediate)
    return db.transaction()


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


async def start(engine_: Engine) -> None:
    if isinstance(engine_, PostgresEngine):
        await engine_.start_connection_pool(min_size=1, max_size=20, reset=_keep_session)


async def stop(engine_: Engine) -> None:
    if isinstance(engine_, PostgresEngine):
        if engine_.pool is not None:  # the app's shutdown and its test fixture may both stop it
            await engine_.close_connection_pool()
    elif isinstance(engine_, KeptConnectionSQLiteEngine):
        await engine_.close()
