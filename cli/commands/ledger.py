"""``mendian ledger``: checks of the books (账务)."""

from __future__ import annotations

import typer

from core.commandline import Runtime, with_runtime

app = typer.Typer(name="ledger", help="账务 / The ledger.", no_args_is_help=True)


@app.command("verify")
def verify(tenant: str | None = typer.Option(None, help="只查该商户 / one tenant only")) -> None:
    """核对账本：余额与分录重算、借贷平衡、无负余额 / Recompute every balance and check every entry."""
    from core.ledger.verify import verify as check

    async def work(rt: Runtime) -> list:
        return await check((await rt.tenant(tenant)).tenant_id if tenant else None)

    problems = with_runtime(work)
    for problem in problems:
        typer.echo(str(problem))
    if problems:
        typer.echo(f"发现 {len(problems)} 处差异 / {len(problems)} difference(s)", err=True)
        raise typer.Exit(1)
    typer.echo("账目一致 / the books balance")
