"""Tenancy over REST: sign-in, stores, staff roles, API keys and their scopes."""

from sdk.testing import PASSWORD


async def test_owner_signs_in_and_reads_tenant(client, tenant):
    r = await client.post("/api/v1/auth/sessions", json={"tenant": "gym", "username": "owner", "password": PASSWORD})
    assert r.status_code == 201, r.text
    token = r.json()["token"]
    r = await client.get("/api/v1/tenant", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 200
    assert r.json()["timezone"] == "Asia/Shanghai"
    assert r.json()["currency"] == "CNY"


async def test_wrong_password_is_refused_as_problem(client, tenant):
    r = await client.post("/api/v1/auth/sessions", json={"tenant": "gym", "username": "owner", "password": "nope-nope"})
    assert r.status_code == 401
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["code"] == "invalid_credentials"


async def test_request_without_token_is_unauthenticated(client, tenant):
    r = await client.get("/api/v1/stores")
    assert r.status_code == 401
    assert r.json()["code"] == "unauthenticated"


async def test_cashier_cannot_manage_staff(client, tenant):
    token = await tenant.add_staff("cashier1", "cashier")
    r = await client.post(
        "/api/v1/staff", headers={"Authorization": f"Bearer {token}"},
        json={"username": "x1", "name": "x", "role": "staff", "password": "12345678"},
    )
    assert r.status_code == 403
    assert r.json()["code"] == "forbidden"


async def test_api_key_is_shown_once_and_limited_to_its_scopes(client, tenant):
    r = await client.post("/api/v1/api-keys", headers=tenant.headers, json={"name": "POS", "scopes": ["stores.read"]})
    assert r.status_code == 201, r.text
    key = r.json()["key"]
    listed = (await client.get("/api/v1/api-keys", headers=tenant.headers)).json()["items"]
    assert "key" not in listed[0]
    auth = {"Authorization": f"Bearer {key}"}
    assert (await client.get("/api/v1/stores", headers=auth)).status_code == 200
    assert (await client.get("/api/v1/staff", headers=auth)).status_code == 403
    await client.delete(f"/api/v1/api-keys/{r.json()['id']}", headers=tenant.headers)
    assert (await client.get("/api/v1/stores", headers=auth)).status_code == 401


async def test_an_api_keys_last_use_is_kept_to_the_minute(client, tenant):
    """A key's last use is written when it was not used within the minute (not on every request)."""
    r = await client.post("/api/v1/api-keys", headers=tenant.headers, json={"name": "POS", "scopes": ["stores.read"]})
    auth = {"Authorization": f"Bearer {r.json()['key']}"}

    async def last_used():
        [row] = [k for k in (await client.get("/api/v1/api-keys", headers=tenant.headers)).json()["items"]
                 if k["id"] == r.json()["id"]]
        return row["last_used_at"]

    assert await last_used() is None
    await client.get("/api/v1/stores", headers=auth)
    first = await last_used()
    assert first is not None
    tenant.clock.advance(seconds=30)
    await client.get("/api/v1/stores", headers=auth)
    assert await last_used() == first
    tenant.clock.advance(seconds=31)
    await client.get("/api/v1/stores", headers=auth)
    assert await last_used() > first


async def test_store_of_another_tenant_is_not_found(client, tenant, other_tenant):
    stores = (await client.get("/api/v1/stores", headers=other_tenant.headers)).json()["items"]
    r = await client.get(f"/api/v1/stores/{stores[0]['id']}", headers=tenant.headers)
    assert r.status_code == 404
    r = await client.patch(f"/api/v1/stores/{stores[0]['id']}", headers=tenant.headers, json={"name": "hijack"})
    assert r.status_code == 404
    again = (await client.get(f"/api/v1/stores/{stores[0]['id']}", headers=other_tenant.headers)).json()
    assert again["name"] == "总店"


async def test_unknown_field_is_rejected(client, tenant):
    r = await client.post("/api/v1/stores", headers=tenant.headers, json={"code": "s2", "name": "二店", "colour": "red"})
    assert r.status_code == 400
    assert r.json()["code"] == "invalid_request"
    assert len((await client.get("/api/v1/stores", headers=tenant.headers)).json()["items"]) == 1


async def test_stores_staff_and_keys_are_listed_oldest_first_a_page_at_a_time(client, tenant):
    for n in range(2, 6):
        r = await client.post("/api/v1/stores", headers=tenant.headers, json={"code": f"s{n}", "name": f"{n}号店"})
        assert r.status_code == 201, r.text
    for n in range(3):
        await tenant.add_staff(f"clerk{n}", "cashier")
    for path, expected in (("stores", 5), ("staff", 4)):
        seen, cursor = [], None
        while True:
            params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
            page = (await client.get(f"/api/v1/{path}", headers=tenant.headers, params=params)).json()
            assert len(page["items"]) <= 2
            seen += [row["id"] for row in page["items"]]
            if not (cursor := page["next_cursor"]):
                break
        assert seen == sorted(seen) and len(set(seen)) == expected, path
    r = await client.get("/api/v1/staff", headers=tenant.headers, params={"limit": 0})
    assert r.status_code == 422 and r.json()["code"] == "invalid_input"
