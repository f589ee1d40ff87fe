"""A card's scope in the console: the merchant picks what a card product covers by name (卡项设置),
and the till offers a card only on an order it can pay, saying which card and what is left."""

from checkout_helpers import make_item, make_member, open_order
from console_helpers import post_form, sign_in
from test_cards import buy, cards_of, enable_cards
from test_cards_scope import gym

PRODUCTS = "/console/p/cards/products"


async def test_the_merchant_picks_what_a_card_covers_by_name(client, tenant):
    await enable_cards(client, tenant)
    group, yoga, pt, _ = await gym(client, tenant)
    await sign_in(client, tenant.slug, "owner")
    page = await client.get(PRODUCTS)
    assert page.status_code == 200
    assert f'name="covers_category_ids" value="{group["id"]}"> 团课' in page.text
    assert f'name="covers_item_ids" value="{pt["id"]}"> 私教课' in page.text

    saved = await post_form(client, f"{PRODUCTS}/", {
        "name": "私教卡 5 次", "sku": "pt-5", "card_type": "sessions", "price": "1,200", "sessions": "5",
        "covers_item_ids": [str(pt["id"])]}, follow_redirects=True)
    assert saved.status_code == 200 and 'id="card-products-done"' in saved.text
    item = (await client.get("/api/v1/items", headers=tenant.headers, params={"q": "pt-5"})).json()["items"][0]
    assert (item["price_fen"], item["card"]["covers_item_ids"], item["card"]["covers_category_ids"]) == (
        120_000, [pt["id"]], [])
    row = saved.text.split(f'data-card-product="{item["id"]}"')[1].split("</tr>")[0]
    assert "<td data-scope>私教课</td>" in row

    # Changing it: the form comes back filled, the scope picked; now it covers group classes too.
    edit = await client.get(PRODUCTS, params={"edit": item["id"]})
    assert f'name="covers_item_ids" value="{pt["id"]}" checked>' in edit.text
    assert f'name="covers_category_ids" value="{group["id"]}">' in edit.text  # not picked
    saved = await post_form(client, f"{PRODUCTS}/", {
        "item_id": str(item["id"]), "name": "私教卡 5 次", "card_type": "sessions", "price": "1200", "sessions": "5",
        "covers_item_ids": [str(pt["id"])], "covers_category_ids": [str(group["id"])]}, follow_redirects=True)
    assert saved.status_code == 200, saved.text
    item = (await client.get(f"/api/v1/items/{item['id']}", headers=tenant.headers)).json()
    assert item["card"]["covers_category_ids"] == [group["id"]]


async def test_a_refused_card_product_shows_why_and_keeps_what_was_typed(client, tenant):
    await enable_cards(client, tenant)
    await sign_in(client, tenant.slug, "owner")
    r = await post_form(client, f"{PRODUCTS}/", {"name": "团课卡", "sku": "g-10", "card_type": "sessions", "price": "600",
                                                 "sessions": ""})
    assert r.status_code == 422 and 'id="card-products-error"' in r.text and "次数" in r.text
    assert 'value="团课卡"' in r.text
    assert (await client.get("/api/v1/items", headers=tenant.headers)).json()["items"] == []


async def test_the_till_offers_a_card_only_on_an_order_it_covers(client, tenant):
    await enable_cards(client, tenant)
    member = await make_member(client, tenant)
    _, yoga, pt, card_item = await gym(client, tenant)
    await buy(client, tenant, member, card_item)
    [card] = await cards_of(client, tenant, member)
    field = f'name="tender_card_sessions_{card["id"]}"'
    await sign_in(client, tenant.slug, "owner")

    training = await open_order(client, tenant, [{"item_id": pt["id"]}], member_id=member["id"])
    page = await client.get(f"/console/checkout/{training['id']}")
    assert page.status_code == 200 and field not in page.text

    lesson = await open_order(client, tenant, [{"item_id": yoga["id"]}, {"item_id": pt["id"]}], member_id=member["id"])
    page = await client.get(f"/console/checkout/{lesson['id']}")
    assert field in page.text
    assert "团课卡 10 次" in page.text and "剩余 10 次" in page.text and "可抵扣 瑜伽团课，最多 ¥60" in page.text


async def test_the_till_hides_a_card_for_goods_when_sessions_pay_services_only(client, tenant):
    await enable_cards(client, tenant)
    member = await make_member(client, tenant)
    anything = await make_item(client, tenant, "any-10", 100_000, kind="card", name="通用次卡",
                               card={"card_type": "sessions", "sessions": 10})
    await buy(client, tenant, member, anything)
    [card] = await cards_of(client, tenant, member)
    water = await make_item(client, tenant, "water", 300, name="矿泉水")
    order = await open_order(client, tenant, [{"item_id": water["id"]}], member_id=member["id"])
    await sign_in(client, tenant.slug, "owner")
    page = await client.get(f"/console/checkout/{order['id']}")
    assert page.status_code == 200 and f'name="tender_card_sessions_{card["id"]}"' not in page.text
