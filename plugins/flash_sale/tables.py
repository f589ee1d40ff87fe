"""The flash-sale plugin's tables: sessions, their items with guarded counters, each member's
count per item, and the reservations."""

from piccolo.columns import BigInt, BigSerial, Boolean, Integer, Timestamptz, Varchar
from piccolo.table import Table

from sdk.db import tenant_column


class FlashSession(Table, tablename="fs_session"):
    """秒杀场次: a window of time; stopped sessions take nothing more."""

    id = BigSerial(primary_key=True)
    tenant_id = tenant_column()
    name = Varchar(length=40)
    name_en = Varchar(length=60, default="")
    starts_at = Timestamptz()
    ends_at = Timestamptz()
    store_id = BigInt()
    active = Boolean(default=True)
    created_at = Timestamptz()


class FlashItem(Table, tablename="fs_item"):
    """An item of a session. ``taken`` (held or paid) never passes ``stock``: every take is a
    conditional UPDATE. ``stock_key`` names its Redis counters, unique to this row."""

    id = BigSerial(primary_key=True)
    tenant_id = tenant_column()
    session_id = BigInt()
    item_id = BigInt()
    flash_price_fen = BigInt()
    stock = Integer()
    taken = Integer(default=0)
    sold = Integer(default=0)
    per_member_limit = Integer(default=1)
    stock_key = Varchar(length=32)


class FlashMemberCount(Table, tablename="fs_member_count"):
    """What one member holds or bought of an item: the per-member limit's guarded counter."""

    id = BigSerial(primary_key=True)
    tenant_id = tenant_column()
    flash_item_id = BigInt()
    member_id = BigInt()
    taken = Integer(default=0)


class FlashReservation(Table, tablename="fs_reservation"):
    """Units taken by a member: held (with an open order to pay) until paid, released when the
    hold lapses, or cancelled by the member."""

    id = BigSerial(primary_key=True)
    tenant_id = tenant_column()
    session_id = BigInt()
    flash_item_id = BigInt()
    item_id = BigInt()
    member_id = BigInt()
    quantity = Integer()
    flash_price_fen = BigInt()
    status = Varchar(length=10)  # held, paid, released, cancelled
    order_id = BigInt(null=True, default=None)
    expires_at = Timestamptz()
    created_at = Timestamptz()
    paid_at = Timestamptz(null=True, default=None)
    closed_at = Timestamptz(null=True, default=None)
