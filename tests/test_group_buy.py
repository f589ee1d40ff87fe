"""拼团: the price order between kinds, the group price with no coupons or points, regular deals,
old-brings-new joiners, and refusals (full, expired, another tenant's group) that change nothing."""

import datetime as dt

from checkout_helpers import ledger_clean, make_item, make_member, move_to
from flash_sale_helpers import member_headers
from group_buy_helpers import deal_body, enable_group_buy, group_of, join, make_deal, open_group, pay_cash
from points_helpers import problem

API = "/api/v1"


async def shop(client, tenant):
    await enable_group_buy(client, tenant)
    return await make_item(client, tenant, "group-milk", 2_000, name="纯牛奶 12 盒")


async def test_prices_of_one_item_must_run_regular_above_friends_above_multi(client, tenant, clock):
    milk = await shop(client, tenant)
    await make_deal(client, tenant, clock, milk["id"], kind="friends", size=2, price_fen=1_500)
    for kind, price in (("regular", 1_400), ("multi", 1_600)):
        r = await client.post(f"{API}/group-buy/deals", headers=tenant.headers,
                              json=deal_body(clock, milk["id"], kind=kind, price_fen=price))
        problem(r, 422, "group_price_order")
    await make_deal(client, tenant, clock, milk["id"], kind="regular", price_fen=1_800)
    await make_deal(client, tenant, clock, milk["id"], kind="multi", size=5, price_fen=1_200)
    r = await client.post(f"{API}/group-buy/deals", headers=tenant.headers,
                          json=deal_body(clock, milk["id"], kind="friends", size=4))
    problem(r, 422, "invalid_group_deal")  # a friends group is 2–3 people


async def test_a_joined_order_is_at_the_group_price_marked_for_no_coupons_or_points(client, tenant, clock):
    milk = await shop(client, tenant)
    deal = await make_deal(client, tenant, clock, milk["id"], size=2, price_fen=990)
    leader = await make_member(client, tenant)
    group = await open_group(client, await member_headers(tenant, leader["id"]), deal["id"])
    assert group["share_link"] == f"/m/{tenant.slug}/p/group_buy/g/{group['code']}"
    friend = await make_member(client, tenant, phone="13800138001")
    joined = (await join(client, await member_headers(tenant, friend["id"]), group["code"])).json()
    order = (await client.get(f"{API}/orders/{joined['order_id']}", headers=tenant.headers)).json()
    assert (order["total_fen"], [a["reason"] for a in order["adjustments"]]) == (990, ["拼团价"])
    assert [line["no_discount"] for line in order["lines"]] == [True]
    assert (await pay_cash(client, tenant, joined["order_id"], 990)).status_code == 201
    assert (await group_of(client, tenant, group["id"]))["seats_paid"] == 1
    assert await ledger_clean(tenant.id)


async def test_a_full_group_refuses_the_next_joiner_and_an_unpaid_order_in_it(client, tenant, clock):
    milk = await shop(client, tenant)
    deal = await make_deal(client, tenant, clock, milk["id"], size=2, price_fen=990)
    members = [await make_member(client, tenant, phone=f"1380013800{n}") for n in range(3)]
    heads = [await member_headers(tenant, m["id"]) for m in members]
    group = await open_group(client, heads[0], deal["id"])
    orders = [(await join(client, h, group["code"])).json()["order_id"] for h in heads[1:]]
    assert (await pay_cash(client, tenant, orders[0], 990)).status_code == 201
    leader_order = (await client.get(f"{API}/me/group-buy/joins", headers=heads[0])).json()["items"][0]["order_id"]
    assert (await pay_cash(client, tenant, leader_order, 990)).status_code == 201
    problem(await pay_cash(client, tenant, orders[1], 990), 409, "group_closed")
    newcomer = await make_member(client, tenant, phone="13900000000")
    problem(await join(client, await member_headers(tenant, newcomer["id"]), group["code"]), 409, "group_closed")
    unpaid = (await client.get(f"{API}/orders/{orders[1]}", headers=tenant.headers)).json()
    assert (unpaid["status"], unpaid["paid_fen"]) == ("open", 0)
    assert (await group_of(client, tenant, group["id"]))["status"] == "complete"
    assert await ledger_clean(tenant.id)


async def test_an_expired_or_another_tenants_group_refuses_joiners_and_nothing_changes(client, tenant, other_tenant, clock):
    milk = await shop(client, tenant)
    deal = await make_deal(client, tenant, clock, milk["id"], size=3, deadline_hours=2)
    leader = await make_member(client, tenant)
    group = await open_group(client, await member_headers(tenant, leader["id"]), deal["id"])
    await enable_group_buy(client, other_tenant)
    stranger = await make_member(client, other_tenant, phone="13700000000")
    problem(await join(client, await member_headers(other_tenant, stranger["id"]), group["code"]), 404, "not_found")
    await move_to(tenant, clock, clock.now() + dt.timedelta(hours=2))
    late = await make_member(client, tenant, phone="13800000009")
    problem(await join(client, await member_headers(tenant, late["id"]), group["code"]), 409, "group_closed")
    after = await group_of(client, tenant, group["id"])
    assert (after["seats_paid"], after["joins"]) == (0, [])


async def test_old_brings_new_takes_only_new_members_as_joiners(client, tenant, clock):
    from sdk.testing import make_paid_order

    milk = await shop(client, tenant)
    bread = await make_item(client, tenant, "bread", 800, name="面包")
    deal = await make_deal(client, tenant, clock, milk["id"], size=3, old_brings_new=True)
    leader = await make_member(client, tenant)
    group = await open_group(client, await member_headers(tenant, leader["id"]), deal["id"])
    regular = await make_member(client, tenant, phone="13800000011")
    await make_paid_order(tenant, [{"item_id": bread["id"], "quantity": 1}], member=regular["id"])
    problem(await join(client, await member_headers(tenant, regular["id"]), group["code"]), 409,
            "group_new_members_only")
    newcomer = await make_member(client, tenant, phone="13800000012")
    assert (await join(client, await member_headers(tenant, newcomer["id"]), group["code"])).status_code == 201


async def test_a_regular_deal_sells_at_its_price_within_its_stock(client, tenant, clock):
    milk = await shop(client, tenant)
    deal = await make_deal(client, tenant, clock, milk["id"], kind="regular", price_fen=1_500, stock=1)
    buyers = [await make_member(client, tenant, phone=f"1380000002{n}") for n in range(2)]
    bought = []
    for b in buyers:
        r = await client.post(f"{API}/me/group-buy/deals/{deal['id']}/buy", headers=await member_headers(tenant, b["id"]))
        assert r.status_code == 201, r.text
        bought.append(r.json())
    assert (await pay_cash(client, tenant, bought[0]["order_id"], 1_500)).status_code == 201
    problem(await pay_cash(client, tenant, bought[1]["order_id"], 1_500), 409, "group_sold_out")
    now = (await client.get(f"{API}/group-buy/deals/{deal['id']}", headers=tenant.headers)).json()
    assert (now["sold"], now["left"]) == (1, 0)
    assert await ledger_clean(tenant.id)


async def test_a_member_pays_their_group_order_in_the_app_from_stored_value_only(client, tenant, clock):
    from checkout_helpers import key, top_up

    milk = await shop(client, tenant)
    await client.post(f"{API}/plugins/points/enable", headers=tenant.headers)
    deal = await make_deal(client, tenant, clock, milk["id"], size=2, price_fen=990)
    leader = await make_member(client, tenant)
    me = await member_headers(tenant, leader["id"])
    await top_up(client, tenant, leader["id"], 5_000)
    await open_group(client, me, deal["id"])
    [mine] = (await client.get(f"{API}/me/group-buy/joins", headers=me)).json()["items"]
    r = await client.post(f"{API}/me/group-buy/joins/{mine['id']}/pay", headers={**me, **key()}, json={"tender": "cash"})
    problem(r, 400, "invalid_request")  # a member cannot say cash was paid
    r = await client.post(f"{API}/me/group-buy/joins/{mine['id']}/pay", headers={**me, **key()})
    assert (r.status_code, r.json()["status"]) == (200, "paid"), r.text
    sv = (await client.get(f"{API}/members/{leader['id']}/stored-value", headers=tenant.headers)).json()
    assert sv["principal_fen"] + sv["bonus_fen"] == 5_000 - 990
    points = (await client.get(f"{API}/members/{leader['id']}/points", headers=tenant.headers)).json()
    assert points["balance"] == 0  # group goods earn no points
    assert await ledger_clean(tenant.id)


async def test_the_sdk_refuses_cash_or_external_tenders_from_a_member(client, tenant, clock):
    from sdk import InvalidInput, TenderIn, pay_order
    from sdk.testing import make_member as register

    milk = await shop(client, tenant)
    deal = await make_deal(client, tenant, clock, milk["id"], size=2, price_fen=990)
    member = await register(tenant)
    group = await open_group(client, await member_headers(tenant, member.id), deal["id"])
    [join_row] = (await client.get(f"{API}/me/group-buy/joins", headers=await member_headers(tenant, member.id))).json()["items"]
    from core.member_auth.service import member_actor

    ctx = await tenant.ctx(actor=member_actor(member.id, member.name))
    for kind in ("cash", "external"):
        try:
            await pay_order(ctx, join_row["order_id"], [TenderIn(kind=kind, amount_fen=990, reference="x")])
        except InvalidInput as exc:
            assert exc.extra["field"] == "tenders"
        else:
            raise AssertionError(f"a member paid with {kind}")
    assert (await group_of(client, tenant, group["id"]))["seats_paid"] == 0
