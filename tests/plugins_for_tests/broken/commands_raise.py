"""Refused: its ``cli_commands`` wiring hook raises (a bug), which must not stop the server or the CLI."""

from sdk import Plugin, hookimpl

plugin = Plugin(name="commands_raise", title="命令出错", title_en="Broken commands", version="1.0.0")


@hookimpl
def cli_commands(cli):
    raise RuntimeError("cli_commands bug")
