"""Requests and responses of tenancy: tenants, stores, staff, sessions, API keys."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

import msgspec
from litestar.datastructures import UploadFile
from msgspec import Meta

Slug = Annotated[str, Meta(pattern=r"^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$", description="lowercase letters, digits and -")]
Name = Annotated[str, Meta(min_length=1, max_length=100)]
Code = Annotated[str, Meta(pattern=r"^[A-Za-z0-9_-]{1,40}$")]
Username = Annotated[str, Meta(pattern=r"^[A-Za-z0-9_.@-]{2,64}$")]
Password = Annotated[str, Meta(min_length=8, max_length=200)]
Role = Literal["owner", "manager", "cashier", "staff"]
StoreKind = Literal["direct", "franchise"]
Timezone = Annotated[str, Meta(min_length=1, max_length=64, description="IANA name, e.g. Asia/Shanghai")]
BrandColour = Annotated[str, Meta(pattern=r"^#[0-9a-fA-F]{6}$", description="会员端主色 / the member pages' colour, #rrggbb")]
OpeningHours = Annotated[str, Meta(max_length=100, description="营业时间，会员可见 / opening hours as members read them, "
                                                               "e.g. 周一至周日 06:00–23:00")]


class Forbid(msgspec.Struct, forbid_unknown_fields=True):
    """Requests refuse unknown fields: a typo must not be silently ignored."""


class TenantCreate(Forbid):
    slug: Slug
    name: Name
    industry: Annotated[str, Meta(min_length=1, max_length=40)] = "general"
    timezone: Timezone = "Asia/Shanghai"
    currency: Literal["CNY"] = "CNY"
    locale: Literal["zh_CN", "en"] = "zh_CN"


class TenantUpdate(Forbid):
    name: Name | msgspec.UnsetType = msgspec.UNSET
    industry: Annotated[str, Meta(min_length=1, max_length=40)] | msgspec.UnsetType = msgspec.UNSET
    timezone: Timezone | msgspec.UnsetType = msgspec.UNSET
    locale: Literal["zh_CN", "en"] | msgspec.UnsetType = msgspec.UNSET
    # How a stored-value payment splits: in proportion to principal and bonus held, or principal first.
    stored_value_split: Literal["proportional", "principal_first"] | msgspec.UnsetType = msgspec.UNSET
    # null goes back to the default colour.
    brand_colour: BrandColour | None | msgspec.UnsetType = msgspec.UNSET


class TenantOut(msgspec.Struct):
    id: int
    slug: str
    name: str
    industry: str
    timezone: str
    currency: str
    locale: str
    created_at: dt.datetime
    stored_value_split: str = "proportional"
    brand_colour: str = "#e4393c"
    # The logo's address on this server (PUT /api/v1/tenant/logo sets it), or null without one.
    logo_url: str | None = None


class LogoUpload(msgspec.Struct):
    """multipart/form-data with the image in ``file``: PNG, JPEG or WebP (known by its bytes), at most 256 KB."""

    file: UploadFile


class StoreCreate(Forbid):
    code: Code
    name: Name
    kind: StoreKind = "direct"
    address: Annotated[str, Meta(max_length=200)] = ""
    phone: Annotated[str, Meta(max_length=20)] = ""
    opening_hours: OpeningHours = ""
    timezone: Timezone | None = None


class StoreUpdate(Forbid):
    name: Name | msgspec.UnsetType = msgspec.UNSET
    kind: StoreKind | msgspec.UnsetType = msgspec.UNSET
    address: Annotated[str, Meta(max_length=200)] | msgspec.UnsetType = msgspec.UNSET
    phone: Annotated[str, Meta(max_length=20)] | msgspec.UnsetType = msgspec.UNSET
    opening_hours: OpeningHours | msgspec.UnsetType = msgspec.UNSET
    timezone: Timezone | None | msgspec.UnsetType = msgspec.UNSET
    active: bool | msgspec.UnsetType = msgspec.UNSET


class StoreOut(msgspec.Struct):
    id: int
    code: str
    name: str
    kind: str
    address: str
    phone: str
    opening_hours: str
    timezone: str | None
    active: bool
    created_at: dt.datetime


class StaffCreate(Forbid):
    username: Username
    name: Name
    role: Role
    password: Password
    phone: Annotated[str, Meta(max_length=20)] = ""
    store_ids: list[int] = []


class StaffUpdate(Forbid):
    name: Name | msgspec.UnsetType = msgspec.UNSET
    role: Role | msgspec.UnsetType = msgspec.UNSET
    password: Password | msgspec.UnsetType = msgspec.UNSET
    phone: Annotated[str, Meta(max_length=20)] | msgspec.UnsetType = msgspec.UNSET
    store_ids: list[int] | msgspec.UnsetType = msgspec.UNSET
    active: bool | msgspec.UnsetType = msgspec.UNSET


class StaffOut(msgspec.Struct):
    id: int
    username: str
    name: str
    phone: str
    role: str
    store_ids: list[int]
    active: bool
    created_at: dt.datetime


class LoginRequest(Forbid):
    tenant: Annotated[str, Meta(min_length=1, max_length=40)]
    username: Annotated[str, Meta(min_length=1, max_length=64)]
    password: Annotated[str, Meta(min_length=1, max_length=200)]


class SessionOut(msgspec.Struct):
    token: str
    expires_at: dt.datetime
    staff: StaffOut


class ApiKeyCreate(Forbid):
    name: Name
    scopes: Annotated[list[str], Meta(min_length=1)]


class ApiKeyOut(msgspec.Struct):
    id: int
    name: str
    prefix: str
    scopes: list[str]
    created_by: str
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None


class ApiKeyCreated(ApiKeyOut):
    key: str = msgspec.field(name="key")  # shown once: only its hash is stored
