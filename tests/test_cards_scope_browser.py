"""The till in a real browser with a group-class card: the card field is not there for personal
training, and it is for a group class, where one session pays for it."""

from __future__ import annotations

import httpx

from tests.browser_support import DESKTOP, screenshot
from tests.test_console_browser import sign_in


def seed(live, tenant) -> dict:
    """A gym over the API: group classes (团课) and personal training, a member holding a 10-class group card."""
    with httpx.Client(base_url=live.url, headers=tenant.headers) as api:
        assert api.post("/api/v1/plugins/cards/enable").status_code == 200
        group = api.post("/api/v1/categories", json={"code": "group", "name": "团课"}).json()
        yoga = api.post("/api/v1/items", json={"sku": "yoga", "name": "瑜伽团课", "kind": "service", "price_fen": 6_000,
                                               "category_id": group["id"]}).json()
        pt = api.post("/api/v1/items", json={"sku": "pt", "name": "私教课", "kind": "service", "price_fen": 30_000}).json()
        card_item = api.post("/api/v1/items", json={
            "sku": "group-10", "name": "团课卡 10 次", "kind": "card", "price_fen": 100_000,
            "card": {"card_type": "sessions", "sessions": 10, "covers_category_ids": [group["id"]]}}).json()
        member = api.post("/api/v1/members", json={"phone": "13800138000", "name": "张三"}).json()
        store = api.get("/api/v1/stores").json()["items"][0]
        orders = {}
        for name, item in (("card", card_item), ("pt", pt), ("yoga", yoga)):
            r = api.post("/api/v1/orders", json={"store_id": store["id"], "member_id": member["id"],
                                                 "lines": [{"item_id": item["id"]}]})
            assert r.status_code == 201, r.text
            orders[name] = r.json()
        r = api.post(f"/api/v1/orders/{orders['card']['id']}/payments", headers={"Idempotency-Key": "seed-card"},
                     json={"tenders": [{"kind": "cash", "amount_fen": 100_000}]})
        assert r.status_code == 201, r.text
        [card] = api.get(f"/api/v1/members/{member['id']}/cards").json()["items"]
    return {"orders": orders, "card": card, "member": member}


def test_the_till_shows_the_group_card_for_a_group_class_only(live, browser, tenant):
    data = seed(live, tenant)
    field = f"#pay-tender_card_sessions_{data['card']['id']}"
    page = browser.new_page(viewport=DESKTOP, locale="zh-CN")
    sign_in(page, live, tenant, "owner")

    page.goto(f"{live.url}/console/checkout/{data['orders']['pt']['id']}")
    assert page.locator("#pay").is_visible()
    assert page.locator(field).count() == 0

    page.goto(f"{live.url}/console/checkout/{data['orders']['yoga']['id']}")
    assert page.locator(field).is_visible()
    assert "团课卡 10 次" in page.inner_text("#pay-form") and "剩余 10 次" in page.inner_text("#pay-form")
    screenshot(page, "checkout-card-sessions-desktop")
    page.fill(field, "60")
    page.fill("#pay-cash", "")
    with page.expect_navigation():
        page.click("#pay")
    with httpx.Client(base_url=live.url, headers=tenant.headers) as api:
        [card] = api.get(f"/api/v1/members/{data['member']['id']}/cards").json()["items"]
        assert card["sessions_left"] == 9
        assert api.get(f"/api/v1/orders/{data['orders']['yoga']['id']}").json()["status"] == "paid"
        assert api.get(f"/api/v1/orders/{data['orders']['pt']['id']}").json()["status"] == "open"


def test_the_merchant_picks_a_cards_scope_from_the_shops_categories_and_services(live, browser, tenant):
    data = seed(live, tenant)
    page = browser.new_page(viewport=DESKTOP, locale="zh-CN")
    sign_in(page, live, tenant, "owner")
    page.goto(f"{live.url}/console/p/cards/products")
    page.fill("#card-product-form input[name=name]", "私教卡 5 次")
    page.fill("#card-product-form input[name=sku]", "pt-5")
    page.fill("#card-product-form input[name=price]", "1200")
    page.fill("#card-product-form input[name=sessions]", "5")
    page.check("#card-scope label:has-text('私教课') input")
    screenshot(page, "card-products-desktop")
    with page.expect_navigation():
        page.click("#save-card-product")
    assert "已保存" in page.inner_text("#card-products-done")
    row = page.inner_text("#card-products tr:has-text('私教卡 5 次')")
    assert "私教课" in row and "¥1,200.00" in row
    with httpx.Client(base_url=live.url, headers=tenant.headers) as api:
        [item] = api.get("/api/v1/items", params={"q": "pt-5"}).json()["items"]
        pt = next(i for i in api.get("/api/v1/items", params={"kind": "service"}).json()["items"] if i["name"] == "私教课")
    assert (item["card"]["covers_item_ids"], item["card"]["covers_category_ids"]) == ([pt["id"]], [])
    assert data["card"]["covers_category_ids"]  # the group card sold in the seed keeps its own scope
