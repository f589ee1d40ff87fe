"""``mendian``: run a store system from the terminal. Errors are one line and a non-zero exit."""

from __future__ import annotations

import sys

import typer

from cli.commands import apikey, db, demo, docs, ledger, member, plugin, report, serve, staff, tenant
from core.errors import DomainError

app = typer.Typer(
    name="mendian",
    help="门店 Mendian: 插件化的门店系统 / a plugin-based system for physical stores.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.command("serve")(serve.serve)
app.command("demo")(demo.demo)
for group in (db, tenant, staff, apikey, plugin, member, ledger, report, docs):
    app.add_typer(group.app)


def _plugin_commands() -> None:
    """Plugins add their own commands through the ``cli_commands`` wiring hook."""
    from core.app import build_plugin_manager

    build_plugin_manager().wiring("cli_commands", cli=app)


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] not in ("--help", "-h"):
        _plugin_commands()
    try:
        app()
    except DomainError as exc:
        typer.echo(exc.message, err=True)
        sys.exit(1)


if __name__ == "__main__":
    main()
