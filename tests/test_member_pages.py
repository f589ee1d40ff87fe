"""会员端 over HTTP: a member signs in by phone and SMS code, sees their card, and plugins' pages
answer only where the store enabled them; every refusal is a page in the member's language."""

from __future__ import annotations

import re

from checkout_helpers import key
from coupons_helpers import enable_coupons
from coupons_helpers import template as coupon_template
from member_helpers import PHONE, sms_code
from referral_helpers import enable_referral, partner
from sign_in_helpers import enable_sign_in

from core.members.tables import Member

API = "/api/v1"


def csrf_of(client) -> str:
    token = client.cookies.get("mendian_csrf")
    assert token, "no CSRF cookie yet: open a page first"
    return token


async def post_form(client, url, data=None, **kwargs):
    return await client.post(url, data={**(data or {}), "_csrf": csrf_of(client)}, **kwargs)


def once_of(html: str) -> str:
    return re.search(r'name="_once" value="([^"]+)"', html).group(1)


async def member_sign_in(client, tenant, phone=PHONE, next_="", ref=""):
    """Sign in on the member pages as a member would: open the page, send the code, type it in."""
    r = await client.get(f"/m/{tenant.slug}/login", params={"next": next_, "ref": ref})
    assert r.status_code == 200, r.text
    r = await post_form(client, f"/m/{tenant.slug}/login/code", {"phone": phone, "next": next_, "ref": ref})
    assert r.status_code == 200 and 'id="code-sent"' in r.text, r.text
    code = await sms_code(tenant.id, phone)
    assert code not in r.text  # the code is never on a member page
    return await post_form(client, f"/m/{tenant.slug}/login",
                           {"phone": phone, "code": code, "next": next_, "ref": ref})


async def test_a_member_signs_in_with_a_texted_code_and_sees_their_card(client, tenant):
    r = await client.get(f"/m/{tenant.slug}/")
    assert r.status_code == 303 and r.headers["location"].startswith(f"/m/{tenant.slug}/login?next=")
    r = await member_sign_in(client, tenant)
    assert r.status_code == 303 and r.headers["location"] == f"/m/{tenant.slug}/"
    cookie = next(c for c in client.cookies.jar if c.name == "mendian_member")
    assert cookie.path == f"/m/{tenant.slug}" and cookie.has_nonstandard_attr("HttpOnly")
    page = await client.get(f"/m/{tenant.slug}/")
    assert page.status_code == 200 and "会员8000" in page.text  # named after the phone until they say
    assert 'id="member-qr"' in page.text and "<svg" in page.text and 'id="balance-stored-value"' in page.text
    assert "活力健身" in page.text


async def test_signing_out_ends_the_session(client, tenant):
    await member_sign_in(client, tenant)
    stolen = client.cookies.get("mendian_member")
    r = await post_form(client, f"/m/{tenant.slug}/logout")
    assert r.status_code == 303 and r.headers["location"] == f"/m/{tenant.slug}/login"
    client.cookies.set("mendian_member", stolen, path=f"/m/{tenant.slug}")
    r = await client.get(f"/m/{tenant.slug}/")
    assert r.status_code == 303  # the old token no longer opens the card


async def test_a_wrong_code_is_a_message_on_the_form_keeping_the_phone(client, tenant):
    await client.get(f"/m/{tenant.slug}/login")
    await post_form(client, f"/m/{tenant.slug}/login/code", {"phone": PHONE})
    r = await post_form(client, f"/m/{tenant.slug}/login", {"phone": PHONE, "code": "000000"})
    if r.status_code == 303:  # one chance in a million that 000000 was the code
        return
    assert r.status_code == 401 and 'id="sign-in-error"' in r.text and "验证码错误" in r.text
    assert f'value="{PHONE}"' in r.text


async def test_asking_a_second_code_at_once_says_how_long_to_wait(client, tenant):
    await client.get(f"/m/{tenant.slug}/login")
    await post_form(client, f"/m/{tenant.slug}/login/code", {"phone": PHONE})
    r = await post_form(client, f"/m/{tenant.slug}/login/code", {"phone": PHONE})
    assert r.status_code == 429 and "验证码发送过于频繁" in r.text and 'data-wait="60"' in r.text


async def test_a_post_without_the_csrf_field_is_refused_with_a_page(client, tenant):
    await client.get(f"/m/{tenant.slug}/login")
    r = await client.post(f"/m/{tenant.slug}/login/code", data={"phone": PHONE})
    assert r.status_code == 403 and "页面已过期" in r.text and r.headers["content-type"].startswith("text/html")
    assert await Member.count().where(Member.tenant_id == tenant.id) == 0


async def test_next_leads_back_only_to_this_tenants_member_pages(client, tenant):
    r = await member_sign_in(client, tenant, next_=f"/m/{tenant.slug}/p/coupons/")
    assert r.headers["location"] == f"/m/{tenant.slug}/p/coupons/"
    for bad in ("https://evil.example/", "//evil.example/m/gym/", "/console/members", "/m/other/"):
        r = await client.get(f"/m/{tenant.slug}/login", params={"next": bad})
        assert r.status_code == 303 and r.headers["location"] == f"/m/{tenant.slug}/", bad


async def test_a_share_link_keeps_its_ref_through_sign_in_and_binds_the_friend(client, tenant):
    await enable_referral(client, tenant)
    gym = await partner(client, tenant)
    r = await client.get(f"/m/{tenant.slug}", params={"ref": gym["code"]})
    assert r.status_code == 303 and f"ref={gym['code']}" in r.headers["location"]
    login = await client.get(r.headers["location"])
    assert f'name="ref" value="{gym["code"]}"' in login.text
    r = await member_sign_in(client, tenant, next_=f"/m/{tenant.slug}/?ref={gym['code']}", ref=gym["code"])
    assert r.status_code == 303
    member = await Member.select(Member.id, Member.source_channel).where(Member.tenant_id == tenant.id).first()
    assert member["source_channel"] == f"h5:{gym['code']}"
    file = (await client.get(f"{API}/referral/members/{member['id']}", headers=tenant.headers)).json()
    assert file["brought_by"]["promoter_id"] == gym["id"]


async def test_a_member_becomes_a_promoter_and_shares_a_link_that_binds_a_friend(app, client, tenant):
    from console_helpers import fresh_client

    await enable_referral(client, tenant)
    await member_sign_in(client, tenant)
    page = await client.get(f"/m/{tenant.slug}/p/referral/")
    assert page.status_code == 200 and 'id="apply-promoter"' in page.text
    await post_form(client, f"/m/{tenant.slug}/p/referral/apply")
    page = await post_form(client, f"/m/{tenant.slug}/p/referral/apply")  # a replayed form: still one promoter
    link = re.search(r'id="share-link">([^<]+)<', page.text).group(1)
    assert link.startswith(f"http://testserver.local/m/{tenant.slug}?ref=") and 'id="share-qr"><svg' in page.text
    async with fresh_client(app) as friend:
        r = await friend.get(link.removeprefix("http://testserver.local"))
        assert r.status_code == 303 and "ref=" in r.headers["location"]
        code = link.rsplit("=", 1)[1]
        r = await member_sign_in(friend, tenant, phone="13900007777", next_=f"/m/{tenant.slug}/?ref={code}", ref=code)
        assert r.status_code == 303
    page = await client.get(f"/m/{tenant.slug}/p/referral/")
    assert re.search(r'邀请人数</span><span class="value">1<', page.text)


async def test_the_card_shows_stored_value_principal_and_bonus(client, tenant):
    await member_sign_in(client, tenant)
    member = await Member.select(Member.id).where(Member.tenant_id == tenant.id).first()
    stores = (await client.get(f"{API}/stores", headers=tenant.headers)).json()
    store_id = (stores["items"] if isinstance(stores, dict) else stores)[0]["id"]
    r = await client.post(f"{API}/members/{member['id']}/top-ups", headers={**tenant.headers, **key()},
                          json={"amount_fen": 12_345, "tender": "cash", "store_id": store_id})
    assert r.status_code == 201, r.text
    page = await client.get(f"/m/{tenant.slug}/")
    assert "123.45" in page.text
    assert 'id="stores"' in page.text and f'data-store="{store_id}"' in page.text  # where to find the store
    statement = await client.get(f"/m/{tenant.slug}/mine/statement")
    assert statement.status_code == 200 and "+¥123.45" in statement.text and "充值" in statement.text


async def test_the_member_code_renews_itself_from_its_own_address(client, tenant):
    await member_sign_in(client, tenant)
    r = await client.get(f"/m/{tenant.slug}/code")
    assert r.status_code == 200 and r.json()["code"].startswith("MC1.") and "<svg" in r.json()["qr_svg"]
    assert r.headers["cache-control"] == "no-store"


async def test_an_unknown_tenant_is_a_page_not_json(client):
    r = await client.get("/m/nosuchstore/")
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html") and "未找到商户" in r.text


async def test_a_member_edits_their_details_and_sets_the_birthday_once(client, tenant):
    await member_sign_in(client, tenant)
    r = await post_form(client, f"/m/{tenant.slug}/me", {"name": "王五", "gender": "female", "birthday": "1990-05-01"})
    assert r.status_code == 303 and r.headers["location"] == f"/m/{tenant.slug}/me?saved=1"
    page = await client.get(r.headers["location"])
    assert 'id="profile-saved"' in page.text and 'value="王五"' in page.text and 'id="birthday-set"' in page.text
    assert 'name="birthday"' not in page.text  # set once: no field to change it
    r = await post_form(client, f"/m/{tenant.slug}/me", {"name": "王五", "gender": "female", "birthday": "1991-01-01"})
    assert r.status_code == 303  # a birthday sent anyway is left out, not applied
    member = await Member.select(Member.birthday).where(Member.tenant_id == tenant.id).first()
    assert str(member["birthday"]) == "1990-05-01"
    r = await post_form(client, f"/m/{tenant.slug}/me", {"name": " ", "gender": "male"})
    assert r.status_code == 422 and 'id="profile-error"' in r.text


async def test_a_member_reads_their_receipts_and_nobody_elses(client, tenant):
    from sdk.testing import make_item, make_member, make_paid_order

    await member_sign_in(client, tenant)
    me_row = await Member.select(Member.id).where(Member.tenant_id == tenant.id).first()
    item = await make_item(tenant, 2_500, name="蛋白棒")
    mine = await make_paid_order(tenant, [{"item_id": item.id, "quantity": 1}], member=me_row["id"])
    other = await make_member(tenant, phone="13900009999")
    theirs = await make_paid_order(tenant, [{"item_id": item.id, "quantity": 1}], member=other)
    orders = await client.get(f"/m/{tenant.slug}/mine/orders")
    assert orders.status_code == 200 and f'data-order="{mine.number}"' in orders.text and theirs.number not in orders.text
    receipt = await client.get(f"/m/{tenant.slug}/mine/orders/{mine.id}")
    assert receipt.status_code == 200 and "蛋白棒" in receipt.text and "¥25.00" in receipt.text
    r = await client.get(f"/m/{tenant.slug}/mine/orders/{theirs.id}")
    assert r.status_code == 404 and "text/html" in r.headers["content-type"]


async def test_a_member_sees_sessions_left_and_the_uses_of_their_card(client, tenant):
    from checkout_helpers import make_member as api_member
    from test_cards import buy, card_item, enable_cards, member_code, use

    from sdk.testing import sign_in_member_pages

    await enable_cards(client, tenant)
    member = await api_member(client, tenant)
    await buy(client, tenant, member, await card_item(client, tenant))
    assert (await use(client, tenant, member_code=await member_code(client, tenant, member))).status_code == 201
    await sign_in_member_pages(client, tenant, member["id"])
    cards = await client.get(f"/m/{tenant.slug}/p/cards/")
    assert cards.status_code == 200 and 'data-sessions-left="9"' in cards.text
    card_id = re.search(r'data-card="(\d+)"', cards.text).group(1)
    card = await client.get(f"/m/{tenant.slug}/p/cards/{card_id}")
    assert '<span class="big" id="sessions-left">9</span>' in card.text and card.text.count("data-use=") == 1
    assert "1 张有效" in (await client.get(f"/m/{tenant.slug}/")).text
    someone = await api_member(client, tenant, phone="13900001234")
    await sign_in_member_pages(client, tenant, someone["id"])
    assert (await client.get(f"/m/{tenant.slug}/p/cards/{card_id}")).status_code == 404  # not theirs


async def test_an_unknown_address_is_a_page_not_json(client, tenant):
    r = await client.get(f"/m/{tenant.slug}/no/such/page")
    assert r.status_code == 404 and r.headers["content-type"] == "text/html; charset=utf-8" and "没有这个页面" in r.text
    await client.get(f"/m/{tenant.slug}/login")
    r = await post_form(client, f"/m/{tenant.slug}/no/such/page")
    assert r.status_code == 404 and "没有这个页面" in r.text


async def test_a_form_address_reached_by_a_link_goes_to_the_sign_in_page(client, tenant):
    r = await client.get(f"/m/{tenant.slug}/login/code", params={"ref": "GYM01", "next": f"/m/{tenant.slug}/"})
    assert r.status_code == 303 and r.headers["location"].startswith(f"/m/{tenant.slug}/login?")
    assert "ref=GYM01" in r.headers["location"]
    r = await client.get(f"/m/{tenant.slug}/logout")
    assert r.status_code == 303 and r.headers["location"] == f"/m/{tenant.slug}/login"


async def test_a_disabled_plugins_page_says_it_is_not_available(client, tenant):
    await member_sign_in(client, tenant)
    r = await client.get(f"/m/{tenant.slug}/p/coupons/")
    assert r.status_code == 404 and "该功能暂未开放" in r.text
    home = await client.get(f"/m/{tenant.slug}/")
    assert "/p/coupons" not in home.text  # no tile either


async def test_a_public_page_shows_itself_and_its_forms_need_a_member(client, tenant):
    await tenant.enable("greeter")
    r = await client.get(f"/m/{tenant.slug}/p/greeter/")
    assert r.status_code == 200 and r.text == "welcome, system"  # a friend who is not signed in
    await client.get(f"/m/{tenant.slug}/login")
    r = await post_form(client, f"/m/{tenant.slug}/p/greeter/wave")
    assert r.status_code == 303 and r.headers["location"].startswith(f"/m/{tenant.slug}/login?next=")
    await member_sign_in(client, tenant)
    r = await post_form(client, f"/m/{tenant.slug}/p/greeter/wave")
    assert r.status_code == 200 and r.text.startswith("waved by member ")
    home = await client.get(f"/m/{tenant.slug}/")  # the greeter's tile count fails: its tile shows no number
    assert home.status_code == 200 and f'href="/m/{tenant.slug}/p/greeter"' in home.text and " 次<" not in home.text


def test_a_plugin_cannot_mount_a_page_under_another_plugins_path(app):
    pages = app.state.member_pages.plugin_pages
    assert ("greeter", "/p/greeter") in [(name, page.path) for name, page in pages]
    assert all(page.path.startswith(f"/p/{name}") for name, page in pages)


async def test_a_session_of_one_store_does_not_open_another(client, tenant, other_tenant):
    await member_sign_in(client, tenant)
    token = client.cookies.get("mendian_member", path=f"/m/{tenant.slug}")
    client.cookies.set("mendian_member", token, path=f"/m/{other_tenant.slug}")
    r = await client.get(f"/m/{other_tenant.slug}/")
    assert r.status_code == 303 and "/login" in r.headers["location"]


async def test_a_replayed_sign_in_form_signs_in_once(client, tenant):
    await client.get(f"/m/{tenant.slug}/login")
    await post_form(client, f"/m/{tenant.slug}/login/code", {"phone": PHONE})
    form = {"phone": PHONE, "code": await sms_code(tenant.id)}
    assert (await post_form(client, f"/m/{tenant.slug}/login", form)).status_code == 303
    again = await post_form(client, f"/m/{tenant.slug}/login", form)
    assert again.status_code == 401 and "验证码错误或已失效" in again.text
    assert await Member.count().where(Member.tenant_id == tenant.id) == 1


async def test_a_shared_link_previews_with_open_graph_tags(client, tenant):
    r = await client.get(f"/m/{tenant.slug}/login", params={"ref": "GYM01"})
    assert '<meta property="og:site_name" content="活力健身">' in r.text
    assert '<meta property="og:title" content="登录 · 活力健身">' in r.text
    assert f'<meta property="og:url" content="http://testserver.local/m/{tenant.slug}/login?ref=GYM01">' in r.text


def test_a_share_link_becomes_a_qr_code():
    from core.member_pages.templating import share_qr

    svg = share_qr("https://shop.example/m/gym?ref=GYM01")
    assert svg.startswith("<svg") and "viewBox" in svg


async def test_pages_speak_english_after_the_switch(client, tenant):
    r = await client.get(f"/m/{tenant.slug}/lang/en", params={"next": f"/m/{tenant.slug}/login"})
    assert r.status_code == 303 and r.headers["location"] == f"/m/{tenant.slug}/login"
    page = await client.get(f"/m/{tenant.slug}/login")
    assert "Sign in with your phone" in page.text and "中文" in page.text


async def test_a_coupon_is_claimed_once_however_often_the_form_is_posted(client, tenant):
    await enable_coupons(client, tenant)
    tpl = await coupon_template(client, tenant, name="十元券", claimable=True, stock=10)
    await member_sign_in(client, tenant)
    center = await client.get(f"/m/{tenant.slug}/p/coupons/")
    assert center.status_code == 200 and "十元券" in center.text
    form = {"_once": once_of(center.text)}
    first = await post_form(client, f"/m/{tenant.slug}/p/coupons/claim/{tpl['id']}", form)
    again = await post_form(client, f"/m/{tenant.slug}/p/coupons/claim/{tpl['id']}", form)
    assert first.status_code == again.status_code == 200 and 'id="claim-result"' in again.text
    mine = await client.get(f"/m/{tenant.slug}/p/coupons/mine")
    assert mine.text.count("十元券") == 1
    home = await client.get(f"/m/{tenant.slug}/")
    assert "1 张可用" in home.text


async def test_a_coupon_that_ran_out_says_so(client, tenant):
    await enable_coupons(client, tenant)
    tpl = await coupon_template(client, tenant, name="限量券", claimable=True, stock=1, per_member_limit=1)
    await member_sign_in(client, tenant)
    center = await client.get(f"/m/{tenant.slug}/p/coupons/")
    r = await post_form(client, f"/m/{tenant.slug}/p/coupons/claim/{tpl['id']}", {"_once": once_of(center.text)})
    assert r.status_code == 200
    r = await post_form(client, f"/m/{tenant.slug}/p/coupons/claim/{tpl['id']}", {"_once": once_of(center.text) + "x"})
    assert r.status_code == 409 and 'id="claim-refused"' in r.text and "已领完" in r.text


async def test_signing_in_for_the_day_counts_once(client, tenant):
    await enable_sign_in(client, tenant)
    await member_sign_in(client, tenant)
    page = await client.get(f"/m/{tenant.slug}/p/sign_in/")
    assert page.status_code == 200 and 'id="sign-in-today"' in page.text
    first = await post_form(client, f"/m/{tenant.slug}/p/sign_in/")
    again = await post_form(client, f"/m/{tenant.slug}/p/sign_in/")
    assert "签到成功" in first.text and "今天已经签到过了" in again.text
    page = await client.get(f"/m/{tenant.slug}/p/sign_in/")
    assert 'id="signed-today"' in page.text and '<span class="big" id="streak">1</span>' in page.text


async def test_the_root_opens_the_console(client):
    r = await client.get("/")
    assert r.status_code == 302 and r.headers["location"] == "/console/"


async def test_the_console_outbox_shows_the_sign_in_code_to_staff(app, client, tenant):
    from console_helpers import fresh_client
    from console_helpers import sign_in as console_sign_in

    await client.get(f"/m/{tenant.slug}/login")
    await post_form(client, f"/m/{tenant.slug}/login/code", {"phone": PHONE})
    async with fresh_client(app) as desk:  # the store's computer, not the member's phone
        await console_sign_in(desk, tenant.slug, "owner")
        page = await desk.get("/console/messages")
    assert page.status_code == 200 and "短信记录" in page.text
    assert await sms_code(tenant.id) in page.text  # the local provider: no SMS leaves, staff read the code


def test_every_member_page_message_has_chinese_text():
    from pathlib import Path

    from babel.messages.extract import extract_from_file
    from babel.messages.pofile import read_po

    from core.member_pages.i18n import LOCALE_DIR

    root = Path(__file__).parent.parent
    with (LOCALE_DIR / "zh_CN" / "LC_MESSAGES" / "member.po").open("rb") as f:
        catalog = read_po(f, locale="zh_CN")
    templates = [*root.glob("core/member_pages/templates/*.html"), *root.glob("plugins/*/templates/member_*.html")]
    found = {m for path in templates for _, m, _, _ in extract_from_file(
        "jinja2", path, keywords={"_": None}, options={"extensions": "jinja2.ext.i18n"})}
    assert found and [m for m in found if not (catalog.get(m) and catalog.get(m).string)] == []


async def test_member_pages_errors_outside_their_router_are_pages_not_json(client, tenant):
    """An unknown page or a wrong method under /m reads as the member's error page, status kept."""
    missing = await client.get(f"/m/{tenant.slug}/no-such-page")
    assert missing.status_code == 404
    assert missing.headers["content-type"].startswith("text/html") and "<html" in missing.text
    wrong = await client.delete(f"/m/{tenant.slug}/login")
    assert wrong.status_code == 405 and wrong.headers["content-type"].startswith("text/html")
    api = await client.get("/api/v1/no-such-thing", headers=tenant.headers)
    assert api.status_code == 404 and api.headers["content-type"].startswith("application/problem+json")
