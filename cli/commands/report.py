"""``mendian report``: store reports (报表)."""

from __future__ import annotations

import datetime as dt

import typer

from core.commandline import fail, in_tenant, print_json

app = typer.Typer(name="report", help="报表 / Reports.", no_args_is_help=True)


@app.command("daily")
def daily(
    tenant: str = typer.Option(..., help="商户代码 / tenant code"),
    store: int = typer.Option(..., help="门店 ID / store id"),
    day: str | None = typer.Option(None, help="日期 YYYY-MM-DD（默认今天）/ day (default: today)"),
) -> None:
    """每日店务汇总，JSON 输出 / A store's daily summary, as JSON."""
    from core.reports.service import daily_summary

    try:
        on = dt.date.fromisoformat(day) if day else None
    except ValueError:
        fail(f"日期格式应为 YYYY-MM-DD / day must be YYYY-MM-DD: {day}", 2)
    print_json(in_tenant(tenant, lambda ctx: daily_summary(ctx, store, on)))
