"""The referral plugin's settings and API shapes: promoters (推广员), bindings (绑定), commission
rules (佣金规则), commissions, payouts (提现/结算) and the member's own page."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

import msgspec
from msgspec import Meta

from sdk import setting_label

Fen = Annotated[int, Meta(ge=1, le=10_000_000_00)]
BasisPoints = Annotated[int, Meta(ge=0, le=5_000, description="万分之 / basis points: 500 = 5%, at most 50%")]
PromoterKind = Literal["member", "staff", "partner"]
PromoterStatus = Literal["pending", "active"]
PayoutMethod = Literal["stored_value", "cash", "transfer"]
ReferralCode = Annotated[str, Meta(pattern=r"^[A-Za-z0-9_-]{1,32}$")]


class ReferralSettings(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """全民推广: who may promote, how long a binding earns, when commission becomes available, the default rates."""

    approval_required: Annotated[bool, setting_label("会员申请成为推广员需店长审核", "A manager approves new promoters")] = False
    binding_days: Annotated[int, Meta(ge=0, le=3650), setting_label(
        "绑定后多少天内的订单计佣（0 = 永久）", "Days a binding earns commission (0 = for ever)")] = 0
    refund_window_days: Annotated[int, Meta(ge=0, le=365), setting_label(
        "退款期（天）：期满佣金才可提现", "Refund window (days) before commission can be paid out")] = 7
    level1_bp: Annotated[BasisPoints, setting_label("一级佣金（万分之，500 = 5%）", "Level-1 commission (basis points, 500 = 5%)")] = 500
    level2_bp: Annotated[BasisPoints, setting_label(  # 推广员的推广员
        "二级佣金（万分之，0 = 不启用）", "Level-2 commission (basis points, 0 = off)")] = 0
    share_base_url: Annotated[str, Meta(max_length=200), setting_label(
        "会员端网址（如 https://m.example.com）", "Member pages address (e.g. https://m.example.com)")] = ""


class PromoterIn(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """A promoter a manager adds: a staff member, a partner business (渠道, e.g. the gym next door), or a member."""

    kind: PromoterKind
    staff_id: int | None = None
    member_id: int | None = None
    name: Annotated[str, Meta(max_length=60)] = ""  # a partner's name; staff and members are named by their record


class PromoterOut(msgspec.Struct):
    id: int
    kind: str
    member_id: int | None
    staff_id: int | None
    name: str
    code: str
    share_link: str
    status: str
    pending_fen: int  # 待结算: within the refund window
    available_fen: int  # 可提现 (negative: owed back after refunds)
    paid_fen: int  # 已结算
    owed_fen: int  # 欠回: what refunds took back beyond what was available
    members_brought: int
    created_at: dt.datetime
    approved_at: dt.datetime | None


class BindingIn(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """Bind a member to a promoter, by the promoter's id or share code (one of them)."""

    member_id: int
    promoter_id: int | None = None
    code: ReferralCode | None = None


class BindingOut(msgspec.Struct):
    id: int
    member_id: int
    member_name: str
    promoter_id: int
    promoter_name: str
    source: str  # link, staff, referrer
    bound_by: str
    bound_at: dt.datetime
    earns_until: dt.datetime | None  # the binding window's end; None: for ever


class MemberReferral(msgspec.Struct):
    """A member's file: the promoter they are (推广员), and who brought them (推荐人)."""

    promoter: PromoterOut | None
    brought_by: BindingOut | None


class RuleIn(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """An override for one item or category: ``percent`` (values in basis points of what was paid for
    the line) or ``fixed`` (fen per unit sold); ``level2`` 0 pays no second level on it."""

    scope: Literal["item", "category"]
    target_id: int
    mode: Literal["percent", "fixed"]
    level1: Annotated[int, Meta(ge=0, le=10_000_000)]
    level2: Annotated[int, Meta(ge=0, le=10_000_000)] = 0


class RulesIn(msgspec.Struct, forbid_unknown_fields=True):
    rules: Annotated[list[RuleIn], Meta(max_length=500)]


class RuleOut(RuleIn, kw_only=True):
    id: int
    description: str
    description_en: str


class RulesOut(msgspec.Struct):
    level1_bp: int  # the default, from the settings
    level2_bp: int
    rules: list[RuleOut]


class CommissionOut(msgspec.Struct):
    id: int
    promoter_id: int
    order_id: int
    order_number: str
    member_id: int
    member_name: str
    level: int
    base_fen: int
    amount_fen: int
    reversed_fen: int
    status: str  # pending, available
    matures_at: dt.datetime
    created_at: dt.datetime


class PayoutIn(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """结算: ``stored_value`` credits a member promoter's stored value (principal); ``cash`` and
    ``transfer`` record money paid from a store (its drawer, or its card/QR/bank account)."""

    amount_fen: Fen
    method: PayoutMethod
    store_id: int | None = None  # cash and transfer: the store that paid
    reference: Annotated[str, Meta(max_length=100)] = ""
    note: Annotated[str, Meta(max_length=200)] = ""


class PayoutOut(msgspec.Struct):
    id: int
    promoter_id: int
    amount_fen: int
    method: str
    store_id: int | None
    reference: str
    note: str
    paid_by: str
    entry_id: int
    created_at: dt.datetime


class BroughtMember(msgspec.Struct):
    """Someone a promoter brought: the name and the phone's last four digits only."""

    member_id: int
    name: str
    phone_tail: str
    bound_at: dt.datetime
    orders: int
    commission_fen: int


class MyReferral(msgspec.Struct):
    """我的推广: whether I am a promoter, my code and link, and my commission."""

    promoter: PromoterOut | None
    can_apply: bool


class StatementLineOut(msgspec.Struct):
    entry_id: int
    kind: str  # commission_earned, commission_available, commission_reversed, commission_paid
    memo: str
    created_at: dt.datetime
    amount_fen: int
    balance_after_fen: int


class StatementOut(msgspec.Struct):
    """The promoter's ledger accounts (明细): pending and available movements, newest first."""

    pending: list[StatementLineOut]
    available: list[StatementLineOut]
