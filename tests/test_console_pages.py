"""Console pages over HTTP: each area renders, forms keep what was typed, roles and tenants are kept apart."""

from __future__ import annotations

import re

from tests.checkout_helpers import make_item, make_member, top_up
from tests.console_helpers import fresh_client, post_form, sign_in

MAIN_PAGES = ["/console/today", "/console/checkout", "/console/members", "/console/members/new",
              "/console/members/import", "/console/top-up", "/console/orders", "/console/plugins",
              "/console/staff", "/console/stores", "/console/api-keys"]


async def test_every_main_page_renders_for_the_owner_in_both_languages(client, tenant):
    await sign_in(client, tenant.slug, "owner")
    for lang, word in (("zh_CN", "退出"), ("en", "Sign out")):
        await client.get(f"/console/lang/{lang}")
        for path in MAIN_PAGES:
            page = await client.get(path)
            assert page.status_code == 200, (path, page.text[:500])
            assert word in page.text


async def test_today_shows_sales_top_ups_and_a_30_day_svg_chart(client, tenant):
    member = await make_member(client, tenant)
    await top_up(client, tenant, member["id"], 50_000)
    await sign_in(client, tenant.slug, "owner")
    page = await client.get("/console/today")
    assert "<svg" in page.text and "<script" not in page.text.split("<svg", 1)[1]
    top_ups = re.search(r'data-stat="top-ups">([^<]+)<', page.text).group(1)
    assert top_ups == "¥500.00"
    assert re.search(r'data-stat="liability">([^<]+)<', page.text).group(1) == "¥500.00"


async def test_cashier_is_refused_plugins_exports_and_staff_and_sees_masked_phones(client, tenant):
    await make_member(client, tenant, phone="13800138000")
    await tenant.add_staff("cashier1", "cashier")
    await sign_in(client, tenant.slug, "cashier1")
    for path in ("/console/plugins", "/console/plugins/greeter", "/console/members/export.csv", "/console/staff",
                 "/console/api-keys", "/console/today"):
        assert (await client.get(path)).status_code == 403, path
    refused = await post_form(client, "/console/plugins/greeter/enable")
    assert refused.status_code == 403
    members = await client.get("/console/members")
    assert "138****8000" in members.text and "13800138000" not in members.text
    assert "export.csv" not in members.text


async def test_owner_exports_members_as_csv(client, tenant):
    await make_member(client, tenant, phone="13800138000", name="张三")
    await sign_in(client, tenant.slug, "owner")
    response = await client.get("/console/members/export.csv")
    assert response.status_code == 200 and "text/csv" in response.headers["content-type"]
    assert "张三" in response.content.decode("utf-8-sig")


async def test_register_keeps_what_was_typed_when_the_phone_is_bad(client, tenant):
    await sign_in(client, tenant.slug, "owner")
    response = await post_form(client, "/console/members/new", {"phone": "12", "name": "李四", "tags": "年卡 早鸟"})
    assert response.status_code == 422
    assert 'value="李四"' in response.text and 'value="年卡 早鸟"' in response.text
    assert 'aria-describedby="e-phone"' in response.text
    ok = await post_form(client, "/console/members/new", {"phone": "13900139000", "name": "李四", "tags": "年卡 早鸟"})
    assert ok.status_code == 303
    file = await client.get(ok.headers["location"])
    assert "李四" in file.text and "年卡" in file.text and "早鸟" in file.text


async def test_member_list_paginates_with_a_cursor(client, tenant):
    for i in range(25):
        await make_member(client, tenant, phone=f"1380013{i:04d}", name=f"会员{i}")
    await sign_in(client, tenant.slug, "owner")
    first = await client.get("/console/members")
    assert first.text.count('href="/console/members/') - first.text.count("/console/members/new") >= 20
    next_link = re.search(r'href="(/console/members\?[^"]*cursor=[^"]+)" data-page="next"', first.text).group(1)
    second = await client.get(next_link.replace("&amp;", "&"))
    assert "会员4" in second.text and "会员24" not in second.text
    assert 'data-page="next"' not in second.text


async def _import(client, csv: bytes):
    """Upload a CSV: the answer sends the browser to the run's page; wait for the run to end."""
    from core.members.import_runs import finished

    response = await client.post("/console/members/import", files={"file": ("m.csv", csv, "text/csv")},
                                 data={"_csrf": client.cookies.get("mendian_csrf")})
    assert response.status_code in (302, 303), response.text[:400]
    run_page = response.headers["location"]
    await finished(int(run_page.rsplit("/", 1)[1]))
    return run_page


async def test_import_runs_in_the_background_and_shows_the_rejected_rows(client, tenant):
    await sign_in(client, tenant.slug, "owner")
    rows = "".join(f"1380013{n:04d},会员{n}\n" for n in range(120))
    run_page = await _import(client, f"手机号,姓名\n{rows}not-a-phone,赵六\n".encode())
    progress = (await client.get(f"{run_page}/progress")).json()
    assert progress == {"status": "done", "done": 121, "total": 121}
    page = await client.get(run_page)
    report = page.text.split('id="import-report"', 1)[1]
    assert "已导入 120 位" in report
    assert re.search(r'<td class="num">122</td>', report)  # line 122 of the file is the bad one
    members = (await client.get("/api/v1/members", headers=tenant.headers, params={"limit": 200})).json()
    assert len(members["items"]) == 120


async def test_a_file_that_cannot_be_imported_is_refused_before_any_run(client, tenant):
    await sign_in(client, tenant.slug, "owner")
    response = await client.post("/console/members/import", files={"file": ("m.csv", "电话号码\n1\n".encode(), "text/csv")},
                                 data={"_csrf": client.cookies.get("mendian_csrf")})
    assert response.status_code == 422 and 'role="alert"' in response.text
    assert 'id="import-run"' not in response.text


async def test_a_run_that_stopped_moving_shows_as_interrupted(client, tenant, clock):
    import datetime as dt

    from core.members.tables import MemberImport

    await sign_in(client, tenant.slug, "owner")
    now = clock.now()
    [row] = await MemberImport.insert(MemberImport(tenant_id=tenant.id, started_by="店长", status="running", done=50,
                                                   total=200, created_at=now, updated_at=now)).returning(MemberImport.id)
    run_page = f"/console/members/import/{row['id']}"
    assert 'data-status="running"' in (await client.get(run_page)).text
    clock.set(now + dt.timedelta(minutes=6))
    await sign_in(client, tenant.slug, "owner")
    page = await client.get(run_page)
    assert 'data-status="interrupted"' in page.text and "50 / 200" in page.text


async def test_another_tenants_member_order_and_plugin_pages_are_not_found(client, tenant, other_tenant):
    theirs = await make_member(client, other_tenant, phone="13700137000", name="别家会员")
    item = await make_item(client, other_tenant, "X1", 500)
    store = (await client.get("/api/v1/stores", headers=other_tenant.headers)).json()["items"][0]
    order = (await client.post("/api/v1/orders", headers=other_tenant.headers,
                               json={"lines": [{"item_id": item["id"]}], "store_id": store["id"]})).json()
    await sign_in(client, tenant.slug, "owner")
    for path in (f"/console/members/{theirs['id']}", f"/console/members/{theirs['id']}/edit",
                 f"/console/orders/{order['id']}", f"/console/orders/{order['id']}/receipt",
                 f"/console/checkout/{order['id']}"):
        response = await client.get(path)
        assert response.status_code == 404, path
        assert "别家会员" not in response.text
    hold = await post_form(client, f"/console/checkout/{order['id']}/hold")
    assert hold.status_code == 404
    still_open = await client.get(f"/api/v1/orders/{order['id']}", headers=other_tenant.headers)
    assert still_open.json()["status"] == "open"


async def test_store_switch_accepts_only_the_staff_members_stores(client, tenant, other_tenant):
    theirs = (await client.get("/api/v1/stores", headers=other_tenant.headers)).json()["items"][0]
    await sign_in(client, tenant.slug, "owner")
    await post_form(client, "/console/store", {"store_id": str(theirs["id"]), "next": "/console/today"})
    assert client.cookies.get("mendian_store") is None


async def test_plugin_settings_show_the_error_beside_the_field_and_keep_the_typed_values(client, tenant):
    await sign_in(client, tenant.slug, "owner")
    assert (await post_form(client, "/console/plugins/greeter/enable")).status_code == 303
    listing = await client.get("/console/plugins")
    assert 'data-action="disable"' in listing.text.split('data-plugin="greeter"', 1)[1].split("</section>", 1)[0]
    bad = await post_form(client, "/console/plugins/greeter/settings", {"points": "5000", "style": "formal"})
    assert bad.status_code == 422
    assert 'id="error-points"' in bad.text and 'value="5000"' in bad.text
    assert '<option value="formal" selected' in bad.text
    good = await post_form(client, "/console/plugins/greeter/settings", {"points": "50", "style": "formal"})
    assert good.status_code == 303
    saved = (await client.get("/api/v1/plugins/greeter", headers=tenant.headers)).json()
    assert saved["settings"] == {"points": 50, "style": "formal"}


async def test_the_api_key_is_shown_once_and_works(client, tenant):
    await sign_in(client, tenant.slug, "owner")
    page = await post_form(client, "/console/api-keys", {"name": "收银机", "scopes": ["members.read"]})
    key = re.search(r"<code>(mdk_[^<]+)</code>", page.text).group(1)
    assert (await client.get("/api/v1/members", headers={"Authorization": f"Bearer {key}"})).status_code == 200
    assert key not in (await client.get("/console/api-keys")).text


async def test_signed_out_browser_cannot_post_forms(app, tenant):
    async with fresh_client(app) as browser:
        response = await post_form(browser, "/console/plugins/greeter/enable")
        assert response.status_code == 303 and response.headers["location"].startswith("/console/login")
