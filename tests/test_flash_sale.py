"""秒杀: sessions checked when saved and fixed once started, taking units only while live, the
flash price on the order, paying a hold once, holds that lapse going back to stock (and never
paid after), the member's own cancel, limits and stock, and refusals that change nothing."""

import datetime as dt

from checkout_helpers import ledger_clean, make_item, make_member, move_to, pay
from flash_sale_helpers import enable_flash_sale, make_session, member_headers, run_release, take, window
from points_helpers import problem

API = "/api/v1"


async def shop(client, tenant):
    await enable_flash_sale(client, tenant)
    return await make_item(client, tenant, "rice", 5_990, name="东北大米 5kg")


async def session_of(client, tenant, session):
    r = await client.get(f"{API}/flash-sale/sessions/{session['id']}", headers=tenant.headers)
    assert r.status_code == 200, r.text
    return r.json()


async def test_a_member_takes_a_unit_at_the_flash_price_and_paying_makes_it_a_sale(client, tenant, clock):
    rice = await shop(client, tenant)
    session = await make_session(client, tenant, clock, [
        {"item_id": rice["id"], "flash_price_fen": 990, "stock": 5, "per_member_limit": 2}])
    [flash] = session["items"]
    member = await make_member(client, tenant)
    me = await member_headers(tenant, member["id"])
    r = await take(client, me, flash["id"])
    assert r.status_code == 201, r.text
    held = r.json()
    assert (held["status"], held["quantity"], held["flash_price_fen"], held["seconds_left"]) == ("held", 1, 990, 15 * 60)
    order = (await client.get(f"{API}/orders/{held['order_id']}", headers=tenant.headers)).json()
    assert (order["status"], order["total_fen"], order["member_id"], order["channel"]) == ("open", 990, member["id"], "online")
    assert [a["reason"] for a in order["adjustments"]] == ["秒杀价"]
    live = (await client.get(f"{API}/me/flash-sale/sessions", headers=me)).json()["items"]
    assert [(s["state"], s["seconds_to_end"], s["items"][0]["left"], s["items"][0]["my_taken"]) for s in live] == [
        ("live", 3600, 4, 1)]
    r = await pay(client, tenant, order["id"], [{"kind": "cash", "amount_fen": 990}])
    assert r.status_code == 201, r.text
    [mine] = (await client.get(f"{API}/me/flash-sale/reservations", headers=me)).json()["items"]
    assert (mine["status"], mine["paid_at"] is not None) == ("paid", True)
    item = (await session_of(client, tenant, session))["items"][0]
    assert (item["taken"], item["sold"], item["left"]) == (1, 1, 4)
    assert await ledger_clean(tenant.id)


async def test_taking_is_refused_outside_the_window_over_the_limit_and_past_the_stock(client, tenant, clock):
    rice = await shop(client, tenant)
    session = await make_session(client, tenant, clock, [
        {"item_id": rice["id"], "flash_price_fen": 990, "stock": 3, "per_member_limit": 2}], starts_in_minutes=10)
    flash_id = session["items"][0]["id"]
    first, second = [await make_member(client, tenant, phone=p) for p in ("13800000001", "13800000002")]
    a, b = await member_headers(tenant, first["id"]), await member_headers(tenant, second["id"])
    r = await take(client, a, flash_id)
    problem(r, 409, "flash_sale_not_live")
    assert "还未开始" in r.json()["detail"]
    await move_to(tenant, clock, clock.now() + dt.timedelta(minutes=10))
    assert (await take(client, a, flash_id, quantity=2)).status_code == 201
    problem(await take(client, a, flash_id), 409, "flash_limit_reached")
    problem(await take(client, b, flash_id, quantity=2), 409, "flash_sold_out")  # one left
    assert (await take(client, b, flash_id)).status_code == 201
    problem(await take(client, b, flash_id), 409, "flash_sold_out")
    problem(await take(client, b, flash_id, quantity=0), 400, "invalid_request")
    item = (await session_of(client, tenant, session))["items"][0]
    assert (item["taken"], item["left"]) == (3, 0)
    await move_to(tenant, clock, clock.now() + dt.timedelta(hours=1))
    problem(await take(client, a, flash_id), 409, "flash_sale_not_live")


async def test_a_lapsed_hold_goes_back_to_stock_and_its_order_can_no_longer_be_paid(client, tenant, clock):
    rice = await shop(client, tenant)
    await enable_flash_sale(client, tenant, hold_minutes=5)
    session = await make_session(client, tenant, clock, [{"item_id": rice["id"], "flash_price_fen": 990, "stock": 1}])
    member = await make_member(client, tenant)
    me = await member_headers(tenant, member["id"])
    held = (await take(client, me, session["items"][0]["id"])).json()
    await move_to(tenant, clock, clock.now() + dt.timedelta(minutes=5))
    # The hold has lapsed though the job has not run yet: the payment is refused and takes nothing.
    problem(await pay(client, tenant, held["order_id"], [{"kind": "cash", "amount_fen": 990}]), 409,
            "flash_reservation_closed")
    await run_release(tenant)
    await run_release(tenant)  # the job may run twice
    [mine] = (await client.get(f"{API}/me/flash-sale/reservations", headers=me)).json()["items"]
    assert mine["status"] == "released"
    order = (await client.get(f"{API}/orders/{held['order_id']}", headers=tenant.headers)).json()
    assert (order["status"], order["paid_fen"]) == ("cancelled", 0)
    item = (await session_of(client, tenant, session))["items"][0]
    assert (item["taken"], item["sold"], item["left"]) == (0, 0, 1)
    other = await member_headers(tenant, (await make_member(client, tenant, phone="13900000009"))["id"])
    assert (await take(client, other, session["items"][0]["id"])).status_code == 201  # the unit is back
    assert await ledger_clean(tenant.id)


async def test_a_member_lets_a_hold_go_once_and_only_their_own(client, tenant, clock):
    rice = await shop(client, tenant)
    session = await make_session(client, tenant, clock, [{"item_id": rice["id"], "flash_price_fen": 990, "stock": 2}])
    mine = await member_headers(tenant, (await make_member(client, tenant))["id"])
    theirs = await member_headers(tenant, (await make_member(client, tenant, phone="13900000009"))["id"])
    held = (await take(client, mine, session["items"][0]["id"])).json()
    r = await client.delete(f"{API}/me/flash-sale/reservations/{held['id']}", headers=theirs)
    problem(r, 404, "not_found")
    r = await client.delete(f"{API}/me/flash-sale/reservations/{held['id']}", headers=mine)
    assert (r.status_code, r.json()["status"]) == (200, "cancelled")
    problem(await client.delete(f"{API}/me/flash-sale/reservations/{held['id']}", headers=mine), 409,
            "flash_reservation_closed")
    assert (await session_of(client, tenant, session))["items"][0]["left"] == 2
    order = (await client.get(f"{API}/orders/{held['order_id']}", headers=tenant.headers)).json()
    assert order["status"] == "cancelled"


async def test_sessions_are_checked_and_fixed_once_started(client, tenant, clock):
    rice = await shop(client, tenant)
    oil = await make_item(client, tenant, "oil", 8_800, name="花生油")
    good = {"item_id": rice["id"], "flash_price_fen": 990, "stock": 5}
    bad_sessions = [
        ({**window(clock, 0, -10), "items": [good]}, 422, "invalid_flash_session"),  # ends before it starts
        ({**window(clock), "items": [{**good, "flash_price_fen": 5_990}]}, 422, "invalid_flash_session"),
        ({**window(clock), "items": [good, good]}, 422, "invalid_flash_session"),
        ({**window(clock), "items": []}, 400, "invalid_request"),
        ({**window(clock), "items": [{**good, "item_id": 999_999}]}, 404, "not_found"),
    ]
    for body, status, code in bad_sessions:
        problem(await client.post(f"{API}/flash-sale/sessions", headers=tenant.headers, json={"name": "坏", **body}),
                status, code)
    assert (await client.get(f"{API}/flash-sale/sessions", headers=tenant.headers)).json()["items"] == []
    later = await make_session(client, tenant, clock, [good], starts_in_minutes=30)
    r = await client.post(f"{API}/flash-sale/sessions", headers=tenant.headers,
                          json={"name": "重叠", **window(clock, 60), "items": [good]})
    problem(r, 409, "flash_item_overlap")
    body = {"name": "改了", **window(clock, 30), "items": [{**good, "item_id": oil["id"], "flash_price_fen": 3_000}]}
    r = await client.put(f"{API}/flash-sale/sessions/{later['id']}", headers=tenant.headers, json=body)
    assert (r.status_code, r.json()["name"], r.json()["items"][0]["name"]) == (200, "改了", "花生油")
    await move_to(tenant, clock, clock.now() + dt.timedelta(minutes=31))
    problem(await client.put(f"{API}/flash-sale/sessions/{later['id']}", headers=tenant.headers, json=body), 409,
            "flash_session_started")
    r = await client.post(f"{API}/flash-sale/sessions/{later['id']}/stop", headers=tenant.headers)
    assert (r.status_code, r.json()["state"]) == (200, "stopped")
    me = await member_headers(tenant, (await make_member(client, tenant))["id"])
    problem(await take(client, me, r.json()["items"][0]["id"]), 409, "flash_sale_not_live")
    assert (await client.get(f"{API}/me/flash-sale/sessions", headers=me)).json()["items"] == []


async def test_members_see_the_live_session_and_the_next_ones_with_their_countdowns(client, tenant, clock):
    rice = await shop(client, tenant)
    oil = await make_item(client, tenant, "oil", 8_800)
    await make_session(client, tenant, clock, [{"item_id": rice["id"], "flash_price_fen": 990, "stock": 5}],
                       name="早场", minutes=30)
    await make_session(client, tenant, clock, [{"item_id": oil["id"], "flash_price_fen": 990, "stock": 5}],
                       name="午场", starts_in_minutes=120)
    me = await member_headers(tenant, (await make_member(client, tenant))["id"])
    shown = (await client.get(f"{API}/me/flash-sale/sessions", headers=me)).json()["items"]
    assert [(s["name"], s["state"], s["seconds_to_start"], s["seconds_to_end"]) for s in shown] == [
        ("早场", "live", 0, 1800), ("午场", "upcoming", 7200, 10800)]
    await enable_flash_sale(client, tenant, upcoming_shown=0)
    assert [s["name"] for s in (await client.get(f"{API}/me/flash-sale/sessions", headers=me)).json()["items"]] == ["早场"]


async def test_another_tenants_flash_item_cannot_be_taken(client, tenant, other_tenant, clock):
    rice = await shop(client, tenant)
    session = await make_session(client, tenant, clock, [{"item_id": rice["id"], "flash_price_fen": 990, "stock": 5}])
    await enable_flash_sale(client, other_tenant)
    stranger = await make_member(client, other_tenant)
    problem(await take(client, await member_headers(other_tenant, stranger["id"]), session["items"][0]["id"]), 404,
            "not_found")
    assert (await session_of(client, tenant, session))["items"][0]["taken"] == 0


async def test_the_demo_store_starts_with_a_lunchtime_session_for_tomorrow(client, tenant):
    await shop(client, tenant)
    await make_item(client, tenant, "water", 300, name="矿泉水")
    ctx = await tenant.ctx()
    await ctx.hooks.demo_store_created(ctx=ctx)
    await ctx.hooks.demo_store_created(ctx=ctx)  # a second run adds nothing
    [session] = (await client.get(f"{API}/flash-sale/sessions", headers=tenant.headers)).json()["items"]
    assert (session["name"], session["state"], session["starts_at"]) == ("午间秒杀", "upcoming", "2026-01-16T04:00:00Z")
    assert [(i["name"], i["flash_price_fen"], i["stock"]) for i in session["items"]] == [("矿泉水", 100, 20)]
