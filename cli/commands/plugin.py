"""``mendian plugin``: what is installed, and what each tenant has switched on."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from core.commandline import Runtime, in_tenant, print_json, with_runtime

app = typer.Typer(name="plugin", help="插件 / Plugins.", no_args_is_help=True)


async def _listing(rt: Runtime, tenant: str | None) -> dict[str, Any]:
    import msgspec

    from core.extensions.service import list_plugins

    refused = [{"name": r.name, "reason": r.reason} for r in rt.manager.refused]
    if tenant:
        plugins = [msgspec.to_builtins(p) for p in await list_plugins(await rt.tenant(tenant))]
    else:
        plugins = []
        for name in rt.manager.ordered_names():
            item = rt.manager.installed[name]
            p = item.plugin
            plugins.append({
                "name": p.name, "title": p.title, "title_en": p.title_en, "description": p.description,
                "description_en": p.description_en, "version": p.version, "source": item.source,
                "industries": list(p.industries), "requires": list(p.requires),
            })
    return {"plugins": plugins, "refused": refused}


def _print_tables(listing: dict[str, Any], tenant: str | None) -> None:
    console = Console()
    plugins, refused = listing["plugins"], listing["refused"]
    if plugins:
        table = Table(title=f"已安装插件 installed plugins{f' · {tenant}' if tenant else ''}")
        table.add_column("name", no_wrap=True)
        for column in ("标题 title", "version", "source", "行业 industries", "依赖 requires"):
            table.add_column(column, overflow="fold")
        if tenant:
            table.add_column("状态 state", no_wrap=True)
        for p in plugins:
            row = [p["name"], f"{p['title']}\n{p['title_en']}", p["version"], p["source"],
                   ", ".join(p["industries"]) or "全部 all", ", ".join(p["requires"]) or "-"]
            if tenant:
                state = "启用 on" if p["enabled"] else "停用 off"
                if p.get("disabled_reason"):  # switched on, but it cannot run: say why
                    state = f"{state}\n{p['disabled_reason']}"
                row.append(state)
            table.add_row(*row)
        console.print(table)
    else:
        typer.echo("未安装插件 / no plugins installed")
    if refused:
        table = Table(title="拒绝加载 refused")
        table.add_column("name", no_wrap=True)
        table.add_column("原因 reason", overflow="fold")
        for r in refused:
            table.add_row(r["name"], r["reason"])
        console.print(table)


@app.command("list")
def list_plugins(
    tenant: str | None = typer.Option(None, help="同时显示该商户的启用状态 / also show this tenant's state"),
    json: bool = typer.Option(False, "--json", help="输出 JSON / print JSON"),
) -> None:
    """已安装的插件，以及被拒绝加载的插件和原因 / Installed plugins, and those refused at load with the reason."""
    listing = with_runtime(lambda rt: _listing(rt, tenant))
    if json:
        print_json(listing)
    else:
        _print_tables(listing, tenant)


@app.command("enable")
def enable(
    name: str = typer.Argument(..., help="插件名称 / plugin name"),
    tenant: str = typer.Option(..., help="商户代码 / tenant code"),
) -> None:
    """为商户启用插件（连同其依赖）/ Enable a plugin for a tenant, with the plugins it requires."""
    from core.extensions.service import enable_plugin

    newly = in_tenant(tenant, lambda ctx: enable_plugin(ctx, name))
    typer.echo(f"已启用 / enabled: {', '.join(newly)}" if newly else f"{name} 已是启用状态 / already enabled")


@app.command("disable")
def disable(
    name: str = typer.Argument(..., help="插件名称 / plugin name"),
    tenant: str = typer.Option(..., help="商户代码 / tenant code"),
) -> None:
    """为商户停用插件，数据保留 / Disable a plugin for a tenant; its data is kept."""
    from core.extensions.service import disable_plugin

    in_tenant(tenant, lambda ctx: disable_plugin(ctx, name))
    typer.echo(f"已停用 / disabled: {name}")


@app.command("new")
def new(
    name: str = typer.Argument(..., help="插件名称（也是 Python 包名）/ plugin name (also its Python package name)"),
    target: Path | None = typer.Option(None, help="生成到哪个目录（须为空）/ folder to create (must be empty); default ./mendian-<name>"),
    author: str = typer.Option("", help="作者 / author"),
    description: str = typer.Option("", help="简介（中文）/ description (Chinese)"),
    description_en: str = typer.Option("", help="简介（英文）/ description (English)"),
    title: str | None = typer.Option(None, help="商户看到的名称 / title merchants read (zh-CN)"),
    title_en: str | None = typer.Option(None, help="英文名称 / English title"),
    table: bool = typer.Option(True, "--table/--no-table", help="自带数据表和迁移 / its own table and migration"),
    api: bool = typer.Option(True, "--api/--no-api", help="REST 接口 / a REST route"),
    console: bool = typer.Option(True, "--console/--no-console", help="控制台页面 / a console page"),
    member: bool = typer.Option(True, "--member/--no-member", help="会员端页面 / a member page"),
) -> None:
    """生成一个可用 pip 安装的新插件 / Create a new, pip-installable plugin with tests that pass."""
    from cli import scaffold
    from core.commandline import fail, plugin_manager

    try:
        scaffold.check_name(name, lambda _: None)
    except scaffold.ScaffoldRefused as exc:
        fail(str(exc), 2)
    folder = (target or Path.cwd() / scaffold.dist_name(name)).resolve()
    try:
        scaffold.check_name(name, lambda n: scaffold.name_user(n, plugin_manager().installed))
        scaffold.check_target(folder)
        files = scaffold.render(
            name, title=title, title_en=title_en, description=description, description_en=description_en,
            author=author, parts=scaffold.Parts(table=table, api=api, console=console, member=member),
        )
        scaffold.create(folder, files)
    except scaffold.ScaffoldRefused as exc:
        fail(str(exc))
    typer.echo(f"已生成插件 {name} / created plugin {name}: {folder}")
    typer.echo(f"  cd {folder} && pip install -e '.[test]' && pytest")

