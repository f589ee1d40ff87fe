"""Cursor pagination: every list answers ``Page{items, next_cursor}`` and takes ``cursor`` and ``limit``.

Lists read in SQL go newest first by id, the cursor being the last id seen (``next_cursor``); a
short list its service reads whole (a member's cards, the level ladder, today's offers) pages by
position (``page_of``). Either way the cursor is opaque to clients.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Sequence
from typing import Annotated, Any, Generic, TypeVar

import msgspec
from msgspec import Meta

from core.errors import InvalidInput

T = TypeVar("T")

MAX_LIMIT = 200
Limit = Annotated[int, Meta(ge=1, le=MAX_LIMIT)]
DEFAULT_LIMIT = 50


class Page(msgspec.Struct, Generic[T]):
    """One page of a list: its ``items`` and the ``next_cursor`` to ask for the next (None: the last page)."""

    items: list[T]
    next_cursor: str | None


def encode_cursor(last_id: int, kind: str = "id") -> str:
    return base64.urlsafe_b64encode(f"{kind}:{last_id}".encode()).decode().rstrip("=")


def next_cursor(rows: list[dict[str, Any]], limit: int) -> str | None:
    """The cursor of the page after ``rows``, fetched with ``limit + 1`` to know whether one follows."""
    return encode_cursor(rows[limit - 1]["id"]) if len(rows) > limit else None


def decode_cursor(cursor: str | None, kind: str = "id") -> int | None:
    """The last id a cursor stands for (None for the first page); a cursor not made here is a 422."""
    if not cursor:
        return None
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        found, _, value = text.partition(":")
        if found != kind or not 0 <= int(value) < 2**63:
            raise ValueError(found)
        return int(value)
    except ValueError:
        raise InvalidInput(field="cursor", zh="分页游标无效", en="Invalid cursor") from None


def encode_key_cursor(kind: str, value: int, last_id: int) -> str:
    """The cursor of a list sorted by a figure (a member's spend) then id, both descending: the
    last row's figure and id."""
    return base64.urlsafe_b64encode(f"{kind}:{value}:{last_id}".encode()).decode().rstrip("=")


def decode_key_cursor(cursor: str | None, kind: str) -> tuple[int, int] | None:
    """The ``(figure, id)`` a sorted list's cursor stands for (None for the first page); a cursor
    not made for this sort is a 422."""
    if not cursor:
        return None
    try:
        found, value, last_id = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode().split(":")
        if found != kind or not 0 <= int(last_id) < 2**63 or not -(2**63) <= int(value) < 2**63:
            raise ValueError(found)
        return int(value), int(last_id)
    except ValueError:
        raise InvalidInput(field="cursor", zh="分页游标无效", en="Invalid cursor") from None


async def page_by_figure(query: Any, column: Any, id_column: Any, kind: str, cursor: str | None,
                         limit: int) -> tuple[list[dict[str, Any]], str | None]:
    """A page of ``query``'s rows ordered by ``column`` (a member's spend, an order's total) then id,
    both descending, fetched with ``limit + 1``; and the cursor of the next (None: the last page)."""
    if (key := decode_key_cursor(cursor, kind)) is not None:  # after the last row seen, in the same order
        query = query.where((column < key[0]) | ((column == key[0]) & (id_column < key[1])))
    rows = await query.order_by(column, id_column, ascending=False).limit(limit + 1)
    last = rows[limit - 1] if len(rows) > limit else None
    return rows, encode_key_cursor(kind, last[column._meta.name], last["id"]) if last else None


def page_after(rows: Sequence[T], limit: int, last_id: Callable[[T], int] | None = None) -> Page[T]:
    """The page of ``rows`` fetched newest first with ``limit + 1``, to know whether one follows;
    ``last_id`` reads the id the next page starts below (``row.id`` when not given)."""
    items = list(rows[:limit])
    if len(rows) <= limit:
        return Page(items=items, next_cursor=None)
    last = items[-1]
    return Page(items=items, next_cursor=encode_cursor(last_id(last) if last_id else last.id))  # type: ignore[attr-defined]


def page_of(items: Sequence[T], cursor: str | None, limit: int) -> Page[T]:
    """A page of a list read whole: the cursor is the position where the next page starts."""
    check_limit(limit)
    start = decode_cursor(cursor, "at") or 0
    end = start + limit
    return Page(items=list(items[start:end]), next_cursor=encode_cursor(end, "at") if end < len(items) else None)


def check_limit(limit: int) -> None:
    """litestar does not apply ``Meta`` bounds to query parameters: every list checks its limit here."""
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput(field="limit", zh=f"每页条数须在 1 到 {MAX_LIMIT} 之间", en=f"limit must be 1 to {MAX_LIMIT}")
