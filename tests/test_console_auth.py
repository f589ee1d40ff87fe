"""Console sign-in: cookie session, CSRF on every form, the sign-in rate limit, sign-out."""

from __future__ import annotations

import time

import time_machine

from tests.console_helpers import csrf_token, fresh_client, post_form, sign_in


async def test_sign_in_sets_an_httponly_lax_session_cookie_and_lands_on_the_role_home(client, tenant):
    response = await sign_in(client, tenant.slug, "owner")
    assert response.status_code == 303
    assert response.headers["location"] == "/console/today"
    cookie = next(c for c in response.headers.get_list("set-cookie") if c.startswith("mendian_session="))
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie.replace("Lax", "lax") and "Path=/console" in cookie
    assert "Secure" not in cookie  # plain http in tests; https sets it
    page = await client.get("/console/today")
    assert page.status_code == 200 and "活力健身" in page.text


async def test_session_cookie_is_secure_over_https(app, tenant):
    async with httpx_https_client(app) as browser:
        response = await sign_in(browser, tenant.slug, "owner")
    cookie = next(c for c in response.headers.get_list("set-cookie") if c.startswith("mendian_session="))
    assert "Secure" in cookie


def httpx_https_client(app):
    import httpx

    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="https://testserver.local")


async def test_cashier_lands_on_checkout_and_sees_no_plugin_or_staff_entries(client, tenant):
    await tenant.add_staff("cashier1", "cashier")
    response = await sign_in(client, tenant.slug, "cashier1")
    assert response.headers["location"] == "/console/checkout"
    page = await client.get("/console/checkout")
    assert 'data-nav="checkout"' in page.text
    assert 'data-nav="plugins"' not in page.text and 'data-nav="staff"' not in page.text


async def test_staff_may_sign_in_with_the_phone_on_their_account(client, tenant):
    from core.tenancy import schemas as ts
    from core.tenancy import service as tenancy
    from sdk.testing import PASSWORD

    ctx = await tenant.ctx()
    await tenancy.create_staff(ctx, ts.StaffCreate(username="li", name="李", role="cashier", password=PASSWORD,
                                                   phone="13900001111"))
    response = await sign_in(client, tenant.slug, "13900001111")
    assert response.status_code == 303 and response.headers["location"] == "/console/checkout"


async def test_wrong_password_shows_the_form_again_with_what_was_typed(client, tenant):
    response = await sign_in(client, tenant.slug, "owner", "wrong-password")
    assert response.status_code == 401
    assert "账号或密码错误" in response.text
    assert f'value="{tenant.slug}"' in response.text and 'value="owner"' in response.text
    assert "mendian_session" not in response.headers.get("set-cookie", "")


async def test_pages_redirect_to_sign_in_without_a_session(client, tenant):
    response = await client.get("/console/members?phone=138")
    assert response.status_code == 303
    assert response.headers["location"] == "/console/login?next=/console/members%3Fphone%3D138"


async def test_next_after_sign_in_stays_inside_the_console(client, tenant):
    token = await csrf_token(client)
    response = await client.post("/console/login", data={
        "tenant": tenant.slug, "account": "owner", "password": "correct-horse-9", "next": "https://evil.example/",
        "_csrf": token})
    assert response.headers["location"] == "/console/today"


async def test_a_form_without_the_csrf_field_is_refused_and_changes_nothing(client, tenant):
    await sign_in(client, tenant.slug, "owner")
    response = await client.post("/console/logout", data={})
    assert response.status_code == 403
    assert (await client.get("/console/today")).status_code == 200  # still signed in
    forged = await client.post("/console/logout", data={"_csrf": "not-the-token"})
    assert forged.status_code == 403


async def test_sign_in_form_needs_the_csrf_token_too(client, tenant):
    await client.get("/console/login")
    response = await client.post("/console/login", data={"tenant": tenant.slug, "account": "owner",
                                                          "password": "correct-horse-9"})
    assert response.status_code == 403
    assert "mendian_session" not in response.headers.get("set-cookie", "")


async def test_the_rest_api_still_takes_bearer_tokens_without_csrf(client, tenant):
    response = await client.post("/api/v1/stores", headers=tenant.headers, json={"code": "east", "name": "东店"})
    assert response.status_code == 201
    assert (await client.get("/api/v1/stores")).status_code == 401  # no console cookie leaks into the API


async def test_sign_out_ends_the_session_for_good(client, tenant):
    await sign_in(client, tenant.slug, "owner")
    old = client.cookies.get("mendian_session")
    response = await post_form(client, "/console/logout")
    assert response.status_code == 303 and response.headers["location"] == "/console/login"
    async with fresh_client(client._transport.app) as replay:  # the old cookie, replayed, opens nothing
        replay.cookies.set("mendian_session", old, path="/console")
        assert (await replay.get("/console/today")).status_code == 303


async def test_five_wrong_passwords_lock_that_account_from_that_address(client, tenant):
    for _ in range(5):
        assert (await sign_in(client, tenant.slug, "owner", "wrong-password")).status_code == 401
    locked = await sign_in(client, tenant.slug, "owner")  # even the right password waits
    assert locked.status_code == 429 and "登录失败次数过多" in locked.text
    other = await sign_in(client, tenant.slug, "someone-else", "wrong-password")
    assert other.status_code == 401  # another account is not locked by this one's failures
    # The limit's window runs on the wall clock (the ``limits`` library's, shared with Redis).
    with time_machine.travel(time.time() + 15 * 60 + 1, tick=False):
        assert (await sign_in(client, tenant.slug, "owner")).status_code == 303


async def test_a_good_sign_in_clears_the_failures(client, tenant):
    for _ in range(4):
        await sign_in(client, tenant.slug, "owner", "wrong-password")
    assert (await sign_in(client, tenant.slug, "owner")).status_code == 303
    for _ in range(4):
        await sign_in(client, tenant.slug, "owner", "wrong-password")
    assert (await sign_in(client, tenant.slug, "owner")).status_code == 303


async def test_language_switch_shows_english_and_back(client, tenant):
    await sign_in(client, tenant.slug, "owner")
    response = await client.get("/console/lang/en?next=/console/today")
    assert response.headers["location"] == "/console/today"
    page = await client.get("/console/today")
    assert "Sign out" in page.text and "退出" not in page.text
    await client.get("/console/lang/zh_CN?next=/console/today")
    assert "退出" in (await client.get("/console/today")).text
