"""The member's file as tabs under a summary header: the summary on every tab, ?tab= opening one
(rendered by the server), a tab per enabled plugin's section, and only the tabs a role may read."""

import re

from checkout_helpers import make_member
from console_helpers import sign_in
from coupons_helpers import enable_coupons, issue, template


def tabs_of(page):
    nav = page.split('id="member-tabs"', 1)[1].split("</nav>", 1)[0]
    return re.findall(r'data-tab="([a-z_]+)"', nav)


def current(page):
    return re.search(r'data-tab="([a-z_]+)" aria-current="page"', page).group(1)


async def test_the_summary_heads_every_tab(client, tenant):
    member = await make_member(client, tenant)
    await client.put(f"/api/v1/members/{member['id']}/tags", headers=tenant.headers, json={"tags": ["私教意向"]})
    await sign_in(client, tenant.slug, "owner")
    for tab in ("overview", "orders", "stored_value"):
        page = (await client.get(f"/console/members/{member['id']}?tab={tab}")).text
        summary = page.split('id="member-summary"', 1)[1].split("</header>", 1)[0]
        assert "张三" in summary and "私教意向" in summary and 'data-balance="stored_value">¥0.00<' in summary
        assert current(page) == tab


async def test_a_tab_is_opened_by_its_link_and_an_unknown_one_opens_the_overview(client, tenant):
    member = await make_member(client, tenant)
    await sign_in(client, tenant.slug, "owner")
    overview = (await client.get(f"/console/members/{member['id']}")).text
    assert tabs_of(overview) == ["overview", "orders", "stored_value"]
    assert current(overview) == "overview" and 'id="notes"' in overview
    orders = (await client.get(f"/console/members/{member['id']}?tab=orders")).text
    assert current(orders) == "orders" and "还没有订单" in orders and 'id="notes"' not in orders
    odd = (await client.get(f"/console/members/{member['id']}?tab=nonsense")).text
    assert current(odd) == "overview"


async def test_an_enabled_plugin_adds_its_tab(client, tenant):
    member = await make_member(client, tenant)
    await sign_in(client, tenant.slug, "owner")
    assert "coupons" not in tabs_of((await client.get(f"/console/members/{member['id']}")).text)
    await enable_coupons(client, tenant)
    await issue(client, tenant, await template(client, tenant, name="生日券"), member)
    page = (await client.get(f"/console/members/{member['id']}")).text
    assert "coupons" in tabs_of(page) and 'id="member-coupons"' not in page
    coupons = (await client.get(f"/console/members/{member['id']}?tab=coupons")).text
    assert current(coupons) == "coupons" and 'id="member-coupons"' in coupons and "生日券" in coupons


async def test_a_staff_member_without_orders_sees_no_orders_tab_and_a_masked_phone(client, tenant):
    member = await make_member(client, tenant)
    await tenant.add_staff("coach", "staff")
    await sign_in(client, tenant.slug, "coach")
    page = (await client.get(f"/console/members/{member['id']}?tab=orders")).text
    assert "orders" not in tabs_of(page) and current(page) == "overview"
    assert "138****8000" in page.split('id="member-summary"', 1)[1].split("</header>", 1)[0]
