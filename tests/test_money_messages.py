"""Refusals that name amounts read in yuan (¥), never in fen; the problem keeps the fen for machines."""

from __future__ import annotations

from checkout_helpers import make_item, make_member, open_order, pay, top_up

from core.errors import InsufficientBalance, RefundTooLarge, TendersMismatch
from tests.console_helpers import post_form, sign_in


def _reads_in_yuan(text: str) -> None:
    assert "分" not in text and "fen" not in text, text


async def test_tenders_that_do_not_add_up_say_both_amounts_and_the_gap_in_yuan(client, tenant):
    item = await make_item(client, tenant, "pt-1", 30_000, kind="service")
    order = await open_order(client, tenant, [{"item_id": item["id"], "quantity": 1}])
    r = await pay(client, tenant, order["id"], [{"kind": "cash", "amount_fen": 50_000}])
    problem = r.json()
    assert problem["code"] == "tenders_mismatch"
    assert problem["detail"] == "支付合计 ¥500 与应付 ¥300 不符（多了 ¥200）"
    assert problem["detail_en"] == "Tenders add up to ¥500 but ¥300 is due (¥200 over)"
    assert (problem["paid"], problem["total"]) == (50_000, 30_000)  # machines keep the fen


async def test_not_enough_stored_value_says_what_is_needed_and_held_in_yuan(client, tenant):
    member = await make_member(client, tenant)
    await top_up(client, tenant, member["id"], 1_050)
    item = await make_item(client, tenant, "bar", 3_000)
    order = await open_order(client, tenant, [{"item_id": item["id"], "quantity": 1}], member["id"])
    r = await pay(client, tenant, order["id"], [{"kind": "stored_value", "amount_fen": 3_000}])
    problem = r.json()
    assert problem["code"] == "insufficient_balance"
    assert "¥30" in problem["detail"] and "¥10.50" in problem["detail"]
    _reads_in_yuan(problem["detail"])
    _reads_in_yuan(problem["detail_en"])
    assert (problem["needed"], problem["available"], problem["unit"]) == (3_000, 1_050, "CNY")


def test_points_and_sessions_are_counted_not_priced():
    points = InsufficientBalance(account="积分", account_en="points", needed=1_200, available=50, unit="POINT")
    assert points.detail_zh == "积分余额不足：需要 1,200 积分，可用 50 积分"
    sessions = InsufficientBalance(account="卡内次数", account_en="card sessions", needed=2, available=1, unit="SESSION")
    assert sessions.detail_en == "Insufficient card sessions: 2 sessions needed, 1 sessions available"


def test_a_refund_too_large_and_a_shortfall_read_in_yuan():
    assert RefundTooLarge(amount=2_050, refundable=1_500).detail_zh == "退款 ¥20.50 超过可退金额 ¥15"
    assert TendersMismatch(paid=100, total=30_050).detail_zh == "支付合计 ¥1 与应付 ¥300.50 不符（还差 ¥299.50）"


async def test_the_till_shows_a_payment_refusal_in_yuan(client, tenant):
    item = await make_item(client, tenant, "pt-1", 30_000, kind="service")
    order = await open_order(client, tenant, [{"item_id": item["id"], "quantity": 1}])
    await sign_in(client, tenant.slug, "owner")
    page = await post_form(client, f"/console/checkout/{order['id']}/pay", {"cash": "", "external": "500",
                                                                            "reference": "WX1"})
    assert page.status_code == 422
    assert "支付合计 ¥500 与应付 ¥300 不符" in page.text and "分与应付" not in page.text


def test_an_order_refusal_names_its_status_not_its_code():
    from core.errors import OrderNotPayable

    refused = OrderNotPayable(status="cancelled")
    assert (refused.detail_zh, refused.extra["status"]) == ("订单已作废，不能收款", "cancelled")
