"""Ledger tables. Entries and postings are append-only: corrections are new entries."""

from piccolo.columns import BigInt, BigSerial, Boolean, ForeignKey, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from core.tenancy.tables import Tenant


class LedgerAccount(Table, tablename="ledger_account"):
    """One account: a member's stored value, a store's cash drawer, the tenant's revenue...

    ``balance`` is kept in the account's natural sign (what a merchant reads) and is only ever
    changed by a guarded UPDATE in the same transaction as the postings that justify it.
    """

    id = BigSerial(primary_key=True)
    tenant_id = ForeignKey(Tenant, null=False, on_delete=OnDelete.restrict, index=True)
    code = Varchar(length=120)
    owner_type = Varchar(length=20)
    owner_id = BigInt(null=True, default=None)
    purpose = Varchar(length=40)
    unit = Varchar(length=8)
    normal = Varchar(length=6)  # "debit" or "credit"
    allow_negative = Boolean(default=False)
    balance = BigInt(default=0)
    created_at = Timestamptz()


class LedgerEntry(Table, tablename="ledger_entry"):
    id = BigSerial(primary_key=True)
    tenant_id = ForeignKey(Tenant, null=False, on_delete=OnDelete.restrict, index=True)
    kind = Varchar(length=40)
    ref_type = Varchar(length=40, default="")
    ref_id = Varchar(length=64, default="")
    actor = Varchar(length=120, default="")
    idempotency_key = Varchar(length=200, null=True, default=None)
    memo = Text(default="")
    created_at = Timestamptz()


class LedgerPosting(Table, tablename="ledger_posting"):
    """``amount`` is signed, debit positive; the postings of an entry sum to zero per unit."""

    id = BigSerial(primary_key=True)
    tenant_id = ForeignKey(Tenant, null=False, on_delete=OnDelete.restrict, index=True)
    entry_id = ForeignKey(LedgerEntry, null=False, on_delete=OnDelete.restrict, index=True)
    account_id = ForeignKey(LedgerAccount, null=False, on_delete=OnDelete.restrict, index=True)
    unit = Varchar(length=8)
    amount = BigInt()
    balance_after = BigInt()  # the account's natural balance after this posting: statements need no window sums


class LedgerLot(Table, tablename="ledger_lot"):
    """A parcel of expiring value (points, sessions, bonus), consumed earliest expiry first."""

    id = BigSerial(primary_key=True)
    tenant_id = ForeignKey(Tenant, null=False, on_delete=OnDelete.restrict, index=True)
    account_id = ForeignKey(LedgerAccount, null=False, on_delete=OnDelete.restrict, index=True)
    entry_id = ForeignKey(LedgerEntry, null=False, on_delete=OnDelete.restrict)
    amount = BigInt()
    remaining = BigInt()
    expires_at = Timestamptz(null=True, default=None)
    created_at = Timestamptz()
