"""The console in a real browser (Playwright driving the system Chromium), as a store uses it.

A cashier signs in, finds a member by their code, checks out a three-line order paid partly
with stored value and partly with cash, holds and resumes another order and refunds a line; a
manager enables a plugin and changes a setting with one invalid value first; a cashier cannot
open the plugin page or export members. Screenshots of the main pages, at desktop and phone
widths, are saved as artifacts (``$MENDIAN_ARTIFACTS`` or ``tests/artifacts/``).
"""

from __future__ import annotations

import itertools
import re

import httpx

from sdk.testing import PASSWORD
from tests.browser_support import DESKTOP, PHONE, screenshot

ITEMS = [("A1", "6900000000011", "矿泉水", 1000), ("B2", "6900000000028", "蛋白棒", 2000), ("C3", "6900000000035", "毛巾", 3000)]
_keys = itertools.count(1)


def seed(live, tenant) -> dict:
    """Items, a member with ¥100 stored value and a member code, a cashier and a manager, over the API."""
    with httpx.Client(base_url=live.url, headers=tenant.headers) as api:
        store = api.get("/api/v1/stores").json()["items"][0]
        for sku, barcode, name, price in ITEMS:
            r = api.post("/api/v1/items", json={"sku": sku, "barcode": barcode, "name": name, "kind": "goods", "price_fen": price})
            assert r.status_code == 201, r.text
        member = api.post("/api/v1/members", json={"phone": "13800138000", "name": "张三"}).json()
        r = api.post(f"/api/v1/members/{member['id']}/top-ups", headers={"Idempotency-Key": f"seed-{next(_keys)}"},
                     json={"amount_fen": 10_000, "tender": "cash", "store_id": store["id"]})
        assert r.status_code == 201, r.text
        code = api.post(f"/api/v1/members/{member['id']}/code").json()["code"]
        for username, role in (("cashier1", "cashier"), ("manager1", "manager")):
            r = api.post("/api/v1/staff", json={"username": username, "name": username, "role": role, "password": PASSWORD})
            assert r.status_code == 201, r.text
    return {"member": member, "code": code, "store": store}


def sign_in(page, live, tenant, username: str) -> None:
    page.goto(f"{live.url}/console/login")
    page.fill("input[name=tenant]", tenant.slug)
    page.fill("input[name=account]", username)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit].primary")


def scan(page, code: str) -> None:
    """What a barcode scanner does: type into the focused field and press Enter."""
    page.focus("#scan")
    page.keyboard.type(code)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_cashier_checks_out_holds_resumes_and_refunds_a_line(live, browser, tenant):
    data = seed(live, tenant)
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    page = context.new_page()
    sign_in(page, live, tenant, "cashier1")
    assert page.url.endswith("/console/checkout")
    screenshot(page, "checkout-empty-desktop")

    scan(page, data["code"])  # the member shows their member code
    assert "张三" in page.inner_text("#checkout-member")
    assert "¥100.00" in page.inner_text("#checkout-member")
    for _, barcode, _, _ in ITEMS:
        scan(page, barcode)
    assert page.locator("#order-lines tbody tr").count() == 3
    assert page.inner_text("#order-total") == "¥60.00"
    screenshot(page, "checkout-desktop", docs=True)

    page.fill("#pay-stored-value", "25")
    page.fill("#pay-cash", "35")
    page.fill("#pay-cash-given", "50")
    assert page.inner_text("[data-cash-change]") == "15.00"  # our script shows the change as it is typed
    with page.expect_navigation():
        page.click("#pay")
    assert "/console/orders/" in page.url
    assert "¥15.00" in page.inner_text("#paid-notice")
    assert page.inner_text("#order-status") == "已付款"
    tenders = {el.get_attribute("data-tender"): el.inner_text() for el in page.query_selector_all("[data-tender]")}
    assert "¥25.00" in tenders["stored_value"] and "¥35.00" in tenders["cash"]
    paid_order_url = page.url.split("?")[0]
    screenshot(page, "order-paid-desktop")
    with context.expect_page() as receipt_info:
        page.click("#print-receipt")
    receipt = receipt_info.value
    receipt.wait_for_load_state()
    assert "蛋白棒" in receipt.content()
    receipt.close()

    # 挂单 and 取单: park a second order, then take it back.
    page.goto(f"{live.url}/console/checkout")
    scan(page, ITEMS[0][1])
    number = page.inner_text("#order-number")
    with page.expect_navigation():
        page.click("#hold")
    assert page.inner_text("#held-count") == "1"
    page.click("#held-toggle")  # the held orders wait in the drawer
    assert page.locator(f"[data-resume='{number}']").is_visible()
    screenshot(page, "checkout-held-desktop")
    with page.expect_navigation():
        page.click(f"[data-resume='{number}']")
    assert page.inner_text("#order-number") == number
    assert page.locator("#order-lines tbody tr").count() == 1

    # The cashier refunds one 蛋白棒 of the paid order at the counter.
    page.goto(paid_order_url)
    page.fill("#order-lines tr[data-line='B2'] input", "1")
    page.on("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        page.click("#refund")
    assert page.inner_text("#order-refunded") == "¥20.00"
    assert "1" in page.inner_text("#order-lines tr[data-line='B2'] [data-refunded]")
    context.close()


def test_manager_enables_a_plugin_and_fixes_an_invalid_setting(live, browser, tenant):
    seed(live, tenant)
    page = browser.new_context(viewport=DESKTOP, locale="zh-CN").new_page()
    sign_in(page, live, tenant, "manager1")
    page.goto(f"{live.url}/console/plugins")
    card = page.locator("[data-plugin='greeter']")
    with page.expect_navigation():
        card.locator("[data-action='enable']").click()
    assert page.locator("[data-plugin='greeter'] [data-action='disable']").count() == 1
    screenshot(page, "plugins-desktop", docs=True)
    with page.expect_navigation():
        page.locator("[data-plugin='greeter'] [data-action='settings']").click()
    page.fill("#setting-points", "5000")
    with page.expect_navigation():
        page.click("#save-settings")
    assert page.locator("#error-points").is_visible()
    assert page.input_value("#setting-points") == "5000"  # what was typed stays
    screenshot(page, "plugin-settings-error-desktop")
    page.fill("#setting-points", "50")
    with page.expect_navigation():
        page.click("#save-settings")
    assert page.locator("#settings-saved").is_visible()
    assert page.input_value("#setting-points") == "50"


def test_cashier_cannot_open_plugins_or_export_members(live, browser, tenant):
    seed(live, tenant)
    page = browser.new_context(viewport=DESKTOP, locale="zh-CN").new_page()
    sign_in(page, live, tenant, "cashier1")
    assert page.locator("[data-nav='plugins']").count() == 0
    response = page.goto(f"{live.url}/console/plugins")
    assert response.status == 403 and "没有权限" in page.content()
    page.goto(f"{live.url}/console/members")
    assert page.locator("#export-members").count() == 0
    assert page.locator("[data-phone]").first.inner_text() == "138****8000"
    response = page.goto(f"{live.url}/console/members/export.csv")
    assert response.status == 403


def test_screenshots_of_the_main_pages_at_desktop_and_phone_widths(live, browser, tenant):
    data = seed(live, tenant)
    pages = {
        "login": "/console/login", "today": "/console/today", "members": "/console/members",
        "member-file": f"/console/members/{data['member']['id']}", "checkout": "/console/checkout",
        "top-up": f"/console/top-up?member={data['member']['id']}&amount=500", "orders": "/console/orders",
        "plugins": "/console/plugins", "staff": "/console/staff", "stores": "/console/stores",
        "api-keys": "/console/api-keys",
    }
    for width_name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        context = browser.new_context(viewport=viewport, locale="zh-CN")
        page = context.new_page()
        page.goto(f"{live.url}/console/login")
        screenshot(page, f"login-{width_name}", docs=width_name == "phone")
        sign_in(page, live, tenant, "owner")
        for name, path in pages.items():
            if name == "login":
                continue
            response = page.goto(f"{live.url}{path}")
            assert response.status == 200, (name, response.status)
            # Nothing may overflow the phone's width but tables, which scroll inside their box.
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 1, (name, width_name, overflow)
            screenshot(page, f"{name}-{width_name}", docs=name in ("today", "member-file", "top-up"))
        if width_name == "desktop":
            bonus = page.goto(f"{live.url}/console/top-up?member={data['member']['id']}&amount=500")
            assert bonus.status == 200 and re.search(r"¥500\.00", page.inner_text("#top-up-confirm"))
        context.close()
