"""拼团 in the console: a deal made from the form (item by SKU, times in the tenant's timezone; a
refused one keeps what was typed and makes nothing), its figures, and stopping it."""

from checkout_helpers import make_item
from console_helpers import post_form
from console_helpers import sign_in as console_sign_in
from group_buy_helpers import deal_form, enable_group_buy

PAGE = "/console/p/group_buy/"


async def deals_of(client, tenant):
    return (await client.get("/api/v1/group-buy/deals", headers=tenant.headers)).json()["items"]


async def test_a_manager_makes_a_deal_from_the_form_and_stops_it(client, tenant):
    await enable_group_buy(client, tenant)
    await make_item(client, tenant, "group-milk", 2_000, name="纯牛奶 12 盒")
    await console_sign_in(client, tenant.slug, "owner")
    assert 'id="add-group-deal"' in (await client.get(PAGE)).text
    r = await post_form(client, PAGE, deal_form(old_brings_new="on"), follow_redirects=True)
    assert r.status_code == 200, r.text
    [deal] = await deals_of(client, tenant)
    assert (deal["kind"], deal["group_size"], deal["group_price_fen"], deal["stock"], deal["per_member_limit"],
            deal["old_brings_new"]) == ("multi", 3, 1_290, 50, 2, True)
    assert deal["starts_at"] == "2026-01-15T04:00:00Z"  # noon in Shanghai
    assert f'data-deal="{deal["id"]}"' in r.text and "老带新" in r.text
    r = await post_form(client, f"{PAGE}{deal['id']}/stop", {}, follow_redirects=True)
    assert r.status_code == 200 and 'data-state="stopped"' in r.text


async def test_a_refused_deal_keeps_what_was_typed_and_makes_nothing(client, tenant):
    await enable_group_buy(client, tenant)
    await make_item(client, tenant, "group-milk", 2_000)
    await console_sign_in(client, tenant.slug, "owner")
    cases = [
        (deal_form(price="0"), 422, "拼团价须为正数金额"),
        (deal_form(stock="很多"), 422, "须为正整数"),
        (deal_form(starts_at="明天"), 422, "开始时间须为日期时间"),
        (deal_form(kind="friends", group_size="5"), 422, "三人团"),
        (deal_form(sku="no-such-sku"), 404, "no-such-sku"),
    ]
    for form, status, text in cases:
        r = await post_form(client, PAGE, form)
        assert (r.status_code, text in r.text) == (status, True), (form, r.status_code, r.text[:300])
    assert await deals_of(client, tenant) == []
