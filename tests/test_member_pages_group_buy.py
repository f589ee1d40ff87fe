"""拼团 on the member pages over HTTP: a leader opens a group and pays, a friend follows the share
link without being signed in, signs in, comes back, joins and pays, and the page says 成团; replayed
forms act once; every refusal is a page in the member's language with its status."""

from __future__ import annotations

import asyncio
import datetime as dt
import re
from urllib.parse import unquote

from checkout_helpers import make_item, make_member, move_to, top_up
from console_helpers import fresh_client
from group_buy_helpers import enable_group_buy, make_deal, run_deadline
from test_member_pages import member_sign_in, once_of, post_form

from plugins.group_buy.tables import Group, Join

API = "/api/v1"
FRIEND = "13900139000"


async def shop(client, tenant, clock, **deal):
    await enable_group_buy(client, tenant)
    milk = await make_item(client, tenant, "group-milk", 2_000, name="纯牛奶 12 盒")
    return await make_deal(client, tenant, clock, milk["id"], **{"size": 2, "price_fen": 990, **deal})


async def member_with(client, tenant, phone, stored_fen=5_000, name="张三"):
    """A member holding stored value, signed in on ``client``'s member pages."""
    member = await make_member(client, tenant, phone=phone, name=name)
    await top_up(client, tenant, member["id"], stored_fen)
    await member_sign_in(client, tenant, phone=phone)
    return member


def path_of(location: str) -> str:
    return location.removeprefix("http://testserver.local")


async def post_page_form(client, page_url, action, data=None):
    """Open ``page_url`` and post its form at ``action`` with the form's one-time key."""
    page = await client.get(page_url)
    assert page.status_code == 200, page.text
    return await post_form(client, action, {"_once": once_of(page.text), **(data or {})})


async def pay_on_page(client, pay_location):
    """The kernel's pay page: pay from stored value; it returns to its ``next``."""
    pay_url = path_of(pay_location)
    assert "/mine/orders/" in pay_url and "/pay?next=" in pay_url
    r = await post_page_form(client, pay_url, pay_url.split("?")[0], {"next": unquote(pay_url.split("next=")[1])})
    assert r.status_code == 303, r.text
    return r


async def open_and_pay(client, tenant, deal):
    """The leader starts a group on the deal page and pays; returns the share page's path."""
    deal_url = f"/m/{tenant.slug}/p/group_buy/deals/{deal['id']}"
    r = await post_page_form(client, deal_url, f"{deal_url}/open")
    assert r.status_code == 303, r.text
    paid = await pay_on_page(client, r.headers["location"])
    return paid.headers["location"]


async def test_a_friend_follows_the_share_link_signs_in_joins_pays_and_the_group_completes(app, client, tenant, clock):
    deal = await shop(client, tenant, clock)
    await member_with(client, tenant, "13800138000")
    listing = await client.get(f"/m/{tenant.slug}/p/group_buy/")
    card = re.search(rf'data-deal="{deal["id"]}".*?</section>', listing.text, re.S).group(0)
    assert "周末拼团" in card and "¥9.90" in card and "¥20.00" in card and "2 人团" in card and "data-countdown" in card

    share = await open_and_pay(client, tenant, deal)
    group = await Group.objects().where(Group.tenant_id == tenant.id).first()
    api_group = (await client.get(f"{API}/group-buy/groups/{group.id}", headers=tenant.headers)).json()
    assert share == api_group["share_link"] == f"/m/{tenant.slug}/p/group_buy/g/{group.code}"
    leader_view = await client.get(share)
    assert 'id="group-mine"' in leader_view.text and "您是团长，已付款" in leader_view.text
    assert "已付款 1 / 2 人" in leader_view.text and 'id="share-qr"><svg' in leader_view.text
    assert f'id="share-link" readonly value="http://testserver.local{share}"' in leader_view.text

    async with fresh_client(app) as friend:
        first = await friend.get(share)  # not signed in: the group shows, joining asks to sign in
        assert first.status_code == 200 and 'id="group-join"' not in first.text
        assert '<meta property="og:title" content="¥9.90 拼「周末拼团」">' in first.text
        assert "2 人团还差 1 人" in first.text and "团长 张*" in first.text
        sign_in = re.search(r'href="([^"]+)" id="group-sign-in"', first.text).group(1).replace("&amp;", "&")
        assert sign_in == f"/m/{tenant.slug}/login?next={share}"
        friend_member = await make_member(client, tenant, phone=FRIEND, name="李四")
        await top_up(client, tenant, friend_member["id"], 5_000)
        back = await member_sign_in(friend, tenant, phone=FRIEND, next_=share)
        assert back.status_code == 303 and back.headers["location"] == share
        joined = await post_page_form(friend, share, f"{share}/join")
        assert joined.status_code == 303 and f"/pay?next={share}" in joined.headers["location"]
        paid = await pay_on_page(friend, joined.headers["location"])
        assert paid.headers["location"] == share
        done = await friend.get(share)
        assert done.status_code == 200 and 'id="group-complete"' in done.text and "已成团！" in done.text
        assert "已付款 2 / 2 人" in done.text and 'id="group-share"' not in done.text
        mine = await friend.get(f"/m/{tenant.slug}/p/group_buy/mine")
        assert 'data-shown="complete"' in mine.text and "已成团" in mine.text
    assert (await client.get(f"{API}/group-buy/groups/{group.id}", headers=tenant.headers)).json()["status"] == "complete"


async def test_a_replayed_start_form_opens_one_group(client, tenant, clock):
    deal = await shop(client, tenant, clock)
    await member_with(client, tenant, "13800138000")
    deal_url = f"/m/{tenant.slug}/p/group_buy/deals/{deal['id']}"
    page = await client.get(deal_url)
    form = {"_once": once_of(page.text)}
    first = await post_form(client, f"{deal_url}/open", form)
    again = await post_form(client, f"{deal_url}/open", form)
    assert first.status_code == again.status_code == 303 and first.headers["location"] == again.headers["location"]
    await pay_on_page(client, first.headers["location"])
    after_paying = await post_form(client, f"{deal_url}/open", form)  # a reload of the answer, paid meanwhile
    assert after_paying.status_code == 303 and "/p/group_buy/g/" in after_paying.headers["location"]
    assert await Group.count().where(Group.tenant_id == tenant.id) == 1
    assert await Join.count().where(Join.tenant_id == tenant.id) == 1


async def test_two_copies_of_one_start_form_at_once_open_one_group(client, tenant, clock):
    deal = await shop(client, tenant, clock)
    await member_with(client, tenant, "13800138000")
    deal_url = f"/m/{tenant.slug}/p/group_buy/deals/{deal['id']}"
    form = {"_once": once_of((await client.get(deal_url)).text)}
    both = await asyncio.gather(*(post_form(client, f"{deal_url}/open", form) for _ in range(2)))
    assert [r.status_code for r in both] == [303, 303] and both[0].headers["location"] == both[1].headers["location"]
    assert await Group.count().where(Group.tenant_id == tenant.id) == 1
    assert await Join.count().where(Join.tenant_id == tenant.id) == 1


async def test_a_replayed_join_form_places_one_order_and_pays_once(app, client, tenant, clock):
    deal = await shop(client, tenant, clock, size=3)
    await member_with(client, tenant, "13800138000")
    share = await open_and_pay(client, tenant, deal)
    async with fresh_client(app) as friend:
        me = await member_with(friend, tenant, FRIEND, stored_fen=2_000, name="李四")
        page = await friend.get(share)
        form = {"_once": once_of(page.text)}
        first = await post_form(friend, f"{share}/join", form)
        again = await post_form(friend, f"{share}/join", form)
        assert first.headers["location"] == again.headers["location"]  # the same order to pay
        pay_url = path_of(first.headers["location"])
        pay_page = await friend.get(pay_url)
        pay_form = {"_once": once_of(pay_page.text), "next": share}
        assert (await post_form(friend, pay_url.split("?")[0], pay_form)).headers["location"] == share
        replay = await post_form(friend, pay_url.split("?")[0], pay_form)
        assert replay.status_code == 303 and "/pay" not in replay.headers["location"]  # to the receipt
        rejoin = await post_form(friend, f"{share}/join", form)
        assert rejoin.status_code == 409 and "你已在这个团中" in rejoin.text and 'id="group-mine"' in rejoin.text
    balance = (await client.get(f"{API}/members/{me['id']}/stored-value", headers=tenant.headers)).json()
    assert balance["principal_fen"] + balance["bonus_fen"] == 2_000 - 990
    assert await Join.count().where(Join.tenant_id == tenant.id) == 2


async def test_a_regular_deal_is_bought_at_its_price_once_per_form(client, tenant, clock):
    deal = await shop(client, tenant, clock, kind="regular", price_fen=1_500)
    await member_with(client, tenant, "13800138000")
    deal_url = f"/m/{tenant.slug}/p/group_buy/deals/{deal['id']}"
    page = await client.get(deal_url)
    assert 'id="deal-buy"' in page.text and "直接购买 ¥15.00" in page.text and 'id="deal-open"' not in page.text
    form = {"_once": once_of(page.text)}
    first = await post_form(client, f"{deal_url}/buy", form)
    assert (await post_form(client, f"{deal_url}/buy", form)).headers["location"] == first.headers["location"]
    mine = await client.get(f"/m/{tenant.slug}/p/group_buy/mine")
    assert mine.text.count('data-shown="to_pay"') == 1 and 'class="button secondary gb-pay"' in mine.text
    back = await pay_on_page(client, first.headers["location"])
    assert back.headers["location"] == f"/m/{tenant.slug}/p/group_buy/mine"
    mine = await client.get(back.headers["location"])
    assert 'data-shown="bought"' in mine.text and "已购买" in mine.text and "gb-pay" not in mine.text


async def test_the_deal_page_states_its_rules(client, tenant, clock):
    deal = await shop(client, tenant, clock, size=3, old_brings_new=True, deadline_hours=12)
    await member_with(client, tenant, "13800138000")
    page = await client.get(f"/m/{tenant.slug}/p/group_buy/deals/{deal['id']}")
    assert 'id="deal-size">3 人<' in page.text and 'id="deal-hours">开团后 12 小时内<' in page.text
    assert 'id="deal-new-only"' in page.text and "开团 ¥9.90" in page.text and "<span>多人团</span>" in page.text


async def test_my_group_buys_show_a_failed_group_as_refunded(client, tenant, clock):
    deal = await shop(client, tenant, clock, size=3, deadline_hours=2)
    await member_with(client, tenant, "13800138000")
    share = await open_and_pay(client, tenant, deal)
    mine = await client.get(f"/m/{tenant.slug}/p/group_buy/mine")
    assert 'data-shown="forming"' in mine.text and "拼团中" in mine.text and share in mine.text
    await move_to(tenant, clock, clock.now() + dt.timedelta(hours=2))
    await run_deadline(tenant)
    mine = await client.get(f"/m/{tenant.slug}/p/group_buy/mine")
    assert 'data-shown="failed"' in mine.text and "未成团，已退款" in mine.text


async def test_an_unpaid_order_shows_awaiting_payment_with_its_pay_button(client, tenant, clock):
    deal = await shop(client, tenant, clock)
    await member_with(client, tenant, "13800138000")
    deal_url = f"/m/{tenant.slug}/p/group_buy/deals/{deal['id']}"
    opened = await post_page_form(client, deal_url, f"{deal_url}/open")
    mine = await client.get(f"/m/{tenant.slug}/p/group_buy/mine")
    assert 'data-shown="to_pay"' in mine.text and "待付款" in mine.text
    pay_link = re.search(r'class="button secondary gb-pay" href="([^"]+)"', mine.text).group(1).replace("&amp;", "&")
    assert pay_link == path_of(opened.headers["location"])
    home = await client.get(f"/m/{tenant.slug}/")
    assert re.search(r'href="/m/[^"]+/p/group_buy">.*?<span class="count">1 待付款</span>', home.text, re.S)


# Refusals: each a page in the member's language, with its status.

async def test_a_complete_group_refuses_the_next_joiner_with_its_page(app, client, tenant, clock):
    deal = await shop(client, tenant, clock)
    await member_with(client, tenant, "13800138000")
    share = await open_and_pay(client, tenant, deal)
    async with fresh_client(app) as friend:
        await member_with(friend, tenant, FRIEND, name="李四")
        joined = await post_page_form(friend, share, f"{share}/join")
        await pay_on_page(friend, joined.headers["location"])
    async with fresh_client(app) as late:
        await member_with(late, tenant, "13700137000", name="王五")
        page = await late.get(share)
        assert 'id="group-join"' not in page.text and 'id="group-own"' in page.text
        await late.get(f"/m/{tenant.slug}/p/group_buy/")
        r = await post_form(late, f"{share}/join")
        assert r.status_code == 409 and "该团已成团" in r.text and 'id="group-refused"' in r.text
    assert await Join.count().where(Join.tenant_id == tenant.id) == 2


async def test_joining_my_own_paid_group_says_i_am_in_it(client, tenant, clock):
    deal = await shop(client, tenant, clock)
    await member_with(client, tenant, "13800138000")
    share = await open_and_pay(client, tenant, deal)
    r = await post_form(client, f"{share}/join")
    assert r.status_code == 409 and "你已在这个团中" in r.text and r.headers["content-type"].startswith("text/html")


async def test_a_group_past_its_deadline_is_the_ended_page_with_what_else_is_on(app, client, tenant, clock):
    deal = await shop(client, tenant, clock, size=3, deadline_hours=2)
    await member_with(client, tenant, "13800138000")
    share = await open_and_pay(client, tenant, deal)
    await move_to(tenant, clock, clock.now() + dt.timedelta(hours=2))
    async with fresh_client(app) as friend:
        page = await friend.get(share)
        assert page.status_code == 410 and "该团已过截止时间" in page.text and 'id="still-on"' in page.text
        await member_with(friend, tenant, FRIEND, name="李四")
        r = await post_form(friend, f"{share}/join")
        assert r.status_code == 410 and "该团已过截止时间" in r.text
    await run_deadline(tenant)
    closed = await client.get(share)
    assert closed.status_code == 410 and "该团未成团，已关闭" in closed.text
    assert await Join.count().where(Join.tenant_id == tenant.id) == 1


async def test_an_unknown_share_code_is_the_ended_page(client, tenant, clock):
    await shop(client, tenant, clock)
    r = await client.get(f"/m/{tenant.slug}/p/group_buy/g/nosuchgroup")
    assert r.status_code == 404 and "没有这个团" in r.text and r.headers["content-type"].startswith("text/html")


async def test_a_stopped_deal_opens_no_group_and_says_so(client, tenant, clock):
    deal = await shop(client, tenant, clock)
    await member_with(client, tenant, "13800138000")
    deal_url = f"/m/{tenant.slug}/p/group_buy/deals/{deal['id']}"
    page = await client.get(deal_url)
    r = await client.post(f"{API}/group-buy/deals/{deal['id']}/stop", headers=tenant.headers)
    assert r.status_code == 200, r.text
    refused = await post_form(client, f"{deal_url}/open", {"_once": once_of(page.text)})
    assert refused.status_code == 410 and "「周末拼团」已停止" in refused.text and 'id="ended-reason"' in refused.text
    assert (await client.get(deal_url)).status_code == 410
    assert "周末拼团" not in (await client.get(f"/m/{tenant.slug}/p/group_buy/")).text
    assert await Group.count().where(Group.tenant_id == tenant.id) == 0


async def test_old_brings_new_refuses_a_member_who_has_bought_before(app, client, tenant, clock):
    from sdk.testing import make_paid_order

    deal = await shop(client, tenant, clock, size=3, old_brings_new=True)
    await member_with(client, tenant, "13800138000")
    share = await open_and_pay(client, tenant, deal)
    bread = await make_item(client, tenant, "bread", 800, name="面包")
    async with fresh_client(app) as regular:
        member = await member_with(regular, tenant, FRIEND, name="李四")
        await make_paid_order(tenant, [{"item_id": bread["id"], "quantity": 1}], member=member["id"])
        page = await regular.get(share)
        assert 'id="group-new-only"' in page.text
        r = await post_form(regular, f"{share}/join", {"_once": once_of(page.text)})
        assert r.status_code == 409 and "老带新团仅限新会员" in r.text and 'id="group-join"' in r.text
    assert await Join.count().where(Join.tenant_id == tenant.id) == 1


async def test_refusals_speak_english_after_the_switch(client, tenant, clock):
    deal = await shop(client, tenant, clock)
    await member_with(client, tenant, "13800138000")
    share = await open_and_pay(client, tenant, deal)
    await client.get(f"/m/{tenant.slug}/lang/en", params={"next": share})
    page = await client.get(share)
    assert "You lead this group and have paid." in page.text and "1 of 2 seats paid" in page.text
    r = await post_form(client, f"{share}/join")
    assert r.status_code == 409 and "You are already in this group" in r.text and "你已在这个团中" not in r.text


async def test_the_pages_are_not_there_while_group_buy_is_disabled(client, tenant, clock):
    deal = await shop(client, tenant, clock)
    await member_with(client, tenant, "13800138000")
    share = await open_and_pay(client, tenant, deal)
    assert (await client.post(f"{API}/plugins/group_buy/disable", headers=tenant.headers)).status_code == 200
    for url in (share, f"/m/{tenant.slug}/p/group_buy/"):
        r = await client.get(url)
        assert r.status_code == 404 and "该功能暂未开放" in r.text, url
