from __future__ import annotations

import typer

from cli.runtime import opened, run
from core.migrate import kernel_apps
from core.migrate import migrate as apply

app = typer.Typer(name="db", help="数据库 / Database.", no_args_is_help=True)


@app.command("migrate")
def migrate() -> None:
    """应用数据库迁移 / Apply the kernel's and every installed plugin's migrations (safe to run twice)."""

    async def work() -> list:
        async with opened() as rt:
            return await apply([*kernel_apps(), *rt.manager.apps()])

    report = run(work)
    ran = [(r.app, m) for r in report for m in r.applied]
    for app_name, migration in ran:
        typer.echo(f"  {app_name}: {migration}")
    typer.echo(f"已应用 {len(ran)} 个迁移 / {len(ran)} migration(s) applied" if ran else "无待应用的迁移 / nothing to apply")
