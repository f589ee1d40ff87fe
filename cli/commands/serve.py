"""``mendian serve``: the HTTP API, the console and the member pages, with the scheduler."""

from __future__ import annotations

import copy
from typing import Any

import typer

from cli.runtime import Runtime, with_runtime


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


def serve(
    host: str = typer.Option("127.0.0.1", help="监听地址 / address to listen on"),
    port: int = typer.Option(8000, help="端口 / port"),
) -> None:
    """启动服务；SQLite 会先应用迁移 / Serve the API and the scheduler; on SQLite, pending migrations are applied first."""
    import uvicorn

    async def prepared(rt: Runtime) -> tuple[Runtime, str | None]:
        # Opening migrates SQLite, and refuses a PostgreSQL that still needs `db migrate`.
        return rt, await _demo_slug()

    rt, demo = with_runtime(prepared)
    if applied := sum(len(r.applied) for r in rt.migrations):
        typer.echo(f"已应用 {applied} 个迁移 / {applied} migration(s) applied")
    url = site_url(host, port)
    typer.echo(f"Mendian 门店 → {url}   (API {url}/api/v1 · 文档 docs {url}/schema · Ctrl+C 停止 stop)")
    typer.echo(f"商户后台 console:  {url}/console/")
    if demo:
        typer.echo(f"会员端 member pages (demo): {url}/m/{demo}/")
    else:
        typer.echo(f"会员端 member pages: {url}/m/<商户代码 tenant code>/   (演示 demo: `mendian demo`)")
    uvicorn.run("core.app:serve_app", factory=True, host=host, port=port, log_level="info", log_config=log_config())
