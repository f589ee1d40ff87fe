"""全民推广 end to end through the REST API: a member promoter shares their link, a friend registers
through it and pays, the commission is pending, becomes available after the refund window, a
partial refund reverses the refunded line's part, a payout in stored value, and a refund after the
payout leaves the promoter owing — with ``mendian ledger verify`` clean after every step."""

from checkout_helpers import ledger_clean, make_item, open_order, pay
from member_helpers import bearer, member_session
from referral_helpers import (
    balances,
    days_later,
    enable_referral,
    ledger_promoter,
    member_promoter,
    pay_out,
    refund_lines,
)

API = "/api/v1"


async def test_promoter_shares_friend_registers_pays_and_refunds(client, tenant, clock, plugin_manager):
    await enable_referral(client, tenant, level1_bp=1_000, refund_window_days=7)
    assert await ledger_clean(tenant.id)

    # 1. 老会员 applies and gets a code and a link to the H5 sign-in page carrying it.
    alice_session, alice = await member_promoter(client, tenant, "13800000001")
    assert alice["status"] == "active" and alice["share_link"] == f"/m/{tenant.slug}?ref={alice['code']}"
    poster = await client.get(f"{API}/me/referral/poster", headers=bearer(alice_session["token"]))
    assert poster.status_code == 200 and poster.headers["content-type"].startswith("image/svg+xml")
    assert alice["code"] in poster.text
    assert await ledger_clean(tenant.id)

    # 2. A friend signs in for the first time through the link: registered and bound to Alice.
    friend = await member_session(client, tenant, "13800000002", ref=alice["code"])
    assert friend["registered"]
    file = (await client.get(f"{API}/referral/members/{friend['member']['id']}", headers=tenant.headers)).json()
    assert file["brought_by"]["promoter_id"] == alice["id"] and file["brought_by"]["source"] == "link"
    member = (await client.get(f"{API}/members/{friend['member']['id']}", headers=tenant.headers)).json()
    assert member["referrer_member_id"] == alice_session["member"]["id"]  # kept in step on the member
    assert await ledger_clean(tenant.id)

    # 3. The friend pays ¥100 for a lesson and ¥3 × 2 for water: 10 % of ¥106 is pending.
    lesson = await make_item(client, tenant, "lesson", 10_000)
    water = await make_item(client, tenant, "water", 300)
    order = await open_order(client, tenant, [{"item_id": lesson["id"]}, {"item_id": water["id"], "quantity": 2}],
                             member_id=friend["member"]["id"])
    r = await pay(client, tenant, order["id"], [{"kind": "cash", "amount_fen": 10_600}])
    assert r.status_code == 201, r.text
    order = r.json()
    assert await balances(client, tenant, alice["id"]) == (1_060, 0, 0, 0)
    mine = (await client.get(f"{API}/me/referral", headers=bearer(alice_session["token"]))).json()
    assert (mine["promoter"]["pending_fen"], mine["promoter"]["available_fen"]) == (1_060, 0)
    brought = (await client.get(f"{API}/me/referral/members", headers=bearer(alice_session["token"]))).json()["items"]
    assert [(b["phone_tail"], b["orders"], b["commission_fen"]) for b in brought] == [("0002", 1, 1_060)]
    assert await ledger_promoter(tenant, alice["id"], "commission_pending") == 1_060
    assert await ledger_clean(tenant.id)

    # 4. Six days on it is still pending; after the seventh day it is available.
    await days_later(tenant, clock, plugin_manager, 6)
    assert await balances(client, tenant, alice["id"]) == (1_060, 0, 0, 0)
    await days_later(tenant, clock, plugin_manager, 1)
    assert await balances(client, tenant, alice["id"]) == (0, 1_060, 0, 0)
    assert await ledger_promoter(tenant, alice["id"], "commission_payable") == 1_060
    assert await ledger_clean(tenant.id)

    # 5. One water is refunded: its ¥3 earned 30 fen, taken back from what is available.
    water_line = next(line for line in order["lines"] if line["sku"] == "water")
    await refund_lines(client, tenant, order, [(water_line["id"], 1)])
    assert await balances(client, tenant, alice["id"]) == (0, 1_030, 0, 0)
    commissions = (await client.get(f"{API}/me/referral/commissions", headers=bearer(alice_session["token"]))).json()["items"]
    assert [(c["amount_fen"], c["reversed_fen"], c["status"]) for c in commissions] == [(1_060, 30, "available")]
    assert await ledger_clean(tenant.id)

    # 6. The manager pays ¥10 out as stored value: Alice's principal grows by ¥10.
    r = await pay_out(client, tenant, alice["id"], 1_000, method="stored_value")
    assert r.status_code == 201, r.text
    assert await balances(client, tenant, alice["id"]) == (0, 30, 1_000, 0)
    mine = (await client.get(f"{API}/me/balances", headers=bearer(alice_session["token"]))).json()["items"]
    assert {b["purpose"]: b["balance"] for b in mine}["stored_value_principal"] == 1_000
    assert await ledger_clean(tenant.id)

    # 7. The lesson is refunded after the payout: its ¥10 comes back off available, which goes below zero.
    lesson_line = next(line for line in order["lines"] if line["sku"] == "lesson")
    await refund_lines(client, tenant, order, [(lesson_line["id"], 1)])
    assert await balances(client, tenant, alice["id"]) == (0, -970, 1_000, 970)
    statement = (await client.get(f"{API}/referral/promoters/{alice['id']}/statement", headers=tenant.headers)).json()
    assert [line["kind"] for line in statement["available"]] == [
        "commission_reversed", "commission_paid", "commission_reversed", "commission_available"]
    assert statement["available"][0]["balance_after_fen"] == -970
    assert await ledger_promoter(tenant, alice["id"], "commission_payable") == -970
    assert await ledger_clean(tenant.id)
