from __future__ import annotations

import typer

from cli.runtime import opened, run


def serve(
    host: str = typer.Option("127.0.0.1", help="监听地址 / address to listen on"),
    port: int = typer.Option(8000, help="端口 / port"),
) -> None:
    """启动服务 / Serve the API (and the scheduler); applies pending migrations first."""
    import uvicorn

    async def prepare() -> None:
        async with opened(apply_migrations=True):
            pass

    run(prepare)
    typer.echo(f"Mendian 门店 → http://{host}:{port}  (API /api/v1, OpenAPI /schema)")
    uvicorn.run("core.app:serve_app", factory=True, host=host, port=port, log_level="info")
