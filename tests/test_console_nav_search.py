"""The console's navigation in groups (收银 / 会员 / 营销 / 报表 / 设置) and its one search box."""

import re

from checkout_helpers import make_item, make_member, open_order
from console_helpers import sign_in


def _groups(html: str) -> list[str]:
    return re.findall(r'data-nav-group="([a-z]+)"', html)


async def test_the_owner_sees_the_groups_in_order_with_a_plugin_page_under_marketing(client, tenant):
    await tenant.enable("coupons")
    await sign_in(client, tenant.slug, "owner")
    page = await client.get("/console/members")
    assert _groups(page.text) == ["till", "members", "marketing", "reports", "settings"]
    marketing = page.text.split('data-nav-group="marketing"')[1].split('data-nav-group="reports"')[0]
    assert "/console/p/coupons" in marketing and "营销" in marketing
    assert page.text.count('class="active"') == 1 and 'data-nav="members" class="active"' in page.text


async def test_a_cashier_sees_only_the_entries_of_each_group_their_role_opens(client, tenant):
    await tenant.add_staff("cashier1", "cashier")
    await sign_in(client, tenant.slug, "cashier1")
    page = await client.get("/console/checkout")
    assert _groups(page.text)[0] == "till" and "reports" not in _groups(page.text)
    assert 'data-nav="checkout" class="active"' in page.text
    assert 'data-nav="plugins"' not in page.text and 'data-nav="api_keys"' not in page.text


async def test_search_finds_members_orders_and_items_and_opens_a_single_hit(client, tenant):
    member = await make_member(client, tenant, phone="13912345678", name="李四")
    await make_member(client, tenant, phone="13912340000", name="李五")
    item = await make_item(client, tenant, "yoga-10", 30_000, name="瑜伽十次卡")
    order = await open_order(client, tenant, [{"item_id": item["id"]}])
    await sign_in(client, tenant.slug, "owner")

    both = await client.get("/console/search", params={"q": "1391234"})
    assert both.status_code == 200 and "李四" in both.text and "李五" in both.text
    one = await client.get("/console/search", params={"q": "13912345678"})
    assert one.status_code == 303 and one.headers["location"] == f"/console/members/{member['id']}"
    by_name = await client.get("/console/search", params={"q": "李"})
    assert "李四" in by_name.text and "李五" in by_name.text
    by_number = await client.get("/console/search", params={"q": order["number"]})
    assert by_number.status_code == 303 and by_number.headers["location"] == f"/console/orders/{order['id']}"
    by_sku = await client.get("/console/search", params={"q": "yoga-10"})
    assert 'id="search-items"' in by_sku.text and "瑜伽十次卡" in by_sku.text
    nothing = await client.get("/console/search", params={"q": "没有这个人"})
    assert 'id="search-nothing"' in nothing.text
