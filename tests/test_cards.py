"""The cards plugin (次卡/时卡/年卡) through the REST API: issue, use at the desk, undo, pay with
sessions, refund, expiry — and bad input that changes nothing."""

import datetime as dt

from checkout_helpers import key, ledger_clean, main_store, make_item, make_member, open_order, pay, top_up

API = "/api/v1"


async def enable_cards(client, tenant, **settings):
    r = await client.post(f"{API}/plugins/cards/enable", headers=tenant.headers)
    assert r.status_code == 200, r.text
    if settings:
        r = await client.put(f"{API}/plugins/cards/settings", headers=tenant.headers, json=settings)
        assert r.status_code == 200, r.text


async def card_item(client, tenant, sku="group-10", price_fen=100_000, sessions=10, valid_days=None, card_type="sessions"):
    terms = {"card_type": card_type}
    if sessions is not None and card_type == "sessions":
        terms["sessions"] = sessions
    if valid_days is not None:
        terms["valid_days"] = valid_days
    return await make_item(client, tenant, sku, price_fen, kind="card", card=terms, name=f"卡 {sku}")


async def buy(client, tenant, member, *items, quantity=1):
    order = await open_order(client, tenant, [{"item_id": i["id"], "quantity": quantity} for i in items], member_id=member["id"])
    r = await pay(client, tenant, order["id"], [{"kind": "cash", "amount_fen": order["total_fen"]}])
    assert r.status_code == 201, r.text
    return r.json()


async def cards_of(client, tenant, member):
    r = await client.get(f"{API}/members/{member['id']}/cards", headers=tenant.headers)
    assert r.status_code == 200, r.text
    return r.json()["items"]


async def use(client, tenant, headers=None, **body):
    store = await main_store(client, tenant)
    return await client.post(f"{API}/cards/uses", headers={**(headers or tenant.headers), **key(), "X-Store-Id": str(store["id"])},
                             json=body)


async def member_code(client, tenant, member):
    return (await client.post(f"{API}/members/{member['id']}/code", headers=tenant.headers)).json()["code"]


async def state(client, tenant, member):
    """What a bad request must leave as it was: the member's cards and the card histories."""
    cards = await cards_of(client, tenant, member)
    uses = [(await client.get(f"{API}/cards/{c['id']}/uses", headers=tenant.headers)).json()["items"] for c in cards]
    return cards, uses


async def next_days(tenant, clock, days):
    """Move the clock on; staff sessions expire meanwhile, so the owner signs in again."""
    clock.advance(days=days)
    tenant.owner_token = await tenant.add_staff(f"owner{int(clock.now().timestamp())}", "owner")


def problem(r, status, code):
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["code"] == code, r.text


# --- issue --------------------------------------------------------------------------------------


async def test_a_paid_card_line_issues_a_card_with_its_sessions_and_window(client, tenant, clock):
    await enable_cards(client, tenant)
    member = await make_member(client, tenant)
    item = await card_item(client, tenant, valid_days=90)
    order = await buy(client, tenant, member, item)
    [card] = await cards_of(client, tenant, member)
    assert (card["card_type"], card["status"], card["order_id"]) == ("sessions", "active", order["id"])
    assert (card["sessions_granted"], card["sessions_left"], card["value_left_fen"]) == (10, 10, 100_000)
    # Bought Thursday 15 January (Shanghai): valid through 14 April, local time.
    assert dt.datetime.fromisoformat(card["valid_until"]) == dt.datetime(2026, 4, 15, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    assert await ledger_clean(tenant.id)


async def test_quantity_two_issues_two_cards_kept_apart(client, tenant):
    await enable_cards(client, tenant)
    member = await make_member(client, tenant)
    await buy(client, tenant, member, await card_item(client, tenant), quantity=2)
    cards = await cards_of(client, tenant, member)
    assert [c["sessions_left"] for c in cards] == [10, 10]
    problem(await use(client, tenant, member_id=member["id"]), 409, "card_ambiguous")
    r = await use(client, tenant, member_id=member["id"], card_id=cards[1]["id"])
    assert r.status_code == 201, r.text
    assert sorted(c["sessions_left"] for c in await cards_of(client, tenant, member)) == [9, 10]


async def test_a_card_line_without_a_member_is_refused(client, tenant):
    await enable_cards(client, tenant)
    item = await card_item(client, tenant)
    store = await main_store(client, tenant)
    r = await client.post(f"{API}/orders", headers=tenant.headers, json={"store_id": store["id"], "lines": [{"item_id": item["id"]}]})
    problem(r, 422, "card_needs_member")
    assert "会员" in r.json()["detail"]
    assert (await client.get(f"{API}/orders", headers=tenant.headers)).json()["items"] == []


# --- use at the desk ----------------------------------------------------------------------------


async def test_scanning_the_member_code_deducts_one_session_and_counts_a_visit(client, tenant):
    await enable_cards(client, tenant)
    member = await make_member(client, tenant)
    await buy(client, tenant, member, await card_item(client, tenant))
    r = await use(client, tenant, member_code=await member_code(client, tenant, member))
    assert r.status_code == 201, r.text
    used = r.json()
    assert (used["kind"], used["sessions"], used["sessions_left"], used["method"]) == ("session", 1, 9, "code")
    [card] = await cards_of(client, tenant, member)
    assert (card["sessions_left"], card["value_left_fen"]) == (9, 90_000)
    history = (await client.get(f"{API}/cards/{card['id']}/uses", headers=tenant.headers)).json()["items"]
    assert [u["id"] for u in history] == [used["id"]]
    statement = (await client.get(f"{API}/cards/{card['id']}/statement", headers=tenant.headers)).json()["items"]
    assert [(line["amount"], line["balance_after"]) for line in statement] == [(-1, 9), (10, 10)]
    assert (await client.get(f"{API}/members/{member['id']}", headers=tenant.headers)).json()["visit_count"] == 1
    assert await ledger_clean(tenant.id)


async def test_a_time_card_checks_in_once_a_day(client, tenant, clock):
    await enable_cards(client, tenant)
    member = await make_member(client, tenant)
    await buy(client, tenant, member, await card_item(client, tenant, "year", 198_000, card_type="time", valid_days=365))
    r = await use(client, tenant, member_id=member["id"])
    assert r.status_code == 201 and r.json()["kind"] == "check_in", r.text
    problem(await use(client, tenant, member_id=member["id"]), 409, "card_checked_in_today")
    await next_days(tenant, clock, 1)
    assert (await use(client, tenant, member_id=member["id"])).status_code == 201
    [card] = await cards_of(client, tenant, member)
    assert len((await client.get(f"{API}/cards/{card['id']}/uses", headers=tenant.headers)).json()["items"]) == 2


async def test_a_time_card_may_check_in_often_when_the_merchant_allows(client, tenant):
    await enable_cards(client, tenant, time_card_once_per_day=False)
    member = await make_member(client, tenant)
    await buy(client, tenant, member, await card_item(client, tenant, "month", 30_000, card_type="time", valid_days=30))
    for _ in range(2):
        assert (await use(client, tenant, member_id=member["id"])).status_code == 201


async def test_a_manager_undoes_a_use_the_same_day_and_the_session_returns(client, tenant, clock):
    await enable_cards(client, tenant)
    member = await make_member(client, tenant)
    await buy(client, tenant, member, await card_item(client, tenant))
    first = (await use(client, tenant, member_id=member["id"])).json()
    cashier = {"Authorization": f"Bearer {await tenant.add_staff('desk', 'cashier')}"}
    manager = {"Authorization": f"Bearer {await tenant.add_staff('boss', 'manager')}"}
    problem(await client.post(f"{API}/card-uses/{first['id']}/undo", headers={**cashier, **key()}), 403, "forbidden")
    r = await client.post(f"{API}/card-uses/{first['id']}/undo", headers={**manager, **key()})
    assert r.status_code == 200 and r.json()["undone_at"], r.text
    [card] = await cards_of(client, tenant, member)
    assert (card["sessions_left"], card["value_left_fen"]) == (10, 100_000)
    problem(await client.post(f"{API}/card-uses/{first['id']}/undo", headers={**manager, **key()}), 409, "card_use_not_undoable")
    second = (await use(client, tenant, member_id=member["id"])).json()
    await next_days(tenant, clock, 1)
    manager = {"Authorization": f"Bearer {await tenant.add_staff('boss2', 'manager')}"}
    problem(await client.post(f"{API}/card-uses/{second['id']}/undo", headers={**manager, **key()}), 409, "card_use_not_undoable")
    assert (await cards_of(client, tenant, member))[0]["sessions_left"] == 9
    assert await ledger_clean(tenant.id)


# --- bad input: a 4xx problem and nothing changed -----------------------------------------------


async def test_another_tenants_card_cannot_be_used(client, tenant, other_tenant):
    for handle in (tenant, other_tenant):
        await enable_cards(client, handle)
    theirs = await make_member(client, other_tenant)
    await buy(client, other_tenant, theirs, await card_item(client, other_tenant))
    [their_card] = await cards_of(client, other_tenant, theirs)
    mine = await make_member(client, tenant)
    before = await state(client, other_tenant, theirs)
    problem(await use(client, tenant, member_id=mine["id"], card_id=their_card["id"]), 404, "not_found")
    problem(await use(client, tenant, member_id=theirs["id"], card_id=their_card["id"]), 404, "not_found")
    problem(await use(client, tenant, member_code=await member_code(client, other_tenant, theirs)), 422, "invalid_member_code")
    assert (await client.get(f"{API}/cards/{their_card['id']}", headers=tenant.headers)).status_code == 404
    assert await state(client, other_tenant, theirs) == before


async def test_an_expired_card_and_an_empty_card_refuse_and_change_nothing(client, tenant, clock):
    await enable_cards(client, tenant)
    member = await make_member(client, tenant)
    await buy(client, tenant, member, await card_item(client, tenant, "trial", 10_000, sessions=1, valid_days=30))
    [card] = await cards_of(client, tenant, member)
    assert (await use(client, tenant, member_id=member["id"], card_id=card["id"])).status_code == 201
    before = await state(client, tenant, member)
    problem(await use(client, tenant, member_id=member["id"], card_id=card["id"]), 409, "card_no_sessions_left")
    problem(await use(client, tenant, member_id=member["id"]), 409, "no_usable_card")
    assert await state(client, tenant, member) == before

    await buy(client, tenant, member, await card_item(client, tenant, "month", 30_000, card_type="time", valid_days=30))
    await next_days(tenant, clock, 31)
    before = await state(client, tenant, member)
    month = next(c for c in before[0] if c["card_type"] == "time")
    assert month["status"] == "expired"
    problem(await use(client, tenant, member_id=member["id"], card_id=month["id"]), 409, "card_expired")
    assert await state(client, tenant, member) == before
    assert await ledger_clean(tenant.id)


async def test_a_use_needs_exactly_one_way_to_name_the_member(client, tenant):
    await enable_cards(client, tenant)
    member = await make_member(client, tenant)
    problem(await use(client, tenant), 422, "invalid_input")
    problem(await use(client, tenant, member_id=member["id"], member_code="x"), 422, "invalid_input")
    problem(await use(client, tenant, member_id=member["id"], sessions=0), 400, "invalid_request")


# --- sessions as a tender -----------------------------------------------------------------------


async def test_sessions_pay_a_service_and_its_refund_returns_them(client, tenant):
    from core.ledger import accounts
    from core.ledger.service import balance

    await enable_cards(client, tenant)
    member = await make_member(client, tenant)
    await buy(client, tenant, member, await card_item(client, tenant, price_fen=50_000))  # 5,000 a session
    [card] = await cards_of(client, tenant, member)
    lesson = await make_item(client, tenant, "pt", 8_000, kind="service", name="私教课")
    order = await open_order(client, tenant, [{"item_id": lesson["id"]}], member_id=member["id"])
    r = await pay(client, tenant, order["id"], [{"kind": "card_sessions", "amount_fen": 8_000, "reference": str(card["id"])}])
    assert r.status_code == 201, r.text
    [card] = await cards_of(client, tenant, member)
    assert (card["sessions_left"], card["value_left_fen"]) == (9, 45_000)
    ctx = await tenant.ctx()
    assert await balance(ctx, accounts.tenant("marketing_expense")) == 3_000  # the card's discount on a dearer lesson
    r = await client.post(f"{API}/orders/{order['id']}/refunds", headers={**tenant.headers, **key()}, json={"amount_fen": 8_000})
    assert r.status_code == 201, r.text
    [card] = await cards_of(client, tenant, member)
    assert (card["sessions_left"], card["value_left_fen"]) == (10, 50_000)
    assert await balance(ctx, accounts.tenant("marketing_expense")) == 0
    kinds = [u["kind"] for u in (await client.get(f"{API}/cards/{card['id']}/uses", headers=tenant.headers)).json()["items"]]
    assert kinds == ["tender_refund", "tender"]
    assert await ledger_clean(tenant.id)


async def test_sessions_do_not_pay_for_goods_or_another_members_card(client, tenant):
    await enable_cards(client, tenant)
    member = await make_member(client, tenant)
    other = await make_member(client, tenant, phone="13900139000", name="李四")
    await buy(client, tenant, member, await card_item(client, tenant))
    [card] = await cards_of(client, tenant, member)
    water = await make_item(client, tenant, "water", 300)
    order = await open_order(client, tenant, [{"item_id": water["id"]}], member_id=member["id"])
    tender = {"kind": "card_sessions", "amount_fen": 300, "reference": str(card["id"])}
    problem(await pay(client, tenant, order["id"], [tender]), 422, "card_sessions_services_only")
    lesson = await make_item(client, tenant, "pt", 8_000, kind="service")
    theirs = await open_order(client, tenant, [{"item_id": lesson["id"]}], member_id=other["id"])
    problem(await pay(client, tenant, theirs["id"], [{**tender, "amount_fen": 8_000}]), 404, "not_found")
    problem(await pay(client, tenant, theirs["id"], [{**tender, "amount_fen": 8_000, "reference": "x"}]), 422, "invalid_input")
    assert (await cards_of(client, tenant, member))[0]["sessions_left"] == 10
    assert (await client.get(f"{API}/orders/{order['id']}", headers=tenant.headers)).json()["status"] == "open"


# --- refund and expiry --------------------------------------------------------------------------


async def test_refunding_a_used_card_returns_at_most_its_unused_part(client, tenant):
    await enable_cards(client, tenant)
    member = await make_member(client, tenant)
    order = await buy(client, tenant, member, await card_item(client, tenant))  # 10 sessions, 10,000 each
    for _ in range(3):
        assert (await use(client, tenant, member_id=member["id"])).status_code == 201
    refund = f"{API}/orders/{order['id']}/refunds"
    r = await client.post(refund, headers={**tenant.headers, **key()}, json={"amount_fen": 80_000})
    problem(r, 422, "card_refund_exceeds_unused")
    assert r.json()["unused_fen"] == 70_000
    assert (await client.get(f"{API}/orders/{order['id']}", headers=tenant.headers)).json()["refunded_fen"] == 0
    assert (await cards_of(client, tenant, member))[0]["sessions_left"] == 7

    r = await client.post(refund, headers={**tenant.headers, **key()}, json={"amount_fen": 25_000})
    assert r.status_code == 201, r.text
    [card] = await cards_of(client, tenant, member)
    assert (card["sessions_left"], card["value_left_fen"], card["status"]) == (4, 40_000, "active")  # 2.5 → 3 sessions
    r = await client.post(refund, headers={**tenant.headers, **key()}, json={"amount_fen": 40_001})
    problem(r, 422, "card_refund_exceeds_unused")
    r = await client.post(refund, headers={**tenant.headers, **key()}, json={"amount_fen": 40_000})
    assert r.status_code == 201, r.text
    [card] = await cards_of(client, tenant, member)
    assert (card["sessions_left"], card["value_left_fen"], card["status"]) == (0, 0, "refunded")
    assert await ledger_clean(tenant.id)


async def test_an_expired_card_lapses_its_sessions_and_value_in_the_daily_run(client, tenant, clock, plugin_manager):
    from core.ledger import accounts
    from core.ledger.service import balance
    from core.scheduler.service import run_daily

    await enable_cards(client, tenant)
    member = await make_member(client, tenant)
    await buy(client, tenant, member, await card_item(client, tenant, valid_days=30))
    assert (await use(client, tenant, member_id=member["id"])).status_code == 201
    await next_days(tenant, clock, 31)
    await run_daily(plugin_manager, clock)
    [card] = await cards_of(client, tenant, member)
    assert (card["status"], card["sessions_left"], card["value_left_fen"]) == ("expired", 0, 0)
    ctx = await tenant.ctx()
    assert await balance(ctx, accounts.tenant("sessions_expired")) == 9
    assert await balance(ctx, accounts.tenant("expired_value")) == 90_000
    await run_daily(plugin_manager, clock)  # a second run changes nothing
    assert await balance(ctx, accounts.tenant("expired_value")) == 90_000
    assert await ledger_clean(tenant.id)


async def test_stored_value_still_buys_a_card(client, tenant):
    """A card bought with stored value is issued like any other (tenders and cards are independent)."""
    await enable_cards(client, tenant)
    member = await make_member(client, tenant)
    await top_up(client, tenant, member["id"], 100_000)
    item = await card_item(client, tenant)
    order = await open_order(client, tenant, [{"item_id": item["id"]}], member_id=member["id"])
    assert (await pay(client, tenant, order["id"], [{"kind": "stored_value", "amount_fen": 100_000}])).status_code == 201
    assert (await cards_of(client, tenant, member))[0]["sessions_left"] == 10
    assert await ledger_clean(tenant.id)


async def test_a_signed_in_member_sees_their_own_cards_only(client, tenant):
    from member_helpers import bearer, member_session

    await enable_cards(client, tenant)
    session = await member_session(client, tenant)
    mine = (await client.get(f"{API}/members?q=13800138000", headers=tenant.headers)).json()["items"][0]
    other = await make_member(client, tenant, phone="13900139000", name="李四")
    await buy(client, tenant, mine, await card_item(client, tenant))
    await buy(client, tenant, other, await card_item(client, tenant, "pt-5", 50_000, sessions=5))
    r = await client.get(f"{API}/me/cards", headers=bearer(session["token"]))
    assert r.status_code == 200, r.text
    assert [(c["member_id"], c["sessions_left"]) for c in r.json()["items"]] == [(mine["id"], 10)]
    problem(await client.get(f"{API}/members/{other['id']}/cards", headers=bearer(session["token"])), 403, "staff_only")
