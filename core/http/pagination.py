"""Cursor pagination: newest first by id; the cursor is the last id seen, opaque to clients."""

from __future__ import annotations

import base64
from typing import Annotated, Generic, TypeVar

import msgspec
from msgspec import Meta

from core.errors import InvalidInput

T = TypeVar("T")

Limit = Annotated[int, Meta(ge=1, le=200)]
DEFAULT_LIMIT = 50


class Page(msgspec.Struct, Generic[T]):
    items: list[T]
    next_cursor: str | None


def encode_cursor(last_id: int) -> str:
    return base64.urlsafe_b64encode(f"id:{last_id}".encode()).decode().rstrip("=")


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
