"""The console reads like a shop's, not an internal tool: no raw codes, field names or English tails
in the Chinese interface, every figure labelled for what it is, money as ¥ in both languages."""

from __future__ import annotations

import re

from checkout_helpers import make_item, make_member, open_order, pay
from console_helpers import post_form, sign_in
from flash_sale_helpers import enable_flash_sale
from levels_helpers import enable_levels
from test_flash_sale_console import session_form

from core.console.i18n import COOKIE as LANG_COOKIE

CJK = re.compile(r"[\u3400-\u9fff]")


def visible(html: str) -> str:
    """The page's text as a person reads it: no tags, attributes or option values."""
    return re.sub(r"<[^>]+>", " ", html)


def in_english(client) -> None:
    client.cookies.set(LANG_COOKIE, "en")


async def test_the_stores_page_calls_the_name_a_store_name(client, tenant):
    await sign_in(client, tenant.slug, "owner")
    page = (await client.get("/console/stores")).text
    head = page.split('id="store-list"', 1)[1].split("</thead>", 1)[0]
    assert "门店名称" in head and "姓名" not in head and "在职" not in page.split("<main", 1)[1]
    assert 'id="add-store"' in page and "姓名" not in page.split('id="add-store"', 1)[1]


async def test_the_api_keys_page_calls_the_name_a_key_name_and_scopes_by_label(client, tenant):
    r = await client.post("/api/v1/api-keys", headers=tenant.headers, json={"name": "BI", "scopes": ["reports.read"]})
    assert r.status_code == 201, r.text
    await sign_in(client, tenant.slug, "owner")
    page = (await client.get("/console/api-keys")).text
    listing = page.split('id="key-list"', 1)[1].split("</table>", 1)[0]
    assert "密钥名称" in listing and "姓名" not in page.split("<main", 1)[1]
    assert "查看报表" in listing and "reports.read" not in listing


async def test_a_missing_member_is_named_in_chinese(client, tenant):
    await sign_in(client, tenant.slug, "owner")
    r = await client.get("/console/members/999999")
    assert r.status_code == 404 and "未找到会员" in r.text and "member" not in r.text.split("<main", 1)[1]


async def test_the_api_names_the_missing_resource_in_both_languages(client, tenant):
    r = await client.get("/api/v1/members/999999", headers=tenant.headers)
    assert r.status_code == 404
    assert (r.json()["detail"], r.json()["detail_en"]) == ("未找到会员", "member not found")


async def test_a_refusal_names_the_missing_permission_by_its_label(client, tenant):
    await tenant.add_staff("cashier1", "cashier")
    await sign_in(client, tenant.slug, "cashier1")
    r = await client.get("/console/today")
    assert r.status_code == 403 and "没有权限：查看报表" in r.text and "reports.read" not in r.text


async def test_a_refused_flash_sale_form_speaks_one_language(client, tenant):
    await enable_flash_sale(client, tenant)
    await make_item(client, tenant, "rice", 5_990)
    await sign_in(client, tenant.slug, "owner")
    form = session_form(ends_at="2026-01-15T11:00")
    zh = await post_form(client, "/console/p/flash_sale/", form)
    assert zh.status_code == 422 and "结束时间须晚于开始时间" in zh.text
    assert "Invalid flash-sale session" not in zh.text and "the end must come after the start" not in zh.text
    in_english(client)
    en = await post_form(client, "/console/p/flash_sale/", form)
    assert en.status_code == 422 and "the end must come after the start" in en.text
    assert "结束时间须晚于开始时间" not in en.text


async def test_a_form_error_of_a_plugin_page_speaks_one_language(client, tenant):
    await enable_flash_sale(client, tenant)
    await make_item(client, tenant, "rice", 5_990)
    await sign_in(client, tenant.slug, "owner")
    page = (await post_form(client, "/console/p/flash_sale/", session_form(starts_at="明天"))).text
    alert = re.search(r'role="alert"[^>]*>([^<]*)<', page).group(1)
    assert "开始时间须为日期时间" in alert and " / " not in alert


async def test_every_plugin_settings_field_has_a_chinese_label_with_english_beside(client, tenant):
    await sign_in(client, tenant.slug, "owner")
    built_in = [name for name, item in tenant.manager.installed.items() if item.module.__name__.startswith("plugins.")]
    assert len(built_in) >= 10
    for name in built_in:
        page = (await client.get(f"/console/plugins/{name}")).text
        settings = tenant.manager.installed[name].plugin.settings
        for field in settings.__struct_fields__:
            label = re.search(rf'data-setting="{field}">([^<]*)<span class="muted" lang="en">([^<]+)</span>', page)
            assert label, (name, field)
            assert CJK.search(label.group(1)) and field not in label.group(1), (name, field, label.group(1))
            assert not CJK.search(label.group(2)) and field not in label.group(2), (name, field, label.group(2))
        shown = visible(page.split('id="settings-form"', 1)[1]).split()
        assert not set(settings.__struct_fields__) & set(shown), name


async def test_setting_choices_are_named_and_refusals_are_in_words(client, tenant):
    await enable_levels(client, tenant)
    await sign_in(client, tenant.slug, "owner")
    page = (await client.get("/console/plugins/levels")).text
    assert re.search(r'<option value="spend"[^>]*>累计消费</option>', page)
    refused = await post_form(client, "/console/plugins/levels/settings", {"metric": "spend", "review_month": "1",
                                                                           "review_day": "40"})
    assert refused.status_code == 422
    error = re.search(r'id="error-review_day"[^>]*>([^<]*)<', refused.text).group(1)
    assert error == "不能大于 28"


async def test_turning_off_a_needed_plugin_names_both_by_title(client, tenant):
    await client.post("/api/v1/plugins/needs_greeter/enable", headers=tenant.headers)
    await sign_in(client, tenant.slug, "owner")
    r = await post_form(client, "/console/plugins/greeter/disable", {})
    assert r.status_code == 409
    message = re.search(r'<main[^>]*>(.*)</main>', r.text, re.S).group(1)
    assert "「迎宾」正被「迎宾加强版」依赖" in message and "needs_greeter" not in message


async def test_money_is_yuan_sign_in_english_too(client, tenant):
    member = await make_member(client, tenant)
    await sign_in(client, tenant.slug, "owner")
    in_english(client)
    page = (await client.get(f"/console/members/{member['id']}")).text
    assert "¥0.00" in page and "CN¥" not in page


async def test_the_member_file_names_level_source_and_balances_and_says_what_each_spend_is(client, tenant):
    await enable_levels(client, tenant)
    r = await client.post("/api/v1/members", headers=tenant.headers,
                          json={"phone": "13800138000", "name": "张三", "source_channel": "meituan"})
    member = r.json()
    rice = await make_item(client, tenant, "rice", 1_250)
    order = await open_order(client, tenant, [{"item_id": rice["id"]}], member_id=member["id"])
    await pay(client, tenant, order["id"], [{"kind": "cash", "amount_fen": 1_250}])
    await sign_in(client, tenant.slug, "owner")
    page = (await client.get(f"/console/members/{member['id']}")).text
    assert re.search(r'id="member-level">普通<', page)
    assert "美团" in page and "meituan" not in visible(page)
    assert "regular" not in visible(page)
    assert re.search(r"累计消费（入会以来）</dt><dd[^>]*>¥12.50<", page)
    page = (await client.get(f"/console/members/{member['id']}?tab=levels")).text
    assert re.search(r'id="level-progress-label">升级进度（累计消费，自启用会员等级起）', page)


def test_a_month_without_sales_has_an_axis_in_whole_yuan():
    import datetime as dt

    from core.console import charts, formatting

    days = [(dt.date(2026, 11, 1) + dt.timedelta(days=i), 0) for i in range(30)]
    svg = charts.daily_bars(days, "销售额", date_label=lambda d: formatting.month_day(d, "zh_CN"),
                            money_label=lambda yuan: formatting.money(round(yuan * 100), "zh_CN"))
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", str(svg))
    amounts = [t for t in texts if t.startswith("¥")]
    assert amounts == ["¥0.00", "¥1.00"]
    assert not [t for t in texts if t.endswith("…")]
    assert charts.yuan_ticks(12_345) == [0, 50, 100, 150]


def test_day_labels_are_never_cut():
    import datetime as dt

    from core.console import charts, formatting

    days = [(dt.date(2026, 11, 1) + dt.timedelta(days=i), 10_000 * i) for i in range(30)]
    svg = charts.daily_bars(days, "Sales", date_label=lambda d: formatting.month_day(d, "zh_CN"),
                            money_label=lambda yuan: formatting.money(round(yuan * 100), "zh_CN"))
    labels = [t for t in re.findall(r"<text[^>]*>([^<]*)</text>", str(svg)) if "/" in t]
    assert labels and all(re.fullmatch(r"\d{1,2}/\d{1,2}", t) for t in labels), labels


async def test_every_page_links_the_icon_and_it_is_served(client, tenant):
    page = (await client.get("/console/login")).text
    assert '<link rel="icon" href="/console/static/favicon.svg"' in page
    icon = await client.get("/console/static/favicon.svg")
    assert icon.status_code == 200 and icon.headers["content-type"].startswith("image/svg+xml")
    member_page = (await client.get(f"/m/{tenant.slug}/login")).text
    assert '<link rel="icon" href="/console/static/favicon.svg"' in member_page


async def test_a_members_cards_show_their_state_in_words(client, tenant):
    from test_cards import buy, card_item, enable_cards

    await enable_cards(client, tenant)
    member = await make_member(client, tenant)
    await buy(client, tenant, member, await card_item(client, tenant, sessions=2))
    await sign_in(client, tenant.slug, "owner")
    page = (await client.get(f"/console/members/{member['id']}?tab=cards")).text
    assert re.search(r'data-status="active">有效<', page)
    text = visible(page)
    assert "active" not in text and "card_sessions" not in text


async def test_an_order_paid_with_card_sessions_names_the_tender(client, tenant):
    from test_cards import buy, card_item, cards_of, enable_cards

    await enable_cards(client, tenant)
    member = await make_member(client, tenant)
    await buy(client, tenant, member, await card_item(client, tenant, price_fen=50_000))
    [card] = await cards_of(client, tenant, member)
    lesson = await make_item(client, tenant, "pt", 8_000, kind="service", name="私教课")
    order = await open_order(client, tenant, [{"item_id": lesson["id"]}], member_id=member["id"])
    paid = await pay(client, tenant, order["id"], [{"kind": "card_sessions", "amount_fen": 8_000,
                                                    "reference": str(card["id"])}])
    assert paid.status_code == 201, paid.text
    await sign_in(client, tenant.slug, "owner")
    page = (await client.get(f"/console/orders/{order['id']}")).text
    assert re.search(r'data-tender="card_sessions"><td>次卡', page) and "card_sessions" not in visible(page)
