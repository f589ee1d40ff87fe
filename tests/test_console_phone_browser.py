"""The console on a phone (a touch screen 390px wide): amounts and phone numbers never break
inside, every tap target is at least 44px tall, and the menu shows that it scrolls."""

from __future__ import annotations

import httpx

from tests.browser_support import PHONE
from tests.test_console_browser import seed, sign_in


def _lines(page, selector: str) -> int:
    """How many lines the text of the first element matching ``selector`` takes, at most per element."""
    return page.evaluate("""s => Math.max(...[...document.querySelectorAll(s)].map(e => {
        const r = document.createRange(); r.selectNodeContents(e);
        return new Set([...r.getClientRects()].filter(x => x.width > 0).map(x => Math.round(x.top))).size;
    }))""", selector)


def test_a_phone_shows_whole_numbers_big_targets_and_a_menu_that_scrolls(live, browser, tenant):
    data = seed(live, tenant)
    with httpx.Client(base_url=live.url, headers=tenant.headers) as api:
        api.patch(f"/api/v1/members/{data['member']['id']}", json={"name": "欧阳娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜"})
    context = browser.new_context(viewport=PHONE, locale="zh-CN", has_touch=True, is_mobile=True)
    page = context.new_page()
    sign_in(page, live, tenant, "owner")
    page.goto(f"{live.url}/console/members")
    assert _lines(page, "[data-phone]") == 1  # 138****8000 is not broken, however long the name beside it
    for selector in ("button", ".mainnav a", "input[type=search]"):
        for box in (b for b in (el.bounding_box() for el in page.locator(selector).all()) if b):
            assert box["height"] >= 44 - 0.5, (selector, box)
    mask = page.evaluate("getComputedStyle(document.querySelector('.mainnav')).webkitMaskImage "
                         "|| getComputedStyle(document.querySelector('.mainnav')).maskImage")
    assert "linear-gradient" in mask
    page.goto(f"{live.url}/console/today")
    assert page.locator(".stat").count() > 0
    assert _lines(page, ".stat") == 1  # ¥1,234.00 on one line
    context.close()
