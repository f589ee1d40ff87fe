"""``mendian demo``: the demo gym, and how to sign in to it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from cli.commands.serve import bound_url, listening_socket, run_server, site_url
from core.commandline import fail, print_json, with_runtime

if TYPE_CHECKING:
    from core.demo import DemoInfo


def _delete_sqlite_database() -> None:
    from core.db import sqlite_path
    from core.settings import get_settings

    settings = get_settings()
    if not settings.is_sqlite:
        fail("--reset 只用于 SQLite（它会删除数据库文件）/ --reset works on SQLite only: it deletes the database file")
    path = sqlite_path(settings.database_url)
    for suffix in ("", "-wal", "-shm"):
        Path(path + suffix).unlink(missing_ok=True)


def demo(
    json: bool = typer.Option(False, "--json", help="输出 JSON / print JSON"),
    reset: bool = typer.Option(False, "--reset", help="删除 SQLite 数据库后重建（所有数据都会丢失）/ "
                               "delete the SQLite database and start again (all data is lost)"),
    serve: bool = typer.Option(False, "--serve", help="创建后直接启动服务 / then serve it (as `mendian serve`)"),
    host: str = typer.Option("127.0.0.1", help="服务地址 / the address to show, or with --serve to listen on"),
    port: int = typer.Option(8000, help="端口；--serve 时 0 由系统分配 / the port; with --serve, 0 picks a free one"),
) -> None:
    """创建演示健身房「活力健身 Demo」，已存在则只显示登录方式 / Create the demo gym, or if it exists show how to sign in."""
    import msgspec

    from core.demo import seed_demo

    if port == 0 and not serve:
        fail("--port 0 需与 --serve 一起使用（端口在启动服务时才分配）/ --port 0 needs --serve: "
             "the port is picked when the server starts", code=2)
    if reset:
        _delete_sqlite_database()
    info = with_runtime(lambda rt: seed_demo(rt.manager, rt.clock))
    sock = listening_socket(host, port) if serve else None
    url = bound_url(host, sock) if sock else site_url(host, port)
    console, members = f"{url}/console/", f"{url}/m/{info.tenant}/"
    if json:
        print_json({"url": url, "api": f"{url}/api/v1", "docs": f"{url}/schema", "console": console,
                    "member_pages": members, **msgspec.to_builtins(info)})
    else:
        _print_sign_in(info, url, console, members, started=sock is not None, port=port)
    if sock:
        run_server(host, sock)


def _print_sign_in(info: DemoInfo, url: str, console: str, members: str, started: bool, port: int) -> None:
    owner = info.staff[0]
    typer.echo(f"{'已创建' if info.created else '已存在'}演示门店 {info.tenant_name} / demo store "
               f"{'created' if info.created else 'already there'}: {info.members} 会员 members, "
               f"{info.items} 商品 items, 门店 stores: {'、'.join(info.stores)}")
    typer.echo(f"商户后台 console:  {console}" + ("" if started else f"   (启动 start it with `mendian serve --port {port}`)"))
    typer.echo(f"会员端 member pages: {members}   (短信验证码见服务日志 the SMS code is in the serve log)")
    typer.echo(f"API {url}/api/v1 · 文档 docs {url}/schema")
    typer.echo(f"商户代码 tenant code: {info.tenant}")
    for s in info.staff:
        typer.echo(f"  员工 staff  {s.username:<8} 密码 password  {s.password}   {s.name} ({s.role})")
    typer.echo(f"API 密钥 key (全部权限 all scopes): {info.api_key}")
    typer.echo(f"登录 sign in: curl -X POST {url}/api/v1/auth/sessions -H 'Content-Type: application/json' "
               f"-d '{{\"tenant\": \"{info.tenant}\", \"username\": \"{owner.username}\", \"password\": \"{owner.password}\"}}'")
