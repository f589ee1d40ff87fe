"""Form helpers of the member pages: safe ``next`` targets and one-time form keys."""

from __future__ import annotations

import re
import secrets

from core.console.forms import safe_next as console_safe_next

ONCE_FIELD = "_once"
_ONCE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def new_once() -> str:
    return secrets.token_urlsafe(18)


def valid_once(value: str) -> bool:
    return bool(_ONCE.fullmatch(value))


def safe_next(target: str | None, tenant_slug: str) -> str:
    """Only this tenant's member pages: a ``next=`` link must not lead to another site or tenant."""
    home = f"/m/{tenant_slug}/"
    return console_safe_next(target, home, within=home)
