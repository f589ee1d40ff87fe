"""The flash-sale plugin's settings and API shapes: sessions and their items, reservations."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

import msgspec
from msgspec import Meta

from sdk import setting_label

Name = Annotated[str, Meta(min_length=1, max_length=40, pattern=r"\S")]


class FlashSaleSettings(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """秒杀: how long a unit taken stays held for its payment before it goes back to stock, and
    the address the share links start with."""

    hold_minutes: Annotated[int, Meta(ge=1, le=1440), setting_label("抢到后须在几分钟内付款", "Minutes to pay after taking one")] = 15
    upcoming_shown: Annotated[int, Meta(ge=0, le=20), setting_label("会员看到的即将开始的场次数", "Upcoming sessions shown to members")] = 3
    share_base_url: Annotated[str, Meta(max_length=200), setting_label(
        "会员端网址（如 https://m.example.com）", "Member pages address (e.g. https://m.example.com)")] = ""


class FlashItemIn(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    item_id: int
    flash_price_fen: Annotated[int, Meta(ge=1)]  # 秒杀价, below the item's price
    stock: Annotated[int, Meta(ge=1, le=1_000_000)]
    per_member_limit: Annotated[int, Meta(ge=1, le=100)] = 1  # 每人限购


class SessionIn(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """A session (场次): a time window with items at their flash price. ``store_id`` is the store
    whose orders they become (the first store if none)."""

    name: Name
    name_en: Annotated[str, Meta(max_length=60)] = ""
    starts_at: dt.datetime
    ends_at: dt.datetime
    store_id: int | None = None
    items: Annotated[list[FlashItemIn], Meta(min_length=1, max_length=50)]


class FlashItemOut(msgspec.Struct, kw_only=True):
    id: int
    session_id: int
    item_id: int
    name: str
    price_fen: int  # the catalog price
    flash_price_fen: int
    stock: int
    taken: int  # held or paid
    sold: int  # paid
    left: int
    per_member_limit: int
    my_taken: int | None = None  # a member's own count, on member routes
    share_link: str = ""  # the item's public page (会员端分享链接)


SessionState = Literal["upcoming", "live", "ended", "stopped"]


class SessionOut(msgspec.Struct, kw_only=True):
    id: int
    name: str
    name_en: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    store_id: int
    state: SessionState
    seconds_to_start: int  # 0 once started: the member page's countdown
    seconds_to_end: int
    items: list[FlashItemOut]
    share_link: str = ""  # the session's public page (会员端分享链接)


class TakeIn(msgspec.Struct, forbid_unknown_fields=True):
    quantity: Annotated[int, Meta(ge=1, le=100)] = 1


ReservationStatus = Literal["held", "paid", "released", "cancelled"]


class ReservationOut(msgspec.Struct, kw_only=True):
    """A unit (or units) taken: held until paid or ``expires_at``, then released to stock."""

    id: int
    session_id: int
    flash_item_id: int
    item_id: int
    member_id: int
    quantity: int
    flash_price_fen: int
    status: ReservationStatus
    order_id: int | None
    expires_at: dt.datetime
    seconds_left: int
    created_at: dt.datetime
    paid_at: dt.datetime | None = None
