"""The claim on job runs: one per tenant, job and due slot (piccolo runs raw steps before it adds
tables, so the index comes in a migration of its own)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from core.migrate import run_sql

ID = "2026-12-22T09:00:01:000000"
VERSION = "1.38.0"
DESCRIPTION = "job run claim"

# A second insert for the same tenant, job and slot fails, so one worker of all hosts runs it.
STATEMENTS = [
    "CREATE UNIQUE INDEX IF NOT EXISTS job_run_claim ON job_run (tenant_id, job, slot)",
    "CREATE INDEX IF NOT EXISTS job_run_job_started ON job_run (job, started_at)",  # a job's last run
    "CREATE INDEX IF NOT EXISTS job_run_started ON job_run (started_at)",  # pruning old runs
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="scheduler", description=DESCRIPTION)
    manager.add_raw(run_sql(STATEMENTS))
    return manager
