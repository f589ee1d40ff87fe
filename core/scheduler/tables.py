from piccolo.columns import BigSerial, Date, ForeignKey, Timestamptz
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from core.tenancy.tables import Tenant


class DailyRun(Table, tablename="daily_run"):
    """A tenant's daily tick that has run for one local day: claimed in the tick's transaction."""

    id = BigSerial(primary_key=True)
    tenant_id = ForeignKey(Tenant, null=False, on_delete=OnDelete.restrict, index=True)
    day = Date()
    ran_at = Timestamptz()
