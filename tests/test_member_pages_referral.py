"""推广赚佣金 on the member pages: the friends a promoter brought, the commission on each of their
orders (pending until the refund window passes) and the poster to save."""

from __future__ import annotations

import re

from checkout_helpers import make_item, open_order, pay
from console_helpers import fresh_client
from referral_helpers import enable_referral
from test_member_pages import member_sign_in, post_form

FRIEND = "13900007777"


async def test_a_promoter_sees_the_friend_they_brought_and_the_commission_on_their_order(app, client, tenant):
    await enable_referral(client, tenant, level1_bp=1_000)
    await member_sign_in(client, tenant)
    page = await client.get(f"/m/{tenant.slug}/p/referral/")
    assert 'id="poster"' not in page.text  # nothing to share before applying
    page = await post_form(client, f"/m/{tenant.slug}/p/referral/apply")
    code = re.search(r'id="promoter-code">([^<]+)<', page.text).group(1)
    assert "还没有朋友通过您的链接注册" in page.text
    async with fresh_client(app) as friend:
        r = await member_sign_in(friend, tenant, phone=FRIEND, next_=f"/m/{tenant.slug}/?ref={code}", ref=code)
        assert r.status_code == 303
    [friend_file] = (await client.get("/api/v1/members", headers=tenant.headers, params={"phone": FRIEND})).json()["items"]
    item = await make_item(client, tenant, "PT-1", 60_000, name="私教课")
    order = await open_order(client, tenant, [{"item_id": item["id"], "quantity": 1}], member_id=friend_file["id"])
    assert (await pay(client, tenant, order["id"], [{"kind": "cash", "amount_fen": 60_000}])).status_code == 201

    page = await client.get(f"/m/{tenant.slug}/p/referral/")
    brought = re.search(r'id="friends-brought">(.*?)</section>', page.text, re.S).group(1)
    assert "尾号 7777" in brought and "¥60.00" in brought
    earned = re.search(r'id="commissions">(.*?)</section>', page.text, re.S).group(1)
    assert order["number"] in earned and "¥60.00" in earned and "待结算" in earned
    poster = await client.get(f"/m/{tenant.slug}/p/referral/poster.svg")
    assert poster.status_code == 200 and poster.headers["content-type"].startswith("image/svg+xml")
    assert code in poster.text and "<svg" in poster.text


async def test_a_member_who_is_not_a_promoter_has_no_poster(client, tenant):
    await enable_referral(client, tenant)
    await member_sign_in(client, tenant)
    r = await client.get(f"/m/{tenant.slug}/p/referral/poster.svg")
    assert r.status_code == 404 and "您还不是推广员" in r.text and "<html" in r.text
