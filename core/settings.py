"""Settings read from the environment (MENDIAN_*), with defaults that work on a bare machine."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from functools import cache
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Settings:
    home: Path
    database_url: str
    redis_url: str | None
    secret_key: str
    db_pool_size: int = 20  # PostgreSQL connections per worker (MENDIAN_DB_POOL_SIZE)
    metrics_token: str | None = None  # bearer token /metrics asks for (MENDIAN_METRICS_TOKEN)
    log_format: str = "text"  # "text" or "json": one JSON object per line (MENDIAN_LOG_FORMAT)

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


def _secret_key(home: Path) -> str:
    """MENDIAN_SECRET_KEY, or one generated once and kept in the data folder.

    Keeping it on disk means member codes and sessions survive a restart.
    """
    if key := os.environ.get("MENDIAN_SECRET_KEY"):
        return key
    path = home / "secret_key"
    if path.exists():
        return path.read_text().strip()
    home.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    # O_EXCL: two processes starting at once must agree on one key.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as f:
        f.write(key)
    return key


LOG_FORMATS = ("text", "json")


def _positive_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ValueError(f"{name} must be a whole number, not {raw!r}") from None
    if value < 1:
        raise ValueError(f"{name} must be at least 1, not {value}")
    return value


def _log_format() -> str:
    value = os.environ.get("MENDIAN_LOG_FORMAT") or "text"
    if value not in LOG_FORMATS:
        raise ValueError(f"MENDIAN_LOG_FORMAT must be one of {', '.join(LOG_FORMATS)}, not {value!r}")
    return value


def load_settings() -> Settings:
    home = Path(os.environ.get("MENDIAN_HOME", "./var")).resolve()
    database_url = os.environ.get("MENDIAN_DATABASE_URL") or f"sqlite:///{home / 'mendian.sqlite3'}"
    return Settings(
        home=home,
        database_url=database_url,
        redis_url=os.environ.get("MENDIAN_REDIS_URL") or None,
        secret_key=_secret_key(home),
        db_pool_size=_positive_int("MENDIAN_DB_POOL_SIZE", 20),
        metrics_token=os.environ.get("MENDIAN_METRICS_TOKEN") or None,
        log_format=_log_format(),
    )


@cache
def get_settings() -> Settings:
    return load_settings()
