"""Claiming and recording the runs of scheduled jobs, so each runs once per due slot across every
worker and host: the claim is a row inserted under a unique key (tenant, job, slot), which
SQLite and PostgreSQL both enforce, and the same row records how the run ended."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from core import db, metrics
from core.clock import Clock
from core.scheduler.tables import JobRun

log = logging.getLogger(__name__)

# A run still "running" after this long is taken to have died with its worker; it may be claimed again.
STALE_AFTER = dt.timedelta(minutes=30)

# Runs are kept this long for ``mendian jobs list`` and for looking back; older ones are pruned.
KEEP_RUNS = dt.timedelta(days=30)

ALL_TENANTS = 0  # the tenant_id of a run over every tenant


def due_slot(every_seconds: int, now: dt.datetime) -> str:
    """The start of the interval ``now`` falls in (UTC, aligned to the epoch): every host computes
    the same slot for the same moment, whatever its own loop's timing."""
    seconds = int(now.timestamp()) // every_seconds * every_seconds
    return dt.datetime.fromtimestamp(seconds, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def manual_slot(day: dt.date) -> str:
    return f"manual:{day.isoformat()}"


@dataclass(frozen=True, slots=True)
class RunResult:
    status: str  # ok or failed
    done: int | None
    error: str


async def claim(job: str, tenant_id: int, slot: str, now: dt.datetime, retry_failed: bool = False) -> int | None:
    """The id of the run this worker now owns, or None when another holds it (or it has finished).

    Outside any transaction: the claim must be seen by other workers before the work starts.
    """
    try:
        rows = await JobRun.insert(JobRun(tenant_id=tenant_id, job=job, slot=slot, status="running",
                                          started_at=now)).returning(JobRun.id)
        return int(rows[0]["id"])
    except Exception as exc:
        if not db.is_unique_violation(exc):
            raise
    held = await JobRun.select(JobRun.id, JobRun.status, JobRun.started_at).where(
        (JobRun.tenant_id == tenant_id) & (JobRun.job == job) & (JobRun.slot == slot)).first()
    if held is None:
        return None
    stale = held["status"] == "running" and held["started_at"] < now - STALE_AFTER
    if not (stale or (retry_failed and held["status"] == "failed")):
        return None
    # Conditional on what was read: of two workers taking over the same dead run, one wins.
    taken = await JobRun.update(
        {JobRun.status: "running", JobRun.started_at: now, JobRun.finished_at: None, JobRun.done: None,
         JobRun.error: ""}
    ).where((JobRun.id == held["id"]) & (JobRun.status == held["status"])
            & (JobRun.started_at == held["started_at"])).returning(JobRun.id)
    return int(taken[0]["id"]) if taken else None


async def finish(run_id: int, result: RunResult, now: dt.datetime) -> None:
    await JobRun.update({JobRun.status: result.status, JobRun.finished_at: now, JobRun.done: result.done,
                         JobRun.error: result.error[:2000]}).where(JobRun.id == run_id)


async def run_once(job: str, tenant_id: int, slot: str, clock: Clock, work: Callable[[], Awaitable[RunResult]],
                   retry_failed: bool = False) -> RunResult | None:
    """Claim the slot and run ``work`` recording its result; None when the slot was not ours."""
    run_id = await claim(job, tenant_id, slot, clock.now(), retry_failed)
    if run_id is None:
        return None
    try:
        result = await work()
    except Exception as exc:  # recorded, then the loop goes on with the other jobs
        log.exception("scheduled job %s failed", job)
        result = RunResult(status="failed", done=None, error=f"{type(exc).__name__}: {exc}")
    await finish(run_id, result, clock.now())
    metrics.JOB_RUNS.labels(job=job).inc()
    if result.status == "failed":
        metrics.JOB_FAILURES.labels(job=job).inc()
    return result


async def last_run(job: str) -> dict | None:
    """The job's latest run (any tenant, any slot)."""
    return await JobRun.select().where(JobRun.job == job).order_by(JobRun.started_at, ascending=False).first()


async def prune_runs(now: dt.datetime) -> None:
    """Forget the runs older than ``KEEP_RUNS`` (a 15-second job leaves 5,760 rows a day)."""
    await JobRun.delete().where(JobRun.started_at < now - KEEP_RUNS)
