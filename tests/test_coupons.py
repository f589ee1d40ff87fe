"""优惠券: each kind's discount on the eligible lines, scope, validity to the store's local
midnight, stock and per-member limits, the welcome pack, the center, pushes, birthdays, one coupon
per order unless stackable, use on payment once, a full refund giving back a valid coupon, the
figures per template, and refusals that change nothing."""

import asyncio
import datetime as dt

from checkout_helpers import ledger_clean, make_item, make_member, move_to, open_order, pay
from coupons_helpers import attach, coupons_of, enable_coupons, issue, order_with, template
from member_helpers import bearer, member_headers, member_session
from points_helpers import problem, refund

UTC = dt.UTC



async def test_each_kind_takes_its_discount_from_the_eligible_lines(client, tenant):
    await enable_coupons(client, tenant, "group_goods")
    r = await client.post("/api/v1/categories", headers=tenant.headers, json={"code": "lessons", "name": "课程"})
    lessons = r.json()["id"]
    lesson = await make_item(client, tenant, "lesson", 8_000, kind="service", category_id=lessons)
    water = await make_item(client, tenant, "water", 300)
    group = await make_item(client, tenant, "group-class", 5_000, kind="service", category_id=lessons)
    member = await make_member(client, tenant)
    cases = [
        ({"kind": "cash", "value_fen": 1_000}, 1_000),
        ({"kind": "threshold", "value_fen": 2_000, "min_spend_fen": 8_000}, 2_000),
        ({"kind": "percent", "percent_off": 15, "max_off_fen": 1_000}, 1_000),  # 15% of ¥83 is ¥12.45: capped
        ({"kind": "percent", "percent_off": 15}, 8_300 * 15 // 100),
        ({"kind": "cash", "value_fen": 1_000, "category_ids": [lessons]}, 1_000),
        ({"kind": "gift", "gift_item_id": water["id"]}, 300),
    ]
    for fields, off in cases:
        tpl = await template(client, tenant, **fields)
        coupon = await issue(client, tenant, tpl, member)
        order = await order_with(client, tenant, member, [lesson, water, group], coupon["code"])
        assert order["discount_fen"] == off, (fields, order["adjustments"])
        by_line = {line["sku"]: line["discount_fen"] for line in order["lines"]}
        assert by_line["group-class"] == 0  # group-buy goods take no coupon
        if fields.get("category_ids"):
            assert by_line["water"] == 0
    threshold = await template(client, tenant, kind="threshold", value_fen=2_000, min_spend_fen=10_000)
    coupon = await issue(client, tenant, threshold, member)
    order = await open_order(client, tenant, [{"item_id": lesson["id"]}, {"item_id": group["id"]}], member_id=member["id"])
    problem(await attach(client, tenant, order, coupon["code"]), 409, "coupon_unusable")  # ¥80 eligible of ¥130


async def test_a_coupon_works_to_its_last_local_day(client, tenant, clock):
    await enable_coupons(client, tenant)
    item = await make_item(client, tenant, "lesson", 8_000)
    member = await make_member(client, tenant)
    tpl = await template(client, tenant, valid_days=None, valid_from="2026-01-20", valid_until="2026-01-31")
    coupon = await issue(client, tenant, tpl, member)
    order = await open_order(client, tenant, [{"item_id": item["id"]}], member_id=member["id"])
    problem(await attach(client, tenant, order, coupon["code"]), 409, "coupon_unusable")  # not yet
    await move_to(tenant, clock, dt.datetime(2026, 1, 31, 15, 59, tzinfo=UTC))  # 23:59 on the 31st, local
    assert (await attach(client, tenant, order, coupon["code"])).status_code == 201
    await move_to(tenant, clock, dt.datetime(2026, 1, 31, 16, 0, tzinfo=UTC))  # midnight
    later = await open_order(client, tenant, [{"item_id": item["id"]}], member_id=member["id"])
    problem(await attach(client, tenant, later, coupon["code"]), 409, "coupon_unusable")
    r = await pay(client, tenant, order["id"], [{"kind": "cash", "amount_fen": 7_000}])
    assert r.status_code != 201  # priced again at payment: the lapsed coupon takes nothing, ¥70 no longer pays it


async def test_days_from_issue_count_the_issue_day_and_the_daily_job_expires(client, tenant, clock, plugin_manager):
    from core.scheduler.service import run_daily

    await enable_coupons(client, tenant)
    member = await make_member(client, tenant)
    coupon = await issue(client, tenant, await template(client, tenant, valid_days=3), member)  # 15th: 15–17 January
    assert coupon["expires_at"] == "2026-01-17T16:00:00Z"
    await move_to(tenant, clock, dt.datetime(2026, 1, 17, 16, 0, tzinfo=UTC))
    await run_daily(plugin_manager, clock)
    assert [c["status"] for c in await coupons_of(client, tenant, member)] == ["expired"]


async def test_stock_and_per_member_limits(client, tenant):
    await enable_coupons(client, tenant)
    a, b = await make_member(client, tenant), await make_member(client, tenant, phone="13900139000")
    tpl = await template(client, tenant, stock=2, per_member_limit=1)
    await issue(client, tenant, tpl, a)
    r = await client.post(f"/api/v1/coupons/templates/{tpl['id']}/issue", headers=tenant.headers, json={"member_id": a["id"]})
    problem(r, 409, "coupon_limit_reached")
    await issue(client, tenant, tpl, b)
    c = await make_member(client, tenant, phone="13700137000")
    r = await client.post(f"/api/v1/coupons/templates/{tpl['id']}/issue", headers=tenant.headers, json={"member_id": c["id"]})
    problem(r, 409, "coupon_out_of_stock")
    stats = (await client.get(f"/api/v1/coupons/templates/{tpl['id']}/stats", headers=tenant.headers)).json()
    assert stats["issued"] == 2  # the refused member gave the stock back


async def test_welcome_pack_center_claim_and_codes(client, tenant):
    await enable_coupons(client, tenant)
    await template(client, tenant, name="新人券", welcome=True)
    center = await template(client, tenant, name="领券", claimable=True, stock=5)
    session = await member_session(client, tenant)
    me = bearer(session["token"])
    mine = (await client.get("/api/v1/me/coupons", headers=me)).json()["items"]
    assert [c["name"] for c in mine] == ["新人券"] and len(mine[0]["code"]) == 12
    offers = (await client.get("/api/v1/me/coupons/center", headers=me)).json()["items"]
    assert [(o["template"]["name"], o["left"], o["can_claim"]) for o in offers] == [("领券", 5, True)]
    r = await client.post(f"/api/v1/me/coupons/center/{center['id']}/claim", headers=me)
    assert r.status_code == 201, r.text
    problem(await client.post(f"/api/v1/me/coupons/center/{center['id']}/claim", headers=me), 409, "coupon_limit_reached")
    offers = (await client.get("/api/v1/me/coupons/center", headers=me)).json()["items"]
    assert [(o["left"], o["can_claim"]) for o in offers] == [(4, False)]
    codes = {c["code"] for c in (await client.get("/api/v1/me/coupons", headers=me)).json()["items"]}
    assert len(codes) == 2 and all(set(code) <= set("23456789ABCDEFGHJKLMNPQRSTUVWXYZ") for code in codes)


async def test_push_to_a_tag_and_birthdays_once_a_year(client, tenant, clock, plugin_manager):
    from core.scheduler.service import run_daily

    await enable_coupons(client, tenant)
    tagged, other = await make_member(client, tenant), await make_member(client, tenant, phone="13900139000")
    await client.put(f"/api/v1/members/{tagged['id']}/tags", headers=tenant.headers, json={"tags": ["沉睡"]})
    tpl = await template(client, tenant, name="唤醒券")
    r = await client.post(f"/api/v1/coupons/templates/{tpl['id']}/push", headers=tenant.headers, json={"tag": "沉睡"})
    assert r.json() == {"issued": 1, "skipped": 0}
    r = await client.post(f"/api/v1/coupons/templates/{tpl['id']}/push", headers=tenant.headers,
                          json={"member_ids": [tagged["id"], other["id"]]})
    assert r.json() == {"issued": 1, "skipped": 1}  # one each
    await template(client, tenant, name="生日券", birthday=True)
    await client.patch(f"/api/v1/members/{other['id']}", headers=tenant.headers, json={"birthday": "1990-01-16"})
    await move_to(tenant, clock, dt.datetime(2026, 1, 15, 16, 5, tzinfo=UTC))  # 16 January, local
    await run_daily(plugin_manager, clock)
    await run_daily(plugin_manager, clock)
    await move_to(tenant, clock, dt.datetime(2027, 1, 15, 16, 5, tzinfo=UTC))
    await run_daily(plugin_manager, clock)
    assert [c["name"] for c in await coupons_of(client, tenant, other)].count("生日券") == 2
    assert "生日券" not in [c["name"] for c in await coupons_of(client, tenant, tagged)]


async def test_one_coupon_per_order_unless_stackable_and_never_another_members(client, tenant, other_tenant):
    await enable_coupons(client, tenant)
    item = await make_item(client, tenant, "lesson", 8_000)
    member, stranger = await make_member(client, tenant), await make_member(client, tenant, phone="13900139000")
    plain = await issue(client, tenant, await template(client, tenant), member)
    second = await issue(client, tenant, await template(client, tenant, name="二"), member)
    theirs = await issue(client, tenant, await template(client, tenant, name="别人的"), stranger)
    order = await order_with(client, tenant, member, [item], plain["code"])
    problem(await attach(client, tenant, order, second["code"]), 409, "coupon_unusable")
    problem(await attach(client, tenant, order, theirs["code"]), 409, "coupon_unusable")
    problem(await attach(client, tenant, order, "NOSUCHCODE23"), 404, "not_found")
    s1 = await issue(client, tenant, await template(client, tenant, name="叠1", stackable=True), member)
    s2 = await issue(client, tenant, await template(client, tenant, name="叠2", stackable=True), member)
    stacked = await order_with(client, tenant, member, [item], s1["code"])
    assert (await attach(client, tenant, stacked, s2["code"])).json()["discount_fen"] == 2_000
    await enable_coupons(client, other_tenant)
    foreign = await make_member(client, other_tenant)
    their_item = await make_item(client, other_tenant, "x", 8_000)
    their_order = await open_order(client, other_tenant, [{"item_id": their_item["id"]}], member_id=foreign["id"])
    problem(await attach(client, other_tenant, their_order, plain["code"]), 404, "not_found")
    assert (await coupons_of(client, tenant, member, "available"))  # nothing was used


async def test_paying_uses_the_coupon_and_a_full_refund_gives_it_back_while_valid(client, tenant):
    await enable_coupons(client, tenant)
    item = await make_item(client, tenant, "lesson", 8_000)
    member = await make_member(client, tenant)
    tpl = await template(client, tenant, kind="threshold", value_fen=2_000, min_spend_fen=5_000)
    coupon = await issue(client, tenant, tpl, member)
    order = await order_with(client, tenant, member, [item], coupon["code"])
    r = await pay(client, tenant, order["id"], [{"kind": "cash", "amount_fen": 6_000}])
    assert r.status_code == 201, r.text
    [used] = await coupons_of(client, tenant, member)
    assert (used["status"], used["order_id"], used["discount_fen"]) == ("used", order["id"], 2_000)
    stats = (await client.get(f"/api/v1/coupons/templates/{tpl['id']}/stats", headers=tenant.headers)).json()
    assert (stats["redeemed"], stats["discount_fen"], stats["sales_fen"]) == (1, 2_000, 6_000)
    await refund(client, tenant, order, 3_000)
    assert (await coupons_of(client, tenant, member))[0]["status"] == "used"  # partial: kept used
    await refund(client, tenant, order, 3_000)
    assert (await coupons_of(client, tenant, member))[0]["status"] == "available"
    assert await ledger_clean(tenant.id)


async def test_the_same_coupon_at_two_tills_pays_once(client, tenant):
    await enable_coupons(client, tenant)
    item = await make_item(client, tenant, "lesson", 8_000)
    member = await make_member(client, tenant)
    coupon = await issue(client, tenant, await template(client, tenant, value_fen=3_000), member)
    orders = [await order_with(client, tenant, member, [item], coupon["code"]) for _ in range(2)]
    answers = await asyncio.gather(*(pay(client, tenant, o["id"], [{"kind": "cash", "amount_fen": 5_000}]) for o in orders))
    assert [r.status_code for r in answers].count(201) == 1, [r.text for r in answers]
    # Paid at once, the loser's payment finds the coupon used; a moment later, it is priced
    # without the coupon and its tenders no longer cover the total. Either way nothing is paid.
    [loser] = [r.json()["code"] for r in answers if r.status_code != 201]
    assert loser in {"coupon_already_used", "tenders_mismatch"}, loser
    statuses = [(await client.get(f"/api/v1/orders/{o['id']}", headers=tenant.headers)).json()["status"] for o in orders]
    assert sorted(statuses) == ["open", "paid"]
    assert await ledger_clean(tenant.id)


async def test_fifty_claims_of_ten_left_issue_ten(client, tenant):
    await enable_coupons(client, tenant)
    tpl = await template(client, tenant, claimable=True, stock=10)
    members = [await make_member(client, tenant, phone=f"1380000{n:04d}") for n in range(50)]
    headers = [await member_headers(tenant, m["id"]) for m in members]  # 50 SMS would pass the per-address limit
    answers = await asyncio.gather(*(client.post(f"/api/v1/me/coupons/center/{tpl['id']}/claim", headers=h)
                                     for h in headers))
    assert [r.status_code for r in answers].count(201) == 10
    assert {r.json()["code"] for r in answers if r.status_code != 201} == {"coupon_out_of_stock"}
    stats = (await client.get(f"/api/v1/coupons/templates/{tpl['id']}/stats", headers=tenant.headers)).json()
    assert stats["issued"] == 10


async def test_refused_templates_change_nothing(client, tenant):
    await enable_coupons(client, tenant)
    bad = [
        ({"kind": "threshold", "value_fen": 2_000, "min_spend_fen": 2_000}, 422, "invalid_coupon_template"),
        ({"kind": "percent", "percent_off": 100}, 400, "invalid_request"),
        ({"kind": "percent"}, 422, "invalid_coupon_template"),
        ({"kind": "cash", "value_fen": 100, "max_off_fen": 50}, 422, "invalid_coupon_template"),
        ({"kind": "cash", "value_fen": 100, "valid_days": None}, 422, "invalid_coupon_template"),
        ({"kind": "cash", "value_fen": 100, "valid_days": None, "valid_from": "2026-02-01", "valid_until": "2026-01-01"},
         422, "invalid_coupon_template"),
    ]
    for fields, status, code in bad:
        body = {"name": "坏券", "valid_days": 30, **fields}
        problem(await client.post("/api/v1/coupons/templates", headers=tenant.headers, json=body), status, code)
    assert (await client.get("/api/v1/coupons/templates", headers=tenant.headers)).json()["items"] == []


async def test_a_member_puts_their_own_coupon_on_their_own_order_in_the_app(client, tenant):
    await enable_coupons(client, tenant)
    item = await make_item(client, tenant, "lesson", 8_000)
    session = await member_session(client, tenant)
    me, member = bearer(session["token"]), session["member"]
    coupon = await issue(client, tenant, await template(client, tenant, value_fen=1_500), member)
    theirs = await make_member(client, tenant, phone="13900139000")
    their_order = await open_order(client, tenant, [{"item_id": item["id"]}], member_id=theirs["id"])
    r = await client.post(f"/api/v1/me/coupons/orders/{their_order['id']}", headers=me, json={"code": coupon["code"]})
    problem(r, 404, "not_found")
    order = await open_order(client, tenant, [{"item_id": item["id"]}], member_id=member["id"])
    r = await client.post(f"/api/v1/me/coupons/orders/{order['id']}", headers=me, json={"code": coupon["code"]})
    assert r.status_code == 201 and r.json()["discount_fen"] == 1_500, r.text


async def test_two_coupons_put_on_one_order_at_once_take_one_discount(client, tenant):
    await enable_coupons(client, tenant)
    item = await make_item(client, tenant, "lesson", 8_000)
    member = await make_member(client, tenant)
    codes = [(await issue(client, tenant, await template(client, tenant, name=f"券{n}"), member))["code"]
             for n in range(2)]
    order = await open_order(client, tenant, [{"item_id": item["id"]}], member_id=member["id"])
    answers = await asyncio.gather(*(attach(client, tenant, order, code) for code in codes))
    assert 201 in [r.status_code for r in answers], [r.text for r in answers]
    priced = (await client.get(f"/api/v1/orders/{order['id']}", headers=tenant.headers)).json()
    assert priced["discount_fen"] == 1_000  # however the two tills met, the order holds one coupon's worth
    r = await pay(client, tenant, order["id"], [{"kind": "cash", "amount_fen": priced["total_fen"]}])
    assert r.status_code == 201, r.text
    assert len(await coupons_of(client, tenant, member, "used")) == 1
    assert len(await coupons_of(client, tenant, member, "available")) == 1


async def test_a_template_keeps_its_terms_once_a_coupon_is_issued(client, tenant):
    await enable_coupons(client, tenant)
    member = await make_member(client, tenant)
    tpl = await template(client, tenant, stock=10)
    body = {k: tpl[k] for k in ("name", "kind", "value_fen", "valid_days", "stock")}
    r = await client.put(f"/api/v1/coupons/templates/{tpl['id']}", headers=tenant.headers, json={**body, "value_fen": 2_000})
    assert r.status_code == 200 and r.json()["value_fen"] == 2_000  # nothing issued yet: free to change
    body["value_fen"] = 2_000
    await issue(client, tenant, tpl, member)
    r = await client.put(f"/api/v1/coupons/templates/{tpl['id']}", headers=tenant.headers, json={**body, "value_fen": 5_000})
    problem(r, 409, "coupon_terms_fixed")
    assert "value_fen" in r.json()["detail"]
    r = await client.put(f"/api/v1/coupons/templates/{tpl['id']}", headers=tenant.headers,
                         json={**body, "name": "改名了", "stock": 20})
    assert (r.status_code, r.json()["name"], r.json()["stock"], r.json()["value_fen"]) == (200, "改名了", 20, 2_000)
    [coupon] = await coupons_of(client, tenant, member)
    assert "20" in coupon["description"]  # ¥20 off, as issued


async def test_the_same_issue_key_at_the_same_moment_issues_one_coupon(client, tenant):
    from core import db
    from sdk import issue_coupon

    await enable_coupons(client, tenant)
    member = await make_member(client, tenant)
    tpl = await template(client, tenant, stock=5, per_member_limit=3)

    async def issue_once(key):
        ctx = await tenant.ctx()
        async with db.transaction():  # each in its own transaction, as two requests would be
            return await issue_coupon(ctx, member["id"], tpl["id"], source="lottery", idempotency_key=key)

    coupons = await asyncio.gather(*(issue_once("draw-7") for _ in range(4)))
    assert len({c.id for c in coupons}) == 1
    long_key = "x" * 300
    assert (await issue_once(long_key)).id == (await issue_once(long_key)).id  # kept as its digest
    tpl_now = (await client.get(f"/api/v1/coupons/templates/{tpl['id']}", headers=tenant.headers)).json()
    assert tpl_now["issued"] == 2 and len(await coupons_of(client, tenant, member)) == 2
