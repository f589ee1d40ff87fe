"""The member code (电子会员卡) over REST: shown as a QR code, scanned at the counter, short-lived."""

from test_members_api import MEMBERS, is_problem, make


async def issue(client, tenant, member_id) -> dict:
    r = await client.post(f"{MEMBERS}/{member_id}/code", headers=tenant.headers)
    assert r.status_code == 201, r.text
    return r.json()


async def scan(client, tenant, code, headers=None):
    return await client.post(f"{MEMBERS}/resolve-code", headers=headers or tenant.headers, json={"code": code})


async def test_a_fresh_code_scans_to_its_member(client, tenant):
    member = await make(client, tenant)

    card = await issue(client, tenant, member["id"])
    r = await scan(client, tenant, card["code"])

    assert r.status_code == 200, r.text
    assert (r.json()["id"], r.json()["name"]) == (member["id"], "张三")
    assert card["expires_at"] == "2026-01-15T02:02:00Z"
    assert card["qr_svg"].startswith("<svg") and "</svg>" in card["qr_svg"]
    assert card["code"].startswith("MC1.") and len(card["code"]) < 80


async def test_a_cashier_scanning_sees_the_masked_phone(client, tenant):
    member = await make(client, tenant)
    cashier = {"Authorization": f"Bearer {await tenant.add_staff('c1', 'cashier')}"}
    card = await issue(client, tenant, member["id"])

    r = await scan(client, tenant, card["code"].lower(), headers=cashier)

    assert r.status_code == 200 and r.json()["phone"] == "138****8000"


async def test_a_code_expires_after_two_minutes(client, tenant, clock):
    member = await make(client, tenant)
    card = await issue(client, tenant, member["id"])

    clock.advance(seconds=119)
    assert (await scan(client, tenant, card["code"])).status_code == 200
    clock.advance(seconds=2)
    r = await scan(client, tenant, card["code"])

    assert is_problem(r, 422, "member_code_expired"), r.text
    assert "刷新" in r.json()["detail"]


async def test_a_tampered_code_is_refused(client, tenant):
    first = await make(client, tenant)
    second = await make(client, tenant, phone="13900139000", name="李四")
    code = (await issue(client, tenant, first["id"]))["code"]
    other_code = (await issue(client, tenant, second["id"]))["code"]
    version, payload, mac = code.split(".")
    flipped = payload[:-1] + ("A" if payload[-1] != "A" else "B")

    for bad in (f"{version}.{flipped}.{mac}", f"{version}.{other_code.split('.')[1]}.{mac}", code[:-1], "MC1..",
                "MC9." + code[4:], "hello", "MC1.!!!!.????", "MC1.é.é"):
        r = await scan(client, tenant, bad)
        assert is_problem(r, 422, "invalid_member_code"), (bad, r.text)


async def test_another_merchants_code_is_refused(client, tenant, other_tenant):
    theirs = await make(client, other_tenant)
    code = (await issue(client, other_tenant, theirs["id"]))["code"]

    r = await scan(client, tenant, code)

    assert is_problem(r, 422, "invalid_member_code")
    assert "张三" not in r.text


async def test_a_deleted_members_code_no_longer_scans(client, tenant):
    member = await make(client, tenant)
    code = (await issue(client, tenant, member["id"]))["code"]
    await client.delete(f"{MEMBERS}/{member['id']}", headers=tenant.headers)

    assert is_problem(await scan(client, tenant, code), 404, "not_found")
