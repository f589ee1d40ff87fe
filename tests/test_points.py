"""The points plugin (积分) through the REST API: earning and its rounding, exclusions, the level
multiplier, registration and top-ups, paying with points, refunds that claw back (and the owed
rule), a manager's adjustment, the statement — and bad input that changes nothing."""

from checkout_helpers import key, ledger_clean, main_store, make_item, make_member, open_order, pay, top_up
from points_helpers import (
    API,
    adjust,
    balance_of,
    enable_points,
    give,
    ledger_balance,
    paid_order,
    points_of,
    problem,
    refund,
    statement_of,
)

# --- earning ------------------------------------------------------------------------------------


async def test_an_order_earns_per_order_rounded_down(client, tenant):
    await enable_points(client, tenant)
    member = await make_member(client, tenant)
    await paid_order(client, tenant, member, [150, 150])  # ¥3.00: 3 points (per line it would be 1 + 1)
    assert await balance_of(client, tenant, member) == 3
    await paid_order(client, tenant, member, [9_990])  # ¥99.90: 99 points, rounded down
    assert await balance_of(client, tenant, member) == 102
    assert await ledger_balance(tenant, "points_issued") == 102
    assert await ledger_clean(tenant.id)


async def test_one_point_per_ten_yuan_rounds_down_per_order(client, tenant):
    await enable_points(client, tenant, fen_per_point=1000)
    member = await make_member(client, tenant)
    await paid_order(client, tenant, member, [9_990])
    assert await balance_of(client, tenant, member) == 9
    await paid_order(client, tenant, member, [999])
    assert await balance_of(client, tenant, member) == 9


async def test_excluded_categories_and_items_earn_nothing(client, tenant):
    r = await client.post(f"{API}/categories", headers=tenant.headers, json={"code": "group", "name": "团购"})
    assert r.status_code == 201, r.text
    group = r.json()
    deal = await make_item(client, tenant, "deal", 5_000, category_id=group["id"])
    card = await make_item(client, tenant, "gift-card", 3_000)
    towel = await make_item(client, tenant, "towel", 2_000)
    await enable_points(client, tenant, excluded_category_ids=[group["id"]], excluded_item_ids=[card["id"]])
    member = await make_member(client, tenant)
    order = await open_order(client, tenant, [{"item_id": i["id"]} for i in (deal, card, towel)], member_id=member["id"])
    assert (await pay(client, tenant, order["id"], [{"kind": "cash", "amount_fen": 10_000}])).status_code == 201
    assert await balance_of(client, tenant, member) == 20  # the towel only


async def test_the_level_multiplier_doubles_what_an_order_earns(client, tenant):
    await enable_points(client, tenant, "double_points")
    member = await make_member(client, tenant)
    await paid_order(client, tenant, member, [1_250])
    assert await balance_of(client, tenant, member) == 24  # floor(12 × 200 %)


async def test_a_walk_in_sale_earns_nothing(client, tenant):
    await enable_points(client, tenant)
    order = await open_order(client, tenant, [{"item_id": (await make_item(client, tenant, "tea", 800))["id"]}])
    assert (await pay(client, tenant, order["id"], [{"kind": "cash", "amount_fen": 800}])).status_code == 201
    assert await ledger_balance(tenant, "points_issued") == 0


async def test_registration_and_top_ups_earn_points(client, tenant):
    await enable_points(client, tenant, registration_points=50, top_up_fen_per_point=1_000)
    member = await make_member(client, tenant)
    assert await balance_of(client, tenant, member) == 50
    await top_up(client, tenant, member["id"], 100_000)  # ¥1000 at one point per ¥10
    assert await balance_of(client, tenant, member) == 150
    lines = (await statement_of(client, tenant, member))["items"]
    assert [(line["points"], line["reason"]) for line in lines] == [(100, "充值送积分 ¥1000.00"), (50, "注册送积分")]
    assert lines[1]["reason_en"] == "Welcome points"
    assert await ledger_clean(tenant.id)


async def test_a_top_up_refund_claws_back_its_points(client, tenant):
    await enable_points(client, tenant, top_up_fen_per_point=100)
    member = await make_member(client, tenant)
    entry = (await top_up(client, tenant, member["id"], 30_000))["entry"]
    assert await balance_of(client, tenant, member) == 300
    store = await main_store(client, tenant)
    r = await client.post(f"{API}/top-ups/{entry['id']}/refund", headers={**tenant.headers, **key()},
                          json={"store_id": store["id"], "tender": "cash"})
    assert r.status_code == 201, r.text
    assert await balance_of(client, tenant, member) == 0
    assert await ledger_clean(tenant.id)


# --- paying with points -------------------------------------------------------------------------


async def test_points_pay_part_of_an_order_and_that_part_earns_nothing(client, tenant):
    await enable_points(client, tenant)
    member = await make_member(client, tenant)
    await give(client, tenant, member, 5_000)
    await paid_order(client, tenant, member, [10_000], points_fen=3_000)  # 3000 points pay ¥30
    assert await balance_of(client, tenant, member) == 5_000 - 3_000 + 70  # ¥70 paid in cash earns 70
    assert await ledger_balance(tenant, "points_redeemed") == 3_000
    assert await ledger_balance(tenant, "marketing_expense") == 3_000
    kinds = [(line["kind"], line["points"], line["reason"]) for line in (await statement_of(client, tenant, member))["items"]]
    assert kinds[:2] == [("points_earned", 70, kinds[0][2]), ("order_payment", -3_000, "积分抵现")]
    assert await ledger_clean(tenant.id)


async def _state(client, tenant, member, order):
    got = await client.get(f"{API}/orders/{order['id']}", headers=tenant.headers)
    return (await points_of(client, tenant, member), await statement_of(client, tenant, member), got.json()["status"],
            await ledger_balance(tenant, "marketing_expense"))


async def test_bad_points_tenders_are_refused_and_change_nothing(client, tenant):
    await enable_points(client, tenant, points_per_yuan=50, max_redeem_percent=30)
    member = await make_member(client, tenant)
    await give(client, tenant, member, 1_000)
    item = await make_item(client, tenant, "class", 10_000)
    order = await open_order(client, tenant, [{"item_id": item["id"]}], member_id=member["id"])
    before = await _state(client, tenant, member, order)

    def tenders(points_fen):
        return [{"kind": "points", "amount_fen": points_fen}, {"kind": "cash", "amount_fen": 10_000 - points_fen}]

    problem(await pay(client, tenant, order["id"], tenders(1_001)), 422, "points_not_whole")  # 500.5 points
    problem(await pay(client, tenant, order["id"], tenders(3_002)), 422, "points_over_cap")  # cap: ¥30
    r = await pay(client, tenant, order["id"], tenders(2_002))  # 1001 points, the member holds 1000
    problem(r, 409, "insufficient_balance")
    assert "积分" in r.json()["detail"]
    assert await _state(client, tenant, member, order) == before
    assert (await pay(client, tenant, order["id"], tenders(2_000))).status_code == 201  # exactly what is held


async def test_points_need_a_member_on_the_order(client, tenant):
    await enable_points(client, tenant)
    order = await open_order(client, tenant, [{"item_id": (await make_item(client, tenant, "tea", 800))["id"]}])
    problem(await pay(client, tenant, order["id"], [{"kind": "points", "amount_fen": 100},
                                                    {"kind": "cash", "amount_fen": 700}]), 422, "points_need_member")


# --- refunds ------------------------------------------------------------------------------------


async def test_partial_refunds_claw_back_exactly_what_the_order_earned(client, tenant):
    await enable_points(client, tenant)
    member = await make_member(client, tenant)
    order = await paid_order(client, tenant, member, [10_000])
    assert await balance_of(client, tenant, member) == 100
    await refund(client, tenant, order, 3_333)
    assert await balance_of(client, tenant, member) == 67  # 100 × 3333 // 10000 = 33 back
    await refund(client, tenant, order, 3_333)
    assert await balance_of(client, tenant, member) == 34  # 66 back in all
    await refund(client, tenant, order, 3_334)
    assert await balance_of(client, tenant, member) == 0  # the full remainder
    assert await ledger_balance(tenant, "points_issued") == 0
    lines = (await statement_of(client, tenant, member))["items"]
    assert [line["points"] for line in lines] == [-34, -33, -33, 100]
    assert lines[0]["reason"].startswith("退款扣回积分")
    assert await ledger_clean(tenant.id)


async def test_points_already_spent_are_owed_and_taken_from_the_next_earnings(client, tenant):
    await enable_points(client, tenant)
    member = await make_member(client, tenant)
    order = await paid_order(client, tenant, member, [10_000])  # earns 100
    await adjust(client, tenant, member, -90, reason="兑换礼品")  # spent elsewhere
    assert await balance_of(client, tenant, member) == 10
    await refund(client, tenant, order, 10_000)  # 100 to claw back: the 10 held, 90 owed
    summary = await points_of(client, tenant, member)
    assert (summary["balance"], summary["owed"]) == (0, 90)
    await paid_order(client, tenant, member, [5_000])  # earns 50: all of it pays the debt
    summary = await points_of(client, tenant, member)
    assert (summary["balance"], summary["owed"]) == (0, 40)
    await paid_order(client, tenant, member, [10_000])  # earns 100: 40 to the debt, 60 credited
    summary = await points_of(client, tenant, member)
    assert (summary["balance"], summary["owed"]) == (60, 0)
    assert "抵扣欠积分 40" in (await statement_of(client, tenant, member))["items"][0]["reason"]
    assert await ledger_clean(tenant.id)


async def test_a_refund_returns_points_paid_as_a_tender_in_proportion(client, tenant):
    await enable_points(client, tenant)
    member = await make_member(client, tenant)
    await give(client, tenant, member, 5_000)
    order = await paid_order(client, tenant, member, [10_000], points_fen=5_000)  # 5000 points + ¥50 cash, earns 50
    assert await balance_of(client, tenant, member) == 50
    await refund(client, tenant, order, 3_000)  # ¥15 of the points tender: 1500 back; 15 earned clawed back
    assert await balance_of(client, tenant, member) == 50 + 1_500 - 15
    await refund(client, tenant, order, 7_000)  # the rest
    assert await balance_of(client, tenant, member) == 5_000
    assert await ledger_balance(tenant, "points_redeemed") == 0
    assert await ledger_balance(tenant, "marketing_expense") == 0
    assert await ledger_clean(tenant.id)


# --- a manager's adjustment, the statement, the member's own view -------------------------------


async def test_an_adjustment_needs_a_manager_a_reason_and_points(client, tenant):
    await enable_points(client, tenant)
    member = await make_member(client, tenant)
    cashier = {"Authorization": f"Bearer {await tenant.add_staff('cashier1', 'cashier')}"}
    problem(await adjust(client, tenant, member, 10, headers=cashier), 403, "forbidden")
    assert (await adjust(client, tenant, member, 10, reason="")).status_code in (400, 422)
    problem(await adjust(client, tenant, member, 0), 422, "points_adjustment_zero")
    problem(await adjust(client, tenant, member, -1), 409, "insufficient_balance")
    assert await balance_of(client, tenant, member) == 0
    assert (await statement_of(client, tenant, member))["items"] == []


async def test_the_statement_pages_by_entry_with_reasons(client, tenant):
    await enable_points(client, tenant)
    member = await make_member(client, tenant)
    for points in (1, 2, 3):
        await give(client, tenant, member, points)
    first = await statement_of(client, tenant, member, limit=2)
    assert [(line["points"], line["balance_after"], line["reason"]) for line in first["items"]] == [
        (3, 6, "手动调整：开业赠送"), (2, 3, "手动调整：开业赠送")]
    rest = await statement_of(client, tenant, member, limit=2, cursor=first["next_cursor"])
    assert [line["points"] for line in rest["items"]] == [1] and rest["next_cursor"] is None


async def test_a_signed_in_member_reads_their_own_points(client, tenant):
    from member_helpers import bearer, member_session

    await enable_points(client, tenant)
    session = await member_session(client, tenant)
    me = (await client.get(f"{API}/members?q=13800138000", headers=tenant.headers)).json()["items"][0]
    other = await make_member(client, tenant, phone="13900139000", name="李四")
    await give(client, tenant, me, 12)
    await give(client, tenant, other, 99)
    r = await client.get(f"{API}/me/points", headers=bearer(session["token"]))
    assert r.status_code == 200, r.text
    assert (r.json()["member_id"], r.json()["balance"]) == (me["id"], 12)
    r = await client.get(f"{API}/me/points/statement", headers=bearer(session["token"]))
    assert [line["points"] for line in r.json()["items"]] == [12]
    problem(await client.get(f"{API}/members/{other['id']}/points", headers=bearer(session["token"])), 403, "staff_only")


async def test_another_tenants_member_reads_as_not_found(client, tenant, other_tenant):
    await enable_points(client, tenant)
    stranger = await make_member(client, other_tenant)
    problem(await client.get(f"{API}/members/{stranger['id']}/points", headers=tenant.headers), 404, "not_found")


# --- other plugins: sdk.award_points / sdk.deduct_points ---------------------------------------


async def test_other_plugins_award_and_deduct_points_once_per_key(client, tenant):
    import pytest

    from sdk import FeatureNotEnabled, InsufficientBalance, award_points, deduct_points

    member = await make_member(client, tenant)
    with pytest.raises(FeatureNotEnabled):
        await award_points(await tenant.ctx(), member["id"], 5, reason="签到", source="sign_in", idempotency_key="d1")
    await enable_points(client, tenant)
    ctx = await tenant.ctx()
    first = await award_points(ctx, member["id"], 5, reason="签到", reason_en="Signed in", source="sign_in",
                               idempotency_key="sign_in:1")
    again = await award_points(ctx, member["id"], 5, reason="签到", reason_en="Signed in", source="sign_in",
                               idempotency_key="sign_in:1")
    assert (again.id, again.replayed) == (first.id, True)
    spent = await deduct_points(ctx, member["id"], 3, reason="补签", reason_en="Make-up sign-in", source="sign_in",
                                idempotency_key="makeup:1")
    assert not spent.replayed
    with pytest.raises(InsufficientBalance):
        await deduct_points(ctx, member["id"], 3, reason="补签", source="sign_in", idempotency_key="makeup:2")
    assert await balance_of(client, tenant, member) == 2
    lines = (await statement_of(client, tenant, member))["items"]
    assert [(line["points"], line["reason"], line["reason_en"]) for line in lines] == [
        (-3, "补签", "Make-up sign-in"), (5, "签到", "Signed in")]
    assert await ledger_clean(tenant.id)


async def test_every_movement_tells_the_other_plugins_through_points_changed(client, tenant):
    from tests.plugins_for_tests.double_points import CHANGES

    await enable_points(client, tenant, "double_points")
    CHANGES.clear()
    member = await make_member(client, tenant)
    await give(client, tenant, member, 1_000)
    order = await paid_order(client, tenant, member, [10_000], points_fen=1_000)  # 1000 points; ¥90 earns 180
    await refund(client, tenant, order, 10_000)
    assert [(points, kind) for member_id, points, kind, _ in CHANGES if member_id == member["id"]] == [
        (1_000, "earned"), (-1_000, "spent"), (180, "earned"), (1_000, "returned"), (-180, "clawed_back")]
    assert all(entry_id > 0 for *_, entry_id in CHANGES)


async def test_settings_out_of_bounds_are_refused_and_keep_the_old_ones(client, tenant):
    await enable_points(client, tenant, fen_per_point=1000)
    for bad in ({"max_redeem_percent": 101}, {"fen_per_point": 0}, {"expiry": "monthly"}, {"excluded_item_ids": [0]}):
        r = await client.put(f"{API}/plugins/points/settings", headers=tenant.headers, json=bad)
        assert 400 <= r.status_code < 500, r.text
    settings = (await client.get(f"{API}/plugins/points", headers=tenant.headers)).json()["settings"]
    assert settings["fen_per_point"] == 1000 and settings["max_redeem_percent"] == 50


async def test_a_statement_page_outside_1_to_200_is_refused(client, tenant):
    await enable_points(client, tenant)
    member = await make_member(client, tenant)
    for limit in ("0", "-1", "201"):
        r = await client.get(f"/api/v1/members/{member['id']}/points/statement", headers=tenant.headers,
                             params={"limit": limit})
        problem(r, 422, "invalid_input")
