"""The bargain plugin's settings and API shapes: campaigns, bargains and their cuts."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

import msgspec
from msgspec import Meta

from sdk import setting_label

Name = Annotated[str, Meta(min_length=1, max_length=40, pattern=r"\S")]
BuyMode = Literal["any_price", "floor_only"]


class BargainSettings(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """砍价: when a bargain may be bought, who may help, how long an order waits for payment."""

    buy_mode: Annotated[BuyMode, setting_label("何时可买", "When a bargain may be bought", {
        "any_price": ("任意价格可买", "At any price"), "floor_only": ("砍到底价才能买", "Only at the floor price")})] = "any_price"
    helpers_must_be_new: Annotated[bool, setting_label("帮砍者须为新会员（还没有消费过）", "Helpers must be new members (no purchase yet)")] = False
    pay_minutes: Annotated[int, Meta(ge=1, le=1440), setting_label("下单后须在几分钟内付款", "Minutes to pay after ordering")] = 30
    share_base_url: Annotated[str, Meta(max_length=200), setting_label(
        "会员端网址（如 https://m.example.com）", "Member pages address (e.g. https://m.example.com)")] = ""


class CampaignIn(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """A campaign (砍价活动): an item from ``price_fen`` (its own price if none) down to
    ``floor_fen`` in ``helpers_needed`` random cuts, ``stock`` bargains that may be bought, each
    member starting at most ``per_member_limit``, each bargain open ``duration_hours``."""

    name: Name
    name_en: Annotated[str, Meta(max_length=60)] = ""
    item_id: int
    price_fen: Annotated[int, Meta(ge=1)] | None = None
    floor_fen: Annotated[int, Meta(ge=0)]
    helpers_needed: Annotated[int, Meta(ge=1, le=100)]
    stock: Annotated[int, Meta(ge=1, le=1_000_000)]
    per_member_limit: Annotated[int, Meta(ge=1, le=100)] = 1
    duration_hours: Annotated[int, Meta(ge=1, le=720)] = 24
    starts_at: dt.datetime
    ends_at: dt.datetime
    store_id: int | None = None


CampaignState = Literal["upcoming", "live", "ended", "stopped"]


class CampaignOut(msgspec.Struct, kw_only=True):
    id: int
    name: str
    name_en: str
    item_id: int
    item_name: str
    store_id: int
    price_fen: int
    floor_fen: int
    helpers_needed: int
    stock: int
    sold: int
    left: int
    started: int  # bargains started
    per_member_limit: int
    duration_hours: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    state: CampaignState
    my_started: int | None = None  # a member's own count, on member routes


BargainStatus = Literal["open", "ordered", "bought", "expired", "lapsed"]


class CutOut(msgspec.Struct, kw_only=True):
    seq: int
    helper_id: int
    helper_name: str  # masked: 张*
    amount_fen: int
    created_at: dt.datetime


class BargainOut(msgspec.Struct, kw_only=True):
    """A bargain: its price now (``price_fen`` − what was cut), the cuts left, whether it may be
    bought now, the share link friends open, and its order once bought."""

    id: int
    campaign_id: int
    member_id: int
    item_id: int
    item_name: str
    price_fen: int
    floor_fen: int
    current_price_fen: int
    cut_fen: int
    helpers_needed: int
    cuts_done: int
    status: BargainStatus
    can_buy: bool
    share_code: str
    share_link: str
    expires_at: dt.datetime
    seconds_left: int
    created_at: dt.datetime
    order_id: int | None = None
    bought_price_fen: int | None = None
    pay_by: dt.datetime | None = None
    cuts: list[CutOut] = []


class BuyIn(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """Buy at the price now. ``price_fen`` is the price the member saw (optional): below the floor
    it is refused, and if the bargain moved since, the member is asked to look again."""

    price_fen: Annotated[int, Meta(ge=0)] | None = None


class HelpOut(msgspec.Struct, kw_only=True):
    """What a friend sees after cutting: their cut and the bargain after it."""

    amount_fen: int
    seq: int
    bargain: BargainOut
