"""秒杀 on the member pages over HTTP: a member takes units and pays them on the kernel's pay page,
a replayed take form takes once (also when the copies arrive together), each refusal is a page in
the member's language, a hold that lapsed cannot be paid, 不要了 asks first, and a share link
works for a friend who is not signed in — or says the sale is over and shows what else is on."""

from __future__ import annotations

import asyncio
import datetime as dt
import html
import re

from checkout_helpers import make_item, make_member, move_to, top_up
from flash_sale_helpers import enable_flash_sale, make_session, member_headers, run_release, take
from member_helpers import PHONE
from test_member_pages import member_sign_in, once_of, post_form

API = "/api/v1"


async def _shop(client, tenant, clock, stock=5, limit=2, starts_in_minutes=0, **settings):
    """A flash sale of rice (¥59.90 at ¥9.90) and a signed-in member holding ¥100 of stored value."""
    await enable_flash_sale(client, tenant, **settings)
    rice = await make_item(client, tenant, "rice", 5_990, name="东北大米 5kg")
    session = await make_session(client, tenant, clock, [
        {"item_id": rice["id"], "flash_price_fen": 990, "stock": stock, "per_member_limit": limit}],
        starts_in_minutes=starts_in_minutes)
    member = await make_member(client, tenant)
    await top_up(client, tenant, member["id"], 10_000)
    await member_sign_in(client, tenant)
    return session, session["items"][0]["id"], member


def _page(tenant, rest=""):
    return f"/m/{tenant.slug}/p/flash_sale/{rest}"


async def _take_form(client, tenant, flash_id, quantity=1):
    """The take form as the 秒杀 page gives it: its one-time key and a quantity."""
    page = await client.get(_page(tenant))
    assert page.status_code == 200, page.text
    form = re.search(rf'<form method="post" action="[^"]*/items/{flash_id}/take".*?</form>', page.text, re.S)
    assert form, page.text
    return {"_once": once_of(form.group(0)), "quantity": str(quantity)}


async def _take(client, tenant, flash_id, form):
    return await post_form(client, _page(tenant, f"items/{flash_id}/take"), form)


async def _my_reservations(client, tenant, member):
    r = await client.get(f"{API}/me/flash-sale/reservations", headers=await member_headers(tenant, member["id"]))
    return r.json()["items"]


async def _item(client, tenant, session):
    r = await client.get(f"{API}/flash-sale/sessions/{session['id']}", headers=tenant.headers)
    return r.json()["items"][0]


async def _balance(client, tenant, member) -> int:
    r = await client.get(f"{API}/members/{member['id']}/stored-value", headers=tenant.headers)
    return r.json()["principal_fen"] + r.json()["bonus_fen"]


def _href(page_text, element_id):
    return html.unescape(re.search(rf'href="([^"]+)"[^>]*id="{element_id}"', page_text).group(1))


async def test_a_member_takes_two_and_pays_them_from_stored_value(client, tenant, clock):
    session, flash_id, member = await _shop(client, tenant, clock)
    page = await client.get(_page(tenant))
    assert "东北大米 5kg" in page.text and "¥9.90" in page.text and "¥59.90" in page.text
    assert 'data-countdown="3600"' in page.text  # the session ends in an hour
    assert "剩 5 / 5 件" in page.text and "每人限购 2 件" in page.text and "15 分钟内付款" in page.text
    r = await _take(client, tenant, flash_id, await _take_form(client, tenant, flash_id, quantity=2))
    assert r.status_code == 303 and "/p/flash_sale/reservations/" in r.headers["location"]
    hold = await client.get(r.headers["location"])
    assert hold.status_code == 200 and 'id="taken"' in hold.text and "¥19.80" in hold.text
    assert 'id="hold-countdown" data-countdown="900"' in hold.text and "名额退回库存" in hold.text
    pay_page = await client.get(_href(hold.text, "go-pay"))
    assert pay_page.status_code == 200 and "¥19.80" in pay_page.text
    back = re.search(r'name="next" value="([^"]+)"', pay_page.text).group(1)
    paid = await post_form(client, pay_page.url.path, {"_once": once_of(pay_page.text), "next": back})
    assert paid.status_code == 303 and paid.headers["location"] == r.headers["location"]
    after = await client.get(paid.headers["location"])
    assert 'data-state="paid"' in after.text and 'id="receipt"' in after.text
    assert await _balance(client, tenant, member) == 10_000 - 1_980
    item = await _item(client, tenant, session)
    assert (item["taken"], item["sold"], item["left"]) == (2, 2, 3)
    page = await client.get(_page(tenant))
    assert "我已抢 2 件" in page.text and "已达限购" in page.text and f"/items/{flash_id}/take" not in page.text


async def test_a_replayed_take_form_takes_once(client, tenant, clock):
    session, flash_id, member = await _shop(client, tenant, clock)
    form = await _take_form(client, tenant, flash_id)
    first = await _take(client, tenant, flash_id, form)
    again = await _take(client, tenant, flash_id, form)
    assert first.status_code == again.status_code == 303
    assert again.headers["location"] == first.headers["location"]
    assert len(await _my_reservations(client, tenant, member)) == 1
    assert (await _item(client, tenant, session))["taken"] == 1
    fresh = await _take(client, tenant, flash_id, await _take_form(client, tenant, flash_id))  # a new tap: a new take
    assert fresh.status_code == 303 and fresh.headers["location"] != first.headers["location"]
    assert (await _item(client, tenant, session))["taken"] == 2


async def test_copies_of_one_take_form_arriving_together_take_once(client, tenant, clock):
    session, flash_id, member = await _shop(client, tenant, clock, limit=5)
    form = await _take_form(client, tenant, flash_id)
    answers = await asyncio.gather(*(_take(client, tenant, flash_id, form) for _ in range(6)))
    assert {r.status_code for r in answers} == {303}, [r.text[:300] for r in answers]
    assert len({r.headers["location"] for r in answers}) == 1
    assert len(await _my_reservations(client, tenant, member)) == 1
    assert (await _item(client, tenant, session))["taken"] == 1


async def test_sold_out_and_over_the_limit_are_pages_saying_what_to_do(client, tenant, clock):
    session, flash_id, member = await _shop(client, tenant, clock, stock=3, limit=2)
    form = await _take_form(client, tenant, flash_id, quantity=2)
    assert (await _take(client, tenant, flash_id, form)).status_code == 303
    over = await _take(client, tenant, flash_id, {"_once": form["_once"] + "x", "quantity": "1"})
    assert over.status_code == 409 and over.headers["content-type"].startswith("text/html")
    assert 'data-code="flash_limit_reached"' in over.text and "每人限购 2 件" in over.text and "我的秒杀" in over.text
    other = await make_member(client, tenant, phone="13900000009")
    assert (await take(client, await member_headers(tenant, other["id"]), flash_id)).status_code == 201
    await post_form(client, f"/m/{tenant.slug}/logout")
    await member_sign_in(client, tenant, phone="13700000007")  # a third member finds nothing left
    sold = await _take(client, tenant, flash_id, {"_once": form["_once"] + "y", "quantity": "1"})
    assert sold.status_code == 409 and 'data-code="flash_sold_out"' in sold.text and "已抢光" in sold.text
    assert "剩 0 / 3 件" in sold.text and "超时未付款时，名额会退回" in sold.text
    assert (await _item(client, tenant, session))["taken"] == 3


async def test_not_started_ended_and_bad_forms_are_pages(client, tenant, clock):
    session, flash_id, member = await _shop(client, tenant, clock, starts_in_minutes=30)
    page = await client.get(_page(tenant))
    assert 'data-state="upcoming"' in page.text and "即将开始" in page.text
    assert 'data-countdown="1800"' in page.text and "/take" not in page.text  # the button waits, disabled
    early = await _take(client, tenant, flash_id, {"_once": "k" * 24, "quantity": "1"})
    assert early.status_code == 409 and "还未开始" in early.text and "开始后再来抢" in early.text
    assert 'data-countdown="1800"' in early.text and "data-reload" not in early.text  # never re-posts itself
    await move_to(tenant, clock, clock.now() + dt.timedelta(minutes=30))
    bad = await _take(client, tenant, flash_id, {"_once": "k" * 24, "quantity": "0"})
    assert bad.status_code == 422 and "请选择要抢的件数" in bad.text
    stale = await _take(client, tenant, flash_id, {"quantity": "1"})
    assert stale.status_code == 400 and "页面已过期" in stale.text
    unknown = await _take(client, tenant, 999_999, {"_once": "k" * 24, "quantity": "1"})
    assert unknown.status_code == 404 and "这件商品不在秒杀中" in unknown.text
    await move_to(tenant, clock, clock.now() + dt.timedelta(hours=1))
    late = await _take(client, tenant, flash_id, {"_once": "k" * 24, "quantity": "1"})
    assert late.status_code == 409 and "已结束" in late.text and "看看正在进行和即将开始的场次" in late.text
    assert (await _item(client, tenant, session))["taken"] == 0


async def test_a_refusal_speaks_english_after_the_switch(client, tenant, clock):
    _, flash_id, _ = await _shop(client, tenant, clock, starts_in_minutes=30)
    await client.get(f"/m/{tenant.slug}/lang/en", params={"next": _page(tenant)})
    r = await _take(client, tenant, flash_id, {"_once": "k" * 24, "quantity": "1"})
    assert r.status_code == 409 and "has not started" in r.text and "Come back when it starts." in r.text
    assert "还未开始" not in r.text


async def test_a_hold_that_lapsed_cannot_be_paid_and_charges_nothing(client, tenant, clock):
    session, flash_id, member = await _shop(client, tenant, clock, hold_minutes=5)
    r = await _take(client, tenant, flash_id, await _take_form(client, tenant, flash_id))
    hold_url = r.headers["location"]
    pay_url = _href((await client.get(hold_url)).text, "go-pay")
    pay_page = await client.get(pay_url)
    await move_to(tenant, clock, clock.now() + dt.timedelta(minutes=5))
    lapsed = await client.get(hold_url)
    assert 'data-state="lapsed"' in lapsed.text and "不能再付款" in lapsed.text and 'id="go-pay"' not in lapsed.text
    refused = await post_form(client, pay_page.url.path, {"_once": once_of(pay_page.text)})
    assert refused.status_code == 409 and 'id="pay-error"' in refused.text and "超时释放" in refused.text
    await run_release(tenant)
    gone = await client.get(pay_url)
    order_id = re.search(r"/mine/orders/(\d+)/pay", pay_url).group(1)
    assert gone.status_code == 303 and gone.headers["location"] == f"/m/{tenant.slug}/mine/orders/{order_id}"
    receipt = await client.get(gone.headers["location"])
    assert 'id="order-cancelled"' in receipt.text and 'id="go-pay"' not in receipt.text
    assert await _balance(client, tenant, member) == 10_000
    assert (await _item(client, tenant, session))["taken"] == 0
    mine = await client.get(_page(tenant, "mine"))
    assert 'data-state="released"' in mine.text and "超时未付款" in mine.text


async def test_letting_a_hold_go_asks_first_and_acts_once(client, tenant, clock):
    session, flash_id, member = await _shop(client, tenant, clock)
    r = await _take(client, tenant, flash_id, await _take_form(client, tenant, flash_id))
    hold_url = r.headers["location"]
    confirm = await client.get(_href((await client.get(hold_url)).text, "let-go"))
    assert confirm.status_code == 200 and 'id="confirm-let-go"' in confirm.text and 'id="keep-it"' in confirm.text
    assert (await _item(client, tenant, session))["taken"] == 1  # asking took nothing back yet
    form = {"_once": once_of(confirm.text)}
    first = await post_form(client, f"{hold_url}/cancel", form)
    again = await post_form(client, f"{hold_url}/cancel", form)
    assert first.status_code == again.status_code == 303 and again.headers["location"] == hold_url
    page = await client.get(hold_url)
    assert 'data-state="cancelled"' in page.text and "名额已退回库存" in page.text
    assert (await _item(client, tenant, session))["taken"] == 0
    assert (await client.get(f"{hold_url}/cancel")).status_code == 303  # nothing left to confirm
    [mine] = await _my_reservations(client, tenant, member)
    assert mine["status"] == "cancelled"


async def test_a_paid_hold_cannot_be_let_go(client, tenant, clock):
    _, flash_id, member = await _shop(client, tenant, clock)
    r = await _take(client, tenant, flash_id, await _take_form(client, tenant, flash_id))
    hold_url = r.headers["location"]
    confirm = await client.get(f"{hold_url}/cancel")
    pay_page = await client.get(_href((await client.get(hold_url)).text, "go-pay"))
    await post_form(client, pay_page.url.path, {"_once": once_of(pay_page.text)})
    late = await post_form(client, f"{hold_url}/cancel", {"_once": once_of(confirm.text)})
    assert late.status_code == 409 and "已付款，不能再取消" in late.text
    assert [m["status"] for m in await _my_reservations(client, tenant, member)] == ["paid"]


async def test_my_flash_sales_shows_a_hold_with_its_time_and_the_tile_counts_it(client, tenant, clock):
    _, flash_id, _ = await _shop(client, tenant, clock)
    await _take(client, tenant, flash_id, await _take_form(client, tenant, flash_id))
    await move_to(tenant, clock, clock.now() + dt.timedelta(minutes=4))
    mine = await client.get(_page(tenant, "mine"))
    assert 'data-state="held"' in mine.text and 'data-countdown="660"' in mine.text
    assert "去付款" in mine.text and "不要了" in mine.text
    sale = await client.get(_page(tenant))
    assert 'id="held"' in sale.text and 'data-countdown="660"' in sale.text
    home = await client.get(f"/m/{tenant.slug}/")
    assert "1 件待付款" in home.text


async def test_a_share_link_opens_for_a_visitor_with_a_preview_and_its_qr_code(client, tenant, clock):
    await enable_flash_sale(client, tenant)
    rice = await make_item(client, tenant, "rice", 5_990, name="东北大米 5kg")
    session = await make_session(client, tenant, clock, [
        {"item_id": rice["id"], "flash_price_fen": 990, "stock": 5, "per_member_limit": 2}])
    flash = session["items"][0]
    assert session["share_link"] == f"/m/{tenant.slug}/p/flash_sale/sessions/{session['id']}"
    assert flash["share_link"] == f"/m/{tenant.slug}/p/flash_sale/items/{flash['id']}"
    page = await client.get(flash["share_link"])  # nobody signed in
    assert page.status_code == 200
    assert '<meta property="og:title" content="秒杀：东北大米 5kg 仅 ¥9.90 · 活力健身">' in page.text
    assert "原价 ¥59.90，剩 5 件，每人限购 2 件。" in page.text
    assert f'value="http://testserver.local{flash["share_link"]}"' in page.text and "<svg" in page.text
    login = re.search(r'href="([^"]+)" data-sign-in', page.text).group(1)
    assert login == f"/m/{tenant.slug}/login?next=" + flash["share_link"]  # back here once signed in
    whole = await client.get(session["share_link"])
    assert whole.status_code == 200 and "秒杀价：东北大米 5kg" in whole.text
    assert (await client.get(_page(tenant, "mine"))).status_code == 303  # mine needs signing in


async def test_a_share_link_of_a_stopped_ended_or_unknown_sale_says_so_with_what_else_is_on(client, tenant, clock):
    await enable_flash_sale(client, tenant)
    rice = await make_item(client, tenant, "rice", 5_990, name="东北大米 5kg")
    oil = await make_item(client, tenant, "oil", 8_800, name="花生油")
    stopped = await make_session(client, tenant, clock, [{"item_id": rice["id"], "flash_price_fen": 990, "stock": 5}],
                                 name="早场")
    later = await make_session(client, tenant, clock, [{"item_id": oil["id"], "flash_price_fen": 990, "stock": 5}],
                               name="午场", starts_in_minutes=120)
    await client.post(f"{API}/flash-sale/sessions/{stopped['id']}/stop", headers=tenant.headers)
    r = await client.get(stopped["items"][0]["share_link"])
    assert r.status_code == 410 and "秒杀「早场」已停止" in r.text and 'id="still-on"' in r.text
    soon = await client.get(later["share_link"])
    assert soon.status_code == 200 and "即将开始" in soon.text and 'data-countdown="7200"' in soon.text
    await move_to(tenant, clock, clock.now() + dt.timedelta(hours=4))
    ended = await client.get(later["items"][0]["share_link"])
    assert ended.status_code == 410 and "秒杀「午场」已结束" in ended.text
    for unknown in (_page(tenant, "sessions/999999"), _page(tenant, "items/999999")):
        r = await client.get(unknown)
        assert r.status_code == 404 and "没有这个秒杀" in r.text and r.headers["content-type"].startswith("text/html")


async def test_another_tenants_share_link_is_unknown_here(client, tenant, other_tenant, clock):
    await enable_flash_sale(client, tenant)
    await enable_flash_sale(client, other_tenant)
    rice = await make_item(client, tenant, "rice", 5_990)
    session = await make_session(client, tenant, clock, [{"item_id": rice["id"], "flash_price_fen": 990, "stock": 5}])
    r = await client.get(f"/m/{other_tenant.slug}/p/flash_sale/sessions/{session['id']}")
    assert r.status_code == 404 and "没有这个秒杀" in r.text


async def test_the_pages_are_not_there_while_the_plugin_is_off(client, tenant):
    await member_sign_in(client, tenant, phone=PHONE)
    for path in ("", "mine", "sessions/1"):
        r = await client.get(_page(tenant, path))
        assert r.status_code == 404 and "该功能暂未开放" in r.text
    home = await client.get(f"/m/{tenant.slug}/")
    assert "/p/flash_sale" not in home.text
