"""``mendian apikey``: keys for integrations (POS, mini-programs)."""

from __future__ import annotations

import typer

from core.commandline import convert, fail, in_tenant

app = typer.Typer(name="apikey", help="API 密钥 / API keys.", no_args_is_help=True)


@app.command("create")
def create(
    tenant: str = typer.Option(..., help="商户代码 / tenant code"),
    name: str = typer.Option(..., help="用途，如 POS / what the key is for"),
    scope: list[str] = typer.Option([], help="权限，可多次，如 members.read / a permission, repeatable"),
    all_scopes: bool = typer.Option(False, "--all-scopes", help="全部权限 / every permission"),
) -> None:
    """新建 API 密钥，只显示这一次 / Create an API key; it is shown this once."""
    from core.tenancy import schemas as s
    from core.tenancy.permissions import ALL
    from core.tenancy.service import create_api_key

    if not scope and not all_scopes:
        fail(f"请用 --scope 或 --all-scopes 指定权限 / give --scope or --all-scopes ({', '.join(sorted(ALL))})", 2)
    data = convert({"name": name, "scopes": sorted(ALL) if all_scopes else scope}, s.ApiKeyCreate)
    key = in_tenant(tenant, lambda ctx: create_api_key(ctx, data))
    typer.echo(key.key)
    typer.echo("请妥善保存，此密钥不会再次显示 / keep it safe: it is not shown again", err=True)
