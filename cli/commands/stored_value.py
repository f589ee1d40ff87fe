"""``mendian stored-value``: top-ups (充值), top-up refunds, balances and statements (明细)."""

from __future__ import annotations

from typing import Literal

import typer

from cli.commands.money import fen, member_id, once
from core.commandline import in_tenant, print_json

app = typer.Typer(name="stored-value", help="储值：充值、退款、余额、明细 / Stored value: top-ups, refunds, balances, statements.",
                  no_args_is_help=True)

TENANT = typer.Option(..., "--tenant", help="商户代码 / tenant code")
MEMBER = typer.Option(..., "--member", help="会员 ID 或手机号 / member id or phone")
IDEMPOTENCY = typer.Option(None, "--idempotency-key", help="重复执行同一键不会重复入账 / a repeated key posts once")


@app.command("top-up")
def top_up(
    tenant: str = TENANT,
    member: str = MEMBER,
    store: int = typer.Option(..., help="收款门店 ID / store id that takes the money"),
    amount: str = typer.Option(..., help="充值金额（元）/ amount in yuan"),
    tender: str = typer.Option("cash", help="cash 或 external / cash or external"),
    reference: str = typer.Option("", help="外部支付的交易参考号 / the external payment's reference"),
    idempotency_key: str | None = IDEMPOTENCY,
) -> None:
    """充值，插件规则可赠送 / Top up a member's stored value; enabled plugins may add a bonus (充就送)."""
    from core.ledger.api import TopUpOut, _store
    from core.ledger.stored_value import stored_value
    from core.ledger.stored_value import top_up as post_top_up

    fen_ = fen(amount)
    kind = _tender(tender)

    async def work(ctx):
        ctx.require("stored_value.topup")
        who = await member_id(ctx, member)
        store_id = await _store(ctx, store)

        async def post() -> TopUpOut:
            entry = await post_top_up(ctx, who, store_id, fen_, kind, reference)
            return TopUpOut(entry=entry, balance=await stored_value(ctx, who))

        request = {"member": who, "store": store_id, "amount_fen": fen_, "tender": kind, "reference": reference}
        return await once(ctx, idempotency_key, "stored-value top-up", request, post)

    print_json(in_tenant(tenant, work))


@app.command("refund")
def refund(
    entry_id: int = typer.Argument(..., help="充值流水 ID（top-up 输出的 entry.id）/ the top-up's entry id"),
    tenant: str = TENANT,
    store: int = typer.Option(..., help="退款门店 ID / store id that pays back"),
    tender: str = typer.Option("cash", help="cash 或 external / cash or external"),
    idempotency_key: str | None = IDEMPOTENCY,
) -> None:
    """储值退款：退回剩余本金，未用完的赠送金额作废 / Refund a top-up's remaining principal; its unspent bonus is removed."""
    from core.ledger.api import _store
    from core.ledger.stored_value import refund_top_up

    kind = _tender(tender)

    async def work(ctx):
        ctx.require("stored_value.refund")
        store_id = await _store(ctx, store)
        return await once(ctx, idempotency_key, f"stored-value refund {entry_id}", {"store": store_id, "tender": kind},
                          lambda: refund_top_up(ctx, entry_id, store_id, kind))

    print_json(in_tenant(tenant, work))


@app.command("balances")
def balances(tenant: str = TENANT, member: str = MEMBER) -> None:
    """会员的全部余额：储值本金与赠送、积分、次卡 / Every balance a member holds."""
    from core.ledger.service import balances as member_balances

    async def work(ctx):
        ctx.require("members.read")
        return await member_balances(ctx, "member", await member_id(ctx, member))

    print_json(in_tenant(tenant, work))


@app.command("statement")
def statement(
    tenant: str = TENANT,
    member: str = MEMBER,
    purpose: str = typer.Option("stored_value_principal", help="余额种类，见 balances 的 purpose / which balance (see balances)"),
    limit: int = typer.Option(50, min=1, max=200, help="条数 / how many"),
    before: int | None = typer.Option(None, help="翻页：上一页最后一条的 entry_id / page: the last entry_id seen"),
) -> None:
    """明细，新的在前，含每笔后的余额 / A balance's movements, newest first, with the running balance."""
    from core.commandline import fail
    from core.ledger import accounts
    from core.ledger.service import statement as account_statement

    if accounts.PURPOSES.get(purpose) is None or accounts.PURPOSES[purpose].allow_negative:
        fail(f"不是会员的余额种类 / not a member balance: {purpose}", 2)

    async def work(ctx):
        ctx.require("members.read")
        ref = accounts.member(await member_id(ctx, member), purpose)
        return await account_statement(ctx, ref, before_id=before, limit=limit)

    print_json(in_tenant(tenant, work))


def _tender(text: str) -> Literal["cash", "external"]:
    from core.commandline import fail

    if text not in ("cash", "external"):
        fail(f"支付方式应为 cash 或 external / tender must be cash or external: {text}", 2)
    return text  # type: ignore[return-value]
