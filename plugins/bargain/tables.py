"""The bargain plugin's tables: campaigns with their guarded stock, each member's count of
bargains started, the bargains (with their seed and guarded cut counter) and each helper's cut."""

from piccolo.columns import BigInt, BigSerial, Boolean, Integer, Timestamptz, Varchar
from piccolo.table import Table

from sdk.db import tenant_column


class BargainCampaign(Table, tablename="bargain_campaign"):
    """砍价活动: an item from ``price_fen`` down to ``floor_fen`` in ``helpers_needed`` cuts.
    ``sold`` never passes ``stock``: each paid bargain takes one with a conditional UPDATE."""

    id = BigSerial(primary_key=True)
    tenant_id = tenant_column()
    name = Varchar(length=40)
    name_en = Varchar(length=60, default="")
    item_id = BigInt()
    store_id = BigInt()
    price_fen = BigInt()
    floor_fen = BigInt()
    helpers_needed = Integer()
    stock = Integer()
    sold = Integer(default=0)
    started = Integer(default=0)
    per_member_limit = Integer(default=1)
    duration_hours = Integer()
    starts_at = Timestamptz()
    ends_at = Timestamptz()
    active = Boolean(default=True)
    created_at = Timestamptz()


class BargainMemberCount(Table, tablename="bargain_member_count"):
    """How many bargains one member started in a campaign: the per-member limit's guarded counter."""

    id = BigSerial(primary_key=True)
    tenant_id = tenant_column()
    campaign_id = BigInt()
    member_id = BigInt()
    started = Integer(default=0)


class Bargain(Table, tablename="bargain_bargain"):
    """One member's bargain (砍价单). Its terms are copied from the campaign when started; the cuts
    come from ``seed``; ``cuts_done`` never passes ``helpers_needed`` (a conditional UPDATE).
    ``status``: open → ordered (an order at ``bought_price_fen``) → bought; or expired, lapsed."""

    id = BigSerial(primary_key=True)
    tenant_id = tenant_column()
    campaign_id = BigInt()
    member_id = BigInt()
    item_id = BigInt()
    store_id = BigInt()
    price_fen = BigInt()
    floor_fen = BigInt()
    helpers_needed = Integer()
    seed = BigInt()
    share_code = Varchar(length=16)
    cuts_done = Integer(default=0)
    status = Varchar(length=10)
    expires_at = Timestamptz()
    created_at = Timestamptz()
    order_id = BigInt(null=True, default=None)
    bought_price_fen = BigInt(null=True, default=None)
    pay_by = Timestamptz(null=True, default=None)
    bought_at = Timestamptz(null=True, default=None)
    closed_at = Timestamptz(null=True, default=None)
    start_key = Varchar(length=64, null=True, default=None)  # the member page's one-time form key


class BargainCut(Table, tablename="bargain_cut"):
    """One helper's cut (帮砍): the ``seq``-th amount of the bargain's sequence; one per helper."""

    id = BigSerial(primary_key=True)
    tenant_id = tenant_column()
    bargain_id = BigInt()
    helper_id = BigInt()
    seq = Integer()
    amount_fen = BigInt()
    created_at = Timestamptz()
