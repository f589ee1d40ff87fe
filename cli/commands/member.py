from __future__ import annotations

from pathlib import Path

import typer
from rich.progress import Progress

from cli.runtime import fail, opened, run
from core.members.importer import import_members
from core.members.schemas import ImportReport

app = typer.Typer(name="member", help="会员 / Members.", no_args_is_help=True)


@app.command("import")
def import_csv(
    file: Path = typer.Argument(..., help="CSV 文件（UTF-8 或 GB18030）/ a CSV file"),
    tenant: str = typer.Option(..., help="商户代码 / tenant code"),
) -> None:
    """从 CSV 导入会员（数据迁移），重复导入不会重复登记 / Import members from CSV; re-running imports nothing twice."""
    if not file.is_file():
        fail(f"找不到文件 / no such file: {file}", 2)
    data = file.read_bytes()

    async def work() -> ImportReport:
        async with opened() as rt:
            ctx = await rt.tenant(tenant)
            with Progress(transient=True) as progress:
                task = progress.add_task("导入中 importing", total=None)
                return await import_members(ctx, data, lambda done, total: progress.update(task, completed=done, total=total))

    report = run(work)
    for rejected in report.rejected:
        typer.echo(f"  第 {rejected.line} 行 line {rejected.line}: {rejected.reason}")
    typer.echo(f"导入 {report.imported}，已存在跳过 {report.skipped_existing}，拒绝 {len(report.rejected)} / "
               f"imported {report.imported}, already there {report.skipped_existing}, rejected {len(report.rejected)}")
