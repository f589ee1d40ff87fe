"""``mendian``: run a store system from the terminal.

Every failure the user can cause is one line on stderr, Chinese first with English beside it,
and a non-zero exit: 1 when the system refuses (a domain error), 2 for bad usage. A traceback
means a bug.
"""

from __future__ import annotations

import sys
from typing import Any

import typer
from typer.core import TyperGroup

from cli.commands import (
    apikey,
    db,
    demo,
    docs,
    jobs,
    ledger,
    member,
    messages,
    order,
    plugin,
    report,
    serve,
    staff,
    stored_value,
    tenant,
)
from core.errors import DomainError


class OneLineErrors(TyperGroup):
    """Runs the command and turns what went wrong into one line (typer would draw a box)."""

    def main(self, args: Any = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, **extra: Any) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except typer.TyperException as exc:  # typer's own click: usage errors, bad files, missing options
            if type(exc).__name__ == "NoArgsIsHelpError":  # a bare group: its help was the answer
                if text := exc.format_message():  # empty when rich has already drawn it
                    typer.echo(text)
                sys.exit(0)
            ctx = getattr(exc, "ctx", None)
            where = f" (`{ctx.command_path} --help`)" if ctx is not None else ""
            typer.echo(f"用法有误 / usage: {exc.format_message()}{where}", err=True)
            sys.exit(exc.exit_code)
        except typer.Abort:
            typer.echo("已取消 / aborted", err=True)
            sys.exit(1)
        except DomainError as exc:
            typer.echo(exc.message, err=True)
            sys.exit(1)
        sys.exit(result if isinstance(result, int) else 0)


app = typer.Typer(
    name="mendian",
    cls=OneLineErrors,
    help="门店 Mendian: 插件化的门店系统 / a plugin-based system for physical stores.",
    epilog="插件可以增加命令，见 mendian plugin list / plugins may add commands: see `mendian plugin list`.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.command("serve")(serve.serve)
app.command("demo")(demo.demo)
GROUPS = (db, tenant, staff, apikey, plugin, member, order, stored_value, messages, jobs, ledger, report, docs)
for group in GROUPS:
    app.add_typer(group.app)

KERNEL_COMMANDS = {"serve", "demo", *(group.app.info.name for group in GROUPS)}


def add_plugin_commands(argv: list[str]) -> None:
    """Plugins add their commands through the ``cli_commands`` wiring hook.

    Loading the plugins imports the whole kernel (about a second), so it is skipped when the
    first word is a kernel command or a request for the top-level help.
    """
    first = next((a for a in argv if not a.startswith("-")), None)
    if first is None or first in KERNEL_COMMANDS:
        return
    from core.commandline import plugin_manager

    plugin_manager().wiring("cli_commands", cli=app)


def main() -> None:
    add_plugin_commands(sys.argv[1:])
    app()


if __name__ == "__main__":
    main()
