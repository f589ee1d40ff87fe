"""The domain types a plugin sees: who acts, members, orders and their parts, ledger records,
the catalog, stores and staff.

They are the kernel's own types (the same objects the hooks receive), re-exported here so a
plugin imports them from ``sdk`` and never from ``core``; ``IssuedCoupon`` is the SDK's own, the
answer of a service another plugin provides. Amounts are integers in fen (分); points and
sessions are integers in their own units.
"""

from __future__ import annotations

import datetime as dt

import msgspec

from core.catalog.schemas import CardTerms, CategoryOut, ItemCreate, ItemOut, ItemUpdate
from core.clock import Clock, FrozenClock
from core.context import Actor, Context, TenantInfo
from core.ledger.accounts import AccountRef, Purpose
from core.ledger.schemas import BalanceOut, EntryOut, Leg, PostingOut, StatementLine
from core.members.schemas import CheckIn, Member
from core.orders.schemas import Adjustment, Line, Order, Refund, Tender, TenderIn
from core.tenancy.schemas import StaffOut, StoreOut
from core.tenancy.tables import Tenant as TenantTable


class IssuedCoupon(msgspec.Struct):
    """A coupon (优惠券) issued to a member through ``sdk.issue_coupon``: its ``id``, the ``code`` the
    member shows at the till, the template it was issued from, and when it can be used (UTC).

    The coupons plugin returns it from its ``coupon_issue`` hook.
    """

    id: int
    code: str
    template_id: int
    member_id: int
    name: str
    starts_at: dt.datetime
    expires_at: dt.datetime


# The kernel's wire types carry no docstrings of their own; these say what a plugin reads in
# them. Set only where missing, so the kernel's own docstring wins once it has one.
_DOCS: dict[type, str] = {
    ItemOut: """A catalog item (商品): goods, a service or a card, with its price in fen and, for a card,
    its terms (``card``).""",
    ItemCreate: """A new catalog item: ``sku``, ``name``, ``kind`` (``goods``, ``service``, ``card``), ``price_fen``,
    optional ``barcode``, ``category_id``, ``unit`` and ``description``; a card item's ``card`` terms.""",
    ItemUpdate: """The fields of a catalog item to change; those left unset keep their value.""",
    CategoryOut: """A catalog category (分类): ``code``, ``name`` (and ``name_en``), its parent category
    (None at the top) and its place among its siblings (``sort``).""",
    StoreOut: """A store (门店) of the tenant: ``code``, ``name``, ``kind`` (``direct`` 直营 or ``franchise``
    加盟), contact details, opening hours,
    its own ``timezone`` (None: the tenant's) and whether it is ``active``.""",
    StaffOut: """A staff account (员工): ``username``, ``name``, ``role``, the stores it is limited to
    (``store_ids``; empty: every store) and whether it is ``active``.""",
    TenantTable: """The tenants table: a plugin table's ``tenant_id`` references it (``sdk.db.tenant_column()``
    declares that column for you).""",
    Order: """An order (订单) as the order hooks receive it, with its lines, adjustments, tenders and refunds.

    ``status`` is ``open``, ``held``, ``paid``, ``completed`` or ``cancelled``. ``subtotal_fen``
    is the lines' sum before discounts, ``discount_fen`` the sum of the adjustments,
    ``total_fen`` what is due (``subtotal_fen - discount_fen``), ``paid_fen`` and
    ``refunded_fen`` what has moved so far. ``member_id`` is None for a walk-in sale.
    """,
    Line: """One line of an order: ``quantity`` of catalog item ``item_id`` at ``unit_price_fen``.

    ``amount_fen`` is quantity × unit price, ``discount_fen`` the share of the adjustments this
    line carries, ``net_fen`` what the line was sold for. ``kind`` is ``goods``, ``service`` or
    ``card``. ``no_discount`` lines take no share of an order-level discount.
    """,
    Tender: """One way an order was paid (支付方式): ``kind`` (``cash``, ``external``, ``stored_value``,
    or a plugin's own kind such as ``points``) and ``amount_fen``.

    ``details`` is what the kernel or the owning plugin remembered about it (the split of
    stored value into principal and bonus, say); ``refunded_fen`` how much went back.
    """,
    Refund: """A (partial or full) refund of an order: ``amount_fen`` back, by line and by tender.

    ``lines`` holds ``{"line_id", "quantity", "amount_fen"}`` items and ``tenders``
    ``{"tender_id", "kind", "amount_fen"}`` items; ``entry_id`` is the ledger entry that posted it.
    """,
    TenderIn: """A requested tender, as ``tender_payment`` receives it: ``kind``, ``amount_fen`` and an
    optional ``reference``.""",
    AccountRef: """A ledger account, found by owner and purpose: ``AccountRef("member", 42, "points")``.

    Build them with ``sdk.accounts.member``, ``store`` and ``tenant``. ``code`` is the account's
    stable name (``member:42:points``); accounts are created on first use.
    """,
    Purpose: """What a kind of account holds (its ``name``), in which ``unit`` (``CNY`` in fen, ``POINT``,
    ``SESSION``), on which side it grows (``normal``), whether it may go below zero and whether its
    value is held in lots that expire. ``zh`` and ``en`` name it on statements.""",
    EntryOut: """A posted journal entry and its postings. ``replayed`` is True when an idempotency key
    returned an earlier entry instead of posting again.""",
    PostingOut: """One posting of an entry: ``amount`` on ``account_code`` (debit positive) and the
    account's balance after it.""",
    BalanceOut: """One account's balance, in the account's natural sign (what a member holds is positive).""",
    StatementLine: """One movement on an account's statement (明细), newest first: ``amount`` in the
    account's natural sign and the balance after it.""",
}

for _cls, _doc in _DOCS.items():
    if not _cls.__doc__:
        _cls.__doc__ = _doc

__all__ = [
    "AccountRef", "Actor", "Adjustment", "BalanceOut", "CardTerms", "CategoryOut", "CheckIn", "Clock", "Context", "EntryOut",
    "FrozenClock", "IssuedCoupon", "ItemCreate", "ItemOut", "ItemUpdate", "Leg", "Line", "Member", "Order", "PostingOut",
    "Purpose", "Refund",
    "StaffOut", "StatementLine", "StoreOut", "Tender", "TenderIn", "TenantInfo", "TenantTable",
]
