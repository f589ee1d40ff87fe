"""The coupons plugin's settings and API shapes: templates (券模板), issued coupons, figures."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

import msgspec
from msgspec import Meta

from sdk import setting_label

Fen = Annotated[int, Meta(ge=1, le=10_000_000_00)]
Name = Annotated[str, Meta(min_length=1, max_length=40, pattern=r"\S")]


class CouponsSettings(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """优惠券: whether members see the coupon center (领券中心) in their app."""

    coupon_center: Annotated[bool, setting_label("会员端显示领券中心", "Show the coupon center to members")] = True


class TemplateIn(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """A coupon template.

    ``kind``: ``cash`` (``value_fen`` off), ``percent`` (``percent_off`` % off, at most
    ``max_off_fen``), ``threshold`` (满减: ``value_fen`` off an eligible amount of at least
    ``min_spend_fen``) or ``gift`` (one ``gift_item_id`` in the order free). Validity: store-local
    days ``valid_from``–``valid_until`` (both included), or ``valid_days`` from the issue day
    (the issue day counts). ``stock`` None: unlimited; ``per_member_limit`` None: unlimited.
    """

    name: Name
    name_en: Annotated[str, Meta(max_length=60)] = ""
    kind: Literal["cash", "percent", "threshold", "gift"]
    value_fen: Fen | None = None
    percent_off: Annotated[int, Meta(ge=1, le=99)] | None = None
    max_off_fen: Fen | None = None
    min_spend_fen: Fen | None = None
    gift_item_id: int | None = None
    channel: Literal["both", "in_store", "online"] = "both"
    category_ids: list[int] = []
    store_ids: list[int] = []
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    valid_days: Annotated[int, Meta(ge=1, le=3650)] | None = None
    stock: Annotated[int, Meta(ge=0, le=10_000_000)] | None = None
    per_member_limit: Annotated[int, Meta(ge=1, le=1000)] | None = 1
    stackable: bool = False
    claimable: bool = False  # in the coupon center (领券中心)
    welcome: bool = False  # in the welcome pack (进店有礼)
    birthday: bool = False  # sent on the member's birthday
    active: bool = True


class TemplateOut(TemplateIn, kw_only=True):
    id: int
    issued: int
    description: str
    description_en: str
    created_at: dt.datetime


class CouponOut(msgspec.Struct):
    id: int
    template_id: int
    member_id: int
    code: str
    name: str
    description: str
    description_en: str
    status: str  # available, used, expired, void
    source: str
    starts_at: dt.datetime
    expires_at: dt.datetime
    order_id: int | None
    discount_fen: int
    created_at: dt.datetime


class CenterOffer(msgspec.Struct):
    """A template in the coupon center, with what is left and whether this member may still claim."""

    template: TemplateOut
    left: int | None
    can_claim: bool


class AttachIn(msgspec.Struct, forbid_unknown_fields=True):
    code: Annotated[str, Meta(min_length=4, max_length=32)]


class IssueIn(msgspec.Struct, forbid_unknown_fields=True):
    member_id: int


class PushIn(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """Send to members: an explicit list, or everyone with a tag and/or a level."""

    member_ids: list[int] = []
    tag: str | None = None
    level: str | None = None


class PushOut(msgspec.Struct):
    issued: int
    skipped: int  # over the per-member limit, or the stock ran out


class TemplateStats(msgspec.Struct):
    """活动效果: issued, redeemed, the discount given and the sales of the orders that used it."""

    template_id: int
    issued: int
    redeemed: int
    expired: int
    discount_fen: int
    sales_fen: int
