"""The console's frame in a browser: the sign-in form sits in the middle of a desktop screen, not in
the menu's narrow column; the page has an icon; the sales chart's day labels are whole."""

from __future__ import annotations

from tests.browser_support import DESKTOP


def test_the_sign_in_form_is_centred_on_a_desktop(live, browser):
    page = browser.new_context(viewport={"width": 1280, "height": 800}, locale="zh-CN").new_page()
    page.goto(f"{live.url}/console/login")
    box = page.locator("form[action='/console/login']").bounding_box()
    assert box is not None and box["width"] >= 300, box
    middle = box["x"] + box["width"] / 2
    assert abs(middle - 640) < 40, box  # centred, not squeezed into a 190 px column at the left


def test_the_console_has_a_favicon(live, browser):
    page = browser.new_context(viewport=DESKTOP, locale="zh-CN").new_page()
    page.goto(f"{live.url}/console/login")
    href = page.locator("link[rel=icon]").get_attribute("href")
    response = page.request.get(f"{live.url}{href}")
    assert response.status == 200 and response.headers["content-type"].startswith("image/svg+xml")
    assert "<svg" in response.text()
