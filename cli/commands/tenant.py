"""``mendian tenant``: merchants (商户)."""

from __future__ import annotations

import typer

from core.commandline import convert, print_json, with_runtime

app = typer.Typer(name="tenant", help="商户 / Tenants.", no_args_is_help=True)


@app.command("create")
def create(
    slug: str = typer.Argument(..., help="商户代码，如 my-gym / tenant code, e.g. my-gym"),
    name: str = typer.Option(..., help="商户名称 / name"),
    industry: str = typer.Option("general", help="行业，如 gym、convenience / industry"),
    timezone: str = typer.Option("Asia/Shanghai", help="时区 / IANA timezone"),
    json: bool = typer.Option(False, "--json", help="输出 JSON / print JSON"),
) -> None:
    """新建商户（含总店）/ Create a tenant with its first store."""
    from core.tenancy import schemas as s
    from core.tenancy.service import create_tenant

    data = convert({"slug": slug, "name": name, "industry": industry, "timezone": timezone}, s.TenantCreate)
    tenant = with_runtime(lambda rt: create_tenant(data, rt.clock))
    if json:
        print_json(tenant)
    else:
        typer.echo(f"已创建商户 {tenant.slug}（{tenant.name}，id {tenant.id}）/ tenant created")
