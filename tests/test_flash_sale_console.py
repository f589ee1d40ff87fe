"""秒杀 in the console: a session made from the form (items by SKU, times in the tenant's
timezone; a refused one keeps what was typed), its figures, and stopping it."""

from checkout_helpers import make_item
from console_helpers import post_form
from console_helpers import sign_in as console_sign_in
from flash_sale_helpers import enable_flash_sale

PAGE = "/console/p/flash_sale/"


def session_form(**fields):
    form = {"name": "午间秒杀", "starts_at": "2026-01-15T12:00", "ends_at": "2026-01-15T13:00",
            "sku_0": "rice", "price_0": "9.90", "stock_0": "20", "limit_0": "2"}
    return {**form, **fields}


async def sessions_of(client, tenant):
    return (await client.get("/api/v1/flash-sale/sessions", headers=tenant.headers)).json()["items"]


async def test_a_manager_makes_a_session_from_the_form_and_stops_it(client, tenant):
    await enable_flash_sale(client, tenant)
    await make_item(client, tenant, "rice", 5_990, name="东北大米")
    await console_sign_in(client, tenant.slug, "owner")
    assert 'id="add-flash-session"' in (await client.get(PAGE)).text
    r = await post_form(client, PAGE, session_form(), follow_redirects=True)
    assert r.status_code == 200, r.text
    [session] = await sessions_of(client, tenant)
    assert (session["starts_at"], session["ends_at"]) == ("2026-01-15T04:00:00Z", "2026-01-15T05:00:00Z")  # Shanghai
    assert [(i["name"], i["flash_price_fen"], i["stock"], i["per_member_limit"]) for i in session["items"]] == [
        ("东北大米", 990, 20, 2)]
    assert 'data-state="upcoming"' in r.text and "东北大米" in r.text
    r = await post_form(client, f"{PAGE}{session['id']}/stop", {}, follow_redirects=True)
    assert r.status_code == 200 and 'data-state="stopped"' in r.text


async def test_a_refused_session_keeps_what_was_typed_and_makes_nothing(client, tenant):
    await enable_flash_sale(client, tenant)
    await make_item(client, tenant, "rice", 5_990)
    await console_sign_in(client, tenant.slug, "owner")
    cases = [
        (session_form(price_0="59.90"), 422, "秒杀价须低于原价"),
        (session_form(ends_at="2026-01-15T11:00"), 422, "结束时间须晚于开始时间"),
        (session_form(stock_0="很多"), 422, "须为正整数"),
        (session_form(sku_0="no-such-sku"), 404, "no-such-sku"),
        (session_form(starts_at="明天"), 422, "开始时间须为日期时间"),
    ]
    for form, status, text in cases:
        r = await post_form(client, PAGE, form)
        assert r.status_code == status and text in r.text, (form, r.status_code)
        assert 'value="午间秒杀"' in r.text or status == 404
    assert await sessions_of(client, tenant) == []
