"""推广 in a real browser at a phone's size: a member becomes a promoter, a friend opens the share
link on their own phone, signs in with a texted code and is bound; the promoter sees the friend."""

from __future__ import annotations

import httpx

from tests.browser_support import PHONE, screenshot
from tests.test_member_pages_browser import sign_in_with_outbox_code, small_tap_targets

PROMOTER, FRIEND = "13800138000", "13900139000"


def phone_sign_in(browser, live, tenant, phone: str, url: str):
    """A phone opens ``url``, is sent to sign in, and signs in with the code the desk reads."""
    context = browser.new_context(viewport=PHONE, locale="zh-CN", is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(url)
    assert "/login" in page.url
    sign_in_with_outbox_code(page, browser, live, tenant, phone)
    return context, page


def test_a_promoters_link_brings_a_friend_who_registers_and_is_bound(live, browser, tenant):
    with httpx.Client(base_url=live.url, headers=tenant.headers) as api:
        assert api.post("/api/v1/plugins/referral/enable").status_code == 200
    promoter, page = phone_sign_in(browser, live, tenant, PROMOTER, f"{live.url}/m/{tenant.slug}/p/referral/")
    assert page.url.rstrip("/").endswith("/p/referral")
    with page.expect_navigation():
        page.click("#apply-promoter")
    link = page.inner_text("#share-link")
    assert "?ref=" in link and page.is_visible("#share-qr svg")
    assert small_tap_targets(page) == []
    screenshot(page, "member-referral-phone")

    friend, friend_page = phone_sign_in(browser, live, tenant, FRIEND, link)
    assert friend_page.url.split("?")[0].rstrip("/").endswith(f"/m/{tenant.slug}"), friend_page.url  # back where the link pointed
    friend.close()

    page.reload()
    assert "尾号 9000" in page.inner_text("#friends-brought")
    with httpx.Client(base_url=live.url, headers=tenant.headers) as api:
        [member] = api.get("/api/v1/members", params={"phone": FRIEND}).json()["items"]
        bound = api.get(f"/api/v1/referral/members/{member['id']}").json()["brought_by"]
    assert bound["promoter_id"] and page.inner_text("#promoter-code") in link
    promoter.close()
