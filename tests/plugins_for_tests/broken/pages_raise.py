"""Refused: its ``console_pages`` wiring hook raises (a bug), which must not stop the server or the CLI."""

from sdk import Plugin, hookimpl

plugin = Plugin(name="pages_raise", title="页面出错", title_en="Broken pages", version="1.0.0")


@hookimpl
def console_pages():
    raise RuntimeError("console_pages bug")
