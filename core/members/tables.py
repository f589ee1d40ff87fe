"""Member tables: the member (会员) profile, its tags (标签) and staff notes (备注).

Members are soft-deleted (``deleted_at``): orders, ledger entries, tags and notes keep
pointing at the row, and the phone number becomes free for a new registration.
"""

from piccolo.columns import BigInt, BigSerial, Date, ForeignKey, Integer, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from core.tenancy.tables import Store, Tenant


class Member(Table, tablename="member"):
    id = BigSerial(primary_key=True)
    tenant_id = ForeignKey(Tenant, null=False, on_delete=OnDelete.restrict, index=True)
    phone = Varchar(length=20)  # E.164, e.g. +8613800138000; unique per tenant among the living
    name = Varchar(length=50)
    gender = Varchar(length=8, default="unknown")  # unknown, male, female
    birthday = Date(null=True, default=None)
    source_channel = Varchar(length=40, default="")  # 来源渠道: walk-in, meituan, referral...
    # A member of the same tenant who brought this one in (推荐人); the service checks the tenant.
    referrer_member_id: "ForeignKey[Member]" = ForeignKey("self", null=True, default=None, on_delete=OnDelete.restrict)
    home_store_id = ForeignKey(Store, null=True, default=None, on_delete=OnDelete.restrict)  # 归属门店
    level_code = Varchar(length=40, null=True, default=None)  # 会员等级, kept by the levels plugin
    marked_by = Varchar(length=400, default="")  # plugins that hold something for them (sdk.mark_member), comma-separated
    total_spend_fen = BigInt(default=0)
    visit_count = Integer(default=0)
    last_visit_at = Timestamptz(null=True, default=None)
    created_at = Timestamptz()
    updated_at = Timestamptz()
    deleted_at = Timestamptz(null=True, default=None)


class MemberTag(Table, tablename="member_tag"):
    id = BigSerial(primary_key=True)
    tenant_id = ForeignKey(Tenant, null=False, on_delete=OnDelete.restrict, index=True)
    member_id = ForeignKey(Member, null=False, on_delete=OnDelete.restrict)
    tag = Varchar(length=20)
    created_at = Timestamptz()


class MemberNote(Table, tablename="member_note"):
    id = BigSerial(primary_key=True)
    tenant_id = ForeignKey(Tenant, null=False, on_delete=OnDelete.restrict, index=True)
    member_id = ForeignKey(Member, null=False, on_delete=OnDelete.restrict)
    author = Varchar(length=100)  # the staff member's name when the note was written
    body = Text()
    created_at = Timestamptz()


class MemberVisit(Table, tablename="member_visit"):
    """到店记录: one row per visit (desk check-in, a scanned code, a card use), for the daily
    summary's visit count and the member's history; ``member.visit_count`` is their total."""

    id = BigSerial(primary_key=True)
    tenant_id = ForeignKey(Tenant, null=False, on_delete=OnDelete.restrict, index=True)
    member_id = ForeignKey(Member, null=False, on_delete=OnDelete.restrict, index=True)
    store_id = BigInt(null=True, default=None)
    method = Varchar(length=16)
    at = Timestamptz()


class MemberImport(Table, tablename="member_import"):
    """A CSV import the console runs in the background: rows done so far, then the report.

    ``updated_at`` moves with every progress write; a run that stopped moving was cut off (the
    server restarted) and is shown as interrupted: the rows imported so far stay.
    """

    id = BigSerial(primary_key=True)
    tenant_id = ForeignKey(Tenant, null=False, on_delete=OnDelete.restrict, index=True)
    started_by = Varchar(length=100)  # the staff member's name
    status = Varchar(length=12, default="running")  # running, done, failed
    done = Integer(default=0)
    total = Integer(default=0)
    report_json = Text(null=True, default=None)
    error = Text(default="")
    error_en = Text(default="")
    created_at = Timestamptz()
    updated_at = Timestamptz()
