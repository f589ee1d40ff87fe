"""The group-buy plugin's settings and API shapes: deals, groups and joins."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

import msgspec
from msgspec import Meta

from sdk import setting_label

Name = Annotated[str, Meta(min_length=1, max_length=40, pattern=r"\S")]
Kind = Literal["regular", "friends", "multi"]
DealState = Literal["upcoming", "live", "ended", "stopped"]
GroupStatus = Literal["open", "complete", "failed"]
JoinStatus = Literal["pending", "paid", "refunded", "cancelled"]


class GroupBuySettings(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """拼团: the share links' address and the price order between the kinds of one item."""

    share_base_url: Annotated[str, Meta(max_length=200), setting_label(
        "会员端网址（如 https://m.example.com）", "Member pages address (e.g. https://m.example.com)")] = ""
    # 同一商品同时有几种拼团时，价格须为 团购价 > 好友团价 > 多人团价（便利店的定价规则）
    enforce_price_order: Annotated[bool, setting_label("同一商品的拼团价须为 团购价 > 好友团价 > 多人团价",
                                                       "Deal prices of one item: group > friends > crowd")] = True


class DealIn(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """A deal (拼团活动). ``group_size``: none for regular, 2–3 for friends, 2–100 for multi.
    ``deadline_hours``: how long an opened group has to fill."""

    name: Name
    name_en: Annotated[str, Meta(max_length=60)] = ""
    item_id: int
    kind: Kind
    group_size: Annotated[int, Meta(ge=2, le=100)] | None = None
    group_price_fen: Annotated[int, Meta(ge=1)]
    starts_at: dt.datetime
    ends_at: dt.datetime
    deadline_hours: Annotated[int, Meta(ge=1, le=720)] = 24
    stock: Annotated[int, Meta(ge=1, le=1_000_000)]
    per_member_limit: Annotated[int, Meta(ge=1, le=100)] = 1
    old_brings_new: bool = False
    store_id: int | None = None


class DealOut(msgspec.Struct, kw_only=True):
    id: int
    name: str
    name_en: str
    item_id: int
    item_name: str
    price_fen: int  # the catalog price
    kind: Kind
    group_size: int | None
    group_price_fen: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    deadline_hours: int
    stock: int
    sold: int
    left: int
    per_member_limit: int
    old_brings_new: bool
    store_id: int
    state: DealState
    groups_open: int
    groups_complete: int
    groups_failed: int


class JoinOut(msgspec.Struct, kw_only=True):
    id: int
    deal_id: int
    group_id: int | None
    member_id: int
    role: Literal["leader", "joiner", "buyer"]
    order_id: int
    group_price_fen: int
    status: JoinStatus
    created_at: dt.datetime
    paid_at: dt.datetime | None = None


class GroupOut(msgspec.Struct, kw_only=True):
    """A group with its share link and countdown; members see the joins' members, staff their orders."""

    id: int
    deal_id: int
    deal_name: str
    code: str
    share_link: str
    leader_member_id: int
    size: int
    seats_paid: int
    seats_left: int
    status: GroupStatus
    deadline_at: dt.datetime
    seconds_left: int
    old_brings_new: bool
    group_price_fen: int
    joins: list[JoinOut]


class PayIn(msgspec.Struct, forbid_unknown_fields=True):
    """Pay my group-buy order; stored value (储值) is the app's tender."""

    tender: Literal["stored_value"] = "stored_value"  # the member's own balance; cash is taken at a till
