"""会员等级: the default ladder, automatic upgrades by the chosen metric (across two levels at once),
refunds that never downgrade on the spot, the yearly review at the store's local midnight,
overrides with a reason, member prices and discounts named on the receipt, the points
multiplier, and refused ladders that change nothing."""

import asyncio
import datetime as dt

from checkout_helpers import ledger_clean, make_item, make_member, move_to, open_order, pay
from levels_helpers import enable_levels, history_of, level_of, save_tiers, tier, tiers_of
from points_helpers import balance_of, paid_order, problem, refund
from stored_value_helpers import rule, top_up

UTC = dt.UTC



async def test_a_new_member_starts_on_the_lowest_of_the_three_default_levels(client, tenant):
    await enable_levels(client, tenant)
    assert [(t["code"], t["name"], t["threshold"]) for t in await tiers_of(client, tenant)] == [
        ("regular", "普通", 0), ("silver", "白银", 100_000), ("gold", "黄金", 500_000)]
    member = await make_member(client, tenant)
    level = await level_of(client, tenant, member)
    assert (level["code"], level["progress"], level["next"]["code"], level["next"]["missing"]) == ("regular", 0, "silver", 100_000)
    found = await client.get("/api/v1/members", headers=tenant.headers, params={"level": "regular"})
    assert [m["id"] for m in found.json()["items"]] == [member["id"]]


async def test_spend_that_crosses_two_thresholds_upgrades_once_to_the_higher(client, tenant):
    await enable_levels(client, tenant)
    member = await make_member(client, tenant)
    await paid_order(client, tenant, member, [99_999])
    assert (await level_of(client, tenant, member))["code"] == "regular"  # ¥999.99: a fen short of 白银
    await paid_order(client, tenant, member, [400_001])
    level = await level_of(client, tenant, member)
    assert (level["code"], level["progress"], level["next"]) == ("gold", 500_000, None)
    [change] = await history_of(client, tenant, member)
    assert (change["from_code"], change["to_code"], change["source"], change["reason"]) == \
        ("regular", "gold", "auto", "累计消费满 ¥5,000，自动升级")


async def test_a_refund_lowers_the_figure_but_not_the_level(client, tenant):
    await enable_levels(client, tenant)
    member = await make_member(client, tenant)
    order = await paid_order(client, tenant, member, [120_000])
    await refund(client, tenant, order, 60_000)
    level = await level_of(client, tenant, member)
    assert (level["code"], level["progress"]) == ("silver", 60_000)


async def test_top_ups_count_the_principal_not_the_bonus(client, tenant):
    await enable_levels(client, tenant, "stored_value", metric="top_up")
    await rule(client, tenant, min_amount_fen=50_000, bonus_fen=40_000)
    member = await make_member(client, tenant)
    await top_up(client, tenant, member, 50_000)
    assert (await level_of(client, tenant, member))["progress"] == 50_000
    await paid_order(client, tenant, member, [200_000])  # spend does not count towards a top-up ladder
    await top_up(client, tenant, member, 50_000)
    level = await level_of(client, tenant, member)
    assert (level["code"], level["progress"]) == ("silver", 100_000)


async def test_points_earned_count_and_the_level_multiplies_what_is_earned(client, tenant):
    await enable_levels(client, tenant, "points", metric="points")
    r = await save_tiers(client, tenant, [tier("regular", "普通", 0), tier("silver", "白银", 500, points_multiplier=150)])
    assert r.status_code == 200, r.text
    member = await make_member(client, tenant)
    await paid_order(client, tenant, member, [50_000])  # 500 points: reaches 白银
    assert (await level_of(client, tenant, member))["code"] == "silver"
    await paid_order(client, tenant, member, [10_000])  # 100 points × 1.5 on 白银
    assert await balance_of(client, tenant, member) == 650
    assert (await level_of(client, tenant, member))["progress"] == 650


async def test_member_prices_and_the_category_discount_are_named_on_the_order(client, tenant):
    await enable_levels(client, tenant, "group_goods")
    r = await client.post("/api/v1/categories", headers=tenant.headers, json={"code": "drinks", "name": "饮品"})
    drinks = r.json()["id"]
    pt = await make_item(client, tenant, "pt", 30_000, kind="service")
    water = await make_item(client, tenant, "water", 300, category_id=drinks)
    bar = await make_item(client, tenant, "bar", 1_000)
    group = await make_item(client, tenant, "group-water", 300, category_id=drinks)
    r = await save_tiers(client, tenant, [
        tier("regular", "普通", 0),
        tier("silver", "白银", 100_000, discount_percent=90, category_ids=[drinks],
             member_prices=[{"item_id": pt["id"], "price_fen": 25_000}])])
    assert r.status_code == 200, r.text
    member = await make_member(client, tenant)
    lines = [{"item_id": pt["id"]}, {"item_id": water["id"], "quantity": 3}, {"item_id": bar["id"]}, {"item_id": group["id"]}]
    before = await open_order(client, tenant, lines, member_id=member["id"])
    assert before["discount_fen"] == 0  # 普通: no benefits
    await paid_order(client, tenant, member, [100_000])
    order = await open_order(client, tenant, lines, member_id=member["id"])
    assert sorted((a["reason"], a["amount_fen"]) for a in order["adjustments"]) == [
        ("白银会员 9 折", 90), ("白银会员价", 5_000)]  # 3 waters 10% off; the bar is another category; group-buy goods none
    walk_in = await open_order(client, tenant, lines)
    assert walk_in["discount_fen"] == 0


async def test_the_yearly_review_sets_levels_from_the_last_12_months_at_local_midnight(client, tenant, clock, plugin_manager):
    from core.scheduler.service import run_daily

    await enable_levels(client, tenant, yearly_review=True, review_month=3, review_day=1)
    idle, loyal = await make_member(client, tenant), await make_member(client, tenant, phone="13900139000")
    await paid_order(client, tenant, idle, [500_000])  # 黄金 in January 2026
    await paid_order(client, tenant, loyal, [100_000])
    await move_to(tenant, clock, dt.datetime(2026, 6, 1, 2, tzinfo=UTC))
    await paid_order(client, tenant, loyal, [150_000])  # within the 12 months before 1 March 2027
    await move_to(tenant, clock, dt.datetime(2027, 2, 28, 15, 59, tzinfo=UTC))  # 23:59 on 28 February, local
    await run_daily(plugin_manager, clock)
    assert (await level_of(client, tenant, idle))["code"] == "gold"
    await move_to(tenant, clock, dt.datetime(2027, 2, 28, 16, 0, tzinfo=UTC))  # midnight: 1 March, local
    await run_daily(plugin_manager, clock)
    await run_daily(plugin_manager, clock)  # the job may run twice
    assert (await level_of(client, tenant, idle))["code"] == "regular"
    kept = await level_of(client, tenant, loyal)
    assert (kept["code"], kept["progress"]) == ("silver", 150_000)
    changes = await history_of(client, tenant, idle)
    assert [(c["to_code"], c["source"]) for c in changes] == [("regular", "review"), ("gold", "auto")]
    assert changes[0]["reason"] == "年度复核：近 12 个月累计消费 ¥0"


async def test_a_manager_sets_a_level_with_a_reason(client, tenant):
    await enable_levels(client, tenant)
    member = await make_member(client, tenant)
    path = f"/api/v1/members/{member['id']}/level"
    problem(await client.post(path, headers=tenant.headers, json={"code": "gold", "reason": "  "}), 400, "invalid_request")
    problem(await client.post(path, headers=tenant.headers, json={"code": "diamond", "reason": "VIP"}), 422, "unknown_level")
    cashier = await tenant.add_staff("cashier1", "cashier")
    problem(await client.post(path, headers={"Authorization": f"Bearer {cashier}"},
                              json={"code": "gold", "reason": "VIP"}), 403, "forbidden")
    assert await history_of(client, tenant, member) == []
    r = await client.post(path, headers=tenant.headers, json={"code": "gold", "reason": "老会员转入"})
    assert r.status_code == 201 and r.json()["code"] == "gold", r.text
    [change] = await history_of(client, tenant, member)
    assert (change["source"], change["reason"], change["actor"]) == ("manual", "老会员转入", "owner")
    await paid_order(client, tenant, member, [100_000])  # 白银 is below: no automatic change
    assert (await level_of(client, tenant, member))["code"] == "gold"


async def test_refused_ladders_say_why_and_change_nothing(client, tenant):
    await enable_levels(client, tenant)
    member = await make_member(client, tenant)
    await paid_order(client, tenant, member, [100_000])  # one member on 白银
    before = await tiers_of(client, tenant)
    refusals = [
        ([tier("a", "甲", 100)], 422, "invalid_level_tiers"),  # the lowest must start at 0
        ([tier("a", "甲", 0), tier("b", "乙", 0)], 422, "invalid_level_tiers"),  # not rising
        ([tier("a", "甲", 0), tier("a", "乙", 10)], 422, "invalid_level_tiers"),  # a code twice
        ([tier("a", "甲", 0, discount_percent=101)], 400, "invalid_request"),
        ([tier("a", "甲", 0, points_multiplier=50)], 400, "invalid_request"),
        ([tier("regular", "普通", 0), tier("gold", "黄金", 500_000)], 409, "level_tier_in_use"),  # 白银 has a member
    ]
    for tiers, status, code in refusals:
        problem(await save_tiers(client, tenant, tiers), status, code)
    assert await tiers_of(client, tenant) == before


async def test_levels_are_the_tenants_own(client, tenant, other_tenant):
    await enable_levels(client, tenant)
    member = await make_member(client, tenant)
    await enable_levels(client, other_tenant)
    problem(await client.get(f"/api/v1/members/{member['id']}/level", headers=other_tenant.headers), 404, "not_found")
    r = await client.post(f"/api/v1/members/{member['id']}/level", headers=other_tenant.headers,
                          json={"code": "gold", "reason": "x"})
    problem(r, 404, "not_found")


async def test_simultaneous_payments_of_one_member_count_exactly_and_upgrade_once(client, tenant):
    await enable_levels(client, tenant)
    member = await make_member(client, tenant)
    item = await make_item(client, tenant, "class", 20_000)
    orders = [await open_order(client, tenant, [{"item_id": item["id"]}], member_id=member["id"]) for _ in range(8)]
    answers = await asyncio.gather(*(pay(client, tenant, o["id"], [{"kind": "cash", "amount_fen": 20_000}]) for o in orders))
    assert [r.status_code for r in answers] == [201] * 8, [r.text for r in answers]
    level = await level_of(client, tenant, member)
    assert (level["code"], level["progress"]) == ("silver", 160_000)
    assert [c["to_code"] for c in await history_of(client, tenant, member)] == ["silver"]
    assert await ledger_clean(tenant.id)


async def test_the_members_own_level(client, tenant):
    from member_helpers import bearer, member_session

    await enable_levels(client, tenant)
    session = await member_session(client, tenant)
    r = await client.get("/api/v1/me/level", headers=bearer(session["token"]))
    assert r.status_code == 200 and (r.json()["name"], r.json()["next"]["name"]) == ("普通", "白银"), r.text


async def test_members_from_before_the_plugin_start_on_the_lowest_level_when_it_is_enabled(client, tenant):
    before = [await make_member(client, tenant, phone=f"1380013800{n}") for n in range(3)]
    gone = await make_member(client, tenant, phone="13800138009")
    assert (await client.delete(f"/api/v1/members/{gone['id']}", headers=tenant.headers)).status_code in (200, 204)
    await enable_levels(client, tenant)
    found = await client.get("/api/v1/members", headers=tenant.headers, params={"level": "regular"})
    assert sorted(m["id"] for m in found.json()["items"]) == sorted(m["id"] for m in before)
    assert (await level_of(client, tenant, before[0]))["code"] == "regular"
