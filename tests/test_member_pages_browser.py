"""会员端 in a real browser at a phone's size (390×844, Playwright driving the system Chromium).

A member opens the store's member page, asks for a code, signs in with the code the desk reads
in the console's outbox (no SMS provider here), sees their stored value and the member QR code
(which renews itself before it expires), opens their details, claims a coupon in the coupon
center and signs in for the day. Screenshots are saved as artifacts.
"""

from __future__ import annotations

import itertools
import re

import httpx

from sdk.testing import PASSWORD
from tests.browser_support import DESKTOP, PHONE, screenshot

MEMBER_PHONE = "13800138000"
_keys = itertools.count(1)


def seed(live, tenant) -> None:
    """The store runs coupons and sign-in, offers a coupon, and has a member with ¥88 stored value."""
    with httpx.Client(base_url=live.url, headers=tenant.headers) as api:
        for plugin in ("coupons", "sign_in"):
            assert api.post(f"/api/v1/plugins/{plugin}/enable").status_code == 200
        r = api.post("/api/v1/coupons/templates", json={"name": "新人十元券", "kind": "cash", "value_fen": 1_000,
                                                         "valid_days": 30, "claimable": True, "stock": 100})
        assert r.status_code == 201, r.text
        stores = api.get("/api/v1/stores").json()
        store = (stores["items"] if isinstance(stores, dict) else stores)[0]
        member = api.post("/api/v1/members", json={"phone": MEMBER_PHONE, "name": "张三"}).json()
        r = api.post(f"/api/v1/members/{member['id']}/top-ups", headers={"Idempotency-Key": f"mp-{next(_keys)}"},
                     json={"amount_fen": 8_800, "tender": "cash", "store_id": store["id"]})
        assert r.status_code == 201, r.text


def code_from_outbox(browser, live, tenant) -> str:
    """What the person running the store does without an SMS provider: read the code in the console."""
    desk = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    page = desk.new_page()
    page.goto(f"{live.url}/console/login")
    page.fill("input[name=tenant]", tenant.slug)
    page.fill("input[name=account]", "owner")
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit].primary")
    page.goto(f"{live.url}/console/messages")
    text = page.inner_text("#message-list tbody tr[data-template=member_auth_code] .message-text")
    desk.close()
    return re.search(r"\d{6}", text).group(0)


def sign_in_with_outbox_code(page, browser, live, tenant, phone: str) -> None:
    """On the sign-in page: the phone, the code the desk reads in the outbox, and on to where the page came from."""
    page.fill("#phone", phone)
    with page.expect_navigation():
        page.click("#send-code")
    page.fill("#code", code_from_outbox(browser, live, tenant))
    with page.expect_navigation():
        page.click("#sign-in")


def small_tap_targets(page) -> list[str]:
    """Buttons and links shorter or narrower than 44 px (the layout's tap-target rule)."""
    return page.evaluate("""() => [...document.querySelectorAll('main button, main a, footer button')]
        .filter(el => el.offsetParent !== null)
        .filter(el => { const r = el.getBoundingClientRect(); return r.height < 44 || r.width < 44; })
        .map(el => el.outerHTML.slice(0, 80))""")


def test_a_member_signs_in_on_a_phone_claims_a_coupon_and_signs_in_for_the_day(live, browser, tenant):
    seed(live, tenant)
    phone = browser.new_context(viewport=PHONE, locale="zh-CN", is_mobile=True, has_touch=True)
    page = phone.new_page()
    page.goto(f"{live.url}/m/{tenant.slug}")
    assert f"/m/{tenant.slug}/login" in page.url
    screenshot(page, "member-sign-in-phone")
    page.fill("#phone", MEMBER_PHONE)
    with page.expect_navigation():
        page.click("#send-code")
    assert page.is_visible("#code-sent") and page.is_disabled("#send-code")  # the countdown runs
    page.fill("#code", code_from_outbox(browser, live, tenant))
    page.clock.install()  # the page's timers run on a clock the test moves
    with page.expect_navigation():
        page.click("#sign-in")

    assert page.url.rstrip("/").endswith(f"/m/{tenant.slug}")
    assert page.inner_text("#member-name") == "张三"
    assert "¥88.00" in page.inner_text("#balance-stored-value")
    assert page.locator("#member-qr svg").is_visible()
    assert page.get_attribute("#member-qr", "data-code") is None
    page.clock.run_for(101_000)  # the code lives 120 s: the card asks for a new one 20 s before
    page.wait_for_function("() => document.getElementById('member-qr').dataset.code")
    assert page.get_attribute("#member-qr", "data-code").startswith("MC1.")
    assert page.locator("#member-qr svg").is_visible()
    assert small_tap_targets(page) == []
    screenshot(page, "member-home-phone")
    with page.expect_navigation():
        page.click("#edit-profile")
    assert page.input_value("#name") == "张三" and small_tap_targets(page) == []
    screenshot(page, "member-details-phone")
    page.go_back()

    with page.expect_navigation():
        page.click(f"a[href='/m/{tenant.slug}/p/coupons']")
    assert "新人十元券" in page.inner_text("#coupon-offers")
    with page.expect_navigation():
        page.click("[data-claim]")
    assert page.inner_text("#claim-result") == "领取成功"
    screenshot(page, "member-coupon-claimed-phone")

    page.goto(f"{live.url}/m/{tenant.slug}/")
    assert "1 张可用" in page.inner_text(".tiles")
    with page.expect_navigation():
        page.click(f"a[href='/m/{tenant.slug}/p/sign_in']")
    with page.expect_navigation():
        page.click("#sign-in-today")
    assert page.inner_text("#sign-in-result") == "签到成功"
    page.goto(f"{live.url}/m/{tenant.slug}/p/sign_in/")
    assert page.is_visible("#signed-today") and page.inner_text("#streak") == "1"
    assert small_tap_targets(page) == []
    screenshot(page, "member-sign-in-day-phone")
    phone.close()
