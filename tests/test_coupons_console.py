"""优惠券 in the console: a manager adds a template (a refused one keeps what was typed), pushes it
to a tag, sees the figures; a coupon code scanned at the till goes on the order."""

from checkout_helpers import make_item, make_member, open_order
from console_helpers import post_form, sign_in
from coupons_helpers import coupons_of, enable_coupons, issue, template

PAGE = "/console/p/coupons/"


async def test_a_manager_adds_a_template_and_pushes_it_to_a_tag(client, tenant):
    await enable_coupons(client, tenant)
    member = await make_member(client, tenant)
    await client.put(f"/api/v1/members/{member['id']}/tags", headers=tenant.headers, json={"tags": ["沉睡"]})
    await sign_in(client, tenant.slug, "owner")
    typed = {"name": "错的满减", "kind": "threshold", "value": "20", "min_spend": "10", "valid_days": "30"}
    r = await post_form(client, PAGE, typed)
    assert r.status_code == 422 and 'id="coupons-error"' in r.text and 'value="错的满减"' in r.text
    r = await post_form(client, PAGE, {**typed, "name": "满100减20", "min_spend": "100"}, follow_redirects=True)
    assert r.status_code == 200 and "满 100 减 20" in r.text
    tpl = (await client.get("/api/v1/coupons/templates", headers=tenant.headers)).json()["items"][0]
    r = await post_form(client, f"{PAGE}{tpl['id']}/push", {"tag": "沉睡"})
    assert r.status_code == 200 and 'id="coupons-pushed"' in r.text
    assert [c["name"] for c in await coupons_of(client, tenant, member)] == ["满100减20"]
    page = await client.get(f"/console/members/{member['id']}?tab=coupons")
    assert 'id="member-coupons"' in page.text


async def test_a_coupon_code_scanned_at_the_till_goes_on_the_order(client, tenant):
    await enable_coupons(client, tenant)
    item = await make_item(client, tenant, "lesson", 8_000)
    member = await make_member(client, tenant)
    coupon = await issue(client, tenant, await template(client, tenant, value_fen=1_500), member)
    order = await open_order(client, tenant, [{"item_id": item["id"]}], member_id=member["id"])
    await sign_in(client, tenant.slug, "owner")
    r = await post_form(client, "/console/checkout/scan", {"code": coupon["code"], "order_id": order["id"]},
                        follow_redirects=True)
    assert r.status_code == 200, r.text[:300]
    priced = (await client.get(f"/api/v1/orders/{order['id']}", headers=tenant.headers)).json()
    assert priced["discount_fen"] == 1_500
