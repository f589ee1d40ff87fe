"""The cards plugin's settings and its API shapes."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import msgspec
from msgspec import Meta

from sdk import setting_label


class CardsSettings(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """What a merchant decides about cards."""

    time_card_once_per_day: Annotated[bool, setting_label("时卡每天只能签到一次", "A time card checks in once a day")] = True
    sessions_pay_goods: Annotated[bool, setting_label("次卡可抵扣商品（默认只抵扣服务项目）", "Session cards pay for goods too (services only by default)")] = False
    use_counts_visit: Annotated[bool, setting_label("核销即记一次到店", "A card use counts as a visit")] = True  # 触发 member_checked_in


# --- API shapes ---------------------------------------------------------------------------------


class CardOut(msgspec.Struct):
    """A card a member holds: what is left on it and how long it runs."""

    id: int
    member_id: int
    item_id: int
    name: str
    card_type: str  # sessions (次卡) or time (时卡/年卡)
    status: str  # active, expired, refunded
    sessions_granted: int
    sessions_left: int
    value_left_fen: int  # the unused, still deferred part of what was paid
    price_fen: int
    refunded_fen: int
    valid_from: dt.datetime
    valid_until: dt.datetime | None
    order_id: int
    created_at: dt.datetime
    # 适用范围, as the card's item said when the card was issued; both empty: it pays for anything.
    covers_item_ids: list[int]
    covers_category_ids: list[int]


class CardUseOut(msgspec.Struct):
    """One line of the card's history (核销记录)."""

    id: int
    card_id: int
    member_id: int
    kind: str  # session, check_in, tender, tender_refund
    sessions: int  # taken (+) or given back (−)
    value_fen: int
    method: str
    store_id: int | None
    staff_id: int | None
    order_id: int | None
    entry_id: int | None
    local_day: dt.date
    used_at: dt.datetime
    undone_at: dt.datetime | None
    sessions_left: int | None = None  # after this use, when answering the use itself


class CardUseIn(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """核销: the member (a scanned member code, or their id) and which card; one session by default."""

    member_code: Annotated[str, Meta(min_length=1, max_length=200)] | None = None
    member_id: int | None = None
    card_id: int | None = None  # None: the member's only card that can be used now
    sessions: Annotated[int, Meta(ge=1, le=100)] = 1
