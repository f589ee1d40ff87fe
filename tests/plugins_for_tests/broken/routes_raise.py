"""Refused: its ``api_routes`` wiring hook raises (a bug), which must not stop the server or the CLI."""

from sdk import Plugin, hookimpl

plugin = Plugin(name="routes_raise", title="路由出错", title_en="Broken routes", version="1.0.0")


@hookimpl
def api_routes():
    raise RuntimeError("api_routes bug")
