"""``mendian member``: members (会员) in bulk."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from core.commandline import in_tenant, stderr

app = typer.Typer(name="member", help="会员 / Members.", no_args_is_help=True)


@app.command("import")
def import_csv(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, readable=True,
                                help="CSV 文件，UTF-8 或 GBK；表头含 phone/手机号 / a CSV file with a phone column"),
    tenant: str = typer.Option(..., help="商户代码 / tenant code"),
) -> None:
    """从 CSV 导入会员（数据迁移）；已登记的手机号跳过，可重复导入 / Import members from CSV; phones already registered are skipped."""
    from core.members.importer import import_members

    data = file.read_bytes()
    progress = Progress(TextColumn("导入 importing"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                        console=stderr, transient=True)
    task = progress.add_task("import", total=None)

    def on_progress(done: int, total: int) -> None:
        progress.update(task, completed=done, total=total)

    with progress:
        report = in_tenant(tenant, lambda ctx: import_members(ctx, data, on_progress))
    for line in sorted([*report.rejected, *report.skipped], key=lambda x: x.line):
        typer.echo(f"  第 {line.line} 行 line {line.line}: {line.reason} / {line.reason_en}")
    typer.echo(f"导入 {report.imported}，已存在跳过 {report.skipped_existing}，拒绝 {len(report.rejected)} / "
               f"imported {report.imported}, already there {report.skipped_existing}, rejected {len(report.rejected)}")
