"""Form helpers of the member pages: safe ``next`` targets and one-time form keys."""

from __future__ import annotations

import re
import secrets
from urllib.parse import urlsplit

ONCE_FIELD = "_once"
_ONCE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def new_once() -> str:
    return secrets.token_urlsafe(18)


def valid_once(value: str) -> bool:
    return bool(_ONCE.fullmatch(value))


def safe_next(target: str | None, tenant_slug: str) -> str:
    """Only this tenant's member pages: a ``next=`` link must not lead to another site or tenant."""
    home = f"/m/{tenant_slug}/"
    if not target or target.startswith("//") or "\\" in target:
        return home
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not (parts.path == home.rstrip("/") or parts.path.startswith(home)):
        return home
    return target
