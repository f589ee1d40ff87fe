"""积分 in the console: the member's file shows their points, and a manager adjusts points on the
points page — a refused adjustment shows why and changes nothing."""

from checkout_helpers import make_member
from console_helpers import post_form, sign_in
from points_helpers import balance_of, enable_points, give, statement_of


async def test_the_members_file_shows_balance_expiry_and_latest_lines(client, tenant, clock):
    import datetime as dt

    await enable_points(client, tenant, expiry="fixed", fixed_years=0)  # lapse as 2027 begins: within 30 days late in 2026
    member = await make_member(client, tenant)
    await give(client, tenant, member, 321)
    await sign_in(client, tenant.slug, "owner")
    page = await client.get(f"/console/members/{member['id']}?tab=points")
    assert page.status_code == 200 and 'id="member-points-section"' in page.text
    assert "321" in page.text and "手动调整：开业赠送" in page.text
    assert 'id="member-points-expiring"' not in page.text  # 31 December is more than 30 days away
    clock.set(dt.datetime(2026, 12, 10, 2, tzinfo=dt.UTC))
    tenant.owner_token = await tenant.add_staff("owner2", "owner")
    await sign_in(client, tenant.slug, "owner2")
    page = await client.get(f"/console/members/{member['id']}?tab=points")
    assert 'id="member-points-expiring"' in page.text


async def test_a_manager_adjusts_points_with_a_reason(client, tenant):
    await enable_points(client, tenant)
    member = await make_member(client, tenant)
    await sign_in(client, tenant.slug, "owner")
    page = await client.get("/console/p/points", params={"q": str(member["id"])})
    assert page.status_code == 200 and f'data-member="{member["id"]}"' in page.text
    form = {"member_id": member["id"], "points": "50", "reason": "生日礼", "token": "t-1"}
    done = await post_form(client, "/console/p/points/adjust", form, follow_redirects=True)
    assert done.status_code == 200 and 'id="points-done"' in done.text
    again = await post_form(client, "/console/p/points/adjust", form, follow_redirects=True)  # a double click
    assert again.status_code == 200
    assert await balance_of(client, tenant, member) == 50


async def test_a_refused_adjustment_shows_why_and_changes_nothing(client, tenant):
    await enable_points(client, tenant)
    member = await make_member(client, tenant)
    await give(client, tenant, member, 5)
    await sign_in(client, tenant.slug, "owner")
    before = await statement_of(client, tenant, member)
    r = await post_form(client, "/console/p/points/adjust", {"member_id": member["id"], "points": "-6", "reason": "扣"})
    assert r.status_code == 409 and 'id="points-error"' in r.text
    r = await post_form(client, "/console/p/points/adjust", {"member_id": member["id"], "points": "3", "reason": ""})
    assert r.status_code == 422
    assert await statement_of(client, tenant, member) == before


async def test_the_page_is_for_managers_and_only_while_points_is_enabled(client, tenant):
    await sign_in(client, tenant.slug, "owner")
    assert (await client.get("/console/p/points")).status_code == 404
    await enable_points(client, tenant)
    await tenant.add_staff("cashier1", "cashier")
    await client.post("/console/logout", data={})
    client.cookies.clear()
    await sign_in(client, tenant.slug, "cashier1")
    assert (await client.get("/console/p/points")).status_code == 403
