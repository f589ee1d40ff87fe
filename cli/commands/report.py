from __future__ import annotations

import datetime as dt

import typer

from cli.runtime import opened, print_json, run
from core.reports.service import DailySummary, daily_summary

app = typer.Typer(name="report", help="报表 / Reports.", no_args_is_help=True)


@app.command("daily")
def daily(
    tenant: str = typer.Option(..., help="商户代码 / tenant code"),
    store: int = typer.Option(..., help="门店 ID / store id"),
    day: str | None = typer.Option(None, help="日期 YYYY-MM-DD（默认今天）/ day (default: today)"),
) -> None:
    """每日店务汇总 / A store's daily summary, as JSON."""
    try:
        on = dt.date.fromisoformat(day) if day else None
    except ValueError:
        typer.echo(f"日期格式应为 YYYY-MM-DD / day must be YYYY-MM-DD: {day}", err=True)
        raise typer.Exit(2) from None

    async def work() -> DailySummary:
        async with opened() as rt:
            return await daily_summary(await rt.tenant(tenant), store, on)

    print_json(run(work))
