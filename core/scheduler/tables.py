from piccolo.columns import BigSerial, Date, ForeignKey, Integer, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from core.tenancy.tables import Tenant


class DailyRun(Table, tablename="daily_run"):
    """A tenant's daily tick that has run for one local day: claimed in the tick's transaction."""

    id = BigSerial(primary_key=True)
    tenant_id = ForeignKey(Tenant, null=False, on_delete=OnDelete.restrict, index=True)
    day = Date()
    ran_at = Timestamptz()


class JobRun(Table, tablename="job_run"):
    """One run of a scheduled job for one due slot, claimed by inserting this row: the unique key
    on (tenant_id, job, slot) lets one worker of all hosts run it. ``tenant_id`` 0 is a run over
    every tenant (no foreign key, for that reason); a run named for one tenant carries its id."""

    id = BigSerial(primary_key=True)
    tenant_id = Integer(default=0)
    job = Varchar(length=100)
    slot = Varchar(length=40)  # the due time aligned to the job's interval (UTC), or "manual:<day>"
    status = Varchar(length=10, default="running")  # running, ok, failed
    started_at = Timestamptz()
    finished_at = Timestamptz(null=True, default=None)
    done = Integer(null=True, default=None)  # what the job says it did, when it returns a count
    error = Text(default="")
