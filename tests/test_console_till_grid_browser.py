"""The till's item grid, steppers, number pad and held-orders drawer in a real browser, at desktop
size and on a touch phone. Items and the member come from ``test_console_browser``'s seed (¥10 矿泉水,
¥20 蛋白棒, ¥30 毛巾; a member with ¥100 stored value); 矿泉水 and 蛋白棒 are put in a 饮品 category."""

from __future__ import annotations

import httpx

from tests.browser_support import DESKTOP, PHONE, screenshot
from tests.test_console_browser import scan, seed, sign_in


def _seed_with_a_category(live, tenant) -> dict:
    data = seed(live, tenant)
    with httpx.Client(base_url=live.url, headers=tenant.headers) as api:
        drinks = api.post("/api/v1/categories", json={"code": "drinks", "name": "饮品"}).json()
        items = {i["sku"]: i for i in api.get("/api/v1/items").json()["items"]}
        for sku in ("A1", "B2"):
            r = api.patch(f"/api/v1/items/{items[sku]['id']}", json={"category_id": drinks["id"]})
            assert r.status_code == 200, r.text
    return {**data, "drinks": drinks}


def _till(live, browser, tenant, viewport=DESKTOP, touch: bool = False):
    data = _seed_with_a_category(live, tenant)
    context = browser.new_context(viewport=viewport, locale="zh-CN", has_touch=touch, is_mobile=touch)
    page = context.new_page()
    sign_in(page, live, tenant, "cashier1")
    page.evaluate("window.tillNotReloaded = true")  # gone if a tap loads a new page
    return page, data


def _redrawn(page, action) -> None:
    """Do ``action``, then wait for the till as the server redrew it (in place: no new page)."""
    page.evaluate("document.querySelector('main .checkout').dataset.drawn = 'before'")
    action()
    page.wait_for_function("document.querySelector('main .checkout').dataset.drawn !== 'before'")


def _tap(page, selector: str, touch: bool = False) -> None:
    """A tap on a tile or a − / + button."""
    _redrawn(page, lambda: page.tap(selector) if touch else page.click(selector))


def _tile_quantity(page, sku: str) -> str:
    badge = page.locator(f"[data-tile='{sku}'] [data-tile-qty]")
    return badge.inner_text() if badge.count() else ""


def test_tiles_add_items_and_steppers_change_them_without_leaving_the_page(live, browser, tenant):
    page, _ = _till(live, browser, tenant)
    assert sorted(page.locator("[data-tile]").evaluate_all("els => els.map(e => e.dataset.tile)")) == ["A1", "B2", "C3"]
    _tap(page, "[data-tile='A1']")
    assert "/console/checkout/" in page.url  # the address is the order's: a reload keeps the sale
    assert _tile_quantity(page, "A1") == "1" and page.inner_text("#order-total") == "¥10.00"
    _tap(page, "[data-tile='A1']")
    _tap(page, "[data-tile='C3']")
    assert _tile_quantity(page, "A1") == "2" and page.inner_text("#order-total") == "¥50.00"
    _tap(page, "[data-step-more='C3']")
    assert page.input_value("#order-lines tr[data-line='C3'] input") == "2"
    assert page.inner_text("#order-total") == "¥80.00" and _tile_quantity(page, "C3") == "2"
    _tap(page, "[data-step-less='A1']")
    page.once("dialog", lambda dialog: dialog.accept())  # − at one asks before taking the line off
    _tap(page, "[data-step-less='A1']")
    assert page.locator("#order-lines tr[data-line='A1']").count() == 0 and _tile_quantity(page, "A1") == ""
    assert page.inner_text("#order-total") == "¥60.00"
    _redrawn(page, lambda: page.fill("#order-lines tr[data-line='C3'] input", "3")
             or page.press("#order-lines tr[data-line='C3'] input", "Enter"))  # a quantity typed and Enter
    assert page.inner_text("#order-total") == "¥90.00" and _tile_quantity(page, "C3") == "3"
    _redrawn(page, lambda: page.click("[data-step-less='C3']"))
    assert page.inner_text("#order-total") == "¥60.00"
    assert page.evaluate("window.tillNotReloaded") is True
    assert page.evaluate("document.activeElement.id") == "scan"  # a scanner still types into the scan field
    scan(page, "6900000000011")  # and the keyboard flow goes on as before
    assert _tile_quantity(page, "A1") == "1" and page.inner_text("#order-total") == "¥70.00"
    assert page.get_attribute("#pay-cash", "inputmode") == "decimal" and page.locator("#numpad").is_hidden()
    screenshot(page, "till-grid-desktop", docs=True)


def test_the_category_tabs_keep_their_place_as_items_are_added(live, browser, tenant):
    page, data = _till(live, browser, tenant)
    with page.expect_navigation():
        page.click(f"[data-category='{data['drinks']['id']}']")
    assert page.locator("[data-tile]").evaluate_all("els => els.map(e => e.dataset.tile).sort()") == ["A1", "B2"]
    _tap(page, "[data-tile='B2']")
    assert f"cat={data['drinks']['id']}" in page.url
    assert page.locator("[data-category].active").inner_text() == "饮品"
    assert page.locator("[data-tile='C3']").count() == 0 and _tile_quantity(page, "B2") == "1"


def test_two_quick_taps_on_a_new_order_add_two_to_one_order(live, browser, tenant):
    page, _ = _till(live, browser, tenant)
    page.click("[data-tile='B2']")
    page.click("[data-tile='B2']")  # before the first answer is drawn
    page.wait_for_function("document.querySelector(\"[data-tile='B2'] [data-tile-qty]\")?.textContent === '2'")
    assert page.inner_text("#order-total") == "¥40.00"
    with httpx.Client(base_url=live.url, headers=tenant.headers) as api:
        assert len(api.get("/api/v1/orders", params={"status": "open"}).json()["items"]) == 1


def test_a_phone_pays_with_the_number_pad_and_no_keyboard(live, browser, tenant):
    page, data = _till(live, browser, tenant, viewport=PHONE, touch=True)
    scan(page, data["code"])
    for sku in ("A1", "B2", "C3"):
        _tap(page, f"[data-tile='{sku}']", touch=True)
    assert page.inner_text("#order-total") == "¥60.00"
    screenshot(page, "till-grid-phone", docs=True)
    assert page.get_attribute("#pay-stored-value", "inputmode") == "none"  # the phone's keyboard stays down
    page.tap("#pay-stored-value")
    assert page.locator("#numpad").is_visible()
    for key in ("4", "0"):
        page.tap(f"#numpad [data-key='{key}']")
    assert page.input_value("#pay-stored-value") == "40"
    assert page.input_value("#pay-cash") == "20.00"  # cash still takes the rest
    screenshot(page, "till-number-pad-phone", docs=True)
    page.tap("#numpad [data-key='done']")
    assert page.locator("#numpad").is_hidden()
    page.tap("#pay-cash")
    for key in ("5", "0", ".", "0", "0", "9"):  # a fen is the smallest amount: the 9 is not taken
        page.tap(f"#numpad [data-key='{key}']")
    assert page.input_value("#pay-cash") == "50.00"
    page.tap("#numpad [data-key='back']")
    assert page.input_value("#pay-cash") == "50.0"
    assert page.inner_text("#change-due") == "找零 ¥30.00"
    page.tap("#numpad [data-key='done']")
    box = page.locator("#pay").bounding_box()
    assert box is not None and box["y"] + box["height"] <= PHONE["height"]
    with page.expect_navigation():
        page.tap("#pay")
    assert page.inner_text("#order-status") == "已付款"
    assert "¥30.00" in page.inner_text("#paid-notice")
    tenders = {el.get_attribute("data-tender"): el.inner_text() for el in page.query_selector_all("[data-tender]")}
    assert "¥40.00" in tenders["stored_value"] and "¥20.00" in tenders["cash"]


def _hold_one_and_open_another(page, touch: bool) -> str:
    _tap(page, "[data-tile='A1']", touch)
    _tap(page, "[data-tile='C3']", touch)
    number = page.inner_text("#order-number")
    with page.expect_navigation():
        page.click("#hold")
    assert page.inner_text("#held-count") == "1"
    _tap(page, "[data-tile='B2']", touch)
    return number


def _open_drawer(page, touch: bool) -> None:
    page.tap("#held-toggle") if touch else page.click("#held-toggle")
    assert page.locator("#held-orders").is_visible()


def test_a_held_order_comes_back_from_the_drawer_and_a_held_one_is_voided_on_a_phone(live, browser, tenant):
    page, _ = _till(live, browser, tenant, viewport=PHONE, touch=True)
    held = _hold_one_and_open_another(page, touch=True)
    current = page.inner_text("#order-number")
    _open_drawer(page, touch=True)
    card = page.locator(f"[data-held='{held}']")
    assert "矿泉水 ×1、毛巾 ×1" in card.inner_text() and "¥40.00" in card.inner_text()
    assert "挂单人 cashier1" in card.inner_text() and "散客" in card.inner_text()
    screenshot(page, "till-held-drawer-phone", docs=True, full_page=False)
    with page.expect_navigation():
        page.tap(f"[data-resume='{held}']")
    assert page.inner_text("#order-number") == held and page.inner_text("#order-total") == "¥40.00"
    assert page.inner_text("#held-count") == "1"  # the order that was on the till waits in the drawer now
    _open_drawer(page, touch=True)
    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        page.tap(f"[data-void='{current}']")
    assert page.inner_text("#order-number") == held  # the till keeps its order
    assert page.inner_text("#held-count") == "0"


def test_the_drawer_opens_and_closes_on_a_desktop_and_resumes_an_order(live, browser, tenant):
    page, _ = _till(live, browser, tenant)
    held = _hold_one_and_open_another(page, touch=False)
    _open_drawer(page, touch=False)
    screenshot(page, "till-held-drawer-desktop", docs=True, full_page=False)
    page.keyboard.press("Escape")
    assert page.locator("#held-orders").is_hidden()
    _open_drawer(page, touch=False)
    page.click("[data-drawer-close]")
    assert page.locator("#held-orders").is_hidden()
    _open_drawer(page, touch=False)
    page.once("dialog", lambda dialog: dialog.dismiss())  # a void asked and declined changes nothing
    page.click(f"[data-void='{held}']")
    assert page.locator(f"[data-held='{held}']").is_visible()
    with page.expect_navigation():
        page.click(f"[data-resume='{held}']")
    assert page.inner_text("#order-number") == held
    assert page.locator("#order-lines tbody tr").count() == 2
