"""Requests and responses of member sign-in and of the member's own pages (H5)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

import msgspec
from msgspec import Meta

from core.members.schemas import Gender, MemberName, PhoneIn
from core.orders.schemas import TenderIn
from core.tenancy.schemas import Forbid, Slug

SignInCode = Annotated[str, Meta(pattern=r"^[0-9]{6}$", description="The 6-digit code sent by SMS")]
ChannelRef = Annotated[str, Meta(pattern=r"^[A-Za-z0-9_-]{1,32}$",
                                 description="推广渠道码: the flyer's or promoter's channel code, kept as source channel h5:<ref>")]
MemberPurpose = Literal["stored_value_principal", "stored_value_bonus", "points", "card_sessions"]


class CodeRequest(Forbid):
    tenant: Slug  # the store's tenant code, as in the H5 address
    phone: PhoneIn


class CodeSent(msgspec.Struct):
    """The same answer whether or not the phone belongs to a member."""

    expires_in_s: int
    resend_after_s: int


class SignInRequest(Forbid):
    tenant: Slug
    phone: PhoneIn
    code: SignInCode
    ref: ChannelRef | None = None  # only used when this sign-in registers a new member


class Me(msgspec.Struct):
    """The member's own profile, as the member sees it (no staff tags or notes)."""

    id: int
    phone: str
    name: str
    gender: Gender
    birthday: dt.date | None
    level_code: str | None
    home_store_id: int | None
    total_spend_fen: int
    visit_count: int
    last_visit_at: dt.datetime | None
    created_at: dt.datetime


class MemberSessionOut(msgspec.Struct):
    token: str
    expires_at: dt.datetime
    registered: bool  # True when this sign-in made the member (首次登录即注册)
    member: Me


class MeUpdate(Forbid):
    name: MemberName | msgspec.UnsetType = msgspec.UNSET
    gender: Gender | msgspec.UnsetType = msgspec.UNSET
    birthday: dt.date | None | msgspec.UnsetType = msgspec.UNSET


class MyPayment(Forbid):
    """Pay one of my open orders; without tenders, all of it from my stored value (储值)."""

    tenders: Annotated[list[TenderIn], Meta(min_length=1, max_length=10)] | None = None
