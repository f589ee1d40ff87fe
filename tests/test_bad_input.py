"""No input is a server error: ids and numbers beyond what the database stores, JSON nested
without end and strings where the schema says integer are each refused as problem+json."""

from __future__ import annotations

import pytest

from tests.checkout_helpers import key, main_store, make_item, make_member, open_order

HUGE = 150114233757186288231152353  # what the fuzzer sent: far beyond 64 bits
JUST_PAST = 2**63  # the first integer BIGINT cannot hold


def problem(r, status: int, code: str) -> None:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["code"] == code


@pytest.mark.parametrize("number", [HUGE, JUST_PAST, -JUST_PAST])
@pytest.mark.parametrize("method, path, body", [
    ("POST", "/api/v1/members/{n}/notes", {"text": "来过"}),
    ("GET", "/api/v1/members/{n}", None),
    ("PATCH", "/api/v1/members/{n}", {"name": "李四"}),
    ("GET", "/api/v1/orders/{n}", None),
    ("POST", "/api/v1/orders/{n}/payments", {"tenders": [{"kind": "cash", "amount_fen": 100}]}),
    ("GET", "/api/v1/items/{n}", None),
])
async def test_an_id_beyond_bigint_is_not_found(client, tenant, number, method, path, body):
    r = await client.request(method, path.format(n=number), headers={**tenant.headers, **key()}, json=body)

    problem(r, 404, "not_found")


@pytest.mark.parametrize("query", [f"member_id={HUGE}", f"store_id={JUST_PAST}", f"member_id=-{JUST_PAST}"])
async def test_a_query_number_beyond_bigint_is_refused(client, tenant, query):
    r = await client.get(f"/api/v1/orders?{query}", headers=tenant.headers)

    problem(r, 422, "number_out_of_range")
    assert r.json()["field"] == query.split("=")[0]


async def test_a_body_number_beyond_bigint_is_refused_naming_the_field(client, tenant):
    member = await make_member(client, tenant)
    store = await main_store(client, tenant)

    r = await client.post(f"/api/v1/members/{member['id']}/top-ups", headers={**tenant.headers, **key()},
                          json={"amount_fen": HUGE, "tender": "cash", "store_id": store["id"]})

    problem(r, 422, "number_out_of_range")
    assert r.json()["field"] == "amount_fen"


async def test_a_nested_body_number_beyond_bigint_is_refused(client, tenant):
    item = await make_item(client, tenant, "WATER", 300)
    order = await open_order(client, tenant, [{"item_id": item["id"]}])

    r = await client.post(f"/api/v1/orders/{order['id']}/payments", headers={**tenant.headers, **key()},
                          json={"tenders": [{"kind": "cash", "amount_fen": JUST_PAST}]})

    problem(r, 422, "number_out_of_range")
    assert r.json()["field"] == "tenders[0].amount_fen"


@pytest.mark.parametrize("amount", ["100", "1e2", True, 100.0])
async def test_a_top_up_amount_must_be_a_json_integer(client, tenant, amount):
    member = await make_member(client, tenant)
    store = await main_store(client, tenant)

    r = await client.post(f"/api/v1/members/{member['id']}/top-ups", headers={**tenant.headers, **key()},
                          json={"amount_fen": amount, "tender": "cash", "store_id": store["id"]})

    problem(r, 400, "invalid_request")
    assert r.json()["fields"] == ["amount_fen"]
    assert (await client.get(f"/api/v1/members/{member['id']}/stored-value", headers=tenant.headers)).json()[
        "principal_fen"] == 0


async def test_a_string_id_in_a_body_is_refused(client, tenant):
    item = await make_item(client, tenant, "WATER", 300)
    store = await main_store(client, tenant)

    r = await client.post("/api/v1/orders", headers=tenant.headers,
                          json={"lines": [{"item_id": str(item["id"])}], "store_id": store["id"]})

    problem(r, 400, "invalid_request")
    assert r.json()["fields"] == ["lines[0].item_id"]


@pytest.mark.parametrize("depth", [65, 1_000, 100_000])
async def test_json_nested_too_deep_is_refused(client, tenant, depth):
    body = "[" * depth + "]" * depth

    r = await client.post("/api/v1/members", headers={**tenant.headers, "content-type": "application/json"},
                          content=body)

    problem(r, 400, "nesting_too_deep")


async def test_json_nested_within_the_limit_is_only_a_wrong_shape(client, tenant):
    body = '{"phone": "13800138000", "name": "张三", "tags": ' + "[" * 60 + "]" * 60 + "}"

    r = await client.post("/api/v1/members", headers={**tenant.headers, "content-type": "application/json"},
                          content=body)

    problem(r, 400, "invalid_request")


async def test_ordinary_requests_still_pass(client, tenant):
    member = await make_member(client, tenant)

    r = await client.get(f"/api/v1/orders?member_id={member['id']}&limit=5", headers=tenant.headers)

    assert r.status_code == 200, r.text


# Stores, staff and API keys have 32-bit ids on PostgreSQL (SERIAL), and counts such as a line's
# quantity are 32-bit INTEGER columns: numbers past 2³¹ that fit BIGINT reach the driver there.


async def test_a_store_id_beyond_32_bits_is_not_found(client, tenant):
    r = await client.get(f"/api/v1/stores/{2**31}", headers=tenant.headers)

    problem(r, 404, "not_found")


async def test_a_store_id_beyond_32_bits_in_a_body_is_never_a_server_error(client, tenant):
    member = await make_member(client, tenant)

    r = await client.post(f"/api/v1/members/{member['id']}/visits", headers=tenant.headers,
                          json={"store_id": -78404423798372})

    assert r.status_code in (404, 422), r.text
    assert r.headers["content-type"].startswith("application/problem+json")


async def test_a_quantity_beyond_32_bits_is_never_a_server_error(client, tenant):
    item = await make_item(client, tenant, "WATER", 1)
    store = await main_store(client, tenant)

    r = await client.post("/api/v1/orders", headers=tenant.headers,
                          json={"lines": [{"item_id": item["id"], "quantity": 2**31}], "store_id": store["id"]})

    assert r.status_code < 500, r.text


async def test_options_answers_which_methods_a_path_allows(client, tenant):
    r = await client.options("/api/v1/members", headers=tenant.headers)

    assert r.status_code == 204, r.text
    assert "POST" in r.headers["allow"]


@pytest.mark.parametrize("limit", [-827, 0, 201])
async def test_a_page_size_out_of_bounds_is_refused_on_every_list(client, tenant, limit):
    await tenant.enable("points_mall")

    r = await client.get(f"/api/v1/points-mall/exchanges?limit={limit}", headers=tenant.headers)

    problem(r, 422, "invalid_input")
    assert r.json()["field"] == "limit"


async def test_text_with_a_nul_character_is_refused_on_every_door(client, tenant):
    """PostgreSQL keeps no NUL in text (a 500 there, found by the fuzz stage); both databases refuse it alike."""
    r = await client.patch("/api/v1/tenant", headers=tenant.headers, json={"name": "活力\u0000健身"})
    assert r.status_code == 422 and r.json()["code"] == "invalid_input" and r.json()["field"] == "name", r.text
    await tenant.enable("points_mall")
    r = await client.post("/api/v1/points-mall/pickups/verify", headers=tenant.headers, json={"code": "A\u0000B"})
    assert r.status_code == 422 and r.json()["field"] == "code", r.text
    r = await client.get("/api/v1/members", headers=tenant.headers, params={"q": "张\u0000三"})
    assert r.status_code == 422 and r.json()["field"] == "q", r.text
    r = await client.get("/api/v1/tenant", headers=tenant.headers)
    assert "\u0000" not in r.json()["name"]
