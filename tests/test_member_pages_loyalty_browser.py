"""The loyalty plugins' member pages in a real browser at a phone's size (390×844, system Chromium).

A member reads their level and the top-up offers, then opens the points mall from their card,
exchanges a reward with their points, and sees the pickup code to show at the desk (large, and as
a QR code) and in 我的兑换. Every tap target is at least 44 px; screenshots are saved as artifacts.
"""

from __future__ import annotations

import itertools

import httpx

from tests.browser_support import PHONE, screenshot
from tests.test_member_pages_browser import sign_in_with_outbox_code, small_tap_targets

MEMBER_PHONE = "13800138000"
_keys = itertools.count(1)


def _key() -> dict[str, str]:
    return {"Idempotency-Key": f"mp-loyalty-{next(_keys)}"}


def seed(live, tenant) -> None:
    """The store runs the points mall, levels and top-up offers; a member was given 1,700 points,
    spent ¥300 (earning 300 more) and holds ¥50 of stored value; a protein bar costs 800 points."""
    with httpx.Client(base_url=live.url, headers=tenant.headers) as api:
        for plugin in ("points", "points_mall", "levels", "stored_value"):
            assert api.post(f"/api/v1/plugins/{plugin}/enable").status_code == 200
        store = api.get("/api/v1/stores").json()["items"][0]
        bar = api.post("/api/v1/items", json={"sku": "protein-bar", "name": "蛋白棒", "kind": "goods",
                                              "price_fen": 1_500}).json()
        r = api.post("/api/v1/points-mall/rewards", json={
            "kind": "goods", "title": "蛋白棒", "title_en": "Protein bar", "sku": bar["sku"], "points": 800,
            "stock": 20, "per_member_limit": 2, "methods": ["pickup"]})
        assert r.status_code == 201, r.text
        for name, threshold, bonus in (("充500送50", 50_000, 5_000), ("充1000送200", 100_000, 20_000)):
            r = api.post("/api/v1/stored-value/bonus-rules", json={"name": name, "min_amount_fen": threshold,
                                                                     "bonus_fen": bonus, "per_member_limit": 3})
            assert r.status_code == 201, r.text
        member = api.post("/api/v1/members", json={"phone": MEMBER_PHONE, "name": "张三"}).json()
        r = api.post(f"/api/v1/members/{member['id']}/points/adjustments", headers=_key(),
                     json={"points": 1_700, "reason": "开业赠送"})
        assert r.status_code == 201, r.text
        r = api.post(f"/api/v1/members/{member['id']}/top-ups", headers=_key(),
                     json={"amount_fen": 5_000, "tender": "cash", "store_id": store["id"]})
        assert r.status_code == 201, r.text
        towel = api.post("/api/v1/items", json={"sku": "towel", "name": "毛巾", "kind": "goods",
                                                "price_fen": 30_000}).json()
        order = api.post("/api/v1/orders", json={"lines": [{"item_id": towel["id"]}], "store_id": store["id"],
                                                 "member_id": member["id"]}).json()
        r = api.post(f"/api/v1/orders/{order['id']}/payments", headers=_key(),
                     json={"tenders": [{"kind": "cash", "amount_fen": order["total_fen"]}]})
        assert r.status_code == 201, r.text


def test_a_member_exchanges_points_for_a_reward_on_a_phone_and_sees_the_pickup_code(live, browser, tenant):
    seed(live, tenant)
    phone = browser.new_context(viewport=PHONE, locale="zh-CN", is_mobile=True, has_touch=True)
    page = phone.new_page()
    page.goto(f"{live.url}/m/{tenant.slug}/login")
    sign_in_with_outbox_code(page, browser, live, tenant, MEMBER_PHONE)

    page.goto(f"{live.url}/m/{tenant.slug}/p/levels/")
    assert page.inner_text("#level-name") == "普通"
    assert page.inner_text("#level-missing") == "再消费 ¥700.00 即可升级为白银。"
    assert page.get_attribute("#level-progress", "aria-valuenow") == "30"
    assert small_tap_targets(page) == []
    screenshot(page, "member-level-phone")

    page.goto(f"{live.url}/m/{tenant.slug}/p/stored_value/")
    offers = page.inner_text("#offers")
    assert "充 500 元送 50 元" in offers and "每人限 3 次，已参加 0 次" in offers
    assert page.inner_text("#stored-value-total") == "¥50.00"
    assert page.get_attribute("#show-member-code", "href") == f"/m/{tenant.slug}/"
    assert small_tap_targets(page) == []
    screenshot(page, "member-top-up-offers-phone")

    page.goto(f"{live.url}/m/{tenant.slug}/")
    assert "1 件可兑" in page.inner_text(".tiles")
    with page.expect_navigation():
        page.click(f"a[href='/m/{tenant.slug}/p/points_mall']")
    assert page.inner_text("#my-points") == "2,000" and page.inner_text("#my-stored-value") == "¥50.00"
    assert "800 积分" in page.inner_text("#rewards") and "可兑换" in page.inner_text("#rewards")
    assert small_tap_targets(page) == []
    screenshot(page, "member-points-mall-phone")

    with page.expect_navigation():
        page.click("#rewards a.reward")
    assert "将扣除 800 积分" in page.inner_text("#exchange-cost") and small_tap_targets(page) == []
    with page.expect_navigation():
        page.click("#exchange")
    assert page.inner_text("#exchange-done") == "兑换成功" and page.inner_text("#exchange-status") == "待领取"
    code = page.inner_text("#pickup-code")
    assert len(code) == 8 and code.isalnum()
    assert page.locator("#pickup-qr svg").is_visible()
    box = page.locator("#pickup-code").bounding_box()
    assert box["height"] >= 40  # large enough to read out at the desk
    assert small_tap_targets(page) == []
    screenshot(page, "member-pickup-code-phone")

    page.goto(f"{live.url}/m/{tenant.slug}/p/points_mall/")
    assert page.inner_text("#my-points") == "1,200"
    with page.expect_navigation():
        page.click("#my-exchanges")
    assert code in page.inner_text("#exchanges") and small_tap_targets(page) == []
    phone.close()
