"""The stored_value plugin's settings and API shapes: bonus rules (充值活动档位), grants, offers."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import msgspec
from msgspec import Meta

from sdk import setting_label

Fen = Annotated[int, Meta(ge=1, le=10_000_000_00)]
Name = Annotated[str, Meta(min_length=1, max_length=40)]


class StoredValueSettings(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """充就送: whether members see the current offers in their app (会员端展示充值活动)."""

    show_offers_to_members: Annotated[bool, setting_label("会员端展示充值活动", "Show top-up offers to members")] = True


class BonusRuleIn(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """A tier: top up at least ``min_amount_fen`` and get ``bonus_fen``, or ``bonus_percent`` % (capped).

    ``starts_on``/``ends_on`` are store-local days, both included; ``per_member_limit`` is how
    many times one member may get this tier (None: no limit).
    """

    name: Name
    min_amount_fen: Fen
    bonus_fen: Fen | None = None
    bonus_percent: Annotated[int, Meta(ge=1, le=100)] | None = None
    max_bonus_fen: Fen | None = None  # a cap for a percentage
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    per_member_limit: Annotated[int, Meta(ge=1, le=1000)] | None = None
    active: bool = True


class BonusRuleOut(msgspec.Struct):
    id: int
    name: str
    min_amount_fen: int
    bonus_fen: int | None
    bonus_percent: int | None
    max_bonus_fen: int | None
    starts_on: dt.date | None
    ends_on: dt.date | None
    per_member_limit: int | None
    active: bool
    description: str  # 充 1000 送 200 / top up ¥1,000, get ¥200
    description_en: str
    created_at: dt.datetime


class OfferOut(msgspec.Struct):
    """A current offer as members see it; ``used_up`` when this member has had it as often as allowed."""

    rule_id: int
    name: str
    description: str
    description_en: str
    min_amount_fen: int
    ends_on: dt.date | None
    per_member_limit: int | None
    used: int | None = None  # how often this member has had it
    used_up: bool = False


class BonusPreview(msgspec.Struct):
    """The bonus a top-up of ``amount_fen`` would get now, and the tier it comes from."""

    member_id: int
    amount_fen: int
    bonus_fen: int
    rule: BonusRuleOut | None


class GrantOut(msgspec.Struct):
    """A bonus a member was granted with a top-up; ``refunded`` once the top-up was refunded."""

    id: int
    rule_id: int
    rule_name: str
    member_id: int
    top_up_entry_id: int
    amount_fen: int
    bonus_fen: int
    status: str  # granted, refunded
    created_at: dt.datetime
