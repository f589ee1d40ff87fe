"""``mendian serve``: the HTTP API, the console and the member pages, with the scheduler."""

from __future__ import annotations

import copy
import socket
from typing import Any

import typer

from core.commandline import Runtime, fail, with_runtime


def site_url(host: str, port: int) -> str:
    """The address to open: a wildcard listen address is reached on this machine as 127.0.0.1."""
    shown = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host  # noqa: S104  not binding, printing
    return f"http://{shown}:{port}"


def log_config() -> dict[str, Any]:
    """uvicorn's own logging, plus Mendian's loggers at INFO on the same console.

    With the local SMS provider (no real one configured) the sign-in codes members ask for are
    logged by ``mendian.sms.local``: the person running the server reads them here.
    """
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config["loggers"]["mendian"] = {"handlers": ["default"], "level": "INFO", "propagate": False}
    return config


async def _demo_slug() -> str | None:
    from core.demo import SLUG
    from core.tenancy.tables import Tenant

    return SLUG if await Tenant.exists().where(Tenant.slug == SLUG) else None


def listening_socket(host: str, port: int) -> socket.socket:
    """A socket bound to ``host:port`` and listening, before the app starts: with ``--port 0`` the
    system picks a free port, and the address printed is the one bound. Connections made before
    the app is ready wait in the queue rather than being refused."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        fail(f"无法监听 {host}:{port}（{exc.strerror}）/ cannot listen on {host}:{port}: {exc.strerror}")
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def bound_url(host: str, sock: socket.socket) -> str:
    return site_url(host, sock.getsockname()[1])


def run_server(host: str, sock: socket.socket) -> None:
    """``core.app:serve_app`` (the app with its scheduler) on the socket bound already."""
    import uvicorn

    config = uvicorn.Config("core.app:serve_app", factory=True, host=host, port=sock.getsockname()[1],
                            log_level="info", log_config=log_config())
    uvicorn.Server(config).run(sockets=[sock])


def serve(
    host: str = typer.Option("127.0.0.1", help="监听地址 / address to listen on"),
    port: int = typer.Option(8000, help="端口；0 由系统分配空闲端口 / port; 0 picks a free one"),
) -> None:
    """启动服务；SQLite 会先应用迁移 / Serve the API and the scheduler; on SQLite, pending migrations are applied first."""

    async def prepared(rt: Runtime) -> tuple[Runtime, str | None]:
        # Opening migrates SQLite, and refuses a PostgreSQL that still needs `db migrate`.
        return rt, await _demo_slug()

    rt, demo = with_runtime(prepared)
    if applied := sum(len(r.applied) for r in rt.migrations):
        typer.echo(f"已应用 {applied} 个迁移 / {applied} migration(s) applied")
    sock = listening_socket(host, port)
    url = bound_url(host, sock)
    typer.echo(f"Mendian 门店 → {url}   (API {url}/api/v1 · 文档 docs {url}/schema · Ctrl+C 停止 stop)")
    typer.echo(f"商户后台 console:  {url}/console/")
    if demo:
        typer.echo(f"会员端 member pages (demo): {url}/m/{demo}/")
    else:
        typer.echo(f"会员端 member pages: {url}/m/<商户代码 tenant code>/   (演示 demo: `mendian demo`)")
    run_server(host, sock)
