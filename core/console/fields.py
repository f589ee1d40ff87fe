"""Reading a plugin console form's typed fields: one refusal (``FormError``, its message zh / en,
shown above the form with what was typed kept) and the readers every console needs."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo


class FormError(Exception):
    """A field the form cannot use; ``message`` is shown to the merchant (Chinese / English)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def local_datetime(text: str, zone: ZoneInfo, label: str) -> dt.datetime:
    """A ``datetime-local`` input (no zone) as that moment in ``zone``, the tenant's."""
    try:
        return dt.datetime.fromisoformat(text).replace(tzinfo=zone)
    except ValueError:
        raise FormError(f"{label}须为日期时间 / {label}: a date and time") from None


def whole_number(text: str, label: str, default: int | None = None, optional: bool = False) -> int | None:
    """Digits as an int; blank is ``default`` when one is given, else None when ``optional``, else refused."""
    if not text and (default is not None or optional):
        return default
    if not text.isdigit():
        raise FormError(f"{label}须为正整数 / {label}: a whole number")
    return int(text)
