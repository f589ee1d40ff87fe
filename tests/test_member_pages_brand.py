"""会员端外观: the merchant picks the member pages' colour and uploads a logo, in the console and over
REST; the member pages wear them, and serve the logo as a cacheable image under its own address."""

from __future__ import annotations

import re

import pytest
from brand_helpers import JPEG_START, WEBP_START, png
from console_helpers import fresh_client, post_form, sign_in

from core.tenancy.tables import TenantLogo

API = "/api/v1"


@pytest.fixture
async def phone(app):
    """A member's phone: its own cookies, apart from the console's."""
    async with fresh_client(app) as browser:
        yield browser


async def owner_console(client, tenant):
    r = await sign_in(client, tenant.slug, "owner")
    assert r.status_code == 303, r.text


async def upload_in_console(client, image: bytes, name: str = "logo.png", kind: str = "image/png"):
    return await post_form(client, "/console/settings/logo", files={"logo": (name, image, kind)})


def logo_src(html: str) -> str | None:
    found = re.search(r'<a class="shop"[^>]*><img src="([^"]+)"', html)
    return found.group(1) if found else None


async def test_the_colour_picked_in_the_console_paints_the_member_pages(client, phone, tenant):
    await owner_console(client, tenant)
    page = await client.get("/console/settings")
    assert page.status_code == 200 and 'type="color"' in page.text and 'id="brand-preview"' in page.text
    assert "活力健身" in page.text.split('id="brand-preview"', 1)[1]  # the name on the preview bar
    r = await post_form(client, "/console/settings/colour", {"brand_colour": "#1A7F5A"})
    assert r.status_code == 303 and r.headers["location"] == "/console/settings?saved=colour"
    member_page = await phone.get(f"/m/{tenant.slug}/login")
    assert "--brand:#1a7f5a" in member_page.text
    assert 'value="#1a7f5a"' in (await client.get("/console/settings")).text


async def test_a_colour_that_is_not_rrggbb_is_refused_on_the_form(client, phone, tenant):
    await owner_console(client, tenant)
    for bad in ("red", "#12345", "#1a7f5a;background:url(x)", "#GGGGGG"):
        r = await post_form(client, "/console/settings/colour", {"brand_colour": bad})
        assert r.status_code == 422 and 'id="e-brand_colour"' in r.text and "#1a7f5a" in r.text, bad
    assert "--brand:#e4393c" in (await phone.get(f"/m/{tenant.slug}/login")).text  # still the default


async def test_an_uploaded_logo_shows_on_the_member_pages_and_in_link_previews(client, phone, tenant):
    await owner_console(client, tenant)
    r = await upload_in_console(client, png())
    assert r.status_code == 303, r.text
    page = await phone.get(f"/m/{tenant.slug}/login")
    src = logo_src(page.text)
    assert src and re.fullmatch(rf"/m/{tenant.slug}/logo\?v=[0-9a-f]{{16}}", src)
    assert f'<meta property="og:image" content="http://testserver.local{src}">' in page.text
    assert f'src="{src}"' in (await client.get("/console/settings")).text  # the console shows it too


async def test_the_logo_is_served_with_its_type_a_long_cache_and_nosniff(client, phone, tenant):
    await owner_console(client, tenant)
    image = png()
    await upload_in_console(client, image)
    src = logo_src((await phone.get(f"/m/{tenant.slug}/login")).text)
    r = await phone.get(src)
    assert r.status_code == 200 and r.content == image
    assert r.headers["content-type"] == "image/png" and r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["cache-control"] == "public, max-age=31536000, immutable"
    again = await phone.get(src, headers={"If-None-Match": r.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    unversioned = await phone.get(f"/m/{tenant.slug}/logo")
    assert unversioned.status_code == 200 and unversioned.headers["cache-control"] == "public, max-age=300"


async def test_a_new_logo_gets_a_new_address(client, phone, tenant):
    await owner_console(client, tenant)
    await upload_in_console(client, png(rgb=(0, 0, 0)))
    first = logo_src((await phone.get(f"/m/{tenant.slug}/login")).text)
    await upload_in_console(client, JPEG_START + b"\x00" * 64, name="logo.jpg", kind="image/jpeg")
    second = logo_src((await phone.get(f"/m/{tenant.slug}/login")).text)
    assert first != second
    assert (await phone.get(second)).headers["content-type"] == "image/jpeg"
    assert (await phone.get(first)).headers["cache-control"] == "public, max-age=300"  # an old link: not for a year
    assert await TenantLogo.count().where(TenantLogo.tenant_id == tenant.id) == 1


@pytest.mark.parametrize(("name", "image"), [
    ("logo.png", b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'></svg>"),
    ("logo.png", b"GIF89a" + b"\x00" * 32),
    ("logo.webp", b"RIFF\x00\x00\x00\x00WAVEfmt "),
])
async def test_a_file_is_known_by_its_bytes_not_its_name(client, tenant, name, image):
    await owner_console(client, tenant)
    r = await upload_in_console(client, image, name=name)
    assert r.status_code == 422 and 'id="e-logo"' in r.text and "PNG、JPEG 或 WebP" in r.text
    assert await TenantLogo.count().where(TenantLogo.tenant_id == tenant.id) == 0


async def test_a_webp_logo_is_kept_as_webp(client, phone, tenant):
    await owner_console(client, tenant)
    assert (await upload_in_console(client, WEBP_START + b"\x00" * 64, name="logo.png")).status_code == 303
    assert (await phone.get(f"/m/{tenant.slug}/logo")).headers["content-type"] == "image/webp"


async def test_a_logo_over_256_kb_is_refused_saying_so(client, tenant):
    await owner_console(client, tenant)
    r = await upload_in_console(client, png() + b"\x00" * (256 * 1024))
    assert r.status_code == 413 and "256 KB" in r.text and 'id="e-logo"' in r.text
    assert (await upload_in_console(client, b"", name="")).status_code == 422  # no file chosen


async def test_removing_the_logo_leaves_the_name_alone(client, phone, tenant):
    await owner_console(client, tenant)
    await upload_in_console(client, png())
    r = await post_form(client, "/console/settings/logo/remove")
    assert r.status_code == 303
    page = await phone.get(f"/m/{tenant.slug}/login")
    assert logo_src(page.text) is None and "og:image" not in page.text
    gone = await phone.get(f"/m/{tenant.slug}/logo")
    assert gone.status_code == 404 and gone.headers["content-type"].startswith("text/html")


async def test_a_logo_is_its_own_tenants_only(client, phone, tenant, other_tenant):
    await owner_console(client, tenant)
    await upload_in_console(client, png())
    assert (await phone.get(f"/m/{tenant.slug}/logo")).status_code == 200
    assert (await phone.get(f"/m/{other_tenant.slug}/logo")).status_code == 404


async def test_staff_without_the_merchants_profile_permission_cannot_change_the_look(client, tenant):
    await tenant.add_staff("manager1", "manager")
    await sign_in(client, tenant.slug, "manager1")
    assert (await client.get("/console/settings")).status_code == 403
    r = await upload_in_console(client, png())
    assert r.status_code == 403
    assert await TenantLogo.count().where(TenantLogo.tenant_id == tenant.id) == 0


# --- REST ---------------------------------------------------------------------------------


async def test_rest_sets_the_colour_and_null_goes_back_to_the_default(client, tenant):
    r = await client.patch(f"{API}/tenant", headers=tenant.headers, json={"brand_colour": "#1A7F5A"})
    assert r.status_code == 200 and r.json()["brand_colour"] == "#1a7f5a" and r.json()["logo_url"] is None
    assert (await client.patch(f"{API}/tenant", headers=tenant.headers, json={"brand_colour": "green"})).status_code == 400
    r = await client.patch(f"{API}/tenant", headers=tenant.headers, json={"brand_colour": None})
    assert r.json()["brand_colour"] == "#e4393c"


async def test_rest_uploads_and_deletes_the_logo(client, phone, tenant):
    image = png()
    r = await client.put(f"{API}/tenant/logo", headers=tenant.headers, files={"file": ("a.bin", image, "application/octet-stream")})
    assert r.status_code == 200, r.text
    url = r.json()["logo_url"]
    assert url.startswith(f"/m/{tenant.slug}/logo?v=") and (await phone.get(url)).content == image
    assert (await client.get(f"{API}/tenant", headers=tenant.headers)).json()["logo_url"] == url
    r = await client.put(f"{API}/tenant/logo", headers=tenant.headers, files={"file": ("a.png", b"not an image", "image/png")})
    assert r.status_code == 422 and r.json()["code"] == "unsupported_image"
    r = await client.put(f"{API}/tenant/logo", headers=tenant.headers, files={"file": ("a.png", image + b"\x00" * 300_000, "image/png")})
    assert r.status_code == 413 and r.json()["code"] == "logo_too_large"
    r = await client.delete(f"{API}/tenant/logo", headers=tenant.headers)
    assert r.status_code == 200 and r.json()["logo_url"] is None
    assert (await phone.get(url)).status_code == 404


async def test_rest_logo_needs_the_merchants_profile_permission(client, tenant):
    token = await tenant.add_staff("cashier1", "cashier")
    r = await client.put(f"{API}/tenant/logo", headers={"Authorization": f"Bearer {token}"},
                         files={"file": ("a.png", png(), "image/png")})
    assert r.status_code == 403
    assert await TenantLogo.count().where(TenantLogo.tenant_id == tenant.id) == 0


# --- stores: opening hours, and the stores page ---------------------------------------------


async def test_rest_keeps_a_stores_opening_hours(client, tenant):
    r = await client.post(f"{API}/stores", headers=tenant.headers,
                          json={"code": "east", "name": "东门店", "opening_hours": "周一至周日 06:00–23:00"})
    assert r.status_code == 201 and r.json()["opening_hours"] == "周一至周日 06:00–23:00"
    store_id = r.json()["id"]
    r = await client.patch(f"{API}/stores/{store_id}", headers=tenant.headers, json={"opening_hours": "24 小时营业"})
    assert r.status_code == 200 and r.json()["opening_hours"] == "24 小时营业"
    assert (await client.get(f"{API}/stores/{store_id}", headers=tenant.headers)).json()["opening_hours"] == "24 小时营业"
    r = await client.patch(f"{API}/stores/{store_id}", headers=tenant.headers, json={"opening_hours": "x" * 101})
    assert r.status_code == 400


async def test_the_console_opens_and_edits_a_store_with_its_hours(client, tenant):
    await owner_console(client, tenant)
    r = await post_form(client, "/console/stores", {"code": "east", "name": "东门店", "kind": "direct",
                                                    "address": "建国路 88 号", "phone": "010-8888 6666",
                                                    "opening_hours": "周一至周五 07:00–22:00"})
    assert r.status_code == 303
    stores = (await client.get(f"{API}/stores", headers=tenant.headers)).json()["items"]
    east = next(s for s in stores if s["code"] == "east")
    assert east["opening_hours"] == "周一至周五 07:00–22:00"
    listing = await client.get("/console/stores")
    assert "周一至周五 07:00–22:00" in listing.text and f'href="/console/stores/{east["id"]}"' in listing.text
    form = await client.get(f"/console/stores/{east['id']}")
    assert form.status_code == 200 and 'value="周一至周五 07:00–22:00"' in form.text
    r = await post_form(client, f"/console/stores/{east['id']}", {"name": "东门店", "kind": "direct", "address": "建国路 88 号",
                                                              "phone": "010-8888 6666", "opening_hours": "每天 08:00–21:00"})
    assert r.status_code == 303
    changed = (await client.get(f"{API}/stores/{east['id']}", headers=tenant.headers)).json()
    assert changed["opening_hours"] == "每天 08:00–21:00" and changed["active"] is False  # the box was left unticked
    r = await post_form(client, f"/console/stores/{east['id']}", {"name": "东门店", "opening_hours": "x" * 101, "active": "1"})
    assert r.status_code == 422 and 'id="e-opening_hours"' in r.text


async def test_anyone_finds_the_active_stores_with_hours_a_call_link_and_a_map(client, phone, tenant):
    stores = (await client.get(f"{API}/stores", headers=tenant.headers)).json()["items"]
    await client.patch(f"{API}/stores/{stores[0]['id']}", headers=tenant.headers,
                       json={"address": "北京市朝阳区建国路 88 号 A&B 座", "phone": "010-8888 6666",
                             "opening_hours": "周一至周日 06:00–23:00"})
    closed = (await client.post(f"{API}/stores", headers=tenant.headers, json={"code": "old", "name": "旧店"})).json()
    await client.patch(f"{API}/stores/{closed['id']}", headers=tenant.headers, json={"active": False})
    page = await phone.get(f"/m/{tenant.slug}/stores")  # no one signed in: a flyer may lead here
    assert page.status_code == 200
    assert "周一至周日 06:00–23:00" in page.text and "北京市朝阳区建国路 88 号 A&amp;B 座" in page.text
    assert 'href="tel:01088886666"' in page.text
    amap = re.search(r'href="(https://uri\.amap\.com/search\?keyword=[^"]+)"', page.text).group(1)
    assert amap == ("https://uri.amap.com/search?keyword=%E5%8C%97%E4%BA%AC%E5%B8%82%E6%9C%9D%E9%98%B3%E5%8C%BA"
                    "%E5%BB%BA%E5%9B%BD%E8%B7%AF%2088%20%E5%8F%B7%20A%26amp;B%20%E5%BA%A7").replace("%26amp;", "%26")
    assert f'data-store="{closed["id"]}"' not in page.text and "旧店" not in page.text


async def test_the_card_home_leads_to_the_stores_page(client, tenant):
    from test_member_pages import member_sign_in

    await member_sign_in(client, tenant)
    home = await client.get(f"/m/{tenant.slug}/")
    assert f'href="/m/{tenant.slug}/stores"' in home.text and 'id="all-stores"' in home.text


# --- in a browser ---------------------------------------------------------------------------


def test_the_stores_page_on_a_phone_wears_the_brand_and_has_big_tap_targets(live, browser, tenant):
    import httpx
    from test_member_pages_browser import small_tap_targets

    from tests.browser_support import DESKTOP, PHONE, screenshot

    with httpx.Client(base_url=live.url, headers=tenant.headers) as api:
        assert api.patch("/api/v1/tenant", json={"brand_colour": "#1a7f5a"}).status_code == 200
        assert api.put("/api/v1/tenant/logo", files={"file": ("logo.png", png(64, rgb=(255, 196, 0)), "image/png")}).status_code == 200
        main = api.get("/api/v1/stores").json()["items"][0]
        api.patch(f"/api/v1/stores/{main['id']}", json={"name": "国贸总店", "address": "北京市朝阳区建国门外大街 1 号",
                                                         "phone": "010-6505 8888", "opening_hours": "周一至周日 06:00–23:00"})
        api.post("/api/v1/stores", json={"code": "wangjing", "name": "望京店", "address": "北京市朝阳区望京街 10 号",
                                         "phone": "010-6470 1234", "opening_hours": "周一至周五 07:00–22:00，周末 09:00–21:00"})
    phone = browser.new_context(viewport=PHONE, locale="zh-CN", is_mobile=True, has_touch=True)
    page = phone.new_page()
    page.goto(f"{live.url}/m/{tenant.slug}/stores")
    assert page.locator("[data-store]").count() == 2
    assert page.evaluate("getComputedStyle(document.querySelector('.bar')).backgroundColor") == "rgb(26, 127, 90)"
    assert page.evaluate("document.querySelector('.shop img').naturalWidth") == 64  # the logo loaded
    assert page.get_attribute("[data-store] a[data-call]", "href") == "tel:01065058888"
    assert small_tap_targets(page) == []
    screenshot(page, "member-stores-phone")
    phone.close()

    desk = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    page = desk.new_page()
    page.goto(f"{live.url}/console/login")
    page.fill("input[name=tenant]", tenant.slug)
    page.fill("input[name=account]", "owner")
    page.fill("input[name=password]", "correct-horse-9")
    with page.expect_navigation():
        page.click("button[type=submit].primary")
    page.goto(f"{live.url}/console/settings")
    page.fill("#f-brand_colour", "#3355cc")  # the preview follows the picker before anything is saved
    assert page.evaluate("getComputedStyle(document.getElementById('brand-preview')).backgroundColor") == "rgb(51, 85, 204)"
    screenshot(page, "console-member-look")
    desk.close()
