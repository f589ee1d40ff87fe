"""``mendian docs``: documentation generated from the code."""

from __future__ import annotations

from pathlib import Path

import typer

app = typer.Typer(name="docs", help="文档 / Documentation.", no_args_is_help=True)


@app.command("hooks")
def hooks(path: Path = typer.Option(Path("docs/hooks.md"), help="写到哪里 / where to write")) -> None:
    """由 core/hookspecs.py 生成钩子参考 / Write the hook reference generated from the hookspecs."""
    from cli.hookdoc import write_hook_reference

    changed = write_hook_reference(path)
    typer.echo(f"{path}: {'已更新 / updated' if changed else '已是最新 / up to date'}")


@app.command("sdk")
def sdk(path: Path = typer.Option(Path("docs/plugins/sdk.md"), help="写到哪里 / where to write")) -> None:
    """由 sdk/ 的文档字符串生成 SDK 参考 / Write the SDK reference generated from the SDK's docstrings."""
    from cli.sdkdoc import write_sdk_reference

    changed = write_sdk_reference(path)
    typer.echo(f"{path}: {'已更新 / updated' if changed else '已是最新 / up to date'}")


@app.command("permissions")
def permissions(path: Path = typer.Option(Path("docs/permissions.md"), help="写到哪里 / where to write")) -> None:
    """由 core/tenancy/permissions.py 生成权限矩阵 / Write the permission matrix (role × scope × permission)."""
    from cli.permdoc import write_permission_reference

    changed = write_permission_reference(path)
    typer.echo(f"{path}: {'已更新 / updated' if changed else '已是最新 / up to date'}")
