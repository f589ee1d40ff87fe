"""Pickers instead of typed ids: items by name or SKU (suggested as one types, the SKU typed works
alone), coupon templates, stores and staff from lists, levels and tags in the member filter."""

import re

from checkout_helpers import main_store, make_item
from console_helpers import post_form, sign_in
from coupons_helpers import enable_coupons, template
from levels_helpers import enable_levels
from points_mall_helpers import enable_mall
from referral_helpers import enable_referral
from sign_in_helpers import enable_sign_in

ID_INPUT = re.compile(r'<input(?![^>]*type="(?:hidden|checkbox)")[^>]*name="[a-z_]*_ids?(?:_\d+)?"')


async def test_items_are_suggested_by_name_or_sku(client, tenant):
    await make_item(client, tenant, "bar-choc", 1_500, name="巧克力蛋白棒")
    await make_item(client, tenant, "towel", 3_000, name="运动毛巾")
    await sign_in(client, tenant.slug, "owner")
    r = await client.get("/console/pickers/items", params={"q": "蛋白"})
    assert r.status_code == 200 and r.json() == [{"value": "bar-choc", "label": "巧克力蛋白棒 · ¥15.00"}]
    assert [i["value"] for i in (await client.get("/console/pickers/items", params={"q": "towel"})).json()] == ["towel"]


async def test_a_gift_coupon_picks_its_item_by_sku(client, tenant):
    await enable_coupons(client, tenant)
    towel = await make_item(client, tenant, "towel", 3_000, name="运动毛巾")
    await sign_in(client, tenant.slug, "owner")
    page = (await client.get("/console/p/coupons/")).text
    assert 'name="gift_sku"' in page and 'data-picker="items"' in page and not ID_INPUT.search(page)
    typed = {"name": "送毛巾", "kind": "gift", "valid_days": "30", "per_member_limit": "1"}
    r = await post_form(client, "/console/p/coupons/", {**typed, "gift_sku": "no-such"})
    assert r.status_code == 404 and 'value="no-such"' in r.text
    r = await post_form(client, "/console/p/coupons/", {**typed, "gift_sku": "towel"}, follow_redirects=True)
    assert r.status_code == 200, r.text[:300]
    made = (await client.get("/api/v1/coupons/templates", headers=tenant.headers)).json()["items"][0]
    assert made["gift_item_id"] == towel["id"]


async def test_a_coupon_reward_picks_its_template_and_stores_are_ticked(client, tenant):
    await enable_mall(client, tenant, "coupons")
    tpl = await template(client, tenant, name="十元券")
    await make_item(client, tenant, "coupon-value", 1_000)
    store = await main_store(client, tenant)
    await sign_in(client, tenant.slug, "owner")
    page = (await client.get("/console/p/points_mall/")).text
    assert f'<option value="{tpl["id"]}"' in page and "十元券" in page and not ID_INPUT.search(page)
    assert f'name="store_ids" value="{store["id"]}"' in page
    r = await post_form(client, "/console/p/points_mall/", {
        "kind": "coupon", "title": "兑十元券", "sku": "coupon-value", "points": "100", "stock": "5",
        "coupon_template_id": str(tpl["id"]), "method_coupon": "on", "active": "on", "store_ids": [str(store["id"])]},
        follow_redirects=True)
    assert r.status_code == 200, r.text[:300]
    made = (await client.get("/api/v1/points-mall/rewards", headers=tenant.headers)).json()["items"][0]
    assert (made["coupon_template_id"], made["store_ids"]) == (tpl["id"], [store["id"]])


async def test_a_sign_in_prize_names_its_coupon(client, tenant):
    await enable_sign_in(client, tenant)
    await enable_coupons(client, tenant)
    tpl = await template(client, tenant, name="连签礼券")
    await sign_in(client, tenant.slug, "owner")
    page = (await client.get("/console/p/sign_in/")).text
    assert 'id="sign-in-coupons"' in page and '<option value="连签礼券">' in page
    form = {"cycle_days": "7", "when_0": "cycle", "kind_0": "coupon", "value_0": "没有这张券"}
    r = await post_form(client, "/console/p/sign_in/plan", form)
    assert r.status_code == 422 and "未找到优惠券「没有这张券」" in r.text
    r = await post_form(client, "/console/p/sign_in/plan", {**form, "value_0": "连签礼券"}, follow_redirects=True)
    assert r.status_code == 200
    plan = (await client.get("/api/v1/sign-in/plan", headers=tenant.headers)).json()
    assert [x["template_id"] for x in plan["cycle_rewards"]] == [tpl["id"]]
    assert 'value="连签礼券"' in (await client.get("/console/p/sign_in/")).text


async def test_referral_forms_pick_staff_stores_and_categories(client, tenant):
    await enable_referral(client, tenant)
    await tenant.add_staff("coach1", "staff")
    await sign_in(client, tenant.slug, "owner")
    for path, picker in (("/", 'id="promoter-staff"'), ("/payouts/", 'id="payout-store"'), ("/rules/", 'id="rule-category"')):
        page = (await client.get(f"/console/p/referral{path}")).text
        assert picker in page and not ID_INPUT.search(page), path
    assert ">coach1</option>" in (await client.get("/console/p/referral/")).text


async def test_the_member_filter_picks_a_level_and_suggests_tags(client, tenant):
    await enable_levels(client, tenant)
    r = await client.post("/api/v1/members", headers=tenant.headers,
                          json={"phone": "13800138000", "name": "张三", "tags": ["私教意向"]})
    assert r.status_code == 201
    await sign_in(client, tenant.slug, "owner")
    page = (await client.get("/console/members")).text
    assert '<select name="level">' in page and ">黄金</option>" in page
    assert '<option value="私教意向">' in page
