"""``mendian staff``: staff accounts (员工)."""

from __future__ import annotations

from typing import Literal

import typer

from core.commandline import convert, in_tenant

app = typer.Typer(name="staff", help="员工 / Staff accounts.", no_args_is_help=True)


@app.command("create")
def create(
    username: str = typer.Argument(..., help="登录账号 / username"),
    tenant: str = typer.Option(..., help="商户代码 / tenant code"),
    name: str = typer.Option(..., help="姓名 / name"),
    role: Literal["owner", "manager", "cashier", "staff"] = typer.Option(
        ..., help="店主 owner · 店长 manager · 收银 cashier · 员工 staff（教练 coaches）"),
    password: str = typer.Option(..., prompt="密码 / password", hide_input=True, confirmation_prompt=True,
                                 help="密码（至少 8 位；不填则提示输入）/ password (8+ characters; asked for when left out)"),
) -> None:
    """新建员工账号 / Create a staff account."""
    from core.tenancy import schemas as s
    from core.tenancy.service import create_staff

    data = convert({"username": username, "name": name, "role": role, "password": password}, s.StaffCreate)
    staff = in_tenant(tenant, lambda ctx: create_staff(ctx, data))
    typer.echo(f"已创建员工 {staff.username}（{staff.name}，{staff.role}）/ staff account created")
