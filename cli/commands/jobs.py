"""``mendian jobs``: the scheduled jobs (定时任务), their last runs, and running one now."""

from __future__ import annotations

import datetime as dt
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from core.commandline import Runtime, fail, print_json, with_runtime

app = typer.Typer(name="jobs", help="定时任务 / Scheduled jobs.", no_args_is_help=True)

STATUS = {"running": "运行中 running", "ok": "成功 ok", "failed": "失败 failed"}


async def _listing(rt: Runtime) -> list[dict[str, Any]]:
    from core.scheduler.runs import last_run
    from core.scheduler.service import DAILY, TICK_SECONDS, declared_jobs
    from core.scheduler.tables import DailyRun

    latest_day = await DailyRun.select(DailyRun.ran_at).order_by(DailyRun.ran_at, ascending=False).first()
    rows = [{"name": DAILY, "plugin": "kernel", "every_seconds": TICK_SECONDS, "per_tenant": True,
             "last_started_at": latest_day["ran_at"] if latest_day else None,
             "last_status": "ok" if latest_day else None, "last_done": None, "last_error": ""}]
    for plugin, job in declared_jobs(rt.manager, rt.clock):
        run = await last_run(job.name)
        rows.append({"name": job.name, "plugin": plugin, "every_seconds": job.every_seconds,
                     "per_tenant": hasattr(job, "plugin"),
                     "last_started_at": run["started_at"] if run else None,
                     "last_status": run["status"] if run else None, "last_done": run["done"] if run else None,
                     "last_error": run["error"] if run else ""})
    return rows


@app.command("list")
def list_jobs(json: bool = typer.Option(False, "--json", help="输出 JSON / print JSON")) -> None:
    """每个定时任务：所属插件、间隔、上次运行及结果 / Each job: its plugin, interval, last run and status."""
    rows = with_runtime(_listing)
    if json:
        print_json(rows)
        return
    table = Table(title="定时任务 scheduled jobs")
    table.add_column("任务 job", no_wrap=True)
    for column in ("插件 plugin", "间隔 every", "上次运行 last run (UTC)", "状态 status"):
        table.add_column(column, overflow="fold")
    for row in rows:
        every = "每天 daily" if row["name"] == "daily" else f"{row['every_seconds']} 秒 s"
        started = row["last_started_at"]
        shown = started.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S") if started else "从未 never"
        status = STATUS.get(row["last_status"], "-") if row["last_status"] else "-"
        if row["last_done"] is not None:
            status = f"{status} · {row['last_done']}"
        if row["last_error"]:
            status = f"{status}\n{row['last_error'].splitlines()[0]}"
        table.add_row(row["name"], row["plugin"], every, shown, status)
    Console().print(table)


async def _daily_ran(tenant_id: int, day: dt.date) -> bool:
    from core.scheduler.tables import DailyRun

    return bool(await DailyRun.exists().where((DailyRun.tenant_id == tenant_id) & (DailyRun.day == day)))


async def _run(rt: Runtime, name: str, tenant: str | None, day: dt.date | None) -> str:
    from core.jobs import TenantJob
    from core.scheduler.runs import manual_slot
    from core.scheduler.service import DAILY, all_jobs, run_daily, run_job

    ctx = await rt.tenant(tenant) if tenant else None  # an unknown tenant: NotFound, one line
    tenant_id = ctx.tenant_id if ctx else None
    if name == DAILY:
        ran = await run_daily(rt.manager, rt.clock, day, tenant_id)
        if not ran and tenant_id is not None and day is not None and not await _daily_ran(tenant_id, day):
            fail(f"运行失败，见日志 / failed, see the log: {DAILY} {day}")
        if not ran:
            return f"已运行过，未重复 / already ran, nothing done: {DAILY} {day or '(today)'}"
        return f"已运行 / ran: {DAILY} " + ", ".join(f"tenant {t} {d}" for t, d in ran)
    job = next((j for j in all_jobs(rt.manager, rt.clock) if j.name == name), None)
    if job is None:
        fail(f"没有这个定时任务 / no such job: {name} (mendian jobs list)")
    if ctx is not None and not isinstance(job, TenantJob):
        fail(f"任务 {name} 不按商户运行 / job {name} does not run per tenant: drop --tenant", 2)
    if ctx is not None and isinstance(job, TenantJob) and job.plugin not in ctx.enabled_plugins:
        fail(f"商户 {tenant} 未启用插件 {job.plugin} / tenant {tenant} has not enabled {job.plugin}")
    on = day or (ctx.local_today() if ctx else rt.clock.now().date())
    result = await run_job(job, rt.manager, rt.clock, manual_slot(on), tenant_id, retry_failed=True)
    if result is None:
        return f"已运行过，未重复 / already ran, nothing done: {name} {on}"
    if result.status == "failed":
        fail(f"运行失败 / failed: {name} {on}: {result.error.splitlines()[0]}")
    done = "" if result.done is None else f" ({result.done})"
    return f"已运行 / ran: {name} {on}{done}"


@app.command("run")
def run(
    name: str = typer.Argument(..., help="任务名，见 mendian jobs list / the job's name"),
    tenant: str | None = typer.Option(None, help="只为该商户运行 / run for this tenant only"),
    date: str | None = typer.Option(None, help="补跑的日期 YYYY-MM-DD（默认今天）/ the day to run for (default: today)"),
) -> None:
    """立即运行一个任务（停机后补跑，或重放某天）；同一天再次运行不会重复 /
    Run a job now (after downtime, or to replay a day); running it again for the same day does nothing."""
    try:
        day = dt.date.fromisoformat(date) if date else None
    except ValueError:
        fail(f"日期格式应为 YYYY-MM-DD / date must be YYYY-MM-DD: {date}", 2)
    typer.echo(with_runtime(lambda rt: _run(rt, name, tenant, day)))
