from __future__ import annotations

import msgspec
import typer

from cli.runtime import opened, print_json, run
from core.extensions import service

app = typer.Typer(name="plugin", help="插件 / Plugins.", no_args_is_help=True)


@app.command("list")
def list_plugins(
    tenant: str | None = typer.Option(None, help="显示该商户的启用状态 / show this tenant's state"),
    json: bool = typer.Option(False, "--json", help="输出 JSON / print JSON"),
) -> None:
    """已安装的插件（及被拒绝加载的）/ Installed plugins, and those refused at load."""

    async def work() -> dict:
        async with opened() as rt:
            refused = [{"name": r.name, "reason": r.reason} for r in rt.manager.refused]
            if tenant:
                plugins = [msgspec.to_builtins(p) for p in await service.list_plugins(await rt.tenant(tenant))]
            else:
                plugins = [
                    {"name": i.plugin.name, "title": i.plugin.title, "title_en": i.plugin.title_en,
                     "version": i.plugin.version, "source": i.source, "industries": list(i.plugin.industries),
                     "requires": list(i.plugin.requires)}
                    for i in (rt.manager.installed[n] for n in rt.manager.ordered_names())
                ]
            return {"plugins": plugins, "refused": refused}

    result = run(work)
    if json:
        print_json(result)
        return
    for p in result["plugins"]:
        state = "" if "enabled" not in p else ("  [启用 enabled]" if p["enabled"] else "  [停用 disabled]")
        typer.echo(f"{p['name']:<20} {p['title']} / {p['title_en']}  v{p['version']}{state}")
    for r in result["refused"]:
        typer.echo(f"{r['name']:<20} 已拒绝 refused: {r['reason']}")
    if not result["plugins"] and not result["refused"]:
        typer.echo("未安装插件 / no plugins installed")


@app.command("enable")
def enable(name: str, tenant: str = typer.Option(..., help="商户代码 / tenant code")) -> None:
    """为商户启用插件（连同其依赖）/ Enable a plugin for a tenant, with what it requires."""

    async def work() -> list[str]:
        async with opened() as rt:
            return await service.enable_plugin(await rt.tenant(tenant), name)

    newly = run(work)
    typer.echo(f"已启用 / enabled: {', '.join(newly)}" if newly else f"{name} 已是启用状态 / already enabled")


@app.command("disable")
def disable(name: str, tenant: str = typer.Option(..., help="商户代码 / tenant code")) -> None:
    """为商户停用插件（数据保留）/ Disable a plugin for a tenant (its data is kept)."""

    async def work() -> None:
        async with opened() as rt:
            await service.disable_plugin(await rt.tenant(tenant), name)

    run(work)
    typer.echo(f"已停用 / disabled: {name}")
