"""Member imports the console runs in the background, so a long file shows rows done as it goes.

The file is checked whole before the run starts (a wrong header or encoding is refused at once);
then a task imports the rows and writes its progress every ``PROGRESS_EVERY`` rows, and its
report at the end. Progress lives in the database, so a page polled from any worker sees it. A
run whose progress stopped moving for ``STALE`` was cut off by a restart: it shows as
interrupted, and uploading the same file again imports the rest (rows already in are skipped).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging

import msgspec

from core import scoped
from core.context import Context
from core.errors import DomainError
from core.members import importer
from core.members import schemas as s
from core.members.tables import MemberImport

log = logging.getLogger(__name__)

PROGRESS_EVERY = 50  # rows between progress writes: often enough to move the bar, rarely enough to cost nothing
STALE = dt.timedelta(minutes=5)
_running: dict[int, asyncio.Task[None]] = {}  # held so the tasks are not collected mid-run


async def start_import(ctx: Context, data: bytes) -> int:
    """Check the file, then import it in the background; the run's id, to follow its progress."""
    ctx.require("members.import")
    ctx.require("members.write")
    total = importer.check_file(data)
    now = ctx.now()
    row = await scoped.insert(ctx, MemberImport, started_by=ctx.actor.name, status="running", done=0, total=total,
                              created_at=now, updated_at=now)
    run_id = row["id"]
    task = asyncio.create_task(_run(ctx, run_id, data), name=f"member-import-{run_id}")
    _running[run_id] = task
    task.add_done_callback(lambda _: _running.pop(run_id, None))
    return run_id


async def finished(run_id: int) -> None:
    """Wait for a run of this process to end (tests and the CLI; a page polls instead)."""
    task = _running.get(run_id)
    if task is not None:
        await asyncio.shield(task)


async def get_import(ctx: Context, run_id: int) -> s.ImportRun:
    ctx.require("members.import")
    row = await scoped.get(ctx, MemberImport, run_id, "member import")
    status = row["status"]
    if status == "running" and ctx.now() - row["updated_at"] > STALE:
        status = "interrupted"
    report = msgspec.json.decode(row["report_json"], type=s.ImportReport) if row["report_json"] else None
    return s.ImportRun(id=row["id"], status=status, done=row["done"], total=row["total"], report=report,
                       error=row["error"], error_en=row["error_en"], started_by=row["started_by"],
                       created_at=row["created_at"])


async def _run(ctx: Context, run_id: int, data: bytes) -> None:
    async def progress(done: int, total: int) -> None:
        if done % PROGRESS_EVERY == 0 and 0 < done < total:
            await _set(ctx, run_id, done=done)

    try:
        report = await importer.import_members(ctx, data, progress)
    except DomainError as exc:
        await _set(ctx, run_id, status="failed", error=exc.detail_zh, error_en=exc.detail_en)
    except Exception:  # the page must say the run ended, whatever ended it
        log.exception("member import %s failed", run_id)
        await _set(ctx, run_id, status="failed", error="导入出错，已导入的会员保留；请重新上传",
                   error_en="The import failed; members imported so far are kept. Upload the file again")
    else:
        await _set(ctx, run_id, status="done", done=report.imported + report.skipped_existing + len(report.rejected),
                   report_json=msgspec.json.encode(report).decode())


async def _set(ctx: Context, run_id: int, **values: object) -> None:
    columns = {getattr(MemberImport, k): v for k, v in values.items()}
    await scoped.update(ctx, MemberImport, {**columns, MemberImport.updated_at: ctx.now()}).where(MemberImport.id == run_id)
