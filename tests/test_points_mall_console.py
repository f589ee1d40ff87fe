"""积分商城 in the console: a manager adds a reward (a refused one keeps what was typed) and changes
it; the desk verifies a pickup code, ships and cancels a delivery; the member's file lists the
exchanges; a cashier sees the exchanges but not the rewards' settings."""

from checkout_helpers import make_item
from console_helpers import post_form, sign_in
from points_helpers import balance_of
from points_mall_helpers import ADDRESS, API, enable_mall, exchanged, member_with, reward, reward_now

PAGE = "/console/p/points_mall/"
EXCHANGES = "/console/p/points_mall/exchanges"


async def test_a_manager_adds_and_changes_a_reward(client, tenant):
    await enable_mall(client, tenant)
    await make_item(client, tenant, "bar", 1_500)
    await sign_in(client, tenant.slug, "owner")
    typed = {"kind": "goods", "title": "蛋白棒", "sku": "bar", "points": "800", "cash": "15", "stock": "10",
             "method_pickup": "on", "active": "on"}
    r = await post_form(client, PAGE, typed)  # the cash part is the item's whole price
    assert r.status_code == 422 and 'id="mall-error"' in r.text and 'value="蛋白棒"' in r.text
    r = await post_form(client, PAGE, {**typed, "cash": "2.5", "per_member_limit": "2"}, follow_redirects=True)
    assert r.status_code == 200 and "蛋白棒" in r.text
    rwd = (await client.get(f"{API}/points-mall/rewards", headers=tenant.headers)).json()["items"][0]
    assert (rwd["cash_fen"], rwd["per_member_limit"], rwd["methods"]) == (250, 2, ["pickup"])
    r = await client.get(f"{PAGE}?edit={rwd['id']}")
    assert r.status_code == 200 and 'value="2.50"' in r.text and f'action="/console/p/points_mall/{rwd["id"]}"' in r.text
    r = await post_form(client, f"{PAGE}{rwd['id']}", {**typed, "cash": "", "stock": "20", "method_delivery": "on"},
                        follow_redirects=True)
    assert r.status_code == 200, r.text[:300]
    rwd = (await client.get(f"{API}/points-mall/rewards/{rwd['id']}", headers=tenant.headers)).json()
    assert (rwd["stock"], rwd["cash_fen"], rwd["methods"]) == (20, 0, ["pickup", "delivery"])
    r = await post_form(client, PAGE, {**typed, "points": "many"})
    assert r.status_code == 422 and "须为整数" in r.text and "whole number" not in r.text  # the zh page: no English tail


async def test_the_desk_verifies_ships_and_cancels(client, tenant):
    await enable_mall(client, tenant)
    rwd = await reward(client, tenant, points=100, title="毛巾")
    member = await member_with(client, tenant, 300)
    picked = await exchanged(client, tenant, rwd, member)
    sent = await exchanged(client, tenant, rwd, member, "delivery", **ADDRESS)
    dropped = await exchanged(client, tenant, rwd, member, "delivery", **ADDRESS)
    await sign_in(client, tenant.slug, "owner")
    r = await client.get(EXCHANGES)
    assert r.status_code == 200 and r.text.count('data-exchange="') == 3 and picked["pickup_code"] not in r.text
    # each names its member, linked to their file
    assert r.text.count(f'data-member="{member["id"]}">{member["name"]}</a>') == 3
    r = await post_form(client, f"{EXCHANGES}/verify", {"code": picked["pickup_code"]}, follow_redirects=True)
    assert r.status_code == 200 and 'id="mall-done"' in r.text
    r = await post_form(client, f"{EXCHANGES}/verify", {"code": picked["pickup_code"]})
    assert r.status_code == 409 and "已领取" in r.text
    r = await post_form(client, f"{EXCHANGES}/{sent['id']}/ship", {"carrier": "顺丰", "tracking_no": "SF1"},
                        follow_redirects=True)
    assert r.status_code == 200 and "SF1" in r.text
    r = await post_form(client, f"{EXCHANGES}/{sent['id']}/ship", {"carrier": "", "tracking_no": ""})
    assert r.status_code == 422
    r = await post_form(client, f"{EXCHANGES}/{dropped['id']}/cancel", {"reason": "不要了"}, follow_redirects=True)
    assert r.status_code == 200
    assert await balance_of(client, tenant, member) == 100
    assert (await reward_now(client, tenant, rwd))["taken"] == 2
    r = await post_form(client, f"{EXCHANGES}/{dropped['id']}/cancel", {"reason": "再点一次"})
    assert r.status_code == 409 and await balance_of(client, tenant, member) == 100  # refunded once
    r = await client.get(EXCHANGES, params={"status": "cancelled"})
    assert r.text.count('data-exchange="') == 1 and f'data-exchange="{dropped["id"]}"' in r.text
    page = await client.get(f"/console/members/{member['id']}?tab=points_mall")
    assert 'id="member-exchanges"' in page.text and page.text.count("毛巾") >= 3


async def test_a_cashier_sees_exchanges_not_reward_settings(client, tenant):
    await enable_mall(client, tenant)
    await tenant.add_staff("cashier1", "cashier")
    await sign_in(client, tenant.slug, "cashier1")
    assert (await client.get(EXCHANGES)).status_code == 200
    assert (await client.get(PAGE)).status_code in (403, 404)
