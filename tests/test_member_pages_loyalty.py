"""会员端 pages of the loyalty plugins over HTTP: the points mall (browse, exchange once however often
the form is posted, the pickup code, 我的兑换, refusals as pages), my level with what is missing, and
the top-up offers that send the member to the counter."""

from __future__ import annotations

import asyncio
import re

from checkout_helpers import make_member
from levels_helpers import enable_levels, tiers_of
from points_helpers import balance_of, paid_order
from points_mall_helpers import ADDRESS, enable_mall, member_with, reward
from stored_value_helpers import enable_bonuses, rule, stored_value, top_up
from test_member_pages import once_of, post_form

from sdk.testing import sign_in_member_pages

API = "/api/v1"
MALL = "p/points_mall"


async def on_phone(client, tenant, member):
    """The member signed in on the member pages: the home address to build page addresses on."""
    await sign_in_member_pages(client, tenant, member["id"])
    return f"/m/{tenant.slug}/"


def exchange_id_of(response) -> int:
    assert response.status_code == 303, response.text
    return int(re.search(r"/exchanges/(\d+)\?done=1$", response.headers["location"]).group(1))


async def at_the_mall(client, tenant, held, **reward_fields):
    """The mall on, one reward (a protein bar for 800 points unless said) and a member holding
    ``held`` points signed in on their phone: (reward, member, home)."""
    await enable_mall(client, tenant)
    rwd = await reward(client, tenant, **reward_fields)
    member = await member_with(client, tenant, held)
    return rwd, member, await on_phone(client, tenant, member)


async def exchange_form(client, home, rwd, **fields):
    """The reward page's form as the member would post it (its one-time key read from the page)."""
    page = await client.get(f"{home}{MALL}/rewards/{rwd['id']}")
    assert page.status_code == 200 and 'id="exchange-form"' in page.text, page.text
    return {"_once": once_of(page.text), **fields}


async def my_exchanges(client, tenant, member):
    r = await client.get(f"{API}/points-mall/exchanges", headers=tenant.headers, params={"member_id": member["id"]})
    assert r.status_code == 200, r.text
    return r.json()["items"]


async def exchanged_on_phone(client, home, rwd, **fields) -> int:
    """Open the reward, post its form, and return the exchange it made."""
    form = await exchange_form(client, home, rwd, **fields)
    return exchange_id_of(await post_form(client, f"{home}{MALL}/rewards/{rwd['id']}", form))


def state_of(page, reward_id: int) -> str:
    """The words beside a reward in the mall (可兑换, 还差 N 积分...), without tags or spaces."""
    row = re.search(rf'<li data-reward="{reward_id}">(.*?)</li>', page.text, re.S).group(1)
    return re.sub(r"<[^>]+>|\s+", "", row.split('class="small reward-state"', 1)[1].split(">", 1)[1])


# --- points mall ---------------------------------------------------------------------------------


async def test_the_mall_shows_my_points_each_price_in_yuan_and_what_i_can_afford(client, tenant):
    bar, member, home = await at_the_mall(client, tenant, 1_000, points=800, stock=10, per_member_limit=2)
    dear = await reward(client, tenant, price_fen=5_000, title="团课体验", points=3_000, cash_fen=990, stock=5,
                        methods=["pickup"])

    page = await client.get(f"{home}{MALL}/")

    assert page.status_code == 200
    assert re.search(r'id="my-points">1,000<', page.text)
    assert "3,000 积分 + ¥9.90" in page.text and "库存 10 件" in page.text and "我还可兑 2 件" in page.text
    assert state_of(page, bar["id"]) == "可兑换"
    assert "还差2,000积分" in state_of(page, dear["id"])
    tile = await client.get(home)
    assert "1 件可兑" in tile.text  # the bar, not the class


async def test_an_exchange_spends_the_points_once_however_often_the_form_is_posted(client, tenant):
    bar, member, home = await at_the_mall(client, tenant, 2_000, points=800)
    form = await exchange_form(client, home, bar, method="pickup")

    first = await post_form(client, f"{home}{MALL}/rewards/{bar['id']}", form)
    again = await post_form(client, f"{home}{MALL}/rewards/{bar['id']}", form)

    assert exchange_id_of(first) == exchange_id_of(again)
    assert await balance_of(client, tenant, member) == 1_200
    [made] = await my_exchanges(client, tenant, member)
    page = await client.get(first.headers["location"])
    assert page.status_code == 200 and "兑换成功" in page.text and "待领取" in page.text
    code = re.search(r'id="pickup-code">([A-Z0-9]{8})<', page.text).group(1)
    assert re.search(r'id="pickup-qr"><svg', page.text) and made["id"] == exchange_id_of(first)
    staff = await client.get(f"{API}/points-mall/exchanges/{made['id']}", headers=tenant.headers)
    assert staff.json()["pickup_code"] is None  # only the member's page shows the code
    r = await client.post(f"{API}/points-mall/pickups/verify", headers=tenant.headers, json={"code": code})
    assert r.status_code == 200 and r.json()["id"] == made["id"]


async def test_two_taps_at_once_exchange_once(client, tenant):
    bar, member, home = await at_the_mall(client, tenant, 1_000, points=800)  # points for one exchange, not two
    form = await exchange_form(client, home, bar, method="pickup")

    first, second = await asyncio.gather(*(post_form(client, f"{home}{MALL}/rewards/{bar['id']}", form)
                                           for _ in range(2)))

    assert exchange_id_of(first) == exchange_id_of(second)
    assert await balance_of(client, tenant, member) == 200
    assert len(await my_exchanges(client, tenant, member)) == 1


async def test_the_cash_part_is_paid_from_stored_value(client, tenant):
    dear, member, home = await at_the_mall(client, tenant, 1_000, price_fen=5_000, points=500, cash_fen=990,
                                             methods=["pickup"])
    await top_up(client, tenant, member, 2_000)
    page = await client.get(f"{home}{MALL}/rewards/{dear['id']}")
    assert "现金部分 ¥9.90 从储值余额中扣除" in page.text

    r = await post_form(client, f"{home}{MALL}/rewards/{dear['id']}", {"_once": once_of(page.text)})

    exchange_id_of(r)
    held = await stored_value(client, tenant, member)
    assert held["principal_fen"] + held["bonus_fen"] == 1_010
    assert await balance_of(client, tenant, member) == 500


async def test_stored_value_short_of_the_cash_part_sends_the_member_to_the_counter(client, tenant):
    dear, member, home = await at_the_mall(client, tenant, 1_000, price_fen=5_000, points=500, cash_fen=990,
                                             methods=["pickup"])
    await top_up(client, tenant, member, 500)

    page = await client.get(f"{home}{MALL}/rewards/{dear['id']}")

    assert 'id="exchange-form"' not in page.text and 'id="pay-at-counter"' in page.text
    assert "储值余额不够支付现金部分 ¥9.90" in page.text and "可到店兑换：在前台出示会员码" in page.text
    assert f'href="{home}" id="show-member-code"' in page.text
    r = await post_form(client, f"{home}{MALL}/rewards/{dear['id']}", {"_once": "a" * 24})  # posted all the same
    assert r.status_code == 409 and "储值余额 ¥5，不够支付现金部分 ¥9.90" in r.text
    assert await balance_of(client, tenant, member) == 1_000 and await my_exchanges(client, tenant, member) == []


async def test_too_few_points_is_a_page_that_says_how_many_are_missing(client, tenant):
    bar, member, home = await at_the_mall(client, tenant, 300, points=800)
    page = await client.get(f"{home}{MALL}/rewards/{bar['id']}")
    assert 'id="points-short"' in page.text and "还差 500 积分" in page.text

    r = await post_form(client, f"{home}{MALL}/rewards/{bar['id']}", {"_once": "b" * 24, "method": "pickup"})

    assert r.status_code == 409 and r.headers["content-type"].startswith("text/html")
    assert "积分不足：「蛋白棒」需要 800 积分，您现有 300 积分。" in r.text
    assert await balance_of(client, tenant, member) == 300


async def test_sold_out_and_over_the_limit_are_refused_with_pages(client, tenant):
    one, _, home = await at_the_mall(client, tenant, 1_000, points=100, stock=1, title="限量杯")
    limited = await reward(client, tenant, points=100, per_member_limit=1, title="毛巾")
    await exchanged_on_phone(client, home, one, method="pickup")
    await exchanged_on_phone(client, home, limited, method="pickup")

    r = await post_form(client, f"{home}{MALL}/rewards/{limited['id']}", {"_once": "c" * 24, "method": "pickup"})
    assert r.status_code == 409 and "「毛巾」每人限兑 1 件，已兑满" in r.text
    page = await client.get(f"{home}{MALL}/")
    assert "已达限兑" in state_of(page, limited["id"]) and "已兑完" in state_of(page, one["id"])

    second = await member_with(client, tenant, 1_000)
    await sign_in_member_pages(client, tenant, second["id"])
    r = await post_form(client, f"{home}{MALL}/rewards/{one['id']}", {"_once": "d" * 24, "method": "pickup"})
    assert r.status_code == 409 and "「限量杯」已兑完" in r.text
    assert await balance_of(client, tenant, second) == 1_000


async def test_a_hidden_mall_refuses_with_a_page_in_the_members_language(client, tenant):
    bar, member, home = await at_the_mall(client, tenant, 1_000, points=800)
    form = await exchange_form(client, home, bar, method="pickup")
    await tenant.set_settings("points_mall", {"show_in_app": False})

    r = await post_form(client, f"{home}{MALL}/rewards/{bar['id']}", form)

    assert r.status_code == 404 and "门店暂未在会员端开放积分商城" in r.text
    assert await balance_of(client, tenant, member) == 1_000
    assert (await client.get(f"{home}{MALL}/")).status_code == 404
    assert "件可兑" not in (await client.get(home)).text
    await client.get(f"{home}lang/en")
    page = await client.get(f"{home}{MALL}/rewards/{bar['id']}")
    assert page.status_code == 404 and "has not opened its points mall in the app" in page.text


async def test_a_member_reading_english_sees_english_prices_and_refusals(client, tenant):
    bar, member, home = await at_the_mall(client, tenant, 100, points=800)
    await client.get(f"{home}lang/en")
    page = await client.get(f"{home}{MALL}/")
    assert "Protein bar" in page.text and "800 points" in page.text and "700 points short" in page.text

    r = await post_form(client, f"{home}{MALL}/rewards/{bar['id']}", {"_once": "e" * 24, "method": "pickup"})

    assert r.status_code == 409 and "Not enough points: &#39;Protein bar&#39; takes 800 points; you have 100." in r.text


async def test_my_exchanges_show_the_status_pickup_code_and_tracking_number(client, tenant):
    bar, member, home = await at_the_mall(client, tenant, 1_000, points=100)
    picked = await exchanged_on_phone(client, home, bar, method="pickup")
    sent = await exchanged_on_phone(client, home, bar, method="delivery", **ADDRESS)
    r = await client.post(f"{API}/points-mall/exchanges/{sent}/ship", headers=tenant.headers,
                          json={"carrier": "顺丰", "tracking_no": "SF1234567"})
    assert r.status_code == 200, r.text

    page = await client.get(f"{home}{MALL}/exchanges")

    rows = dict(re.findall(r'<li data-exchange="(\d+)" data-status="\w+">(.*?)</li>', page.text, re.S))
    assert "提货码" in rows[str(picked)] and "待领取" in rows[str(picked)]
    assert "顺丰 SF1234567" in rows[str(sent)] and "已发货" in rows[str(sent)] and "提货码" not in rows[str(sent)]
    delivery = await client.get(f"{home}{MALL}/exchanges/{sent}")
    assert "上海市徐汇区漕溪北路 1 号" in delivery.text and "SF1234567" in delivery.text


async def test_another_members_exchange_reads_as_not_found(client, tenant):
    bar, owner, home = await at_the_mall(client, tenant, 1_000, points=100)
    made = await exchanged_on_phone(client, home, bar, method="pickup")
    other = await member_with(client, tenant, 0)
    await sign_in_member_pages(client, tenant, other["id"])

    r = await client.get(f"{home}{MALL}/exchanges/{made}")

    assert r.status_code == 404 and "没有这条兑换记录" in r.text and 'id="pickup-code"' not in r.text


async def test_an_unknown_reward_or_exchange_is_a_page_in_the_members_words(client, tenant):
    bar, _, home = await at_the_mall(client, tenant, 1_000, points=100)
    for r in (await client.get(f"{home}{MALL}/rewards/{bar['id'] + 99}"),
              await post_form(client, f"{home}{MALL}/rewards/{bar['id'] + 99}", {"_once": "f" * 24})):
        assert r.status_code == 404 and "这件兑换品现在不能兑换" in r.text and "reward" not in r.text.split("<main>")[1]
    r = await client.get(f"{home}{MALL}/exchanges/999")
    assert r.status_code == 404 and "没有这条兑换记录" in r.text


async def test_disabled_plugins_answer_the_friendly_not_available_page(client, tenant):
    home = await on_phone(client, tenant, await make_member(client, tenant, phone="13900001111"))
    for page in ("p/points_mall/", "p/levels/", "p/stored_value/"):
        r = await client.get(f"{home}{page}")
        assert r.status_code == 404 and "该功能暂未开放" in r.text, page


# --- levels --------------------------------------------------------------------------------------


async def test_my_level_shows_the_bar_and_what_is_missing_in_yuan(client, tenant):
    await enable_levels(client, tenant)
    member = await make_member(client, tenant, phone="13900002222")
    await paid_order(client, tenant, member, [25_000])
    home = await on_phone(client, tenant, member)

    page = await client.get(f"{home}p/levels/")

    assert page.status_code == 200 and re.search(r'id="level-name">普通<', page.text)
    assert "累计消费：¥250.00" in page.text and "再消费 ¥750.00 即可升级为白银。" in page.text
    assert 'aria-valuenow="25"' in page.text
    mine = re.search(r'<li class="mine" data-level="(\w+)" aria-current="true">', page.text)
    assert mine.group(1) == "regular" and page.text.count('class="mine"') == 1
    gold = re.search(r'<li class="" data-level="gold">(.*?)</ul>', page.text, re.S).group(1)
    assert "累计消费满 ¥5,000" in gold and "全场 95 折" in gold and "消费积分 1.5 倍" in gold


async def test_a_points_ladder_counts_points_and_the_top_level_says_so(client, tenant):
    await enable_levels(client, tenant, "points", metric="points")
    r = await client.put(f"{API}/levels/tiers", headers=tenant.headers, json={"tiers": [
        {"code": "base", "name": "普通", "threshold": 0},
        {"code": "vip", "name": "VIP", "threshold": 1_000, "points_multiplier": 200}]})
    assert r.status_code == 200, r.text
    member = await member_with(client, tenant, 0)
    await paid_order(client, tenant, member, [30_000])  # 1 point per ¥1 by default
    home = await on_phone(client, tenant, member)

    page = await client.get(f"{home}p/levels/")

    assert "累计获得积分：300" in page.text and "再获得 700 积分即可升级为VIP。" in page.text
    assert "累计获得 1,000 积分" in page.text and "消费积分 2 倍" in page.text
    await paid_order(client, tenant, member, [70_000])
    page = await client.get(f"{home}p/levels/")
    assert 'id="level-top"' in page.text and 'aria-valuenow="100"' in page.text


# --- stored-value offers -------------------------------------------------------------------------


async def test_top_up_offers_show_my_uses_my_balance_and_send_me_to_the_counter(client, tenant):
    await enable_bonuses(client, tenant)
    once = await rule(client, tenant, name="首充礼", min_amount_fen=50_000, bonus_fen=5_000, per_member_limit=1)
    twice = await rule(client, tenant, name="充千送两百", min_amount_fen=100_000, bonus_fen=20_000, per_member_limit=2)
    member = await make_member(client, tenant, phone="13900003333")
    await top_up(client, tenant, member, 50_000)
    home = await on_phone(client, tenant, member)

    page = await client.get(f"{home}p/stored_value/")

    assert page.status_code == 200
    assert re.search(r'id="stored-value-total">¥550.00<', page.text)
    assert re.search(r'id="stored-value-principal">¥500.00<', page.text)
    assert re.search(r'id="stored-value-bonus">¥50.00<', page.text)
    offers = dict(re.findall(r'<li data-rule="(\d+)" data-used-up="\w+">(.*?)</li>', page.text, re.S))
    assert "充 500 元送 50 元" in offers[str(once["id"])] and "每人限 1 次，已参加 1 次" in offers[str(once["id"])]
    assert "已用完" in offers[str(once["id"])]
    assert "充 1,000 元送 200 元" in offers[str(twice["id"])] and "已参加 0 次" in offers[str(twice["id"])]
    assert "到店充值" in page.text and f'href="{home}" id="show-member-code"' in page.text
    assert page.text.count("<form") == 1  # the sign-out form: there is nothing to pay with here
    assert "1 个活动" in (await client.get(home)).text


async def test_hidden_offers_say_there_are_none_now(client, tenant):
    await enable_bonuses(client, tenant)
    await rule(client, tenant, min_amount_fen=50_000, bonus_fen=5_000)
    await tenant.set_settings("stored_value", {"show_offers_to_members": False})
    home = await on_phone(client, tenant, await make_member(client, tenant, phone="13900004444"))

    page = await client.get(f"{home}p/stored_value/")

    assert page.status_code == 200 and "现在没有充值活动" in page.text and "充 500 元送 50 元" not in page.text
    assert "个活动" not in (await client.get(home)).text


async def test_the_card_shows_the_level_by_its_name_never_its_code(client, tenant):
    await enable_levels(client, tenant)
    member = await make_member(client, tenant)
    await sign_in_member_pages(client, tenant, member["id"])
    card = (await client.get(f"/m/{tenant.slug}/")).text
    badge = re.search(r'id="member-level">([^<]+)<', card).group(1)
    lowest = min(await tiers_of(client, tenant), key=lambda t: t["rank"])
    assert badge == lowest["name"] and badge != lowest["code"]
    assert f'href="/m/{tenant.slug}/p/levels"' in card
