"""The till in a real browser: the last tender takes the rest, cash shows its change, SKUs scan,
the pay button stays in reach on a phone. Items and the member come from ``test_console_browser``'s seed:
¥10 + ¥20 + ¥30 items, a member with ¥100 stored value."""

from __future__ import annotations

from tests.browser_support import DESKTOP, PHONE, screenshot
from tests.test_console_browser import ITEMS, scan, seed, sign_in


def _till_with_three_lines(live, browser, tenant, viewport=DESKTOP, member: bool = True):
    data = seed(live, tenant)
    page = browser.new_context(viewport=viewport, locale="zh-CN").new_page()
    sign_in(page, live, tenant, "cashier1")
    if member:
        scan(page, data["code"])
    for _, barcode, _, _ in ITEMS:
        scan(page, barcode)
    assert page.inner_text("#order-total") == "¥60.00"
    return page


def _tenders(page) -> dict[str, str]:
    return {el.get_attribute("data-tender"): el.inner_text() for el in page.query_selector_all("[data-tender]")}


def test_typing_stored_value_leaves_cash_the_rest_and_payment_goes_through(live, browser, tenant):
    page = _till_with_three_lines(live, browser, tenant)
    assert page.input_value("#pay-cash") == "60.00"  # cash takes everything while nothing else is typed
    page.fill("#pay-stored-value", "40")
    assert page.input_value("#pay-cash") == "20.00"
    assert page.inner_text("#pay") == "收款 ¥60.00"
    assert "储值 ¥40.00" in page.inner_text("#pay-summary") and "现金 ¥20.00" in page.inner_text("#pay-summary")
    page.fill("#pay-stored-value", "70")
    assert page.input_value("#pay-cash") == "0.00"  # never negative
    assert "多收 ¥10.00" in page.inner_text("#pay-summary")
    page.fill("#pay-stored-value", "40")
    screenshot(page, "till-stored-value-and-cash-desktop", docs=True)
    with page.expect_navigation():
        page.click("#pay")
    assert "/console/orders/" in page.url, page.inner_text("main") if page.locator("main").count() else page.content()
    assert page.inner_text("#order-status") == "已付款"
    tenders = _tenders(page)
    assert "¥40.00" in tenders["stored_value"] and "¥20.00" in tenders["cash"]


def test_cash_handed_over_above_the_total_shows_the_change_due(live, browser, tenant):
    page = _till_with_three_lines(live, browser, tenant, member=False)
    page.fill("#pay-cash", "100")
    assert page.inner_text("#change-due") == "找零 ¥40.00"
    assert page.inner_text("#pay") == "收款 ¥60.00"
    page.keyboard.press("Enter")  # the keyboard flow: Enter in an amount takes the payment
    page.wait_for_url("**/console/orders/**")
    assert "¥40.00" in page.inner_text("#paid-notice")
    assert "¥60.00" in _tenders(page)["cash"]


def test_a_sku_typed_into_the_scan_field_adds_the_item(live, browser, tenant):
    seed(live, tenant)
    page = browser.new_context(viewport=DESKTOP, locale="zh-CN").new_page()
    sign_in(page, live, tenant, "cashier1")
    scan(page, "B2")
    assert page.locator("#order-lines tr[data-line='B2']").count() == 1
    assert page.inner_text("#order-total") == "¥20.00"


def test_a_sku_searched_is_listed_and_enter_adds_it(live, browser, tenant):
    seed(live, tenant)
    page = browser.new_context(viewport=DESKTOP, locale="zh-CN").new_page()
    sign_in(page, live, tenant, "cashier1")
    page.fill("#item-search", "C3")
    with page.expect_navigation():
        page.press("#item-search", "Enter")
    assert page.locator("#item-results [data-add-item='C3']").count() == 1
    with page.expect_navigation():
        page.keyboard.press("Enter")  # the first result has the focus
    assert page.locator("#order-lines tr[data-line='C3']").count() == 1


def test_the_pay_button_is_in_reach_on_a_phone(live, browser, tenant):
    page = _till_with_three_lines(live, browser, tenant, viewport=PHONE)
    page.evaluate("window.scrollTo(0, 0)")
    box = page.locator("#pay").bounding_box()
    assert box is not None and 0 <= box["y"] and box["y"] + box["height"] <= PHONE["height"], box
    assert box["height"] >= 44
    screenshot(page, "till-phone", docs=True)
    page.fill("#pay-stored-value", "60")
    assert page.input_value("#pay-cash") == "0.00"
    with page.expect_navigation():
        page.click("#pay")
    assert page.inner_text("#order-status") == "已付款"


def test_a_split_refund_says_what_to_hand_back_by_which_method(live, browser, tenant):
    page = _till_with_three_lines(live, browser, tenant)
    page.fill("#pay-stored-value", "40")
    with page.expect_navigation():
        page.click("#pay")
    page.fill("#order-lines tr[data-line='C3'] input", "1")  # the ¥30 towel comes back
    page.on("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        page.click("#refund")
    notice = page.inner_text("#refund-notice")
    assert "已退款 ¥30.00" in notice
    # Paid ¥40 stored value + ¥20 cash: the refund goes back two to one.
    assert page.inner_text("#refund-hand-back") == "请退给顾客： 现金 ¥10.00"
    assert page.inner_text("#refund-to-account") == "已自动退回会员账户： 储值 ¥20.00"
    assert "从钱箱退给顾客现金" in page.inner_text("#refunds [data-refund-tender='cash']")
    screenshot(page, "order-split-refund-desktop", docs=True)
    with page.context.expect_page() as receipt_info:
        page.click("#print-receipt")
    receipt = receipt_info.value
    receipt.wait_for_load_state()
    assert "-¥10.00" in receipt.inner_text("[data-refunded='cash']")
    assert "-¥20.00" in receipt.inner_text("[data-refunded='stored_value']")
