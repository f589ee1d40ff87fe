"""砍价 on the member pages over HTTP: a member starts a bargain and shares its page; a friend who
is not signed in signs in from it (registering), comes back and cuts once; the member buys at the
price reached and pays on the kernel's pay page. Replayed forms change nothing, and every refusal
is a page in the member's language with its status."""

from __future__ import annotations

import asyncio
import datetime as dt
import re

from bargain_helpers import campaign_of, cut, enable_bargain, make_campaign, start
from checkout_helpers import make_item, make_member, move_to, pay, top_up
from console_helpers import fresh_client
from member_helpers import PHONE, member_headers
from test_member_pages import member_sign_in, once_of, post_form

from plugins.bargain.tables import Bargain, BargainCut

API = "/api/v1"
FRIEND_PHONE = "13900139001"


async def shop(client, tenant, clock, settings=None, **campaign):
    """The store runs bargains on a ¥59 bike (floor ¥10, five cuts) and 张三 is a member."""
    await enable_bargain(client, tenant, **(settings or {}))
    item = await make_item(client, tenant, "bike", 5_900, name="儿童自行车")
    starter = await make_member(client, tenant, phone=PHONE, name="张三")
    return await make_campaign(client, tenant, clock, item["id"], **campaign), starter


async def start_on_page(client, tenant, campaign_id) -> str:
    """张三 signs in, opens 砍价 and taps 发起砍价: the address of their bargain's page."""
    await member_sign_in(client, tenant)
    page = await client.get(f"/m/{tenant.slug}/p/bargain/")
    r = await post_form(client, f"/m/{tenant.slug}/p/bargain/start/{campaign_id}", {"_once": once_of(page.text)})
    assert r.status_code == 303 and re.fullmatch(rf"/m/{tenant.slug}/p/bargain/\d+", r.headers["location"]), r.text
    return r.headers["location"]


def share_path_of(html: str) -> str:
    link = re.search(r'id="share-link" value="([^"]+)"', html).group(1)
    return link.removeprefix("http://testserver.local")


async def bargain_row(page_path: str) -> dict:
    return await Bargain.select().where(Bargain.id == int(page_path.rsplit("/", 1)[1])).first()


async def test_a_member_starts_a_bargain_once_however_often_the_form_is_posted(client, tenant, clock):
    campaign, starter = await shop(client, tenant, clock, per_member_limit=2)
    await member_sign_in(client, tenant)
    page = await client.get(f"/m/{tenant.slug}/p/bargain/")
    assert page.status_code == 200 and "儿童自行车" in page.text
    assert "¥59.00" in page.text and "¥10.00" in page.text and "剩余 10 件" in page.text
    assert "已发起 0/2 次" in page.text
    form = {"_once": once_of(page.text)}
    first = await post_form(client, f"/m/{tenant.slug}/p/bargain/start/{campaign['id']}", form)
    again = await post_form(client, f"/m/{tenant.slug}/p/bargain/start/{campaign['id']}", form)
    assert first.status_code == again.status_code == 303
    assert again.headers["location"] == first.headers["location"]
    assert await Bargain.count().where(Bargain.member_id == starter["id"]) == 1
    assert (await campaign_of(client, tenant, campaign["id"]))["started"] == 1

    mine = await client.get(first.headers["location"])
    assert mine.status_code == 200 and 'id="price-now">¥59.00<' in mine.text
    assert 'data-countdown="86400"' in mine.text and 'id="share-qr"><svg' in mine.text
    row = await bargain_row(first.headers["location"])
    assert share_path_of(mine.text) == f"/m/{tenant.slug}/p/bargain/share/{row['share_code']}"
    api = await client.get(f"{API}/me/bargains/{row['id']}", headers=await member_headers(tenant, starter["id"]))
    assert api.json()["share_link"] == share_path_of(mine.text)  # the link the app shares is this page
    listed = await client.get(f"/m/{tenant.slug}/p/bargain/")
    assert "已发起 1/2 次" in listed.text
    home = await client.get(f"/m/{tenant.slug}/")
    assert "1 单进行中" in home.text


async def test_a_double_tap_on_start_at_the_same_moment_starts_one_bargain(client, tenant, clock):
    campaign, starter = await shop(client, tenant, clock, per_member_limit=3)
    await member_sign_in(client, tenant)
    page = await client.get(f"/m/{tenant.slug}/p/bargain/")
    form = {"_once": once_of(page.text)}
    taps = await asyncio.gather(*(post_form(client, f"/m/{tenant.slug}/p/bargain/start/{campaign['id']}", form)
                                  for _ in range(3)))
    assert {(r.status_code, r.headers["location"]) for r in taps} == {(303, taps[0].headers["location"])}
    assert await Bargain.count().where(Bargain.member_id == starter["id"]) == 1
    assert (await campaign_of(client, tenant, campaign["id"]))["started"] == 1  # the losers' counts rolled back


async def test_a_friend_signs_in_from_the_share_page_and_cuts_once(app, client, tenant, clock):
    campaign, _ = await shop(client, tenant, clock)
    mine_path = await start_on_page(client, tenant, campaign["id"])
    share = share_path_of((await client.get(mine_path)).text)
    async with fresh_client(app) as friend:
        page = await friend.get(share)
        assert page.status_code == 200 and 'id="starter">张* 邀请你帮TA砍一刀' in page.text
        assert '<meta property="og:title" content="帮我砍一刀！儿童自行车">' in page.text
        assert '<meta property="og:description" content="张* 正在砍价「儿童自行车」：现价 ¥59.00' in page.text
        sign_in_link = re.search(r'<a class="button" href="([^"]+)" id="cut">帮TA砍一刀</a>', page.text).group(1)
        assert sign_in_link == f"/m/{tenant.slug}/login?next={share}"
        r = await member_sign_in(friend, tenant, phone=FRIEND_PHONE, next_=share)
        assert r.status_code == 303 and r.headers["location"] == share  # a new member, back on the page
        page = await friend.get(share)
        form = {"_once": once_of(page.text)}
        r = await post_form(friend, f"{share}/cut", form)
        assert r.status_code == 303 and r.headers["location"] == share
        [made] = await BargainCut.select().where(BargainCut.bargain_id == (await bargain_row(mine_path))["id"])
        after = await friend.get(share)
        cut_text = f"你帮TA砍掉了 ¥{made['amount_fen'] // 100}.{made['amount_fen'] % 100:02d}"
        assert cut_text in after.text and 'id="cut"' not in after.text
        replay = await post_form(friend, f"{share}/cut", form)
        second = await post_form(friend, f"{share}/cut", {"_once": once_of(page.text)[::-1]})
        for refused in (replay, second):
            assert refused.status_code == 409 and "你已经帮砍过这一单了" in refused.text and cut_text in refused.text
    row = await bargain_row(mine_path)
    assert row["cuts_done"] == 1 and await BargainCut.count().where(BargainCut.bargain_id == row["id"]) == 1
    seen = await client.get(mine_path)
    price = 5_900 - made["amount_fen"]
    assert f'id="price-now">¥{price // 100}.{price % 100:02d}<' in seen.text
    assert re.search(r'<li data-cut="1"><span>会\* ', seen.text)  # the new member, named after their phone


async def test_the_member_buys_at_the_price_reached_and_pays_on_the_pay_page(client, tenant, clock):
    campaign, starter = await shop(client, tenant, clock)
    await top_up(client, tenant, starter["id"], 10_000)
    mine_path = await start_on_page(client, tenant, campaign["id"])
    friend = await make_member(client, tenant, phone=FRIEND_PHONE, name="李四")
    helped = await cut(client, await member_headers(tenant, friend["id"]), (await bargain_row(mine_path))["share_code"])
    price = helped.json()["bargain"]["current_price_fen"]
    page = await client.get(mine_path)
    shown = f"¥{price // 100}.{price % 100:02d}"
    assert f"以 {shown} 购买" in page.text and "李*" in page.text
    form = {"_once": once_of(page.text), "price_fen": str(price)}
    r = await post_form(client, f"{mine_path}/buy", form)
    order_id = (await bargain_row(mine_path))["order_id"]
    pay_url = f"/m/{tenant.slug}/mine/orders/{order_id}/pay?next={mine_path}"
    assert r.status_code == 303 and r.headers["location"] == pay_url
    replay = await post_form(client, f"{mine_path}/buy", form)
    assert replay.status_code == 303 and replay.headers["location"] == pay_url
    assert (await bargain_row(mine_path))["order_id"] == order_id  # one order

    waiting = await client.get(mine_path)
    assert 'id="go-pay"' in waiting.text and 'data-countdown="1800"' in waiting.text  # 30 minutes to pay
    pay_page = await client.get(pay_url)
    assert pay_page.status_code == 200 and f'id="order-total">{shown}<' in pay_page.text
    r = await post_form(client, f"/m/{tenant.slug}/mine/orders/{order_id}/pay",
                        {"_once": once_of(pay_page.text), "next": mine_path})
    assert r.status_code == 303 and r.headers["location"] == mine_path
    done = await client.get(mine_path)
    assert f"已以 {shown} 购买" in done.text and 'id="receipt"' in done.text
    listed = await client.get(f"/m/{tenant.slug}/p/bargain/mine")
    assert 'data-status="bought">已购买<' in listed.text and shown in listed.text
    figures = await campaign_of(client, tenant, campaign["id"])
    assert (figures["sold"], figures["left"]) == (1, 9)


async def test_cutting_my_own_bargain_is_refused_with_a_page(client, tenant, clock):
    campaign, _ = await shop(client, tenant, clock)
    mine_path = await start_on_page(client, tenant, campaign["id"])
    share = share_path_of((await client.get(mine_path)).text)
    page = await client.get(share)
    assert 'id="own-bargain"' in page.text and 'id="cut"' not in page.text
    r = await post_form(client, f"{share}/cut", {"_once": "o" * 24})
    assert r.status_code == 409 and "不能给自己砍价，请分享给好友" in r.text
    assert (await bargain_row(mine_path))["cuts_done"] == 0


async def test_a_bargain_past_its_deadline_is_an_ended_page_with_what_else_is_on(app, client, tenant, clock):
    campaign, _ = await shop(client, tenant, clock, duration_hours=2)
    mine_path = await start_on_page(client, tenant, campaign["id"])
    share = share_path_of((await client.get(mine_path)).text)
    async with fresh_client(app) as friend:
        await member_sign_in(friend, tenant, phone=FRIEND_PHONE, next_=share)
        page = await friend.get(share)
        await move_to(tenant, clock, clock.now() + dt.timedelta(hours=2))
        for r in (await friend.get(share), await post_form(friend, f"{share}/cut", {"_once": once_of(page.text)})):
            assert r.status_code == 410 and "砍价已结束" in r.text and "这个砍价已过期，不能再帮砍了" in r.text
            assert 'id="still-on"' in r.text and f'href="/m/{tenant.slug}/p/bargain"' in r.text
    assert (await bargain_row(mine_path))["cuts_done"] == 0
    expired = await client.get(mine_path)
    assert expired.status_code == 200 and 'id="bargain-status">已过期<' in expired.text and 'id="buy"' not in expired.text


async def test_a_stopped_campaign_refuses_to_start_with_an_ended_page(client, tenant, clock):
    campaign, _ = await shop(client, tenant, clock)
    await member_sign_in(client, tenant)
    page = await client.get(f"/m/{tenant.slug}/p/bargain/")
    r = await client.post(f"{API}/bargain/campaigns/{campaign['id']}/stop", headers=tenant.headers)
    assert r.status_code == 200
    r = await post_form(client, f"/m/{tenant.slug}/p/bargain/start/{campaign['id']}", {"_once": once_of(page.text)})
    assert r.status_code == 410 and "「砍价免费拿」已停止，不能再发起砍价" in r.text
    assert await Bargain.count() == 0
    assert 'id="no-campaigns"' in (await client.get(f"/m/{tenant.slug}/p/bargain/")).text


async def test_an_unknown_bargain_link_is_a_not_found_page(client, tenant, clock):
    await shop(client, tenant, clock)
    r = await client.get(f"/m/{tenant.slug}/p/bargain/share/NOSUCHCODE")
    assert r.status_code == 404 and "找不到这个砍价" in r.text and r.headers["content-type"].startswith("text/html")


async def test_a_sold_out_campaign_refuses_to_start(client, tenant, clock):
    campaign, _ = await shop(client, tenant, clock, stock=1)
    await member_sign_in(client, tenant)
    page = await client.get(f"/m/{tenant.slug}/p/bargain/")
    buyer = await make_member(client, tenant, phone=FRIEND_PHONE, name="李四")
    headers = await member_headers(tenant, buyer["id"])
    bargain = (await start(client, headers, campaign["id"])).json()
    r = await client.post(f"{API}/me/bargains/{bargain['id']}/buy", headers={**headers, "Idempotency-Key": "b1"}, json={})
    assert (await pay(client, tenant, r.json()["order_id"], [{"kind": "cash", "amount_fen": 5_900}])).status_code == 201
    r = await post_form(client, f"/m/{tenant.slug}/p/bargain/start/{campaign['id']}", {"_once": once_of(page.text)})
    assert r.status_code == 409 and 'id="bargain-refused">砍价商品已售罄<' in r.text
    assert f'data-sold-out="{campaign["id"]}"' in r.text and "data-start=" not in r.text
    assert await Bargain.count() == 1


async def test_starting_over_my_limit_is_refused(client, tenant, clock):
    campaign, _ = await shop(client, tenant, clock)
    await start_on_page(client, tenant, campaign["id"])
    listed = await client.get(f"/m/{tenant.slug}/p/bargain/")
    assert "已发起 1/1 次" in listed.text and "data-start=" not in listed.text  # no button past the limit
    r = await post_form(client, f"/m/{tenant.slug}/p/bargain/start/{campaign['id']}", {"_once": "n" * 24})
    assert r.status_code == 409 and "每人最多发起 1 次砍价" in r.text
    assert await Bargain.count() == 1


async def test_buying_below_the_floor_or_at_a_moved_price_is_refused_on_the_bargain_page(client, tenant, clock):
    campaign, _ = await shop(client, tenant, clock)
    mine_path = await start_on_page(client, tenant, campaign["id"])
    page = await client.get(mine_path)
    r = await post_form(client, f"{mine_path}/buy", {"_once": once_of(page.text), "price_fen": "999"})
    assert r.status_code == 422 and 'id="bargain-refused">价格不能低于底价 10<' in r.text
    friend = await make_member(client, tenant, phone=FRIEND_PHONE, name="李四")
    await cut(client, await member_headers(tenant, friend["id"]), (await bargain_row(mine_path))["share_code"])
    r = await post_form(client, f"{mine_path}/buy", {"_once": once_of(page.text), "price_fen": "5900"})
    assert r.status_code == 409 and "请刷新后再买" in r.text and 'id="buy"' in r.text  # the new price, to buy
    r = await post_form(client, f"{mine_path}/buy", {"_once": once_of(page.text), "price_fen": "cheap"})
    assert r.status_code == 422 and "价格有误" in r.text
    assert (await bargain_row(mine_path))["order_id"] is None


async def test_floor_only_shows_the_cuts_to_go_instead_of_buying(client, tenant, clock):
    campaign, _ = await shop(client, tenant, clock, settings={"buy_mode": "floor_only"})
    mine_path = await start_on_page(client, tenant, campaign["id"])
    page = await client.get(mine_path)
    assert "砍到底价后才能购买，还差 5 刀" in page.text and 'id="buy"' not in page.text
    r = await post_form(client, f"{mine_path}/buy", {"_once": "f" * 24})
    assert r.status_code == 409 and 'id="bargain-refused">砍到底价后才能购买，还差 5 刀<' in r.text
    assert (await bargain_row(mine_path))["order_id"] is None


async def test_another_members_bargain_page_is_not_found(app, client, tenant, clock):
    campaign, _ = await shop(client, tenant, clock)
    mine_path = await start_on_page(client, tenant, campaign["id"])
    async with fresh_client(app) as stranger:
        await member_sign_in(stranger, tenant, phone=FRIEND_PHONE)
        r = await stranger.get(mine_path)
        assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")


async def test_the_bargain_pages_are_not_available_while_the_plugin_is_off(client, tenant):
    await member_sign_in(client, tenant)
    for path in ("p/bargain/", "p/bargain/mine", "p/bargain/share/ABCDEFGH23"):
        r = await client.get(f"/m/{tenant.slug}/{path}")
        assert r.status_code == 404 and "该功能暂未开放" in r.text, path


def chinese_in_main(html: str) -> set[str]:
    return set(re.findall(r"[\u4e00-\u9fff]", html.split("<main>")[1].split("</main>")[0]))


async def test_the_bargain_pages_speak_english_after_the_switch(client, tenant, clock):
    campaign, _ = await shop(client, tenant, clock)
    mine_path = await start_on_page(client, tenant, campaign["id"])
    share = share_path_of((await client.get(mine_path)).text)
    await client.get(f"/m/{tenant.slug}/lang/en", params={"next": share})
    page = await client.get(share)
    assert '<meta property="og:title" content="Help me cut the price! 儿童自行车">' in page.text
    assert "This is your own bargain" in page.text
    mine = await client.get(mine_path)
    assert "Buy at ¥59.00" in mine.text and "Time left" in mine.text
    for html in (page.text, mine.text):  # only the item's and the starter's names stay Chinese
        assert chinese_in_main(html) <= set("儿童自行车张")
