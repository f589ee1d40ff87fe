"""Command-line commands of a plugin, declared as ``Plugin(cli="<module>:visits")`` (mounted as
``mendian <plugin name>``) or added through the ``cli_commands`` hook::

    import typer
    from sdk.cli import command_group, run_in_tenant

    visits = command_group("visits", "到店统计 / Visit counts")

    @visits.command("count")
    def count(member_id: int, tenant: str = typer.Option(..., help="商户代码 / tenant code")) -> None:
        \"\"\"会员到店次数 / How often a member came.\"\"\"
        summary = run_in_tenant(tenant, lambda ctx: service.summary(ctx, member_id))
        typer.echo(summary.visits)

Failures: raise a ``DomainError`` (one line on stderr, exit 1) or call ``fail``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, NoReturn, TypeVar

import typer

from core.context import Context

T = TypeVar("T")


def command_group(name: str, help: str) -> typer.Typer:
    """A group of commands, ``mendian <name> ...``; without a sub-command it prints its help."""
    return typer.Typer(name=name, help=help, no_args_is_help=True)


def run_in_tenant(tenant: str, work: Callable[[Context], Awaitable[T]]) -> T:
    """Open the database (and plugins), run ``work`` with a system Context of the tenant whose
    code is ``tenant`` (every permission), and return its result. ``NotFound`` for an unknown code."""
    from core.commandline import in_tenant

    return in_tenant(tenant, work)


def fail(message: str, code: int = 1) -> NoReturn:
    """Stop with one line on stderr (Chinese first, English beside it) and exit ``code`` (2: bad usage)."""
    from core.commandline import fail as _fail

    _fail(message, code)


def print_json(data: Any) -> None:
    """Print ``data`` (Structs, dicts, lists) as indented JSON on stdout, for pipes and scripts."""
    from core.commandline import print_json as _print_json

    _print_json(data)


__all__ = ["command_group", "fail", "print_json", "run_in_tenant"]
