"""砍价 in a real browser at a phone's size (390×844, Playwright driving the system Chromium).

张三 signs in on their phone, opens 砍价 and starts a bargain; a friend opens the share link on
another phone, taps 帮TA砍一刀, signs in for the first time (a new member, with the code the desk
reads in the console's outbox), comes back and cuts once; 张三 sees the cut and the lower price.
"""

from __future__ import annotations

import datetime as dt
import re

import httpx

from tests.browser_support import PHONE, screenshot
from tests.test_member_pages_browser import sign_in_with_outbox_code, small_tap_targets

STARTER_PHONE = "13800138000"
FRIEND_PHONE = "13900139001"


def seed(live, tenant, clock) -> None:
    """The store runs bargains on a ¥59 bike (floor ¥10 after five friends' cuts); 张三 is a member."""
    with httpx.Client(base_url=live.url, headers=tenant.headers) as api:
        assert api.post("/api/v1/plugins/bargain/enable").status_code == 200
        item = api.post("/api/v1/items", json={"sku": "bike", "name": "儿童自行车", "kind": "goods",
                                               "price_fen": 5_900}).json()
        start = clock.now()
        r = api.post("/api/v1/bargain/campaigns", json={
            "name": "砍价免费拿", "item_id": item["id"], "floor_fen": 1_000, "helpers_needed": 5, "stock": 10,
            "starts_at": start.isoformat(), "ends_at": (start + dt.timedelta(days=7)).isoformat()})
        assert r.status_code == 201, r.text
        assert api.post("/api/v1/members", json={"phone": STARTER_PHONE, "name": "张三"}).status_code == 201



def price_of(text: str) -> int:
    """¥46.70 as fen."""
    yuan = re.search(r"¥([\d,]+)\.(\d\d)", text)
    return int(yuan.group(1).replace(",", "")) * 100 + int(yuan.group(2))


def test_a_member_starts_a_bargain_and_a_new_friend_cuts_it_on_their_phone(live, browser, tenant, clock):
    seed(live, tenant, clock)
    starter = browser.new_context(viewport=PHONE, locale="zh-CN", is_mobile=True, has_touch=True)
    mine = starter.new_page()
    mine.goto(f"{live.url}/m/{tenant.slug}/p/bargain/")
    assert "/login" in mine.url
    sign_in_with_outbox_code(mine, browser, live, tenant, STARTER_PHONE)
    assert mine.url.rstrip("/").endswith(f"/m/{tenant.slug}/p/bargain")
    assert "儿童自行车" in mine.inner_text("main") and small_tap_targets(mine) == []
    with mine.expect_navigation():
        mine.click("[data-start]")
    assert price_of(mine.inner_text("#price-now")) == 5_900
    assert mine.locator("#share-qr svg").is_visible() and mine.is_visible("#copy-link")  # shown by the script
    assert re.fullmatch(r"1天 00:00:00|23:59:\d\d", mine.inner_text("#bargain-countdown"))  # 24 hours, counting
    assert small_tap_targets(mine) == []
    screenshot(mine, "member-bargain-phone")
    link = mine.input_value("#share-link")
    assert link == f"{live.url}/m/{tenant.slug}/p/bargain/share/" + link.rsplit("/", 1)[1]

    friend = browser.new_context(viewport=PHONE, locale="zh-CN", is_mobile=True, has_touch=True)
    shared = friend.new_page()
    shared.goto(link)
    assert shared.inner_text("#starter") == "张* 邀请你帮TA砍一刀"
    assert shared.get_attribute("meta[property='og:title']", "content") == "帮我砍一刀！儿童自行车"
    with shared.expect_navigation():
        shared.click("#cut")  # not signed in: the sign-in page, coming back here
    assert "/login" in shared.url
    sign_in_with_outbox_code(shared, browser, live, tenant, FRIEND_PHONE)
    assert shared.url == link
    with shared.expect_navigation():
        shared.click("#cut")
    cut_fen = price_of(shared.inner_text("#my-cut"))
    assert shared.inner_text("#my-cut").startswith("你帮TA砍掉了") and not shared.is_visible("#cut")
    assert price_of(shared.inner_text("#price-now")) == 5_900 - cut_fen
    assert small_tap_targets(shared) == []
    screenshot(shared, "member-bargain-share-phone")
    friend.close()

    mine.reload()
    assert price_of(mine.inner_text("#price-now")) == 5_900 - cut_fen
    assert mine.inner_text("#cut-list li").startswith("会*")  # the new member, named after their phone
    assert price_of(mine.inner_text("#cut-list li")) == cut_fen
    assert price_of(mine.inner_text("#buy")) == 5_900 - cut_fen
    starter.close()
