from __future__ import annotations

import msgspec
import typer

from cli.runtime import fail, opened, run
from core.tenancy import schemas as s
from core.tenancy import service
from core.tenancy.permissions import ALL

app = typer.Typer(name="apikey", help="API 密钥 / API keys.", no_args_is_help=True)


@app.command("create")
def create(
    tenant: str = typer.Option(..., help="商户代码 / tenant code"),
    name: str = typer.Option(..., help="用途，如 POS / what the key is for"),
    scope: list[str] = typer.Option([], help="权限，可多次 / a permission, repeatable"),
    all_scopes: bool = typer.Option(False, "--all-scopes", help="全部权限 / every permission"),
) -> None:
    """新建 API 密钥（只显示一次）/ Create an API key (shown once)."""
    scopes = sorted(ALL) if all_scopes else scope
    if not scopes:
        fail("请用 --scope 或 --all-scopes 指定权限 / give --scope or --all-scopes", 2)

    try:
        data = msgspec.convert({"name": name, "scopes": scopes}, s.ApiKeyCreate)
    except msgspec.ValidationError as exc:
        fail(f"输入有误 / invalid input: {exc}", 2)

    async def work() -> s.ApiKeyCreated:
        async with opened() as rt:
            return await service.create_api_key(await rt.tenant(tenant), data)

    key = run(work)
    typer.echo(key.key)
    typer.echo("请妥善保存，此密钥不会再次显示 / keep it safe: it is not shown again", err=True)
