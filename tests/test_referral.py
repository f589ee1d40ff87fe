"""全民推广 rules, one behaviour each: approval, first-touch binding, self-referral and loops, the
binding window, rates by item and category at two levels (never three), reversal in proportion,
debts paid by later commission, payouts; bad input refused with nothing changed."""

from checkout_helpers import key, ledger_clean, main_store, make_item, make_member, open_order, pay
from member_helpers import bearer, member_session
from points_helpers import refund
from referral_helpers import (
    API,
    balances,
    bind,
    days_later,
    enable_referral,
    member_promoter,
    partner,
    pay_out,
    refund_lines,
)

MARKS_MIGRATION = "2026-12-22T09:00:00:000000"  # referral's: bound members and their orders marked


async def ledger_cash(tenant, store_id):
    from sdk import accounts, balance

    return await balance(await tenant.ctx(), accounts.store(store_id, "cash"))


async def paid(client, tenant, member_id, lines):
    order = await open_order(client, tenant, lines, member_id=member_id)
    r = await pay(client, tenant, order["id"], [{"kind": "cash", "amount_fen": order["total_fen"]}])
    assert r.status_code == 201, r.text
    return r.json()


async def bound_pair(client, tenant, **settings):
    """A partner promoter and a member bound to it."""
    await enable_referral(client, tenant, **settings)
    gym = await partner(client, tenant)
    member = await make_member(client, tenant, phone="13700000001")
    assert (await bind(client, tenant, member["id"], code=gym["code"])).status_code == 201
    return gym, member


async def test_with_approval_a_member_waits_and_binds_nobody_until_approved(client, tenant):
    await enable_referral(client, tenant, approval_required=True)
    session, applied = await member_promoter(client, tenant, "13800000001")
    assert applied["status"] == "pending"
    r = await client.get(f"{API}/me/referral/poster", headers=bearer(session["token"]))
    assert r.status_code == 409 and r.json()["code"] == "promoter_not_active"
    early = await member_session(client, tenant, "13800000002", ref=applied["code"])
    assert (await client.get(f"{API}/referral/members/{early['member']['id']}", headers=tenant.headers)).json()[
        "brought_by"] is None
    r = await client.post(f"{API}/referral/promoters/{applied['id']}/approve", headers=tenant.headers)
    assert r.status_code == 200 and r.json()["status"] == "active"
    r = await client.post(f"{API}/referral/promoters/{applied['id']}/approve", headers=tenant.headers)
    assert r.status_code == 409 and r.json()["code"] == "promoter_not_pending"
    late = await member_session(client, tenant, "13800000003", ref=applied["code"])
    file = (await client.get(f"{API}/referral/members/{late['member']['id']}", headers=tenant.headers)).json()
    assert file["brought_by"]["promoter_id"] == applied["id"]


async def test_applying_twice_answers_with_the_same_promoter(client, tenant):
    await enable_referral(client, tenant)
    session, first = await member_promoter(client, tenant, "13800000001")
    again = await client.post(f"{API}/me/referral/apply", headers=bearer(session["token"]))
    assert again.json()["id"] == first["id"] and again.json()["code"] == first["code"]


async def test_another_tenants_code_binds_nobody_and_staff_get_a_problem(client, tenant, other_tenant):
    await enable_referral(client, tenant)
    await enable_referral(client, other_tenant)
    theirs = await partner(client, other_tenant, "别家的渠道")
    friend = await member_session(client, tenant, "13800000002", ref=theirs["code"])
    assert friend["registered"]  # an unknown ref never refuses a registration
    assert (await client.get(f"{API}/referral/members/{friend['member']['id']}", headers=tenant.headers)).json()[
        "brought_by"] is None
    r = await bind(client, tenant, friend["member"]["id"], code=theirs["code"])
    assert r.status_code == 404 and r.json()["code"] == "referral_code_not_found"
    r = await bind(client, tenant, friend["member"]["id"], promoter_id=theirs["id"])
    assert r.status_code == 404 and r.headers["content-type"].startswith("application/problem+json")
    assert (await client.get(f"{API}/referral/members/{friend['member']['id']}", headers=tenant.headers)).json()[
        "brought_by"] is None


async def test_a_binding_is_first_touch_and_never_replaced(client, tenant):
    gym, member = await bound_pair(client, tenant)
    cafe = await partner(client, tenant, "咖啡馆")
    r = await bind(client, tenant, member["id"], promoter_id=cafe["id"])
    assert r.status_code == 409 and r.json()["code"] == "already_bound"
    await member_session(client, tenant, "13700000001", ref=cafe["code"])  # signs in again through another link
    file = (await client.get(f"{API}/referral/members/{member['id']}", headers=tenant.headers)).json()
    assert file["brought_by"]["promoter_id"] == gym["id"]
    assert (await client.get(f"{API}/referral/promoters/{cafe['id']}/members", headers=tenant.headers)).json()["items"] == []


async def test_self_referral_and_loops_are_refused(client, tenant):
    await enable_referral(client, tenant)
    a_session, a = await member_promoter(client, tenant, "13800000001")
    a_id = a_session["member"]["id"]
    r = await bind(client, tenant, a_id, promoter_id=a["id"])
    assert r.status_code == 422 and r.json()["code"] == "self_referral"
    b_session, b = await member_promoter(client, tenant, "13800000002")
    assert (await bind(client, tenant, b_session["member"]["id"], promoter_id=a["id"])).status_code == 201
    r = await bind(client, tenant, a_id, promoter_id=b["id"])  # A brought B: B cannot bring A
    assert r.status_code == 422 and r.json()["code"] == "referral_loop"
    c_session, c = await member_promoter(client, tenant, "13800000003", ref=b["code"])  # B brought C
    r = await bind(client, tenant, a_id, promoter_id=c["id"])  # A → B → C → A
    assert r.status_code == 422 and r.json()["code"] == "referral_loop"
    assert (await client.get(f"{API}/referral/members/{a_id}", headers=tenant.headers)).json()["brought_by"] is None


async def test_a_referrer_named_at_registration_who_promotes_binds_the_member(client, tenant):
    await enable_referral(client, tenant)
    session, a = await member_promoter(client, tenant, "13800000001")
    r = await client.post(f"{API}/members", headers=tenant.headers,
                          json={"phone": "13800000009", "name": "新朋友", "referrer_member_id": session["member"]["id"]})
    file = (await client.get(f"{API}/referral/members/{r.json()['id']}", headers=tenant.headers)).json()
    assert (file["brought_by"]["promoter_id"], file["brought_by"]["source"]) == (a["id"], "referrer")


async def test_the_binding_window_limits_which_orders_earn(client, tenant, clock, plugin_manager):
    gym, member = await bound_pair(client, tenant, binding_days=30, level1_bp=1_000)
    item = await make_item(client, tenant, "lesson", 10_000)
    await days_later(tenant, clock, plugin_manager, 29)
    await paid(client, tenant, member["id"], [{"item_id": item["id"]}])
    assert (await balances(client, tenant, gym["id"]))[0] == 1_000
    await days_later(tenant, clock, plugin_manager, 2)  # day 31: the window is over, the binding stays
    await paid(client, tenant, member["id"], [{"item_id": item["id"]}])
    assert await balances(client, tenant, gym["id"]) == (1_000, 0, 0, 0)  # nothing new: still the first order
    file = (await client.get(f"{API}/referral/members/{member['id']}", headers=tenant.headers)).json()
    assert file["brought_by"]["promoter_id"] == gym["id"]


async def test_rates_by_item_then_category_then_default_on_what_was_paid(client, tenant):
    await enable_referral(client, tenant, level1_bp=500, level2_bp=100)
    await client.post(f"{API}/plugins/coupons/enable", headers=tenant.headers)
    cat = (await client.post(f"{API}/categories", headers=tenant.headers, json={"code": "pt", "name": "私教"})).json()
    lesson = await make_item(client, tenant, "lesson", 10_000, category_id=cat["id"])
    shake = await make_item(client, tenant, "shake", 2_000, category_id=cat["id"])
    water = await make_item(client, tenant, "water", 300)
    rules = [{"scope": "item", "target_id": shake["id"], "mode": "fixed", "level1": 150, "level2": 50},
             {"scope": "category", "target_id": cat["id"], "mode": "percent", "level1": 2_000, "level2": 500}]
    r = await client.put(f"{API}/referral/rules", headers=tenant.headers, json={"rules": rules})
    assert r.status_code == 200 and len(r.json()["rules"]) == 2
    a_session, a = await member_promoter(client, tenant, "13800000001")
    b_session, b = await member_promoter(client, tenant, "13800000002", ref=a["code"])  # A brought B
    buyer = await member_session(client, tenant, "13800000003", ref=b["code"])  # B brought the buyer
    tpl = (await client.post(f"{API}/coupons/templates", headers=tenant.headers,
                             json={"name": "减20", "kind": "cash", "value_fen": 2_000, "valid_days": 7})).json()
    coupon = (await client.post(f"{API}/coupons/templates/{tpl['id']}/issue", headers=tenant.headers,
                                json={"member_id": buyer["member"]["id"]})).json()
    order = await open_order(client, tenant, [{"item_id": lesson["id"]}], member_id=buyer["member"]["id"])
    await client.post(f"{API}/orders/{order['id']}/coupons", headers=tenant.headers, json={"code": coupon["code"]})
    r = await pay(client, tenant, order["id"], [{"kind": "cash", "amount_fen": 8_000}])
    assert r.status_code == 201, r.text
    # ¥100 lesson less ¥20 off: 20 % of ¥80 to B, 5 % of ¥80 to A.
    assert (await balances(client, tenant, b["id"]))[0] == 1_600
    assert (await balances(client, tenant, a["id"]))[0] == 400
    await paid(client, tenant, buyer["member"]["id"], [{"item_id": shake["id"], "quantity": 2}, {"item_id": water["id"]}])
    # shakes: ¥1.50 a unit (B), ¥0.50 (A); water: default 5 % of ¥3 (B) and 1 % (A).
    assert (await balances(client, tenant, b["id"]))[0] == 1_600 + 300 + 15
    assert (await balances(client, tenant, a["id"]))[0] == 400 + 100 + 3
    assert await ledger_clean(tenant.id)


async def test_a_member_bound_after_the_order_was_opened_earns_on_its_payment(client, tenant):
    """Binding marks the member; the order reads its member's marks afresh when it is paid."""
    await enable_referral(client, tenant, level1_bp=1_000)
    gym = await partner(client, tenant)
    member = await make_member(client, tenant, phone="13700000002")
    item = await make_item(client, tenant, "lesson", 10_000)
    order = await open_order(client, tenant, [{"item_id": item["id"]}], member_id=member["id"])
    assert (await bind(client, tenant, member["id"], code=gym["code"])).status_code == 201
    r = await pay(client, tenant, order["id"], [{"kind": "cash", "amount_fen": 10_000}])
    assert r.status_code == 201, r.text
    assert (await balances(client, tenant, gym["id"]))[0] == 1_000
    await refund(client, tenant, r.json(), 10_000)  # and its refund reaches the hook that reverses it
    assert await balances(client, tenant, gym["id"]) == (0, 0, 0, 0)
    assert await ledger_clean(tenant.id)


async def test_upgrading_marks_bound_members_and_their_orders(client, tenant):
    """A database from before members carried marks: ``db migrate`` marks every bound member and
    their orders, so refunds of orders paid before the upgrade still reverse their commission."""
    from piccolo.apps.migrations.tables import Migration

    from core import db
    from core.migrate import kernel_apps, migrate

    gym, member = await bound_pair(client, tenant, level1_bp=1_000)
    item = await make_item(client, tenant, "lesson", 10_000)
    order = await paid(client, tenant, member["id"], [{"item_id": item["id"]}])
    unbound = await make_member(client, tenant, phone="13700000003")
    till = await paid(client, tenant, unbound["id"], [{"item_id": item["id"]}])
    await db.engine().run_ddl("UPDATE member SET marked_by = ''")
    await db.engine().run_ddl("UPDATE sales_order SET member_marked_by = ''")
    await Migration.delete().where((Migration.app_name == "referral") & (Migration.name == MARKS_MIGRATION))

    report = await migrate([*kernel_apps(), *tenant.manager.apps()])

    assert [r.app for r in report if r.applied == [MARKS_MIGRATION]] == ["referral"]
    r = await client.get(f"{API}/orders/{order['id']}", headers=tenant.headers)
    assert r.json()["member_marked_by"] == ["referral"]
    r = await client.get(f"{API}/orders/{till['id']}", headers=tenant.headers)
    assert r.json()["member_marked_by"] == []
    await refund(client, tenant, order, 10_000)
    assert await balances(client, tenant, gym["id"]) == (0, 0, 0, 0)


async def test_two_levels_at_most(client, tenant):
    await enable_referral(client, tenant, level1_bp=1_000, level2_bp=500)
    _, a = await member_promoter(client, tenant, "13800000001")
    _, b = await member_promoter(client, tenant, "13800000002", ref=a["code"])
    _, c = await member_promoter(client, tenant, "13800000003", ref=b["code"])
    buyer = await member_session(client, tenant, "13800000004", ref=c["code"])
    item = await make_item(client, tenant, "lesson", 10_000)
    await paid(client, tenant, buyer["member"]["id"], [{"item_id": item["id"]}])
    assert [(await balances(client, tenant, p["id"]))[0] for p in (c, b, a)] == [1_000, 500, 0]


async def test_refunds_reverse_in_proportion_and_add_up_exactly(client, tenant):
    gym, member = await bound_pair(client, tenant, level1_bp=1_000)
    item = await make_item(client, tenant, "lesson", 9_999)
    order = await paid(client, tenant, member["id"], [{"item_id": item["id"]}])  # earns 999
    for amount in (3_333, 3_333):
        await refund(client, tenant, order, amount)
    assert (await balances(client, tenant, gym["id"]))[0] == 999 - 999 * 6_666 // 9_999
    await refund(client, tenant, order, 3_333)  # the rest: everything comes back
    assert await balances(client, tenant, gym["id"]) == (0, 0, 0, 0)
    assert await ledger_clean(tenant.id)


async def test_a_debt_from_a_late_refund_is_paid_by_the_next_commission(client, tenant, clock, plugin_manager):
    gym, member = await bound_pair(client, tenant, level1_bp=1_000, refund_window_days=7)
    item = await make_item(client, tenant, "lesson", 10_000)
    first = await paid(client, tenant, member["id"], [{"item_id": item["id"]}])
    await days_later(tenant, clock, plugin_manager, 7)
    store = await main_store(client, tenant)
    assert (await pay_out(client, tenant, gym["id"], 1_000, store_id=store["id"])).status_code == 201
    await refund_lines(client, tenant, first, [(first["lines"][0]["id"], 1)])
    assert await balances(client, tenant, gym["id"]) == (0, -1_000, 1_000, 1_000)
    r = await pay_out(client, tenant, gym["id"], 1, store_id=store["id"])
    assert r.status_code == 409 and r.json()["code"] == "payout_exceeds_available"
    await paid(client, tenant, member["id"], [{"item_id": item["id"]}, {"item_id": item["id"]}])
    await days_later(tenant, clock, plugin_manager, 7)
    assert await balances(client, tenant, gym["id"]) == (0, 1_000, 1_000, 0)  # ¥20 earned, ¥10 of it paid the debt
    assert await ledger_clean(tenant.id)


async def test_paying_out_more_than_available_changes_nothing(client, tenant, clock, plugin_manager):
    gym, member = await bound_pair(client, tenant, level1_bp=1_000, refund_window_days=0)
    item = await make_item(client, tenant, "lesson", 10_000)
    await paid(client, tenant, member["id"], [{"item_id": item["id"]}])
    await days_later(tenant, clock, plugin_manager, 1)
    store = await main_store(client, tenant)
    r = await pay_out(client, tenant, gym["id"], 1_001, store_id=store["id"])
    assert r.status_code == 409 and r.json()["code"] == "payout_exceeds_available"
    assert r.headers["content-type"].startswith("application/problem+json")
    r = await pay_out(client, tenant, gym["id"], 500, method="stored_value")
    assert r.status_code == 422 and r.json()["code"] == "payout_method_unavailable"  # a partner holds no stored value
    r = await pay_out(client, tenant, gym["id"], 500, method="transfer", store_id=store["id"])
    assert r.status_code == 422 and r.json()["field"] == "reference"
    assert await balances(client, tenant, gym["id"]) == (0, 1_000, 0, 0)
    assert (await client.get(f"{API}/referral/payouts", headers=tenant.headers)).json()["items"] == []
    assert await ledger_clean(tenant.id)


async def test_a_replayed_payout_pays_once(client, tenant, clock, plugin_manager):
    gym, member = await bound_pair(client, tenant, level1_bp=1_000, refund_window_days=0)
    item = await make_item(client, tenant, "lesson", 10_000)
    await paid(client, tenant, member["id"], [{"item_id": item["id"]}])
    await days_later(tenant, clock, plugin_manager, 1)
    store = await main_store(client, tenant)
    headers = {**tenant.headers, **key()}
    body = {"amount_fen": 600, "method": "cash", "store_id": store["id"], "reference": "现金 A001"}
    url = f"{API}/referral/promoters/{gym['id']}/payouts"
    first = await client.post(url, headers=headers, json=body)
    again = await client.post(url, headers=headers, json=body)
    assert first.status_code == again.status_code == 201 and first.json() == again.json()
    assert await balances(client, tenant, gym["id"]) == (0, 400, 600, 0)
    assert await ledger_cash(tenant, store["id"]) == 10_000 - 600  # the order's cash, less the payout
    assert await ledger_clean(tenant.id)


async def test_a_staff_promoter_brings_members_by_its_channel_code(client, tenant):
    await enable_referral(client, tenant, level1_bp=300)
    staff = (await client.post(f"{API}/staff", headers=tenant.headers, json={
        "username": "coach", "name": "王教练", "role": "staff", "password": "coach-pass-1"})).json()
    r = await client.post(f"{API}/referral/promoters", headers=tenant.headers, json={"kind": "staff", "staff_id": staff["id"]})
    assert r.status_code == 201 and r.json()["name"] == "王教练"
    coach = r.json()
    again = await client.post(f"{API}/referral/promoters", headers=tenant.headers, json={"kind": "staff", "staff_id": staff["id"]})
    assert again.status_code == 409 and again.json()["code"] == "already_promoter"
    friend = await member_session(client, tenant, "13800000005", ref=coach["code"].lower())
    item = await make_item(client, tenant, "card", 50_000)
    await paid(client, tenant, friend["member"]["id"], [{"item_id": item["id"]}])
    assert (await balances(client, tenant, coach["id"]))[0] == 1_500
    listed = (await client.get(f"{API}/referral/promoters", headers=tenant.headers, params={"kind": "staff"})).json()["items"]
    assert [(p["id"], p["members_brought"]) for p in listed] == [(coach["id"], 1)]


async def test_a_member_deleted_since_leaves_the_list_but_keeps_the_commission_history(client, tenant):
    gym, member = await bound_pair(client, tenant, level1_bp=1_000)
    item = await make_item(client, tenant, "lesson", 10_000)
    await paid(client, tenant, member["id"], [{"item_id": item["id"]}])
    assert (await client.delete(f"{API}/members/{member['id']}", headers=tenant.headers)).status_code in (200, 204)
    r = await client.get(f"{API}/referral/promoters/{gym['id']}/members", headers=tenant.headers)
    assert r.status_code == 200 and r.json()["items"] == []
    commissions = (await client.get(f"{API}/referral/promoters/{gym['id']}/commissions", headers=tenant.headers)).json()["items"]
    assert [(c["amount_fen"], c["member_name"]) for c in commissions] == [(1_000, "（已删除）")]


async def test_the_demo_store_starts_with_a_partner_channel(client, tenant):
    await enable_referral(client, tenant)
    ctx = await tenant.ctx()
    await ctx.hooks.demo_store_created(ctx=ctx)
    await ctx.hooks.demo_store_created(ctx=ctx)  # a second run adds nothing
    listed = (await client.get(f"{API}/referral/promoters", headers=tenant.headers)).json()["items"]
    assert [(p["kind"], p["name"], p["status"]) for p in listed] == [("partner", "隔壁咖啡馆", "active")]
