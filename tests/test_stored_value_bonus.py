"""充就送 (top-up bonus tiers): the best tier applies, a percentage is capped, a period ends at the
store's local midnight, a tier is limited per member, a refunded top-up loses its unspent bonus
and gives its use back, and refused tiers change nothing."""

import asyncio
import datetime as dt

from checkout_helpers import key, ledger_clean, main_store, make_member, move_to
from member_helpers import bearer, member_session
from points_helpers import problem
from stored_value_helpers import (
    add_rule,
    enable_bonuses,
    grants_of,
    preview,
    rule,
    rules_of,
    stored_value,
    top_up,
    top_up_answer,
)

UTC = dt.UTC



async def three_tiers(client, tenant):
    """充 500 送 50, 充 1000 送 200, and 10% from ¥300 capped at ¥150."""
    await rule(client, tenant, name="小档", min_amount_fen=50_000, bonus_fen=5_000)
    await rule(client, tenant, name="大档", min_amount_fen=100_000, bonus_fen=20_000)
    await rule(client, tenant, name="比例", min_amount_fen=30_000, bonus_percent=10, max_bonus_fen=15_000)


async def test_the_tier_that_gives_most_applies_and_the_bonus_is_posted_with_the_top_up(client, tenant):
    await enable_bonuses(client, tenant)
    await three_tiers(client, tenant)
    member = await make_member(client, tenant)
    # ¥1000: 大档 ¥200 beats 10% (¥100); ¥800: 10% (¥80) beats 小档 (¥50); ¥3000: the cap holds 10% at ¥150.
    assert [(await preview(client, tenant, member, amount))["bonus_fen"] for amount in (100_000, 80_000, 300_000, 29_999)] \
        == [20_000, 8_000, 20_000, 0]
    assert (await preview(client, tenant, member, 80_000))["rule"]["name"] == "比例"
    answer = await top_up(client, tenant, member, 100_000)
    assert (answer["balance"]["principal_fen"], answer["balance"]["bonus_fen"]) == (100_000, 20_000)
    [grant] = await grants_of(client, tenant, member)
    assert (grant["rule_name"], grant["bonus_fen"], grant["top_up_entry_id"], grant["status"]) \
        == ("大档", 20_000, answer["entry"]["id"], "granted")
    assert await ledger_clean(tenant.id)


async def test_a_percentage_rounds_down_to_the_fen_and_stops_at_its_cap(client, tenant):
    await enable_bonuses(client, tenant)
    await rule(client, tenant, min_amount_fen=10_000, bonus_percent=15, max_bonus_fen=30_000)
    member = await make_member(client, tenant)
    assert (await preview(client, tenant, member, 10_007))["bonus_fen"] == 1_501  # 1501.05 fen
    assert (await preview(client, tenant, member, 1_000_000))["bonus_fen"] == 30_000


async def test_a_tier_runs_through_its_last_local_day_and_not_a_minute_after(client, tenant, clock):
    await enable_bonuses(client, tenant)
    await rule(client, tenant, min_amount_fen=10_000, bonus_fen=1_000, starts_on="2026-01-16", ends_on="2026-01-31")
    member = await make_member(client, tenant)
    await move_to(tenant, clock, dt.datetime(2026, 1, 15, 15, 59, tzinfo=UTC))  # 23:59 on 15 January in Shanghai: not yet
    assert (await preview(client, tenant, member, 10_000))["bonus_fen"] == 0
    await move_to(tenant, clock, dt.datetime(2026, 1, 15, 16, 0, tzinfo=UTC))  # local midnight: the 16th has begun
    assert (await preview(client, tenant, member, 10_000))["bonus_fen"] == 1_000
    await move_to(tenant, clock, dt.datetime(2026, 1, 31, 15, 59, tzinfo=UTC))  # 23:59 on the 31st, local
    assert (await top_up(client, tenant, member, 10_000))["balance"]["bonus_fen"] == 1_000
    await move_to(tenant, clock, dt.datetime(2026, 1, 31, 16, 0, tzinfo=UTC))  # 1 February, local
    assert (await top_up(client, tenant, member, 10_000))["balance"]["bonus_fen"] == 1_000  # no more bonus


async def test_a_tier_limited_per_member_gives_way_to_the_next_one(client, tenant):
    await enable_bonuses(client, tenant)
    await rule(client, tenant, name="首充", min_amount_fen=100_000, bonus_fen=30_000, per_member_limit=1)
    await rule(client, tenant, name="常规", min_amount_fen=50_000, bonus_fen=5_000)
    member, other = await make_member(client, tenant), await make_member(client, tenant, phone="13900139000")
    await top_up(client, tenant, member, 100_000)
    second = await top_up(client, tenant, member, 100_000)
    assert second["balance"]["bonus_fen"] == 30_000 + 5_000
    assert [g["rule_name"] for g in await grants_of(client, tenant, member)] == ["常规", "首充"]
    assert (await top_up(client, tenant, other, 100_000))["balance"]["bonus_fen"] == 30_000  # the limit is per member


async def test_members_see_the_current_offers_and_what_they_have_used(client, tenant):
    await enable_bonuses(client, tenant)
    await rule(client, tenant, name="首充", min_amount_fen=100_000, bonus_fen=30_000, per_member_limit=1)
    await rule(client, tenant, name="常规", min_amount_fen=50_000, bonus_fen=5_000)
    await rule(client, tenant, name="已结束", min_amount_fen=20_000, bonus_fen=1_000, ends_on="2026-01-14")
    session = await member_session(client, tenant)
    await top_up(client, tenant, session["member"], 100_000)
    r = await client.get("/api/v1/me/stored-value/offers", headers=bearer(session["token"]))
    assert r.status_code == 200, r.text
    assert [(o["name"], o["description"], o["used"], o["used_up"]) for o in r.json()["items"]] == [
        ("常规", "充 500 元送 50 元", 0, False), ("首充", "充 1,000 元送 300 元", 1, True)]
    r = await client.put("/api/v1/plugins/stored_value/settings", headers=tenant.headers,
                         json={"show_offers_to_members": False})
    assert r.status_code == 200, r.text
    assert (await client.get("/api/v1/me/stored-value/offers", headers=bearer(session["token"]))).json()["items"] == []


async def test_a_refunded_top_up_loses_its_unspent_bonus_and_gives_the_use_back(client, tenant):
    await enable_bonuses(client, tenant)
    await rule(client, tenant, name="首充", min_amount_fen=100_000, bonus_fen=20_000, per_member_limit=1)
    member = await make_member(client, tenant)
    entry = (await top_up(client, tenant, member, 100_000))["entry"]
    store = await main_store(client, tenant)
    r = await client.post(f"/api/v1/top-ups/{entry['id']}/refund", headers={**tenant.headers, **key()},
                          json={"tender": "cash", "store_id": store["id"]})
    assert r.status_code == 201, r.text
    held = await stored_value(client, tenant, member)
    assert (held["principal_fen"], held["bonus_fen"]) == (0, 0)
    assert [g["status"] for g in await grants_of(client, tenant, member)] == ["refunded"]
    assert (await top_up(client, tenant, member, 100_000))["balance"]["bonus_fen"] == 20_000
    assert await ledger_clean(tenant.id)


async def test_refused_tiers_say_why_and_change_nothing(client, tenant):
    await enable_bonuses(client, tenant)
    await rule(client, tenant, name="大档", min_amount_fen=100_000, bonus_fen=20_000)
    before = await rules_of(client, tenant)
    refusals = [
        ({"min_amount_fen": 10_000, "bonus_percent": 101}, 400, None),
        ({"min_amount_fen": 10_000, "bonus_fen": 100, "bonus_percent": 5}, 422, "invalid_bonus_rule"),
        ({"min_amount_fen": 10_000}, 422, "invalid_bonus_rule"),
        ({"min_amount_fen": 10_000, "bonus_fen": 10_001}, 422, "invalid_bonus_rule"),
        ({"min_amount_fen": 10_000, "bonus_fen": 100, "max_bonus_fen": 50}, 422, "invalid_bonus_rule"),
        ({"min_amount_fen": 10_000, "bonus_fen": 100, "starts_on": "2026-02-01", "ends_on": "2026-01-01"}, 422,
         "invalid_bonus_rule"),
        ({"min_amount_fen": 100_000, "bonus_fen": 30_000}, 409, "overlapping_bonus_tiers"),
        ({"min_amount_fen": 200_000, "bonus_fen": 10_000}, 409, "contradictory_bonus_tiers"),  # less than 大档 gives
        ({"min_amount_fen": 50_000, "bonus_percent": 50}, 409, "contradictory_bonus_tiers"),  # ¥500 at ¥1000: above 大档
    ]
    for body, status, code in refusals:
        r = await add_rule(client, tenant, **body)
        if code is None:
            assert r.status_code == status, r.text
        else:
            problem(r, status, code)
    assert await rules_of(client, tenant) == before
    # A tier in a period that does not overlap the running one may share its threshold.
    r = await client.put(f"/api/v1/stored-value/bonus-rules/{before[0]['id']}", headers=tenant.headers,
                         json={"name": "大档", "min_amount_fen": 100_000, "bonus_fen": 20_000, "ends_on": "2026-01-31"})
    assert r.status_code == 200, r.text
    later = await rule(client, tenant, min_amount_fen=100_000, bonus_fen=30_000, starts_on="2026-02-01")
    assert [r["id"] for r in await rules_of(client, tenant)] == [before[0]["id"], later["id"]]


async def test_tiers_are_the_managers_and_the_tenants_own(client, tenant, other_tenant):
    await enable_bonuses(client, tenant)
    mine = await rule(client, tenant, min_amount_fen=10_000, bonus_fen=1_000)
    cashier = await tenant.add_staff("cashier1", "cashier")
    r = await client.post("/api/v1/stored-value/bonus-rules", headers={"Authorization": f"Bearer {cashier}"},
                          json={"name": "x", "min_amount_fen": 10_000, "bonus_fen": 100})
    problem(r, 403, "forbidden")
    await enable_bonuses(client, other_tenant)
    r = await client.get(f"/api/v1/stored-value/bonus-rules/{mine['id']}", headers=other_tenant.headers)
    problem(r, 404, "not_found")
    assert await rules_of(client, other_tenant) == []


async def test_simultaneous_top_ups_take_a_once_per_member_tier_once(client, tenant):
    await enable_bonuses(client, tenant)
    await rule(client, tenant, name="首充", min_amount_fen=100_000, bonus_fen=20_000, per_member_limit=1)
    member = await make_member(client, tenant)
    answers = await asyncio.gather(*(top_up_answer(client, tenant, member, 100_000) for _ in range(6)))
    done = [r for r in answers if r.status_code == 201]
    assert done, [r.text for r in answers]
    # A top-up that lost the race is refused whole (the desk tops up again, without the bonus).
    assert {r.json()["code"] for r in answers if r.status_code != 201} <= {"bonus_limit_reached"}
    held = await stored_value(client, tenant, member)
    assert (held["principal_fen"], held["bonus_fen"]) == (100_000 * len(done), 20_000)
    assert len(await grants_of(client, tenant, member)) == 1
    assert await ledger_clean(tenant.id)
