"""The group-buy plugin's tables: deals with their stock counter, groups with their seat counter,
each member's count per deal, and the joins (one order each)."""

from piccolo.columns import BigInt, BigSerial, Boolean, Integer, Timestamptz, Varchar
from piccolo.table import Table

from sdk.db import tenant_column


class GroupDeal(Table, tablename="gb_deal"):
    """拼团活动: an item at a group price in a window. ``kind``: regular (团购, no group), friends
    (好友团, 2–3 people) or multi (多人团, N people). ``sold`` never passes ``stock``: a guarded UPDATE."""

    id = BigSerial(primary_key=True)
    tenant_id = tenant_column()
    name = Varchar(length=40)
    name_en = Varchar(length=60, default="")
    item_id = BigInt()
    kind = Varchar(length=10)  # regular, friends, multi
    group_size = Integer(default=0)  # 0 for regular deals
    group_price_fen = BigInt()
    starts_at = Timestamptz()
    ends_at = Timestamptz()
    deadline_hours = Integer(default=24)
    stock = Integer()
    sold = Integer(default=0)
    per_member_limit = Integer(default=1)
    old_brings_new = Boolean(default=False)
    store_id = BigInt()
    active = Boolean(default=True)
    created_at = Timestamptz()


class Group(Table, tablename="gb_group"):
    """A group opened by a leader: ``seats_paid`` never passes ``size`` (guarded UPDATE); open
    until full (complete) or its deadline passes (failed, every paid member refunded)."""

    id = BigSerial(primary_key=True)
    tenant_id = tenant_column()
    deal_id = BigInt()
    code = Varchar(length=16)  # the share code, in the share link
    leader_member_id = BigInt()
    size = Integer()
    seats_paid = Integer(default=0)
    status = Varchar(length=10)  # open, complete, failed
    deadline_at = Timestamptz()
    created_at = Timestamptz()
    closed_at = Timestamptz(null=True, default=None)


class Join(Table, tablename="gb_join"):
    """A member's place: an order at the group price; pending until paid (no seat held), then
    paid; refunded, or cancelled when never paid."""

    id = BigSerial(primary_key=True)
    tenant_id = tenant_column()
    deal_id = BigInt()
    group_id = BigInt(null=True, default=None)  # None for a regular deal
    member_id = BigInt()
    role = Varchar(length=10)  # leader, joiner, buyer (regular)
    order_id = BigInt()
    item_id = BigInt()
    group_price_fen = BigInt()
    status = Varchar(length=10)  # pending, paid, refunded, cancelled
    # the member page form's one-time key: a replayed 开团 or 团购 form finds this join, places nothing
    request_key = Varchar(length=64, null=True, default=None)
    created_at = Timestamptz()
    paid_at = Timestamptz(null=True, default=None)
    closed_at = Timestamptz(null=True, default=None)


class MemberCount(Table, tablename="gb_member_count"):
    """What one member paid for of a deal: the per-member limit's guarded counter."""

    id = BigSerial(primary_key=True)
    tenant_id = tenant_column()
    deal_id = BigInt()
    member_id = BigInt()
    bought = Integer(default=0)
