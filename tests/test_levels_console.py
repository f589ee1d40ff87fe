"""会员等级 in the console: the ladder saved from one form (a refused one keeps what was typed),
member prices by SKU, and the member's file with progress, history and the manager's override."""

from checkout_helpers import make_item, make_member
from console_helpers import post_form, sign_in
from levels_helpers import enable_levels, history_of, level_of, tiers_of

PAGE = "/console/p/levels/"


def ladder_form(rows):
    """The ladder's form: each level's fields, and its member prices as (SKU, price) rows."""
    form = {}
    for i, row in enumerate(rows):
        form.update({f"{k}_{i}": v for k, v in row.items() if k != "member_prices"})
        for j, (sku, price) in enumerate(row.get("member_prices", [])):
            form.update({f"mp_sku_{i}_{j}": sku, f"mp_price_{i}_{j}": price})
    return form


async def test_a_manager_saves_the_ladder_with_member_prices_by_sku(client, tenant):
    await enable_levels(client, tenant)
    pt = await make_item(client, tenant, "pt-session", 30_000, kind="service")
    await sign_in(client, tenant.slug, "owner")
    page = await client.get(PAGE)
    assert page.status_code == 200 and 'data-tier="silver"' in page.text
    rows = [{"code": "regular", "name": "普通", "threshold": "0"},
            {"code": "vip", "name": "VIP", "threshold": "2,000", "discount_percent": "95",
             "points_multiplier": "150", "member_prices": [("pt-session", "250"), ("", "")]}]
    r = await post_form(client, PAGE, ladder_form(rows), follow_redirects=True)
    assert r.status_code == 200, r.text
    vip = (await tiers_of(client, tenant))[1]
    assert (vip["threshold"], vip["discount_percent"], vip["member_prices"]) == \
        (200_000, 95, [{"item_id": pt["id"], "price_fen": 25_000}])
    # The page shows the price as a picked item and its price, with blank rows to add more.
    page = await client.get(PAGE)
    assert 'name="mp_sku_1_0" value="pt-session"' in page.text and 'name="mp_price_1_0" value="250.00"' in page.text
    assert 'name="mp_sku_1_1" value=""' in page.text and 'data-picker="items"' in page.text
    assert "textarea" not in page.text


async def test_a_refused_ladder_keeps_what_was_typed(client, tenant):
    await enable_levels(client, tenant)
    await sign_in(client, tenant.slug, "owner")
    before = await tiers_of(client, tenant)
    rows = [{"code": "regular", "name": "普通", "threshold": "0"}, {"code": "vip", "name": "贵宾", "threshold": "0"}]
    r = await post_form(client, PAGE, ladder_form(rows))
    assert r.status_code == 422 and 'id="levels-error"' in r.text and 'value="贵宾"' in r.text
    await make_item(client, tenant, "pt-session", 30_000, kind="service")
    rows[1].update(threshold="100", member_prices=[("pt-session", "0")])
    r = await post_form(client, PAGE, ladder_form(rows))
    assert r.status_code == 422 and "会员价须大于零" in r.text
    rows[1].update(threshold="100", member_prices=[("no-such-sku", "1")])
    r = await post_form(client, PAGE, ladder_form(rows))
    assert r.status_code == 404 and "no-such-sku" in r.text
    rows[1].update(threshold="100", member_prices=[("pt-session", "")])
    r = await post_form(client, PAGE, ladder_form(rows))
    assert r.status_code == 422 and "请选商品并填写价格" in r.text and 'value="pt-session"' in r.text
    assert await tiers_of(client, tenant) == before


async def test_the_members_file_shows_the_level_and_a_manager_overrides_it(client, tenant):
    await enable_levels(client, tenant)
    member = await make_member(client, tenant)
    await sign_in(client, tenant.slug, "owner")
    page = await client.get(f"/console/members/{member['id']}?tab=levels")
    assert 'id="member-level-section"' in page.text and 'data-level="regular"' in page.text
    assert 'id="level-override"' in page.text
    path = f"{PAGE}members/{member['id']}"
    assert (await post_form(client, path, {"code": "gold", "reason": ""})).status_code == 422
    r = await post_form(client, path, {"code": "gold", "reason": "转卡"}, follow_redirects=True)
    assert r.status_code == 200 and 'data-level="gold"' in r.text and "转卡" in r.text
    assert (await level_of(client, tenant, member))["code"] == "gold"
    assert [c["reason"] for c in await history_of(client, tenant, member)] == ["转卡"]
