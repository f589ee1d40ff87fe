"""The levels plugin's tables: the tiers, each member's progress and level, the progress log, the history."""

from piccolo.columns import BigInt, BigSerial, Date, Integer, Text, Timestamptz, Varchar
from piccolo.table import Table

from sdk.db import tenant_column


class LevelTier(Table, tablename="lv_tier"):
    """会员等级: one rung of the ladder; ``rank`` 0 is the lowest (threshold 0)."""

    id = BigSerial(primary_key=True)
    tenant_id = tenant_column()
    code = Varchar(length=20)
    name = Varchar(length=20)
    name_en = Varchar(length=30, default="")
    rank = Integer()
    threshold = BigInt()
    discount_percent = Integer(default=100)
    category_ids_json = Text(default="[]")
    member_prices_json = Text(default="[]")
    points_multiplier = Integer(default=100)


class LevelProgress(Table, tablename="lv_progress"):
    """A member's running figure for the metric and their level: the row every event of the
    member updates first, so simultaneous events of one member take turns."""

    id = BigSerial(primary_key=True)
    tenant_id = tenant_column()
    member_id = BigInt()
    total = BigInt(default=0)
    level_code = Varchar(length=20)
    reviewed_on = Date(null=True, default=None)


class LevelEvent(Table, tablename="lv_event"):
    """What moved the figure, when: the yearly review sums the last 12 months of these."""

    id = BigSerial(primary_key=True)
    tenant_id = tenant_column()
    member_id = BigInt()
    metric = Varchar(length=10)
    amount = BigInt()
    source = Varchar(length=40)  # order:12, refund:3, top_up:45, points:77
    at = Timestamptz()


class LevelHistory(Table, tablename="lv_history"):
    id = BigSerial(primary_key=True)
    tenant_id = tenant_column()
    member_id = BigInt()
    from_code = Varchar(length=20, null=True, default=None)
    to_code = Varchar(length=20)
    source = Varchar(length=10)  # auto, review, manual
    reason = Varchar(length=200)
    reason_en = Varchar(length=200, default="")
    actor = Varchar(length=100, default="")
    at = Timestamptz()
