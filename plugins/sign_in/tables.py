"""The sign-in plugin's tables: the plan, each member's lock row, the days signed, the gifts."""

from piccolo.columns import BigInt, BigSerial, Boolean, Date, Integer, Text, Timestamptz, Varchar
from piccolo.table import Table

from sdk.db import tenant_column


class SignInPlan(Table, tablename="sg_plan"):
    """签到规则: one row per tenant (none until the merchant saves one: the default plan applies)."""

    id = BigSerial(primary_key=True)
    tenant_id = tenant_column()
    plan_json = Text()
    updated_at = Timestamptz()


class SignInMember(Table, tablename="sg_member"):
    """A member's row every sign-in and make-up of theirs updates first, so they take turns;
    it also keeps the total for lists."""

    id = BigSerial(primary_key=True)
    tenant_id = tenant_column()
    member_id = BigInt()
    total_days = Integer(default=0)
    last_day = Date(null=True, default=None)


class SignInDay(Table, tablename="sg_day"):
    """A day signed (签到) or made up (补签), with the streak it ends and the rewards it gave."""

    id = BigSerial(primary_key=True)
    tenant_id = tenant_column()
    member_id = BigInt()
    day = Date()  # in the tenant's timezone
    kind = Varchar(length=10)  # daily, makeup
    method = Varchar(length=10)  # app, check_in, desk
    streak = Integer()
    cycle_day = Integer()
    completed_cycle = Boolean(default=False)  # the cycle's reward was given on this day
    rewards_json = Text(default="[]")
    points_cost = Integer(default=0)
    store_id = BigInt(null=True, default=None)
    at = Timestamptz()


class SignInGift(Table, tablename="sg_gift"):
    """A gift to collect at the store (到店领取), marked collected by staff once."""

    id = BigSerial(primary_key=True)
    tenant_id = tenant_column()
    member_id = BigInt()
    day_id = BigInt()
    name = Varchar(length=30)
    name_en = Varchar(length=60, default="")
    reason = Varchar(length=60)
    reason_en = Varchar(length=80, default="")
    status = Varchar(length=10, default="pending")  # pending, collected, expired
    earned_on = Date()
    collect_by = Date(null=True, default=None)
    collected_at = Timestamptz(null=True, default=None)
    collected_store_id = BigInt(null=True, default=None)
    collected_by = Varchar(length=100, default="")
