"""Objects for the wiring declarations of tests/test_plugin_wiring.py to point at."""

import typer

ROUTES: list = []
JOBS: list = []
COMMANDS = typer.Typer()


@COMMANDS.command()
def hello() -> None:
    typer.echo("hello from a declared command")
