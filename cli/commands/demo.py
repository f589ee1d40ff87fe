from __future__ import annotations

import msgspec
import typer

from cli.runtime import opened, print_json, run
from core.demo import DemoInfo, seed_demo


def demo(
    json: bool = typer.Option(False, "--json", help="输出 JSON / print JSON"),
    host: str = typer.Option("127.0.0.1", help="打印的地址 / address shown"),
    port: int = typer.Option(8000, help="打印的端口 / port shown"),
) -> None:
    """创建演示健身房（可重复运行）/ Create the demo gym (safe to run again) and print how to sign in."""

    async def work() -> DemoInfo:
        async with opened(apply_migrations=True) as rt:
            return await seed_demo(rt.manager, rt.clock)

    info = run(work)
    url = f"http://{host}:{port}"
    if json:
        print_json({"url": url, **msgspec.to_builtins(info)})
        return
    typer.echo(f"演示门店 Demo store: {info.tenant_name}（商户代码 tenant code: {info.tenant}）")
    typer.echo(f"地址 URL: {url}   API: {url}/api/v1   OpenAPI: {url}/schema/swagger")
    for s in info.staff:
        typer.echo(f"  员工 staff {s['username']:<8} 密码 password {s['password']}  ({s['name']}, {s['role']})")
    typer.echo(f"API 密钥 key (全部权限 all scopes): {info.api_key}")
    typer.echo(f"登录 sign in: POST {url}/api/v1/auth/sessions "
               f'{{"tenant": "{info.tenant}", "username": "owner", "password": "{info.staff[0]["password"]}"}}')
