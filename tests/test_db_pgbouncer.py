"""Behind PgBouncer in transaction mode (``?pgbouncer=true`` on the URL) asyncpg keeps no named
prepared statements, and the parameter does not reach PostgreSQL."""

import pytest

from core.db import create_engine

# piccolo asks the server its version when the engine is made; no server needs to answer here.
pytestmark = pytest.mark.filterwarnings("ignore:.*Unable to")


def test_a_pgbouncer_url_turns_off_the_prepared_statement_cache():
    engine = create_engine("postgresql://mendian:secret@pgbouncer:6432/mendian?sslmode=disable&pgbouncer=true")

    assert engine.config == {"dsn": "postgresql://mendian:secret@pgbouncer:6432/mendian?sslmode=disable",
                             "statement_cache_size": 0}


def test_a_plain_url_keeps_asyncpgs_cache():
    engine = create_engine("postgresql://mendian@db:5432/mendian")

    assert engine.config == {"dsn": "postgresql://mendian@db:5432/mendian"}
