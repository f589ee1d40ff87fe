"""Stored value (储值): top-up with bonus, the payment split, refunds of principal only."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.errors import Conflict, InsufficientBalance, InvalidInput
from core.extensions.manager import PluginManager
from core.extensions.plugin import Plugin, hookimpl
from core.ledger import accounts
from core.ledger.schemas import credit, debit
from core.ledger.service import balance, post_entry
from core.ledger.stored_value import StoredValueBalance, refund_top_up, split_payment, stored_value, top_up
from core.ledger.verify import verify


class TwentyPercentBonus:
    """充就送: top up ¥1000, get ¥200."""

    plugin = Plugin(name="bonus_for_tests", title="测试赠送", title_en="Test bonus", version="1")

    @staticmethod
    @hookimpl
    def stored_value_bonus(amount_fen):
        return amount_fen // 5 if amount_fen >= 100_000 else 0


@given(principal=st.integers(0, 10**7), bonus=st.integers(0, 10**7), data=st.data())
def test_split_never_takes_more_than_held_and_adds_up(principal, bonus, data):
    held = StoredValueBalance(principal_fen=principal, bonus_fen=bonus)
    if held.total_fen == 0:
        return
    amount = data.draw(st.integers(1, held.total_fen))
    for policy in ("proportional", "principal_first"):
        p, b = split_payment(held, amount, policy)
        assert p + b == amount and 0 <= p <= principal and 0 <= b <= bonus


def test_split_refuses_more_than_held():
    with pytest.raises(InsufficientBalance):
        split_payment(StoredValueBalance(principal_fen=100, bonus_fen=0), 101)


def test_proportional_split_follows_the_ratio_held():
    assert split_payment(StoredValueBalance(principal_fen=100_000, bonus_fen=20_000), 6_000) == (5_000, 1_000)
    assert split_payment(StoredValueBalance(principal_fen=100_000, bonus_fen=20_000), 6_000, "principal_first") == (6_000, 0)


@pytest.fixture
async def bonus_ctx(tenant, plugin_manager: PluginManager):
    # A manager of its own with the bonus plugin, so the session's shared manager is untouched.
    manager = PluginManager()
    manager.register(TwentyPercentBonus, source="local")
    ctx = await tenant.ctx()
    ctx.hooks = manager.relay(frozenset({"bonus_for_tests"}))
    return ctx


async def test_top_up_1000_gets_200_bonus_as_marketing_expense(bonus_ctx, tenant):
    entry = await top_up(bonus_ctx, member_id=1, store_id=1, amount_fen=100_000, tender="cash")
    assert await stored_value(bonus_ctx, 1) == StoredValueBalance(principal_fen=100_000, bonus_fen=20_000)
    assert await balance(bonus_ctx, accounts.tenant("marketing_expense")) == 20_000
    assert await balance(bonus_ctx, accounts.store(1, "cash")) == 100_000
    assert {p.account_code for p in entry.postings} >= {"member:1:stored_value_bonus", "tenant:marketing_expense"}
    assert await verify(tenant.id) == []


async def test_top_up_replay_posts_once_and_asks_for_no_second_bonus(bonus_ctx):
    first = await top_up(bonus_ctx, 1, 1, 100_000, "cash", idempotency_key="k1")
    again = await top_up(bonus_ctx, 1, 1, 100_000, "cash", idempotency_key="k1")
    assert again.id == first.id
    assert (await stored_value(bonus_ctx, 1)).total_fen == 120_000


async def test_external_top_up_needs_its_reference(bonus_ctx):
    with pytest.raises(InvalidInput):
        await top_up(bonus_ctx, 1, 1, 10_000, "external")


async def test_refund_returns_principal_not_bonus(bonus_ctx, tenant):
    entry = await top_up(bonus_ctx, 1, 1, 100_000, "cash")
    # spend ¥300 of bonus-and-principal proportionally: 250 principal, 50 bonus
    p, b = split_payment(await stored_value(bonus_ctx, 1), 30_000)
    await post_entry(bonus_ctx, "payment", [
        debit(accounts.member(1, "stored_value_principal"), p), debit(accounts.member(1, "stored_value_bonus"), b),
        credit(accounts.tenant("revenue"), p + b)])
    await refund_top_up(bonus_ctx, entry.id, store_id=1, tender="cash")
    assert await stored_value(bonus_ctx, 1) == StoredValueBalance(principal_fen=0, bonus_fen=0)
    assert await balance(bonus_ctx, accounts.store(1, "cash")) == 100_000 - (100_000 - p)
    with pytest.raises(Conflict):
        await refund_top_up(bonus_ctx, entry.id, store_id=1, tender="cash")
    assert await verify(tenant.id) == []
