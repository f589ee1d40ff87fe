"""砍价 in the console: a campaign made from the form (item by SKU, yuan, the tenant's timezone;
a refused one keeps what was typed and makes nothing), and stopping it."""

from bargain_helpers import enable_bargain
from checkout_helpers import make_item
from console_helpers import post_form
from console_helpers import sign_in as console_sign_in

PAGE = "/console/p/bargain/"


def campaign_form(**fields):
    form = {"name": "砍价自行车", "sku": "bike", "price": "", "floor": "10", "helpers": "5", "stock": "20",
            "limit": "1", "hours": "24", "starts_at": "2026-01-15T12:00", "ends_at": "2026-01-20T12:00"}
    return {**form, **fields}


async def campaigns_of(client, tenant):
    return (await client.get("/api/v1/bargain/campaigns", headers=tenant.headers)).json()["items"]


async def test_a_manager_makes_a_campaign_from_the_form_and_stops_it(client, tenant):
    await enable_bargain(client, tenant)
    await make_item(client, tenant, "bike", 5_900, name="儿童自行车")
    await console_sign_in(client, tenant.slug, "owner")
    assert 'id="add-bargain-campaign"' in (await client.get(PAGE)).text
    r = await post_form(client, PAGE, campaign_form(), follow_redirects=True)
    assert r.status_code == 200, r.text
    [campaign] = await campaigns_of(client, tenant)
    assert campaign["starts_at"] == "2026-01-15T04:00:00Z"  # Shanghai
    assert (campaign["item_name"], campaign["price_fen"], campaign["floor_fen"], campaign["helpers_needed"]) == (
        "儿童自行车", 5_900, 1_000, 5)
    r = await post_form(client, f"{PAGE}{campaign['id']}/stop", {}, follow_redirects=True)
    assert r.status_code == 200 and 'data-state="stopped"' in r.text


async def test_a_refused_campaign_keeps_what_was_typed_and_makes_nothing(client, tenant):
    await enable_bargain(client, tenant)
    await make_item(client, tenant, "bike", 5_900)
    await console_sign_in(client, tenant.slug, "owner")
    for form, status, text in [
        (campaign_form(floor="58.99"), 422, "每人至少砍 ¥0.01"),
        (campaign_form(helpers="很多"), 422, "须为正整数"),
        (campaign_form(floor="abc"), 422, "底价须为金额"),
        (campaign_form(sku="no-such-sku"), 404, "no-such-sku"),
    ]:
        r = await post_form(client, PAGE, form)
        assert r.status_code == status and text in r.text, (form, r.status_code, r.text[-500:])
        assert 'value="砍价自行车"' in r.text or status == 404
    assert await campaigns_of(client, tenant) == []
