"""Ledger types seen by services and plugins: legs to post, entries, balances, statements."""

from __future__ import annotations

import datetime as dt

import msgspec

from core.ledger.accounts import AccountRef


class Leg(msgspec.Struct, frozen=True):
    """One side of an entry: ``amount`` is signed, debit positive (use ``debit``/``credit``)."""

    account: AccountRef
    amount: int
    expires_at: dt.datetime | None = None  # for value that lapses: held as a lot
    lot_id: int | None = None  # take from this lot rather than earliest expiry first (a lapse)


def debit(account: AccountRef, amount: int, expires_at: dt.datetime | None = None, lot_id: int | None = None) -> Leg:
    return Leg(account, amount, expires_at, lot_id)


def credit(account: AccountRef, amount: int, expires_at: dt.datetime | None = None, lot_id: int | None = None) -> Leg:
    return Leg(account, -amount, expires_at, lot_id)


class PostingOut(msgspec.Struct):
    account_code: str
    unit: str
    amount: int
    balance_after: int


class EntryOut(msgspec.Struct):
    id: int
    kind: str
    ref_type: str
    ref_id: str
    actor: str
    idempotency_key: str | None
    memo: str
    created_at: dt.datetime
    postings: list[PostingOut]
    replayed: bool = False  # True when an idempotency key returned an earlier entry


class BalanceOut(msgspec.Struct):
    account_code: str
    purpose: str
    unit: str
    balance: int


class StatementLine(msgspec.Struct):
    entry_id: int
    kind: str
    ref_type: str
    ref_id: str
    memo: str
    created_at: dt.datetime
    amount: int  # in the account's natural sign: + adds to what the member holds
    balance_after: int


class LotOut(msgspec.Struct):
    """A parcel of expiring value (积分、次数、赠送金) and what is left of it."""

    id: int
    owner_id: int | None
    entry_id: int  # the entry that credited it
    amount: int
    remaining: int
    expires_at: dt.datetime | None  # None: never lapses
