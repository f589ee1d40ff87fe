"""拼团 in a real browser at a phone's size (390×844): a leader starts a group and pays from stored
value; a friend — a new member, in a second browser — opens the share link, signs in with the code
the desk reads in the outbox, comes back, joins and pays, and the page shows the group complete.
Screenshots are saved as artifacts."""

from __future__ import annotations

import datetime as dt
import itertools

import httpx

from tests.browser_support import PHONE, screenshot
from tests.test_member_pages_browser import sign_in_with_outbox_code, small_tap_targets

LEADER_PHONE = "13800138000"
FRIEND_PHONE = "13900139000"
_keys = itertools.count(1)


def top_up(api: httpx.Client, member_id: int, amount_fen: int) -> None:
    store = api.get("/api/v1/stores").json()["items"][0]
    r = api.post(f"/api/v1/members/{member_id}/top-ups", headers={"Idempotency-Key": f"gb-{next(_keys)}"},
                 json={"amount_fen": amount_fen, "tender": "cash", "store_id": store["id"]})
    assert r.status_code == 201, r.text


def seed(live, tenant, clock) -> int:
    """The store runs a 2-person deal on milk at ¥9.90 (¥20.00 otherwise); the leader holds ¥50."""
    with httpx.Client(base_url=live.url, headers=tenant.headers) as api:
        assert api.post("/api/v1/plugins/group_buy/enable").status_code == 200
        item = api.post("/api/v1/items", json={"sku": "milk", "name": "纯牛奶 12 盒", "kind": "goods",
                                               "price_fen": 2_000}).json()
        start = clock.now()
        r = api.post("/api/v1/group-buy/deals", json={
            "name": "周末拼团", "item_id": item["id"], "kind": "multi", "group_size": 2, "group_price_fen": 990,
            "starts_at": start.isoformat(), "ends_at": (start + dt.timedelta(days=3)).isoformat(), "stock": 50})
        assert r.status_code == 201, r.text
        leader = api.post("/api/v1/members", json={"phone": LEADER_PHONE, "name": "张三"}).json()
        top_up(api, leader["id"], 5_000)
        return r.json()["id"]



def pay_from_stored_value(page) -> None:
    assert "/pay" in page.url
    with page.expect_navigation():
        page.click("#pay-stored-value")


def test_a_leader_starts_a_group_and_a_new_friend_joins_it_from_the_link(live, browser, tenant, clock):
    deal_id = seed(live, tenant, clock)
    leader = browser.new_context(viewport=PHONE, locale="zh-CN", is_mobile=True, has_touch=True)
    page = leader.new_page()
    page.goto(f"{live.url}/m/{tenant.slug}/p/group_buy/")
    sign_in_with_outbox_code(page, browser, live, tenant, LEADER_PHONE)
    assert page.url.rstrip("/").endswith("/p/group_buy") and "¥9.90" in page.inner_text(f"[data-deal='{deal_id}']")
    with page.expect_navigation():
        page.click(f"[data-deal='{deal_id}'] a.button")
    assert page.inner_text("#deal-size") == "2 人" and small_tap_targets(page) == []
    screenshot(page, "member-group-buy-deal-phone")
    with page.expect_navigation():
        page.click("#deal-open")
    pay_from_stored_value(page)
    assert "/p/group_buy/g/" in page.url and page.is_visible("#group-mine")
    assert page.inner_text("#group-paid") == "已付款 1 / 2 人"
    link = page.input_value("#share-link")
    assert link == page.url and page.locator("#share-qr svg").is_visible()
    leader.close()

    friend = browser.new_context(viewport=PHONE, locale="zh-CN", is_mobile=True, has_touch=True,
                                 permissions=["clipboard-read", "clipboard-write"])
    page = friend.new_page()
    page.goto(link)
    assert page.inner_text("#group-leader") == "团长 张*" and not page.is_visible("#group-join")
    page.click(".gb-copy")  # shown only where the script runs
    page.wait_for_function("() => document.querySelector('.gb-copy').textContent === '链接已复制'")
    assert page.evaluate("navigator.clipboard.readText()") == link
    assert small_tap_targets(page) == []
    screenshot(page, "member-group-buy-share-phone")
    with page.expect_navigation():
        page.click("#group-sign-in")
    sign_in_with_outbox_code(page, browser, live, tenant, FRIEND_PHONE)  # a new member: signing in registers them
    assert page.url == link
    with httpx.Client(base_url=live.url, headers=tenant.headers) as api:
        [member] = api.get("/api/v1/members", params={"phone": FRIEND_PHONE}).json()["items"]
        top_up(api, member["id"], 2_000)
    with page.expect_navigation():
        page.click("#group-join")
    pay_from_stored_value(page)
    assert page.url == link and page.is_visible("#group-complete")
    assert page.inner_text("#group-paid") == "已付款 2 / 2 人" and page.locator(".gb-seat.paid").count() == 2
    assert small_tap_targets(page) == []
    screenshot(page, "member-group-buy-complete-phone")
    friend.close()
