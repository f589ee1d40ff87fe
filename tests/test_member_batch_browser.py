"""In Chromium: members ticked with the select-all box, tagged after a confirmation that says how many;
the member's file as tabs under its summary, at desktop and phone width."""

from __future__ import annotations

import httpx

from tests.browser_support import DESKTOP, PHONE, screenshot
from tests.test_console_browser import sign_in


def test_members_ticked_on_the_page_are_tagged_after_a_confirmation(live, browser, tenant):
    with httpx.Client(base_url=live.url, headers=tenant.headers) as api:
        for i in range(3):
            assert api.post("/api/v1/members", json={"phone": f"1390000000{i}", "name": f"会员{i}"}).status_code == 201
        page = browser.new_context(viewport=DESKTOP, locale="zh-CN").new_page()
        sign_in(page, live, tenant, "owner")
        page.goto(f"{live.url}/console/members")
        page.check("input[data-select-all]")
        assert page.locator("input[name=member_id]:checked").count() == 3
        assert page.inner_text("#batch-count") == "已选 3 位"
        page.select_option("#batch-action", "tags.add")
        with page.expect_navigation():
            page.click("#batch-next")
        assert "已选 3 位会员" in page.inner_text("#batch-members")
        page.fill("input[name=v_tag]", "回访")
        with page.expect_navigation():
            page.click("#batch-review")
        assert page.locator("#batch-what").is_visible()
        assert "将对 3 位会员执行：打标签：标签「回访」" in page.inner_text("#batch-what")
        screenshot(page, "members-batch-confirm-desktop", docs=True)
        assert api.get("/api/v1/members", params={"tag": "回访"}).json()["items"] == []  # nothing before the confirmation
        with page.expect_navigation():
            page.click("#batch-apply")
        assert "已完成 3 位，跳过 0 位" in page.inner_text("#batch-done")
        assert len(api.get("/api/v1/members", params={"tag": "回访"}).json()["items"]) == 3


def test_the_member_file_opens_each_tab_under_its_summary_at_desktop_and_phone_width(live, browser, tenant):
    with httpx.Client(base_url=live.url, headers=tenant.headers) as api:
        assert api.post("/api/v1/plugins/coupons/enable").status_code == 200
        store = api.get("/api/v1/stores").json()["items"][0]
        member = api.post("/api/v1/members", json={"phone": "13800138000", "name": "张三", "tags": ["私教意向"]}).json()
        tpl = api.post("/api/v1/coupons/templates", json={"name": "生日券", "kind": "cash", "value_fen": 1_000,
                                                         "valid_days": 30}).json()
        assert api.post(f"/api/v1/coupons/templates/{tpl['id']}/issue", json={"member_id": member["id"]}).status_code == 201
        r = api.post(f"/api/v1/members/{member['id']}/top-ups", headers={"Idempotency-Key": "tabs-1"},
                     json={"amount_fen": 10_000, "tender": "cash", "store_id": store["id"]})
        assert r.status_code == 201, r.text
    for width, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        context = browser.new_context(viewport=viewport, locale="zh-CN")
        page = context.new_page()
        sign_in(page, live, tenant, "owner")
        page.goto(f"{live.url}/console/members/{member['id']}")
        assert page.inner_text("[data-balance=stored_value]") == "¥100.00"
        assert page.locator("#member-summary .tag", has_text="私教意向").is_visible()
        assert page.locator("#notes").is_visible()
        screenshot(page, f"members-file-tabs-{width}", docs=True)
        page.locator("#member-tabs a", has_text="优惠券").scroll_into_view_if_needed()
        with page.expect_navigation():
            page.click("#member-tabs a[data-tab=coupons]")
        assert page.url.endswith("?tab=coupons")
        assert page.locator("#member-coupons").is_visible() and "生日券" in page.inner_text("#member-coupons")
        assert page.locator("#notes").count() == 0
        assert page.inner_text("[data-balance=stored_value]") == "¥100.00"  # the summary stays on every tab
        with page.expect_navigation():
            page.click("#member-tabs a[data-tab=stored_value]")
        assert page.locator("#tab-stored_value table").first.is_visible()
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, (width, overflow)
        if width == "phone":  # the tabs scroll in their own strip, each a full tap target
            height = page.evaluate("document.querySelector('#member-tabs a').getBoundingClientRect().height")
            assert height >= 40, height
        context.close()
