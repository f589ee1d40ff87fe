"""The console's form helper (sdk.console: form_fields, show_refused, action_route, notices), told
through 拼团's page: a refused stop shows the page with the message, a refused create keeps what was
typed and reads in Chinese, a stop that went through comes back with its notice."""

from typing import Annotated

import msgspec
import pytest
from checkout_helpers import make_item
from console_helpers import post_form
from console_helpers import sign_in as console_sign_in
from group_buy_helpers import deal_form, enable_group_buy, make_deal

from core.console.validation import invalid_message
from sdk.console import action_route

PAGE = "/console/p/group_buy/"


async def test_a_refused_stop_shows_the_page_with_the_message_and_its_status(client, tenant):
    await enable_group_buy(client, tenant)
    await console_sign_in(client, tenant.slug, "owner")
    r = await post_form(client, f"{PAGE}999999/stop", {})
    assert r.status_code == 404
    assert r.headers["content-type"].startswith("text/html")
    assert 'id="group-buy-error"' in r.text and "未找到" in r.text and 'id="add-group-deal"' in r.text


async def test_a_stop_the_role_may_not_make_is_refused_on_the_page(client, tenant, clock):
    await enable_group_buy(client, tenant)
    deal = await make_deal(client, tenant, clock, (await make_item(client, tenant, "group-milk", 2_000))["id"])
    await tenant.add_staff("cashier1", "cashier")
    await console_sign_in(client, tenant.slug, "cashier1")
    r = await post_form(client, f"{PAGE}{deal['id']}/stop", {})
    assert r.status_code == 403 and r.headers["content-type"].startswith("text/html")
    assert 'id="group-buy-error"' in r.text and 'id="group-buy-done"' not in r.text


async def test_a_stop_comes_back_with_its_notice(client, tenant, clock):
    await enable_group_buy(client, tenant)
    deal = await make_deal(client, tenant, clock, (await make_item(client, tenant, "group-milk", 2_000))["id"])
    await console_sign_in(client, tenant.slug, "owner")
    r = await post_form(client, f"{PAGE}{deal['id']}/stop", {})
    assert r.headers["location"] == "/console/p/group_buy?done=stopped"
    page = await client.get(r.headers["location"])
    assert '<p class="notice" role="status" id="group-buy-done">已停止</p>' in page.text


async def test_the_notice_is_one_the_console_declares_never_text_from_the_address(client, tenant):
    await enable_group_buy(client, tenant)
    await console_sign_in(client, tenant.slug, "owner")
    page = await client.get(PAGE, params={"done": "您的账户已冻结"})
    assert page.status_code == 200 and 'id="group-buy-done"' not in page.text and "您的账户已冻结" not in page.text


async def test_a_refused_create_keeps_what_was_typed_and_says_why_in_chinese(client, tenant):
    await enable_group_buy(client, tenant)
    await make_item(client, tenant, "group-milk", 2_000)
    await console_sign_in(client, tenant.slug, "owner")
    r = await post_form(client, PAGE, deal_form(name="满四十个字的名字" * 6, stock="0"))
    assert r.status_code == 422 and r.headers["content-type"].startswith("text/html")
    assert 'id="group-buy-error"' in r.text and "「活动名称」最多 40 个字" in r.text
    assert "Expected" not in r.text and "$." not in r.text
    assert 'value="12.90"' in r.text and 'value="2026-01-15T12:00"' in r.text


def refusal_of(data, struct):
    with pytest.raises(msgspec.ValidationError) as refused:
        msgspec.convert(data, struct, strict=False)
    return refused.value


def test_a_short_password_reads_as_the_field_and_what_it_needs():
    class Account(msgspec.Struct):
        password: Annotated[str, msgspec.Meta(min_length=8)]

    message = invalid_message(refusal_of({"password": "short"}, Account), {"password": "密码"})
    assert message == "「密码」至少 8 个字 / password: needs at least 8 characters"


def test_a_refused_row_names_the_row_and_a_missing_field_reads_as_required():
    class Line(msgspec.Struct):
        stock: Annotated[int, msgspec.Meta(ge=1)]

    class Session(msgspec.Struct):
        name: str
        items: list[Line]

    assert invalid_message(refusal_of({"name": "午场", "items": [{"stock": 5}, {"stock": 0}]}, Session),
                           {"stock": "库存"}) == "第 2 行「库存」不能小于 1 / row 2 stock: at least 1"
    assert invalid_message(refusal_of({"items": []}, Session)) == "「name」必填 / name: is required"
    assert invalid_message(refusal_of({"name": "午场", "items": [{"stock": "很多"}]}, Session)).startswith(
        "第 1 行「stock」须为整数")


def test_an_action_with_a_notice_the_console_does_not_declare_fails_when_declared():
    async def nothing(ctx, record_id):
        return None

    async def page(request, error="", status_code=200):
        raise AssertionError("not rendered")

    with pytest.raises(ValueError, match="no console notice"):
        action_route("/{deal_id:int}/stop", nothing, page=page, back="/console/p/x", notice="<b>hi</b>")


async def test_the_kernels_staff_form_says_a_short_password_in_chinese_beside_it(client, tenant):
    await console_sign_in(client, tenant.slug, "owner")
    r = await post_form(client, "/console/staff", {"username": "cashier2", "name": "小王", "role": "cashier",
                                                  "password": "short"})
    assert r.status_code == 422 and 'id="e-password"' in r.text and "至少 8 个字" in r.text
    assert "Expected" not in r.text and 'value="cashier2"' in r.text
