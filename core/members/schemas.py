"""Requests and responses of members: profiles, tags, notes, the member code, imports.

``Member`` is also what the domain hooks receive (``member_registered``, ``member_checked_in``):
plugins always see the full phone number; API callers without ``members.phone`` a masked one.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

import msgspec
from msgspec import Meta

from core.tenancy.schemas import Forbid

Gender = Literal["unknown", "male", "female"]
PhoneIn = Annotated[str, Meta(min_length=1, max_length=32, description="Any common format; stored as E.164")]
MemberName = Annotated[str, Meta(min_length=1, max_length=50, pattern=r"\S")]
SourceChannel = Annotated[str, Meta(max_length=40, description="来源渠道, e.g. walk-in, meituan, referral")]
# Tags are joined with ";" in exports and split on these separators in imports.
Tag = Annotated[str, Meta(min_length=1, max_length=20, pattern=r"^[^;；|,，]*[^\s;；|,，][^;；|,，]*$")]
Tags = Annotated[list[Tag], Meta(max_length=50)]
NoteBody = Annotated[str, Meta(min_length=1, max_length=2000, pattern=r"\S")]
CheckInMethod = Literal["desk", "code"]
# How a member list is ordered: newest first (登记时间), or most spend (累计消费) / most visits (到店次数) first.
MemberSort = Literal["newest", "spend", "visits"]

#: (Chinese, English) of each gender and of the source channels merchants commonly type; any other
#: channel is shown as typed.
GENDER_NAMES: dict[str, tuple[str, str]] = {"male": ("男", "Male"), "female": ("女", "Female"), "unknown": ("", "")}
SOURCE_NAMES: dict[str, tuple[str, str]] = {
    "walk-in": ("到店", "Walk-in"), "meituan": ("美团", "Meituan"), "dianping": ("大众点评", "Dianping"),
    "douyin": ("抖音", "Douyin"), "wechat": ("微信", "WeChat"), "referral": ("老带新", "Referral"),
}


class Member(msgspec.Struct):
    """A member (会员) of one tenant, with their tags and counters."""

    id: int
    phone: str
    name: str
    gender: Gender
    birthday: dt.date | None
    source_channel: str
    referrer_member_id: int | None
    home_store_id: int | None
    level_code: str | None
    total_spend_fen: int
    visit_count: int
    last_visit_at: dt.datetime | None
    tags: list[str]
    created_at: dt.datetime
    updated_at: dt.datetime
    deleted_at: dt.datetime | None = None


class MemberCreate(Forbid):
    phone: PhoneIn
    name: MemberName
    gender: Gender = "unknown"
    birthday: dt.date | None = None
    source_channel: SourceChannel = ""
    referrer_member_id: int | None = None
    home_store_id: int | None = None  # None: the store the request is made in (X-Store-Id), if any
    tags: Tags = []


class MemberUpdate(Forbid):
    phone: PhoneIn | msgspec.UnsetType = msgspec.UNSET
    name: MemberName | msgspec.UnsetType = msgspec.UNSET
    gender: Gender | msgspec.UnsetType = msgspec.UNSET
    birthday: dt.date | None | msgspec.UnsetType = msgspec.UNSET
    source_channel: SourceChannel | msgspec.UnsetType = msgspec.UNSET
    referrer_member_id: int | None | msgspec.UnsetType = msgspec.UNSET
    home_store_id: int | None | msgspec.UnsetType = msgspec.UNSET


class TagsUpdate(Forbid):
    tags: Tags


class NoteCreate(Forbid):
    body: NoteBody


class NoteOut(msgspec.Struct):
    id: int
    member_id: int
    author: str
    body: str
    created_at: dt.datetime


class MemberCodeOut(msgspec.Struct):
    """电子会员卡: a short-lived signed code, and the same code as an inline SVG QR code."""

    code: str
    expires_at: dt.datetime
    qr_svg: str


class MemberCodeResolve(Forbid):
    code: Annotated[str, Meta(min_length=1, max_length=200)]


class CheckInCreate(Forbid):
    store_id: int | None = None  # None: the store the request is made in (X-Store-Id), if any
    method: CheckInMethod = "desk"


class CheckIn(msgspec.Struct):
    """A member's visit (到店), as ``member_checked_in`` receives it."""

    member_id: int
    store_id: int | None
    at: dt.datetime
    method: CheckInMethod


class ImportRejection(msgspec.Struct):
    line: int  # physical line in the file; the header is line 1
    reason: str
    reason_en: str


class ImportSkip(msgspec.Struct):
    """A line not imported because its phone is a member already: registered before (``existing``)
    or on an earlier line of the same file (``repeated``, ``first_line`` names it)."""

    line: int  # physical line in the file; the header is line 1
    why: Literal["existing", "repeated"]
    reason: str
    reason_en: str
    first_line: int | None = None


class ImportReport(msgspec.Struct):
    imported: int
    skipped_existing: int  # how many lines were skipped; ``skipped`` names each
    rejected: list[ImportRejection]
    skipped: list[ImportSkip] = msgspec.field(default_factory=list)


class ImportRun(msgspec.Struct):
    """A background import: ``running`` with rows done of total, then ``done`` with its report,
    ``failed`` with why, or ``interrupted`` when the server stopped under it."""

    id: int
    status: str
    done: int
    total: int
    report: ImportReport | None
    error: str
    error_en: str
    started_by: str
    created_at: dt.datetime
