"""A sessions card's scope (适用范围) through the REST API: a group-class card pays for group classes
and nothing else, a mixed order has only its covered line paid with the card, the card keeps the
scope it was sold with, and the share paid with sessions earns no points."""

from checkout_helpers import key, ledger_clean, make_item, make_member, open_order, pay
from points_helpers import balance_of, enable_points
from test_cards import buy, cards_of, enable_cards, problem

API = "/api/v1"


async def category(client, tenant, code, name):
    r = await client.post(f"{API}/categories", headers=tenant.headers, json={"code": code, "name": name})
    assert r.status_code == 201, r.text
    return r.json()


async def gym(client, tenant):
    """A gym's catalog: a group class (团课) and personal training (私教课), and a 10-class group card."""
    group = await category(client, tenant, "group", "团课")
    yoga = await make_item(client, tenant, "yoga", 6_000, kind="service", name="瑜伽团课", category_id=group["id"])
    pt = await make_item(client, tenant, "pt", 30_000, kind="service", name="私教课")
    card = await make_item(client, tenant, "group-10", 100_000, kind="card", name="团课卡 10 次",
                           card={"card_type": "sessions", "sessions": 10, "covers_category_ids": [group["id"]]})
    return group, yoga, pt, card


async def order_state(client, tenant, order):
    return (await client.get(f"{API}/orders/{order['id']}", headers=tenant.headers)).json()


def by_card(card, amount_fen):
    return {"kind": "card_sessions", "amount_fen": amount_fen, "reference": str(card["id"])}


async def test_a_group_class_card_does_not_pay_for_personal_training(client, tenant):
    await enable_cards(client, tenant)
    member = await make_member(client, tenant)
    _, yoga, pt, card_item = await gym(client, tenant)
    await buy(client, tenant, member, card_item)
    [card] = await cards_of(client, tenant, member)
    order = await open_order(client, tenant, [{"item_id": pt["id"]}], member_id=member["id"])

    r = await pay(client, tenant, order["id"], [by_card(card, 30_000)])
    problem(r, 422, "card_does_not_cover")
    assert "私教课" in r.json()["detail"] and "团课" in r.json()["detail"]  # names, not codes
    [after] = await cards_of(client, tenant, member)
    assert (after["sessions_left"], after["value_left_fen"]) == (10, 100_000)
    assert (await client.get(f"{API}/cards/{card['id']}/uses", headers=tenant.headers)).json()["items"] == []
    assert ((await order_state(client, tenant, order))["status"], (await order_state(client, tenant, order))["tenders"]) == (
        "open", [])
    assert await ledger_clean(tenant.id)

    lesson = await open_order(client, tenant, [{"item_id": yoga["id"]}], member_id=member["id"])
    r = await pay(client, tenant, lesson["id"], [by_card(card, 6_000)])
    assert r.status_code == 201, r.text
    assert (await cards_of(client, tenant, member))[0]["sessions_left"] == 9
    assert await ledger_clean(tenant.id)


async def test_a_mixed_order_pays_only_its_covered_line_with_the_card(client, tenant):
    await enable_cards(client, tenant)
    member = await make_member(client, tenant)
    _, yoga, pt, card_item = await gym(client, tenant)
    await buy(client, tenant, member, card_item)
    [card] = await cards_of(client, tenant, member)
    order = await open_order(client, tenant, [{"item_id": yoga["id"]}, {"item_id": pt["id"]}], member_id=member["id"])

    r = await pay(client, tenant, order["id"], [by_card(card, 36_000)])
    problem(r, 422, "card_pays_covered_lines_only")
    detail = r.json()["detail"]
    assert "瑜伽团课" in detail and "60 元" in detail and "360 元" in detail and "分" not in detail
    assert (await order_state(client, tenant, order))["status"] == "open"
    assert (await cards_of(client, tenant, member))[0]["sessions_left"] == 10

    r = await pay(client, tenant, order["id"], [by_card(card, 6_000), {"kind": "cash", "amount_fen": 30_000}])
    assert r.status_code == 201, r.text
    assert (await cards_of(client, tenant, member))[0]["sessions_left"] == 9
    assert await ledger_clean(tenant.id)


async def test_two_group_cards_cannot_pay_one_group_class_twice_over(client, tenant):
    await enable_cards(client, tenant)
    member = await make_member(client, tenant)
    _, yoga, pt, card_item = await gym(client, tenant)
    await buy(client, tenant, member, card_item, quantity=2)
    first, second = await cards_of(client, tenant, member)
    order = await open_order(client, tenant, [{"item_id": yoga["id"]}, {"item_id": pt["id"]}], member_id=member["id"])

    r = await pay(client, tenant, order["id"], [by_card(first, 6_000), by_card(second, 6_000),
                                                 {"kind": "cash", "amount_fen": 24_000}])
    problem(r, 422, "card_pays_covered_lines_only")
    assert "其他次卡已抵扣 60 元" in r.json()["detail"]
    assert [c["sessions_left"] for c in await cards_of(client, tenant, member)] == [10, 10]
    assert (await order_state(client, tenant, order))["status"] == "open"
    assert await ledger_clean(tenant.id)


async def test_a_card_keeps_the_scope_it_was_sold_with(client, tenant):
    await enable_cards(client, tenant)
    member = await make_member(client, tenant)
    group, yoga, pt, card_item = await gym(client, tenant)
    await buy(client, tenant, member, card_item)
    # The gym widens the card product afterwards: cards already sold keep what they were sold as.
    r = await client.patch(f"{API}/items/{card_item['id']}", headers=tenant.headers, json={"card": {
        "card_type": "sessions", "sessions": 10, "covers_category_ids": [group["id"]], "covers_item_ids": [pt["id"]]}})
    assert r.status_code == 200, r.text
    assert r.json()["card"]["covers_item_ids"] == [pt["id"]]
    [card] = await cards_of(client, tenant, member)
    assert (card["covers_category_ids"], card["covers_item_ids"]) == ([group["id"]], [])
    order = await open_order(client, tenant, [{"item_id": pt["id"]}], member_id=member["id"])
    problem(await pay(client, tenant, order["id"], [by_card(card, 30_000)]), 422, "card_does_not_cover")


async def test_a_card_without_a_scope_still_pays_for_any_service(client, tenant):
    """Cards sold before scopes existed name none: they cover everything, as before."""
    await enable_cards(client, tenant)
    member = await make_member(client, tenant)
    _, _, pt, _ = await gym(client, tenant)
    anything = await make_item(client, tenant, "any-10", 100_000, kind="card", name="通用次卡",
                               card={"card_type": "sessions", "sessions": 10})
    await buy(client, tenant, member, anything)
    [card] = await cards_of(client, tenant, member)
    assert (card["covers_category_ids"], card["covers_item_ids"]) == ([], [])
    order = await open_order(client, tenant, [{"item_id": pt["id"]}], member_id=member["id"])
    assert (await pay(client, tenant, order["id"], [by_card(card, 30_000)])).status_code == 201


async def test_a_sub_category_is_covered_by_its_parent(client, tenant):
    await enable_cards(client, tenant)
    member = await make_member(client, tenant)
    group, _, _, card_item = await gym(client, tenant)
    r = await client.post(f"{API}/categories", headers=tenant.headers,
                          json={"code": "spinning", "name": "动感单车", "parent_id": group["id"]})
    spin = await make_item(client, tenant, "spin", 5_000, kind="service", name="动感单车课", category_id=r.json()["id"])
    await buy(client, tenant, member, card_item)
    [card] = await cards_of(client, tenant, member)
    order = await open_order(client, tenant, [{"item_id": spin["id"]}], member_id=member["id"])
    assert (await pay(client, tenant, order["id"], [by_card(card, 5_000)])).status_code == 201


async def test_only_a_sessions_card_names_a_scope_of_this_tenants_items(client, tenant):
    group = await category(client, tenant, "group", "团课")
    r = await client.post(f"{API}/items", headers=tenant.headers, json={
        "sku": "year", "name": "年卡", "kind": "card", "price_fen": 100_000,
        "card": {"card_type": "time", "valid_days": 365, "covers_category_ids": [group["id"]]}})
    problem(r, 422, "invalid_input")
    r = await client.post(f"{API}/items", headers=tenant.headers, json={
        "sku": "group-10", "name": "团课卡", "kind": "card", "price_fen": 100_000,
        "card": {"card_type": "sessions", "sessions": 10, "covers_item_ids": [999_999]}})
    problem(r, 404, "not_found")
    assert (await client.get(f"{API}/items", headers=tenant.headers)).json()["items"] == []


async def test_the_share_paid_with_card_sessions_earns_no_points(client, tenant):
    await enable_cards(client, tenant)
    await enable_points(client, tenant)
    member = await make_member(client, tenant)
    _, yoga, pt, card_item = await gym(client, tenant)
    await buy(client, tenant, member, card_item)
    assert await balance_of(client, tenant, member) == 1_000  # the card earned when it was bought: ¥1,000
    [card] = await cards_of(client, tenant, member)
    order = await open_order(client, tenant, [{"item_id": yoga["id"]}, {"item_id": pt["id"]}], member_id=member["id"])
    r = await pay(client, tenant, order["id"], [by_card(card, 6_000), {"kind": "cash", "amount_fen": 30_000}])
    assert r.status_code == 201, r.text
    assert await balance_of(client, tenant, member) == 1_000 + 300  # the ¥300 in cash only, not the ¥60 by card
    # A refund takes back only what the order earned.
    r = await client.post(f"{API}/orders/{order['id']}/refunds", headers={**tenant.headers, **key()},
                          json={"amount_fen": 36_000})
    assert r.status_code == 201, r.text
    assert await balance_of(client, tenant, member) == 1_000
    assert await ledger_clean(tenant.id)


async def test_a_merchant_may_let_card_sessions_earn(client, tenant):
    await enable_cards(client, tenant)
    await enable_points(client, tenant, non_earning_tenders=[])
    member = await make_member(client, tenant)
    _, yoga, _, card_item = await gym(client, tenant)
    await buy(client, tenant, member, card_item)
    [card] = await cards_of(client, tenant, member)
    order = await open_order(client, tenant, [{"item_id": yoga["id"]}], member_id=member["id"])
    assert (await pay(client, tenant, order["id"], [by_card(card, 6_000)])).status_code == 201
    assert await balance_of(client, tenant, member) == 1_000 + 60


async def test_the_document_says_what_a_scope_is_and_how_paying_refuses(client):
    from test_openapi import load_spec, operations, resolve

    spec = await load_spec(client)
    ops = {op["operationId"]: op for _, _, op in operations(spec)}
    terms = spec["components"]["schemas"]["CardTerms"]["properties"]
    assert {"covers_item_ids", "covers_category_ids"} <= set(terms)
    assert "适用" in terms["covers_item_ids"]["description"]
    card = resolve(spec, ops["getCard"]["responses"]["200"]["content"]["application/json"]["schema"])
    assert {"covers_item_ids", "covers_category_ids"} <= set(card["properties"])
    codes = spec["components"]["schemas"]["ProblemCode"]["enum"]
    assert {"card_does_not_cover", "card_pays_covered_lines_only"} <= set(codes)
    assert "422" in ops["payOrder"]["responses"]  # the card tender's refusals
    assert {"404", "422"} <= set(ops["createItem"]["responses"]) and "404" in ops["updateItem"]["responses"]


async def test_the_demo_gyms_cards_cover_what_their_names_say(client, tenant):
    from core import demo

    await demo._add_catalog(await tenant.ctx())
    items = {i["sku"]: i for i in (await client.get(f"{API}/items", headers=tenant.headers, params={"limit": 50})).json()["items"]}
    categories = {c["id"]: c["name"] for c in (await client.get(f"{API}/categories", headers=tenant.headers)).json()["items"]}
    assert items["pt-card-10"]["card"]["covers_item_ids"] == [items["pt-session"]["id"]]
    [group] = items["group-card-20"]["card"]["covers_category_ids"]
    assert categories[group] == "团课" and items["group-class"]["category"]["id"] == group
