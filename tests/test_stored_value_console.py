"""充值活动 in the console: a manager adds a tier (a refused one keeps what was typed and says why),
stops it, and the top-up page shows the bonus the tiers give before the desk confirms."""

from checkout_helpers import make_member
from console_helpers import post_form, sign_in
from stored_value_helpers import enable_bonuses, rule, rules_of, top_up

PAGE = "/console/p/stored_value/"


async def test_a_manager_adds_a_tier_and_a_refused_one_keeps_what_was_typed(client, tenant):
    await enable_bonuses(client, tenant)
    await sign_in(client, tenant.slug, "owner")
    r = await post_form(client, PAGE, {"name": "充一千", "min_amount": "1,000", "bonus": "200"}, follow_redirects=True)
    assert r.status_code == 200 and "充 1,000 元送 200 元" in r.text
    typed = {"name": "错档", "min_amount": "100", "bonus": "500"}
    r = await post_form(client, PAGE, typed)
    assert r.status_code == 422 and 'id="bonus-error"' in r.text and "赠送金额不能超过充值门槛" in r.text
    assert 'value="错档"' in r.text and 'value="500"' in r.text
    r = await post_form(client, PAGE, {"name": "小数", "min_amount": "100.001", "bonus": "1"})
    assert r.status_code == 422 and "最多两位小数" in r.text
    assert [x["name"] for x in await rules_of(client, tenant)] == ["充一千"]


async def test_a_manager_stops_a_tier(client, tenant):
    await enable_bonuses(client, tenant)
    tier = await rule(client, tenant, min_amount_fen=100_000, bonus_fen=20_000)
    await sign_in(client, tenant.slug, "owner")
    r = await post_form(client, f"{PAGE}{tier['id']}/active", {}, follow_redirects=True)
    assert r.status_code == 200 and "已停止" in r.text
    assert [x["active"] for x in await rules_of(client, tenant)] == [False]


async def test_the_top_up_page_shows_the_bonus_before_confirming(client, tenant):
    await enable_bonuses(client, tenant)
    await rule(client, tenant, min_amount_fen=100_000, bonus_fen=20_000)
    member = await make_member(client, tenant)
    await sign_in(client, tenant.slug, "owner")
    page = await client.get("/console/top-up", params={"member": str(member["id"]), "amount": "1000"})
    assert page.status_code == 200
    assert 'id="top-up-bonus">¥200.00<' in page.text


async def test_the_page_is_for_managers_while_the_plugin_is_enabled(client, tenant):
    await sign_in(client, tenant.slug, "owner")
    assert (await client.get(PAGE)).status_code == 404
    await enable_bonuses(client, tenant)
    assert (await client.get(PAGE)).status_code == 200
    await tenant.add_staff("cashier1", "cashier")
    await client.post("/console/logout", data={})
    client.cookies.clear()
    await sign_in(client, tenant.slug, "cashier1")
    assert (await client.get(PAGE)).status_code == 403


async def test_the_members_file_lists_the_bonuses_they_got(client, tenant):
    await enable_bonuses(client, tenant)
    await rule(client, tenant, name="充一千", min_amount_fen=100_000, bonus_fen=20_000)
    member = await make_member(client, tenant)
    await top_up(client, tenant, member, 100_000)
    await sign_in(client, tenant.slug, "owner")
    page = await client.get(f"/console/members/{member['id']}?tab=stored_value")
    assert page.status_code == 200 and 'id="member-bonus-grants"' in page.text
    assert "充一千" in page.text and "¥200.00" in page.text
