"""签到: once per day of the tenant's timezone (midnight and daylight-saving included), streaks in a
cycle that restarts, rewards per day and for the whole cycle, gifts collected once at the desk,
make-ups for points within the month's limit, and refusals that change nothing."""

import asyncio
import datetime as dt

from checkout_helpers import ledger_clean, move_to
from points_helpers import balance_of, give, problem, statement_of
from sign_in_helpers import collect, enable_sign_in, phone_member, save_plan

UTC = dt.UTC
SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def at(day, hour=10, zone=SHANGHAI):
    return dt.datetime.combine(day, dt.time(hour), zone)


async def test_seven_days_in_a_row_give_each_days_points_and_a_gift_to_collect_at_the_desk(client, tenant, clock):
    await enable_sign_in(client, tenant, "points")
    phone = await phone_member(client, tenant)
    start = dt.date(2026, 1, 15)
    days = []
    for n in range(8):
        await move_to(tenant, clock, at(start + dt.timedelta(days=n)))
        days.append(await phone.signed())
    assert [d["streak"] for d in days] == [1, 2, 3, 4, 5, 6, 7, 8]
    assert [d["cycle_day"] for d in days] == [1, 2, 3, 4, 5, 6, 7, 1]  # the cycle restarts on day 8
    assert [sum(r["points"] for r in d["rewards"] if r["kind"] == "points") for d in days] == [5] * 6 + [20, 5]
    assert [d["completed_cycle"] for d in days] == [False] * 6 + [True, False]
    assert await balance_of(client, tenant, phone.member) == 5 * 6 + 20 + 5
    statement = await statement_of(client, tenant, phone.member)
    assert {line["reason"] for line in statement["items"]} >= {"签到第 1 天", "签到第 7 天"}

    [gift] = await phone.gifts()
    assert (gift["name"], gift["reason"], gift["status"], gift["earned_on"]) == (
        "运动毛巾一条", "连续签到 7 天", "pending", "2026-01-21")
    assert gift["collect_by"] == "2026-02-19"  # 30 days, the day earned counted
    await move_to(tenant, clock, at(start + dt.timedelta(days=8)))
    r = await collect(client, tenant, gift["id"])
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "collected" and r.json()["collected_by"] and r.json()["collected_at"]
    problem(await collect(client, tenant, gift["id"]), 409, "gift_not_pending")  # handed over once
    assert (await phone.gifts())[0]["status"] == "collected"
    assert await ledger_clean(tenant.id)


async def test_a_second_sign_in_the_same_day_answers_with_the_first_and_gives_nothing_more(client, tenant, clock):
    await enable_sign_in(client, tenant, "points")
    phone = await phone_member(client, tenant)
    first = await phone.signed()
    clock.advance(hours=5)
    again = await phone.signed()
    assert (again["repeat"], first["repeat"]) == (True, False)
    assert {k: v for k, v in again.items() if k != "repeat"} == {k: v for k, v in first.items() if k != "repeat"}
    assert await balance_of(client, tenant, phone.member) == 5


async def test_the_day_turns_at_the_tenants_midnight_not_at_utc_midnight(client, tenant, clock):
    await enable_sign_in(client, tenant, "points")
    phone = await phone_member(client, tenant)
    clock.set(dt.datetime(2026, 1, 15, 15, 59, tzinfo=UTC))  # 23:59 in Shanghai
    first = await phone.signed()
    clock.set(dt.datetime(2026, 1, 15, 16, 0, tzinfo=UTC))  # 00:00 on the 16th in Shanghai, still the 15th in UTC
    second = await phone.signed()
    assert (first["day"], second["day"], second["repeat"], second["streak"]) == ("2026-01-15", "2026-01-16", False, 2)


async def test_a_missed_day_breaks_the_streak_and_the_status_says_so(client, tenant, clock):
    await enable_sign_in(client, tenant, "points")
    phone = await phone_member(client, tenant)
    for day in (15, 16):
        await move_to(tenant, clock, at(dt.date(2026, 1, day)))
        await phone.signed()
    await move_to(tenant, clock, at(dt.date(2026, 1, 17)))
    status = await phone.status()
    assert (status["signed_today"], status["streak"], status["next"]["cycle_day"]) == (False, 2, 3)  # still alive
    await move_to(tenant, clock, at(dt.date(2026, 1, 18)))
    status = await phone.status()
    assert (status["streak"], status["next"]["cycle_day"], status["total_days"]) == (0, 1, 2)  # broken
    assert (await phone.signed())["streak"] == 1


async def test_a_streak_runs_across_the_end_of_a_month_and_a_year(client, tenant, clock):
    await enable_sign_in(client, tenant)
    phone = await phone_member(client, tenant)
    for day in (dt.date(2026, 12, 31), dt.date(2027, 1, 1)):
        await move_to(tenant, clock, at(day, 23))
        await phone.renew()
        last = await phone.signed()
    assert (last["day"], last["streak"]) == ("2027-01-01", 2)


async def test_days_and_the_calendar_follow_a_daylight_saving_zone(client, tenant, clock):
    r = await client.patch("/api/v1/tenant", headers=tenant.headers, json={"timezone": "America/New_York"})
    assert r.status_code == 200, r.text
    await enable_sign_in(client, tenant)
    await move_to(tenant, clock, dt.datetime(2026, 3, 1, 15, tzinfo=UTC))
    phone = await phone_member(client, tenant)
    # 8 March 2026 has 23 hours in New York: 00:30 EST and 23:30 EDT are the same local day, though
    # they fall on different UTC days.
    await move_to(tenant, clock, dt.datetime(2026, 3, 8, 5, 30, tzinfo=UTC))
    first = await phone.signed()
    await move_to(tenant, clock, dt.datetime(2026, 3, 9, 3, 30, tzinfo=UTC))
    again = await phone.signed()
    assert (first["day"], again["day"], again["repeat"]) == ("2026-03-08", "2026-03-08", True)
    clock.set(dt.datetime(2026, 3, 9, 4, 5, tzinfo=UTC))  # 00:05 on the 9th, EDT
    assert (await phone.signed())["streak"] == 2
    month = await phone.calendar("2026-03")
    assert len(month["days"]) == 31
    assert [d["day"] for d in month["days"] if d["signed"]] == ["2026-03-08", "2026-03-09"]
    assert [d["day"] for d in month["days"] if d["today"]] == ["2026-03-09"]
    # 1 November 2026 has 25 hours: 00:30 EDT and 23:30 EST are one day.
    await move_to(tenant, clock, dt.datetime(2026, 11, 1, 4, 30, tzinfo=UTC))
    await phone.renew()
    first = await phone.signed()
    await move_to(tenant, clock, dt.datetime(2026, 11, 2, 4, 30, tzinfo=UTC))
    assert ((await phone.signed())["day"], first["day"]) == ("2026-11-01", "2026-11-01")


async def test_the_calendar_marks_days_signed_and_the_days_that_can_be_made_up(client, tenant, clock):
    await enable_sign_in(client, tenant, "points")
    await move_to(tenant, clock, at(dt.date(2026, 11, 2)))
    phone = await phone_member(client, tenant)  # joined on 2 November
    for day in (3, 5):
        await move_to(tenant, clock, at(dt.date(2026, 11, day)))
        await phone.signed()
    await move_to(tenant, clock, at(dt.date(2026, 11, 7)))
    month = await phone.calendar()
    assert month["month"] == "2026-11" and len(month["days"]) == 30
    by_day = {d["day"][-2:]: d for d in month["days"]}
    assert [k for k, d in by_day.items() if d["signed"]] == ["03", "05"]
    assert [k for k, d in by_day.items() if d["can_make_up"]] == ["02", "04", "06"]  # not before joining, not today
    assert (month["makeups_left"], month["makeup_cost_points"]) == (2, 20)
    october = await phone.calendar("2026-10")
    assert october["signed_days"] == 0 and not any(d["can_make_up"] for d in october["days"])
    for bad in ("2026-13", "11-2026", "0000-01"):
        r = await client.get("/api/v1/me/sign-in/calendar", headers=phone.headers, params={"month": bad})
        problem(r, 422, "invalid_input")


async def test_a_make_up_joins_the_streak_costs_points_and_completes_the_cycle(client, tenant, clock):
    await enable_sign_in(client, tenant, "points")
    await move_to(tenant, clock, at(dt.date(2026, 11, 1)))
    phone = await phone_member(client, tenant)
    await give(client, tenant, phone.member, 100)
    for day in (1, 2, 3, 5, 6, 7):  # the 4th was missed
        await move_to(tenant, clock, at(dt.date(2026, 11, day)))
        await phone.signed()
    assert (await phone.status())["streak"] == 3
    assert await phone.gifts() == []
    before = await balance_of(client, tenant, phone.member)
    r = await phone.make_up(dt.date(2026, 11, 4))
    assert r.status_code == 201, r.text
    made = r.json()
    assert (made["kind"], made["streak"], made["cycle_day"], made["points_cost"]) == ("makeup", 4, 4, 20)
    assert [(x["kind"], x["points"]) for x in made["rewards"]] == [("points", 5)]  # the 4th day's reward
    assert await balance_of(client, tenant, phone.member) == before - 20 + 5
    status = await phone.status()
    assert (status["streak"], status["cycle_day"], status["makeups_left"]) == (7, 7, 1)
    [gift] = await phone.gifts()  # the 7th day now completes the cycle
    assert gift["reason"] == "连续签到 7 天"
    month = await phone.calendar()
    assert [d["signed"] for d in month["days"][:7]] == ["daily"] * 3 + ["makeup"] + ["daily"] * 3
    await move_to(tenant, clock, at(dt.date(2026, 11, 8)))
    assert (await phone.signed())["cycle_day"] == 1  # day 8 of the joined streak starts the next cycle
    assert len(await phone.gifts()) == 1
    assert await ledger_clean(tenant.id)


async def test_a_make_up_joining_two_completed_cycles_gives_no_second_gift(client, tenant, clock):
    await enable_sign_in(client, tenant, "points", makeup_cost_points=0)
    r = await save_plan(client, tenant, cycle_days=3, day_rewards=[],
                        cycle_rewards=[{"kind": "gift", "gift": "蛋白棒"}])
    assert r.status_code == 200, r.text
    await move_to(tenant, clock, at(dt.date(2026, 11, 1)))
    phone = await phone_member(client, tenant)
    for day in (1, 2, 3, 5, 6, 7):  # two cycles of 3, each with its gift; the 4th missed
        await move_to(tenant, clock, at(dt.date(2026, 11, day)))
        await phone.signed()
    assert len(await phone.gifts()) == 2
    assert (await phone.make_up(dt.date(2026, 11, 4))).status_code == 201
    assert len(await phone.gifts()) == 2  # 7 days hold two whole cycles of 3: both given already
    await move_to(tenant, clock, at(dt.date(2026, 11, 9)))
    assert (await phone.make_up(dt.date(2026, 11, 8))).status_code == 201
    assert len(await phone.gifts()) == 2  # 8 days in a row hold two whole cycles
    ninth = await phone.signed()
    assert (ninth["streak"], ninth["completed_cycle"]) == (9, True)  # the third cycle ends on the 9th
    assert len(await phone.gifts()) == 3


async def test_make_ups_are_refused_beyond_the_rules_and_change_nothing(client, tenant, clock):
    await enable_sign_in(client, tenant, "points", makeup_monthly_limit=1)
    await move_to(tenant, clock, at(dt.date(2026, 11, 3)))
    phone = await phone_member(client, tenant)
    await give(client, tenant, phone.member, 25)
    await move_to(tenant, clock, at(dt.date(2026, 11, 10)))
    await phone.signed()
    before = await balance_of(client, tenant, phone.member)
    cases = [
        (dt.date(2026, 11, 10), 422, "makeup_day_not_allowed"),  # today is signed, not made up
        (dt.date(2026, 11, 11), 422, "makeup_day_not_allowed"),  # the future
        (dt.date(2026, 10, 31), 422, "makeup_day_not_allowed"),  # last month
        (dt.date(2026, 11, 2), 422, "makeup_day_not_allowed"),  # before joining
    ]
    for day, status, code in cases:
        problem(await phone.make_up(day), status, code)
    assert (await phone.make_up(dt.date(2026, 11, 9))).status_code == 201
    problem(await phone.make_up(dt.date(2026, 11, 9)), 409, "already_signed_in")
    problem(await phone.make_up(dt.date(2026, 11, 8)), 409, "makeup_limit_reached")
    assert await balance_of(client, tenant, phone.member) == before - 20 + 5
    await enable_sign_in(client, tenant, makeup_monthly_limit=5)
    poor = await balance_of(client, tenant, phone.member)  # 25 + 5 + 5 - 20 = 15 left: a make-up costs 20
    problem(await phone.make_up(dt.date(2026, 11, 8)), 409, "insufficient_balance")
    assert await balance_of(client, tenant, phone.member) == poor
    assert [d["signed"] for d in (await phone.calendar())["days"] if d["signed"]] == ["makeup", "daily"]
    await enable_sign_in(client, tenant, makeup_enabled=False)
    problem(await phone.make_up(dt.date(2026, 11, 8)), 409, "makeup_disabled")
    assert await ledger_clean(tenant.id)


async def test_a_coupon_reward_that_ran_out_leaves_the_sign_in_standing(client, tenant, clock):
    await enable_sign_in(client, tenant, "coupons")
    r = await client.post("/api/v1/coupons/templates", headers=tenant.headers, json={
        "name": "签到券", "kind": "cash", "value_fen": 500, "valid_days": 7, "stock": 1})
    assert r.status_code == 201, r.text
    template_id = r.json()["id"]
    assert (await save_plan(client, tenant, cycle_days=7, day_rewards=[
        {"day": 1, "kind": "coupon", "template_id": template_id}])).status_code == 200
    first, second = await phone_member(client, tenant), await phone_member(client, tenant)
    [given] = (await first.signed())["rewards"]
    assert given["given"] and given["coupon_id"]
    [missed] = (await second.signed())["rewards"]
    assert (missed["given"], missed["coupon_id"]) == (False, None)
    assert (missed["note"], missed["note_en"]) == ("「签到券」已领完", "'签到券' has run out")
    assert (await second.status())["signed_today"]


async def test_points_rewards_without_the_points_plugin_are_noted_not_given(client, tenant):
    await enable_sign_in(client, tenant)
    phone = await phone_member(client, tenant)
    [reward] = (await phone.signed())["rewards"]
    assert (reward["given"], reward["note"]) == (False, "本店未启用积分（插件 points）")


async def test_a_visit_at_the_desk_signs_the_member_in_unless_switched_off(client, tenant, clock):
    await enable_sign_in(client, tenant, "points")
    phone = await phone_member(client, tenant)
    r = await client.post(f"/api/v1/members/{phone.id}/visits", headers=tenant.headers)
    assert r.status_code == 200, r.text
    status = await phone.status()
    assert (status["signed_today"], status["streak"]) == (True, 1)
    assert (await phone.signed())["method"] == "check_in"  # the app's sign-in finds the visit
    await enable_sign_in(client, tenant, check_in_signs_in=False)
    await move_to(tenant, clock, clock.now() + dt.timedelta(days=1))
    await phone.renew()
    assert (await client.post(f"/api/v1/members/{phone.id}/visits", headers=tenant.headers)).status_code == 200
    assert not (await phone.status())["signed_today"]


async def test_the_desk_signs_a_member_in_but_a_member_cannot_sign_in_another(client, tenant):
    await enable_sign_in(client, tenant, "points")
    me, other = await phone_member(client, tenant), await phone_member(client, tenant)
    r = await client.post(f"/api/v1/members/{other.id}/sign-in", headers=me.headers)
    assert r.status_code in (401, 403), r.text
    assert not (await other.status())["signed_today"]
    r = await client.post(f"/api/v1/members/{other.id}/sign-in", headers=tenant.headers)
    assert (r.status_code, r.json()["method"]) == (201, "desk")
    assert (await other.status())["signed_today"] and not (await me.status())["signed_today"]


async def test_a_plan_that_cannot_be_meant_is_refused_and_the_old_one_stays(client, tenant):
    await enable_sign_in(client, tenant)
    before = (await client.get("/api/v1/sign-in/plan", headers=tenant.headers)).json()
    bad_plans = [
        {"cycle_days": 5, "day_rewards": [{"day": 6, "kind": "points", "points": 5}]},
        {"cycle_days": 7, "day_rewards": [{"day": 1, "kind": "points", "points": 0}]},
        {"cycle_days": 7, "cycle_rewards": [{"kind": "gift", "gift": " "}]},
        {"cycle_days": 7, "cycle_rewards": [{"kind": "coupon"}]},
    ]
    for plan in bad_plans:
        problem(await save_plan(client, tenant, **plan), 422, "invalid_sign_in_plan")
    r = await save_plan(client, tenant, cycle_days=0)
    assert r.status_code == 400 or r.status_code == 422, r.text
    assert (await client.get("/api/v1/sign-in/plan", headers=tenant.headers)).json() == before
    assert before["description"][0] == "第 1 天：5 积分"
    assert before["description"][-1] == "连续签到 7 天：礼品：运动毛巾一条（到店领取）"


async def test_uncollected_gifts_expire_after_their_window_and_can_no_longer_be_collected(
        client, tenant, clock, plugin_manager):
    from core.scheduler.service import run_daily

    await enable_sign_in(client, tenant, gift_valid_days=2)
    await save_plan(client, tenant, cycle_days=1, cycle_rewards=[{"kind": "gift", "gift": "水杯"}])
    phone = await phone_member(client, tenant)
    [gift] = [r for r in (await phone.signed())["rewards"] if r["kind"] == "gift"]
    clock.advance(days=1)
    await run_daily(plugin_manager, clock)
    assert (await phone.gifts())[-1]["status"] == "pending"  # the second day is the last one to collect
    clock.advance(days=1)
    await run_daily(plugin_manager, clock)
    await run_daily(plugin_manager, clock)
    statuses = {g["id"]: g["status"] for g in await phone.gifts()}
    assert statuses[gift["gift_id"]] == "expired"
    await move_to(tenant, clock, clock.now())
    problem(await collect(client, tenant, gift["gift_id"]), 409, "gift_not_pending")


async def test_simultaneous_sign_ins_of_one_member_count_once(client, tenant):
    await enable_sign_in(client, tenant, "points")
    phone = await phone_member(client, tenant)
    answers = await asyncio.gather(*(phone.sign_in() for _ in range(10)))
    assert [r.status_code for r in answers] == [201] * 10, [r.text for r in answers]
    assert sorted(r.json()["repeat"] for r in answers) == [False] + [True] * 9
    assert (await phone.status())["total_days"] == 1
    assert await balance_of(client, tenant, phone.member) == 5
    assert await ledger_clean(tenant.id)


async def test_simultaneous_make_ups_of_one_member_keep_the_monthly_limit(client, tenant, clock):
    await enable_sign_in(client, tenant, "points", makeup_monthly_limit=2, makeup_cost_points=10)
    await move_to(tenant, clock, at(dt.date(2026, 11, 1)))
    phone = await phone_member(client, tenant)
    await give(client, tenant, phone.member, 100)
    await move_to(tenant, clock, at(dt.date(2026, 11, 10)))
    answers = await asyncio.gather(*(phone.make_up(dt.date(2026, 11, d)) for d in range(1, 9)))
    assert sorted(r.status_code for r in answers) == [201, 201] + [409] * 6, [r.text for r in answers]
    assert {r.json()["code"] for r in answers if r.status_code == 409} == {"makeup_limit_reached"}
    month = await phone.calendar()
    assert sum(1 for d in month["days"] if d["signed"] == "makeup") == 2
    assert await balance_of(client, tenant, phone.member) == 100 - 2 * 10 + sum(
        sum(x["points"] for x in r.json()["rewards"]) for r in answers if r.status_code == 201)
    assert await ledger_clean(tenant.id)
