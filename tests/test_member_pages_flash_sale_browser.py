"""秒杀 in a real browser at a phone's size (390×844): a friend opens the sale and its share page
without signing in, signs in from the take button, takes two, watches the time left to pay count down, and pays from
stored value on the pay page, coming back to the paid hold. Every tap target is 44 px or more."""

from __future__ import annotations

import datetime as dt
import itertools
import re

import httpx

from tests.browser_support import PHONE, screenshot
from tests.test_member_pages_browser import MEMBER_PHONE, sign_in_with_outbox_code, small_tap_targets

_keys = itertools.count(1)


def seed(live, tenant, clock) -> None:
    """A live session (rice at ¥9.90 instead of ¥59.90, 2 each) and a member with ¥88 stored value."""
    with httpx.Client(base_url=live.url, headers=tenant.headers) as api:
        assert api.post("/api/v1/plugins/flash_sale/enable").status_code == 200
        rice = api.post("/api/v1/items", json={"sku": "rice", "name": "东北大米 5kg", "kind": "goods",
                                               "price_fen": 5_990}).json()
        start = clock.now()
        r = api.post("/api/v1/flash-sale/sessions", json={
            "name": "午间秒杀", "starts_at": start.isoformat(), "ends_at": (start + dt.timedelta(hours=1)).isoformat(),
            "items": [{"item_id": rice["id"], "flash_price_fen": 990, "stock": 10, "per_member_limit": 2}]})
        assert r.status_code == 201, r.text
        member = api.post("/api/v1/members", json={"phone": MEMBER_PHONE, "name": "张三"}).json()
        store = api.get("/api/v1/stores").json()["items"][0]
        r = api.post(f"/api/v1/members/{member['id']}/top-ups", headers={"Idempotency-Key": f"fs-{next(_keys)}"},
                     json={"amount_fen": 8_800, "tender": "cash", "store_id": store["id"]})
        assert r.status_code == 201, r.text


def test_a_member_takes_two_on_a_phone_and_pays_them_from_stored_value(live, browser, tenant, clock):
    seed(live, tenant, clock)
    phone = browser.new_context(viewport=PHONE, locale="zh-CN", is_mobile=True, has_touch=True)
    page = phone.new_page()
    page.clock.install()  # the countdowns run on a clock the test moves
    page.goto(f"{live.url}/m/{tenant.slug}/p/flash_sale/")
    assert "东北大米 5kg" in page.inner_text(".fs-items")
    with page.expect_navigation():
        page.click("[id^=share-session-]")  # the session's share page, as a friend opens it
    assert page.locator("#share-qr svg").is_visible() and small_tap_targets(page) == []
    screenshot(page, "member-flash-sale-share-phone")
    with page.expect_navigation():
        page.click("[data-sign-in]")  # a visitor signs in from the take button and comes back
    sign_in_with_outbox_code(page, browser, live, tenant, MEMBER_PHONE)
    assert "/p/flash_sale/sessions/" in page.url
    page.goto(f"{live.url}/m/{tenant.slug}/p/flash_sale/")

    ends_in = page.locator("[id^=ends-in-]")
    assert ends_in.inner_text() == "01:00:00"
    page.clock.run_for(61_000)
    assert re.fullmatch(r"58:5\d", ends_in.inner_text())  # under an hour: minutes and seconds
    assert page.inner_text(".fs-price") == "¥9.90" and "¥59.90" in page.inner_text(".fs-prices")
    assert small_tap_targets(page) == []
    screenshot(page, "member-flash-sale-phone")
    page.select_option("select[name=quantity]", "2")
    with page.expect_navigation():
        page.click("[data-take]")

    assert page.is_visible("#taken") and page.inner_text("#reservation-total") == "¥19.80"
    assert page.inner_text("#hold-countdown") == "15:00"
    page.clock.run_for(5_000)
    assert re.fullmatch(r"14:5\d", page.inner_text("#hold-countdown"))
    assert "名额退回库存" in page.inner_text("#hold-rule")
    assert small_tap_targets(page) == []
    screenshot(page, "member-flash-sale-hold-phone")
    with page.expect_navigation():
        page.click("#go-pay")
    assert page.inner_text("#order-total") == "¥19.80"
    with page.expect_navigation():
        page.click("#pay-stored-value")

    assert "/p/flash_sale/reservations/" in page.url
    assert page.get_attribute("#reservation", "data-state") == "paid" and page.is_visible("#reservation-paid")
    page.goto(f"{live.url}/m/{tenant.slug}/")
    assert "¥68.20" in page.inner_text("#balance-stored-value")  # ¥88 − ¥19.80
    page.goto(f"{live.url}/m/{tenant.slug}/p/flash_sale/mine")
    assert page.get_attribute("[data-reservation]", "data-state") == "paid" and small_tap_targets(page) == []
    phone.close()
