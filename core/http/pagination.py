"""Cursor pagination: newest first by id; the cursor is the last id seen, opaque to clients."""

from __future__ import annotations

import base64
from typing import Annotated, Any, Generic, TypeVar

import msgspec
from msgspec import Meta

from core.errors import InvalidInput

T = TypeVar("T")

MAX_LIMIT = 200
Limit = Annotated[int, Meta(ge=1, le=MAX_LIMIT)]
DEFAULT_LIMIT = 50


class Page(msgspec.Struct, Generic[T]):
    items: list[T]
    next_cursor: str | None


def encode_cursor(last_id: int) -> str:
    return base64.urlsafe_b64encode(f"id:{last_id}".encode()).decode().rstrip("=")


def next_cursor(rows: list[dict[str, Any]], limit: int) -> str | None:
    """The cursor of the page after ``rows``, fetched with ``limit + 1`` to know whether one follows."""
    return encode_cursor(rows[limit - 1]["id"]) if len(rows) > limit else None


def decode_cursor(cursor: str | None) -> int | None:
    if not cursor:
        return None
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        kind, _, value = text.partition(":")
        if kind != "id":
            raise ValueError(kind)
        return int(value)
    except ValueError:
        raise InvalidInput(field="cursor", zh="分页游标无效", en="Invalid cursor") from None


def check_limit(limit: int) -> None:
    """litestar does not apply ``Meta`` bounds to query parameters: every list checks its limit here."""
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput(field="limit", zh=f"每页条数须在 1 到 {MAX_LIMIT} 之间", en=f"limit must be 1 to {MAX_LIMIT}")
