from __future__ import annotations

import typer

from cli.runtime import fail, opened, print_json, run
from core.tenancy import schemas as s
from core.tenancy import service

app = typer.Typer(name="tenant", help="商户 / Tenants.", no_args_is_help=True)


@app.command("create")
def create(
    slug: str = typer.Argument(..., help="商户代码，如 my-gym / tenant code"),
    name: str = typer.Option(..., help="商户名称 / name"),
    industry: str = typer.Option("general", help="行业 / industry, e.g. gym, convenience"),
    timezone: str = typer.Option("Asia/Shanghai", help="时区 / IANA timezone"),
    json: bool = typer.Option(False, "--json", help="输出 JSON / print JSON"),
) -> None:
    """新建商户（含总店）/ Create a tenant with its first store."""
    import msgspec

    try:
        data = msgspec.convert({"slug": slug, "name": name, "industry": industry, "timezone": timezone}, s.TenantCreate)
    except msgspec.ValidationError as exc:
        fail(f"输入有误 / invalid input: {exc}", 2)

    async def work() -> s.TenantOut:
        async with opened(apply_migrations=True) as rt:
            return await service.create_tenant(data, rt.clock)

    tenant = run(work)
    if json:
        print_json(tenant)
    else:
        typer.echo(f"已创建商户 {tenant.slug} (id {tenant.id}) / tenant created")
