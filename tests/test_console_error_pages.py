"""Errors under /console are the console's own page, with the status kept and zh-CN first; never JSON."""

from __future__ import annotations

from tests.console_helpers import post_form, sign_in


def _is_error_page(response, status: int) -> None:
    assert response.status_code == status, response.text[:300]
    assert response.headers["content-type"].startswith("text/html"), response.headers["content-type"]
    assert "<html" in response.text and 'data-code="' in response.text
    assert not response.text.lstrip().startswith("{")


async def test_an_unknown_console_page_is_a_404_page(client, tenant):
    await sign_in(client, tenant.slug, "owner")
    response = await client.get("/console/no-such-page")
    _is_error_page(response, 404)
    assert "未找到" in response.text


async def test_an_unknown_console_page_is_a_404_page_before_signing_in(client):
    _is_error_page(await client.get("/console/no-such-page"), 404)


async def test_a_cashier_on_an_owner_page_gets_a_403_page(client, tenant):
    await tenant.add_staff("cashier1", "cashier")
    await sign_in(client, tenant.slug, "cashier1")
    response = await client.get("/console/staff")
    _is_error_page(response, 403)
    assert "没有权限" in response.text


async def test_a_wrong_method_is_a_405_page(client, tenant):
    await sign_in(client, tenant.slug, "owner")
    response = await post_form(client, "/console/orders")
    _is_error_page(response, 405)
    assert "不支持该请求方法" in response.text


async def test_a_form_without_its_csrf_token_is_a_403_page(client, tenant):
    await sign_in(client, tenant.slug, "owner")
    response = await client.post("/console/checkout/scan", data={"code": "123"})
    _is_error_page(response, 403)
    assert "页面已过期" in response.text


async def test_an_order_of_another_tenant_is_a_404_page(client, tenant):
    await sign_in(client, tenant.slug, "owner")
    _is_error_page(await client.get("/console/orders/999999"), 404)


async def test_an_unparsable_path_number_is_an_error_page_not_json(client, tenant):
    await sign_in(client, tenant.slug, "owner")
    response = await client.get("/console/orders/99999999999999999999999")
    assert response.status_code in (400, 404, 422)
    _is_error_page(response, response.status_code)


async def test_the_api_keeps_problem_json(client, tenant):
    response = await client.get("/api/v1/no-such-thing", headers=tenant.headers)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["code"] == "not_found"


async def test_a_failure_inside_a_console_page_is_a_500_page(client, tenant, monkeypatch):
    async def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr("core.orders.service.list_orders", broken)
    await sign_in(client, tenant.slug, "owner")
    response = await client.get("/console/orders")
    _is_error_page(response, 500)
    assert "服务器内部错误" in response.text and "database went away" not in response.text


async def test_the_error_page_follows_the_console_language(client, tenant):
    await sign_in(client, tenant.slug, "owner")
    await client.get("/console/lang/en")
    response = await client.get("/console/no-such-page")
    _is_error_page(response, 404)
    assert "Not found" in response.text
