"""``mendian serve``: the HTTP API, the console and the member pages, with the scheduler."""

from __future__ import annotations

import copy
import os
import socket
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer

from core.commandline import Runtime, fail, with_runtime


def site_url(host: str, port: int) -> str:
    """The address to open: a wildcard listen address is reached on this machine as 127.0.0.1."""
    shown = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host  # noqa: S104  not binding, printing
    return f"http://{shown}:{port}"


class LogLevel(StrEnum):
    critical = "critical"
    error = "error"
    warning = "warning"
    info = "info"
    debug = "debug"
    trace = "trace"


class LogFormat(StrEnum):
    text = "text"
    json = "json"


GRACEFUL_SHUTDOWN_S = 30
OUR_LOGGERS = ("mendian", "core", "plugins", "sdk")


def log_config(level: str = "info", log_format: str = "text") -> dict[str, Any]:
    """uvicorn's own logging, plus Mendian's loggers at ``level`` on the same console, and any
    other library's warnings; ``json``: every line one JSON object (``core.logs.JsonFormatter``).

    With the local SMS provider (no real one configured) the sign-in codes members ask for are
    logged by ``mendian.sms.local``: the person running the server reads them here.
    """
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    for name in OUR_LOGGERS:
        config["loggers"][name] = {"handlers": ["default"], "level": level.upper(), "propagate": False}
    config["root"] = {"handlers": ["default"], "level": "WARNING"}
    if log_format == "json":
        config["formatters"]["json"] = {"()": "core.logs.JsonFormatter"}
        for handler in config["handlers"].values():
            handler["formatter"] = "json"
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


def run_server(host: str, sock: socket.socket, workers: int = 1, log_level: str = "info",
               log_format: str = "text", graceful_s: int = GRACEFUL_SHUTDOWN_S) -> None:
    """``core.app:serve_app`` (the app with its scheduler) on the socket bound already: in this
    process, or in ``workers`` processes sharing the socket under uvicorn's supervisor, which
    restarts a worker that dies. On SIGTERM or Ctrl+C a worker stops taking connections and
    gives the requests in flight up to ``graceful_s`` seconds to finish."""
    import uvicorn

    config = uvicorn.Config("core.app:serve_app", factory=True, host=host, port=sock.getsockname()[1],
                            workers=workers, log_level=log_level, log_config=log_config(log_level, log_format),
                            timeout_graceful_shutdown=graceful_s)
    if workers > 1:
        from uvicorn.supervisors import Multiprocess

        Multiprocess(config, sockets=[sock]).run()
    else:
        uvicorn.Server(config).run(sockets=[sock])


def fresh_metrics_folder() -> None:
    """In prometheus-client's multiprocess mode each worker counts in files in
    ``PROMETHEUS_MULTIPROC_DIR``: empty it before the workers start, or the counts of processes
    gone would be added in again."""
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if not folder:
        return
    path = Path(folder)
    path.mkdir(parents=True, exist_ok=True)
    for old in path.glob("*.db"):
        old.unlink(missing_ok=True)


def _settings_from_options(pool_size: int | None, log_format: LogFormat | None) -> str:
    """Options override their settings; as environment variables they reach every worker process.
    Returns the log format in force."""
    from core.settings import get_settings

    if pool_size is not None:
        os.environ["MENDIAN_DB_POOL_SIZE"] = str(pool_size)
    if log_format is not None:
        os.environ["MENDIAN_LOG_FORMAT"] = log_format.value
    get_settings.cache_clear()
    try:
        return get_settings().log_format
    except ValueError as exc:
        fail(f"配置有误 / bad configuration: {exc}")


def serve(
    host: str = typer.Option("127.0.0.1", help="监听地址 / address to listen on"),
    port: int = typer.Option(8000, help="端口；0 由系统分配空闲端口 / port; 0 picks a free one"),
    workers: int = typer.Option(1, min=1, help="工作进程数 / worker processes (PostgreSQL for more than one)"),
    log_level: LogLevel = typer.Option(LogLevel.info, case_sensitive=False, help="日志级别 / log level"),
    log_format: LogFormat | None = typer.Option(
        None, case_sensitive=False,
        help="日志格式：text 或 json（每行一个 JSON）/ text, or json: one object a line [MENDIAN_LOG_FORMAT; text]"),
    pool_size: int | None = typer.Option(
        None, min=1, help="每个进程的数据库连接池上限 / PostgreSQL connections per worker [MENDIAN_DB_POOL_SIZE; 20]"),
    graceful_timeout: int = typer.Option(
        GRACEFUL_SHUTDOWN_S, min=0, help="停止时等待处理中请求的秒数 / seconds requests in flight get to finish on stop"),
) -> None:
    """启动服务；SQLite 会先应用迁移 / Serve the API and the scheduler; on SQLite, pending migrations are applied first."""
    chosen_format = _settings_from_options(pool_size, log_format)
    fresh_metrics_folder()

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
    run_server(host, sock, workers=workers, log_level=log_level.value, log_format=chosen_format,
               graceful_s=graceful_timeout)
