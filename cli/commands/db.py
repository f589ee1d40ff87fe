"""``mendian db``: the database schema."""

from __future__ import annotations

import typer

from core.commandline import Runtime, shown_url, with_runtime

app = typer.Typer(name="db", help="数据库 / Database.", no_args_is_help=True)


@app.command("migrate")
def migrate() -> None:
    """应用内核与所有已安装插件的迁移（可重复运行）/ Apply the kernel's and every installed plugin's migrations (safe to run twice)."""

    async def opened(rt: Runtime) -> Runtime:
        return rt  # opening with apply_migrations=True is the whole job

    rt = with_runtime(opened, apply_migrations=True)
    typer.echo(f"数据库 database: {shown_url(rt.settings.database_url)}")
    ran = 0
    for report in rt.migrations:
        for migration in report.applied:
            typer.echo(f"  {report.app}: {migration}")
        ran += len(report.applied)
    typer.echo(f"已应用 {ran} 个迁移 / {ran} migration(s) applied" if ran else "无待应用的迁移 / nothing to apply")
    for refused in rt.manager.refused:
        typer.echo(f"未迁移被拒绝的插件 / refused plugin not migrated: {refused.name}: {refused.reason}", err=True)
