"""Tenant accounts settle at commit (core/ledger/settling.py): the tenant's revenue and the like
move when the transaction commits, not where the entry is posted, and nothing can tell."""

import asyncio

import pytest

from core import db
from core.ledger import accounts
from core.ledger.schemas import credit, debit
from core.ledger.service import balance, post_entry, statement
from core.ledger.tables import LedgerPosting
from core.ledger.verify import verify

CASH = accounts.store(1, "cash")
REVENUE = accounts.tenant("revenue")


def principal(member_id: int):
    return accounts.member(member_id, "stored_value_principal")


async def _postings(tenant_id: int, account: accounts.AccountRef = REVENUE) -> list[dict]:
    rows = await LedgerPosting.select(LedgerPosting.id, LedgerPosting.amount, LedgerPosting.balance_after).where(
        (LedgerPosting.tenant_id == tenant_id) & (LedgerPosting.account_id.code == account.code)
    ).order_by(LedgerPosting.id)
    return rows


def _chained(rows: list[dict], sign: int = -1) -> bool:
    """Each posting's balance after is the one before it plus its amount (revenue is credit-normal:
    ``sign`` -1; a debit-normal account's is 1)."""
    running = 0
    for row in rows:
        running += sign * row["amount"]
        if row["balance_after"] != running:
            return False
    return True


async def _fund(ctx, members: range) -> None:
    for member_id in members:
        await post_entry(ctx, "top_up", [debit(CASH, 1_000), credit(principal(member_id), 1_000)])


async def test_a_read_in_the_transaction_sees_what_was_posted_before_it(tenant):
    ctx = await tenant.ctx()
    await post_entry(ctx, "top_up", [debit(CASH, 10_000), credit(principal(7), 10_000)])
    async with db.transaction():
        first = await post_entry(ctx, "payment", [debit(principal(7), 3_000), credit(REVENUE, 3_000)])
        await post_entry(ctx, "payment", [debit(principal(7), 2_000), credit(REVENUE, 2_000)])
        assert await balance(ctx, REVENUE) == 5_000  # settled for the read
        lines = await statement(ctx, REVENUE)
        assert [line.balance_after for line in lines] == [5_000, 3_000]
    [posting] = [p for p in first.postings if p.account_code == REVENUE.code]
    assert posting.balance_after == 3_000  # the entry handed out carries its running balance
    assert _chained(await _postings(tenant.id))
    assert await verify(tenant.id) == []


async def test_the_entry_handed_out_inside_a_transaction_is_complete_after_commit(tenant):
    ctx = await tenant.ctx()
    await post_entry(ctx, "top_up", [debit(CASH, 10_000), credit(principal(7), 10_000)])
    async with db.transaction():
        entry = await post_entry(ctx, "payment", [debit(principal(7), 4_000), credit(REVENUE, 4_000)])
        second = await post_entry(ctx, "payment", [debit(principal(7), 1_000), credit(REVENUE, 1_000)])
    by_code = {p.account_code: p.balance_after for p in entry.postings}
    assert by_code == {principal(7).code: 6_000, REVENUE.code: 4_000}
    assert {p.account_code: p.balance_after for p in second.postings}[REVENUE.code] == 5_000
    assert await balance(ctx, REVENUE) == 5_000


async def test_a_rolled_back_transaction_moves_no_tenant_account(tenant):
    ctx = await tenant.ctx()
    await post_entry(ctx, "top_up", [debit(CASH, 10_000), credit(principal(7), 10_000)])
    with pytest.raises(RuntimeError, match="till closed"):
        async with db.transaction():
            await post_entry(ctx, "payment", [debit(principal(7), 3_000), credit(REVENUE, 3_000)])
            raise RuntimeError("till closed")
    assert await balance(ctx, REVENUE) == 0
    assert await balance(ctx, principal(7)) == 10_000
    assert await _postings(tenant.id) == []
    assert await verify(tenant.id) == []


async def test_concurrent_payments_leave_the_tenant_account_chained(tenant):
    """Many payments at once (real parallel connections on PostgreSQL): revenue holds their sum,
    and its postings' running balances follow one another in order."""
    ctx = await tenant.ctx()
    members = range(100, 120)
    await _fund(ctx, members)

    async def pay(member_id: int, fen: int) -> None:
        async with db.transaction():
            await post_entry(ctx, "payment", [debit(principal(member_id), fen), credit(REVENUE, fen)])
            await post_entry(ctx, "payment", [debit(principal(member_id), fen), credit(REVENUE, fen)])

    await asyncio.gather(*(pay(m, 10 + i) for i, m in enumerate(members)))
    rows = await _postings(tenant.id)
    assert len(rows) == 40
    assert await balance(ctx, REVENUE) == sum(2 * (10 + i) for i in range(len(members)))
    assert _chained(rows)
    assert await verify(tenant.id) == []


async def test_concurrent_transactions_moving_two_tenant_accounts_settle_both_in_order(tenant):
    """Each transaction keeps movements of two tenant accounts, settled together at commit (on
    PostgreSQL in one statement, locking them in ascending id order): none deadlocks, and both
    accounts end with their sums and chained running balances."""
    ctx = await tenant.ctx()
    expense = accounts.tenant("marketing_expense")
    members = range(200, 216)
    await _fund(ctx, members)

    async def pay_and_reward(member_id: int, fen: int) -> None:
        async with db.transaction():
            await post_entry(ctx, "payment", [debit(principal(member_id), fen), credit(REVENUE, fen)])
            await post_entry(ctx, "reward", [debit(expense, fen // 2),
                                             credit(accounts.member(member_id, "stored_value_bonus"), fen // 2)])

    await asyncio.gather(*(pay_and_reward(m, 20 + 2 * i) for i, m in enumerate(members)))
    assert await balance(ctx, REVENUE) == sum(20 + 2 * i for i in range(len(members)))
    assert await balance(ctx, expense) == sum(10 + i for i in range(len(members)))
    assert _chained(await _postings(tenant.id))
    assert _chained(await _postings(tenant.id, expense), sign=1)
    assert await verify(tenant.id) == []
