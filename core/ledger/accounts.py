"""The chart of accounts: what each kind of account holds, its unit and its natural side.

An account is found by (owner, purpose): ``AccountRef("member", 42, "points")`` is member 42's
points; ``AccountRef("store", 1, "cash")`` is store 1's cash drawer; the tenant's books use
owner ``tenant`` with no id. Accounts are created on first use.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Unit = Literal["CNY", "POINT", "SESSION"]
Normal = Literal["debit", "credit"]


@dataclass(frozen=True, slots=True)
class Purpose:
    name: str
    unit: Unit
    normal: Normal
    allow_negative: bool
    uses_lots: bool
    zh: str
    en: str


PURPOSES: dict[str, Purpose] = {}


def register_purpose(purpose: Purpose) -> Purpose:
    """Plugins may add purposes (through the SDK); a name means one thing everywhere."""
    existing = PURPOSES.get(purpose.name)
    if existing is not None and existing != purpose:
        raise ValueError(f"ledger purpose {purpose.name!r} is already registered differently")
    PURPOSES[purpose.name] = purpose
    return purpose


for _p in (
    # What members hold: liabilities of the store, never below zero.
    Purpose("stored_value_principal", "CNY", "credit", False, False, "储值本金", "Stored value (principal)"),
    Purpose("stored_value_bonus", "CNY", "credit", False, True, "储值赠送金", "Stored value (bonus)"),
    Purpose("points", "POINT", "credit", False, True, "积分", "Points"),
    Purpose("card_sessions", "SESSION", "credit", False, True, "卡内次数", "Card sessions"),
    # The store's books.
    Purpose("cash", "CNY", "debit", True, False, "现金", "Cash"),
    Purpose("external", "CNY", "debit", True, False, "外部支付（刷卡/扫码）", "External tenders (card, QR)"),
    Purpose("revenue", "CNY", "credit", True, False, "营业收入", "Revenue"),
    Purpose("deferred_revenue", "CNY", "credit", True, False, "预收收入", "Deferred revenue"),
    Purpose("marketing_expense", "CNY", "debit", True, False, "营销费用", "Marketing expense"),
    Purpose("commission_payable", "CNY", "credit", True, False, "应付佣金", "Commission payable"),
    # Counterparts of value issued in non-money units: where points and sessions come from.
    Purpose("points_issued", "POINT", "debit", True, False, "已发放积分", "Points issued"),
    Purpose("sessions_issued", "SESSION", "debit", True, False, "已发放次数", "Sessions issued"),
    Purpose("expired_value", "CNY", "credit", True, False, "过期储值收入", "Expired stored value"),
    Purpose("points_expired", "POINT", "credit", True, False, "已过期积分", "Points expired"),
    Purpose("sessions_expired", "SESSION", "credit", True, False, "已过期次数", "Sessions expired"),
):
    register_purpose(_p)


@dataclass(frozen=True, slots=True)
class AccountRef:
    owner_type: Literal["member", "store", "tenant", "card", "promoter"]
    owner_id: int | None
    purpose: str

    @property
    def code(self) -> str:
        owner = self.owner_type if self.owner_id is None else f"{self.owner_type}:{self.owner_id}"
        return f"{owner}:{self.purpose}"

    @property
    def spec(self) -> Purpose:
        return PURPOSES[self.purpose]


def member(member_id: int, purpose: str) -> AccountRef:
    return AccountRef("member", member_id, purpose)


def store(store_id: int, purpose: str) -> AccountRef:
    return AccountRef("store", store_id, purpose)


def tenant(purpose: str) -> AccountRef:
    return AccountRef("tenant", None, purpose)
