"""``mendian serve``: the HTTP API, with its scheduler."""

from __future__ import annotations

import typer

from cli.runtime import Runtime, with_runtime


def serve(
    host: str = typer.Option("127.0.0.1", help="监听地址 / address to listen on"),
    port: int = typer.Option(8000, help="端口 / port"),
) -> None:
    """启动服务；SQLite 会先应用迁移 / Serve the API and the scheduler; on SQLite, pending migrations are applied first."""
    import uvicorn

    async def prepared(rt: Runtime) -> Runtime:
        return rt  # opening migrates SQLite, and refuses a PostgreSQL that still needs `db migrate`

    rt = with_runtime(prepared)
    if applied := sum(len(r.applied) for r in rt.migrations):
        typer.echo(f"已应用 {applied} 个迁移 / {applied} migration(s) applied")
    url = f"http://{host}:{port}"
    typer.echo(f"Mendian 门店 → {url}   (API {url}/api/v1 · 文档 docs {url}/schema · Ctrl+C 停止 stop)")
    uvicorn.run("core.app:serve_app", factory=True, host=host, port=port, log_level="info")
