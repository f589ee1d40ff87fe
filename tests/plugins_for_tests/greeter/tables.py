"""The greeter's one table; like every plugin table it carries ``tenant_id``."""

from piccolo.columns import BigInt, ForeignKey, Integer, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from core.tenancy.tables import Tenant


class Greeting(Table, tablename="greeter_greeting"):
    """One greeting per registered member (欢迎记录)."""

    tenant_id = ForeignKey(Tenant, null=False, on_delete=OnDelete.restrict, index=True)
    member_id = BigInt()
    points = Integer(default=0)
    message = Varchar(length=200, default="")
    created_at = Timestamptz()
