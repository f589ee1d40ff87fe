"""Nothing irreversible happens on one tap: sending coupons asks first, and saying no sends none."""

from __future__ import annotations

import httpx

from tests.browser_support import DESKTOP
from tests.test_console_browser import sign_in


def test_sending_coupons_asks_first_and_no_sends_nothing(live, browser, tenant):
    with httpx.Client(base_url=live.url, headers=tenant.headers) as api:
        assert api.post("/api/v1/plugins/coupons/enable").status_code == 200
        tpl = api.post("/api/v1/coupons/templates", json={"name": "回归券", "kind": "cash", "value_fen": 1_000,
                                                         "valid_days": 30}).json()
        member = api.post("/api/v1/members", json={"phone": "13800138000", "name": "张三"}).json()
        assert api.put(f"/api/v1/members/{member['id']}/tags", json={"tags": ["沉睡"]}).status_code == 200
        issued = lambda: api.get(f"/api/v1/coupons/templates/{tpl['id']}/stats").json()["issued"]  # noqa: E731
        page = browser.new_context(viewport=DESKTOP, locale="zh-CN").new_page()
        tenant_staff = api.post("/api/v1/staff", json={"username": "manager1", "name": "店长", "role": "manager",
                                                       "password": "correct-horse-9"})
        assert tenant_staff.status_code == 201, tenant_staff.text
        sign_in(page, live, tenant, "manager1")
        page.goto(f"{live.url}/console/p/coupons")
        page.fill(f"tr[data-template='{tpl['id']}'] input[name=tag]", "沉睡")
        asked: list[str] = []
        page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
        page.click(f"tr[data-template='{tpl['id']}'] button[type=submit]")
        assert asked and "回归券" in asked[0] and "不能收回" in asked[0]
        assert issued() == 0
        page.once("dialog", lambda dialog: dialog.accept())
        with page.expect_navigation():
            page.click(f"tr[data-template='{tpl['id']}'] button[type=submit]")
        assert issued() == 1
