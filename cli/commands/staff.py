from __future__ import annotations

import msgspec
import typer

from cli.runtime import fail, opened, run
from core.tenancy import schemas as s
from core.tenancy import service

app = typer.Typer(name="staff", help="员工 / Staff accounts.", no_args_is_help=True)


@app.command("create")
def create(
    username: str = typer.Argument(..., help="登录账号 / username"),
    tenant: str = typer.Option(..., help="商户代码 / tenant code"),
    name: str = typer.Option(..., help="姓名 / name"),
    role: str = typer.Option(..., help="owner | manager | cashier | staff"),
    password: str = typer.Option(..., prompt=True, hide_input=True, confirmation_prompt=True,
                                 help="密码（至少 8 位）/ password (8+ characters)"),
) -> None:
    """新建员工账号 / Create a staff account."""
    try:
        data = msgspec.convert({"username": username, "name": name, "role": role, "password": password}, s.StaffCreate)
    except msgspec.ValidationError as exc:
        fail(f"输入有误 / invalid input: {exc}", 2)

    async def work() -> s.StaffOut:
        async with opened() as rt:
            return await service.create_staff(await rt.tenant(tenant), data)

    staff = run(work)
    typer.echo(f"已创建员工 {staff.username}（{staff.role}）/ staff account created")
