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


def load_settings() -> Settings:
    home = Path(os.environ.get("MENDIAN_HOME", "./var")).resolve()
    database_url = os.environ.get("MENDIAN_DATABASE_URL") or f"sqlite:///{home / 'mendian.sqlite3'}"
    return Settings(
        home=home,
        database_url=database_url,
        redis_url=os.environ.get("MENDIAN_REDIS_URL") or None,
        secret_key=_secret_key(home),
    )


@cache
def get_settings() -> Settings:
    return load_settings()
