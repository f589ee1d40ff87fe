"""会员批量操作 over REST: the actions offered to the caller, a batch run once per Idempotency-Key, the
action's own permission, the cap, another tenant's ids and a disabled plugin's action."""

from checkout_helpers import make_member
from coupons_helpers import coupons_of, enable_coupons, template

API = "/api/v1/members"


async def run(client, headers, body, key="batch-1"):
    return await client.post(f"{API}/batch", headers={**headers, "Idempotency-Key": key}, json=body)


async def test_the_actions_offered_grow_with_the_plugins_enabled(client, tenant):
    r = await client.get(f"{API}/batch-actions", headers=tenant.headers)
    assert r.status_code == 200 and [a["key"] for a in r.json()["items"]] == ["tags.add", "tags.remove"]
    await enable_coupons(client, tenant)
    tpl = await template(client, tenant, name="满减券")
    actions = {a["key"]: a for a in (await client.get(f"{API}/batch-actions", headers=tenant.headers)).json()["items"]}
    assert actions["coupons.send"]["fields"][0]["choices"] == [
        {"value": str(tpl["id"]), "label": "满减券", "label_en": "满减券"}]
    assert actions["tags.add"]["fields"][0]["choices"] is None


async def test_a_tag_batch_runs_once_per_key_and_skips_the_tagged(client, tenant):
    a = await make_member(client, tenant, phone="13900000001", name="甲")
    b = await make_member(client, tenant, phone="13900000002", name="乙")
    await client.put(f"{API}/{b['id']}/tags", headers=tenant.headers, json={"tags": ["VIP"]})
    body = {"action": "tags.add", "member_ids": [a["id"], b["id"], a["id"]], "values": {"tag": "VIP"}}
    first = await run(client, tenant.headers, body)
    assert first.status_code == 200, first.text
    assert first.json() == {"action": "tags.add", "done": 1, "skipped": [
        {"member_id": b["id"], "name": "乙", "reason": "已有标签「VIP」", "reason_en": "Already tagged 'VIP'"}]}
    assert (await run(client, tenant.headers, body)).json() == first.json()
    other = await run(client, tenant.headers, {**body, "values": {"tag": "新客"}})
    assert other.status_code == 409
    assert (await client.post(f"{API}/batch", headers=tenant.headers, json=body)).status_code == 422


async def test_coupons_need_the_permission_one_coupon_needs(client, tenant):
    await enable_coupons(client, tenant)
    tpl = await template(client, tenant)
    m = await make_member(client, tenant)
    token = await tenant.add_staff("cashier1", "cashier")
    cashier = {"Authorization": f"Bearer {token}"}
    body = {"action": "coupons.send", "member_ids": [m["id"]], "values": {"template_id": str(tpl["id"])}}
    refused = await run(client, cashier, body)
    assert refused.status_code == 403 and refused.headers["content-type"].startswith("application/problem+json")
    assert "coupons.send" not in [a["key"] for a in (await client.get(f"{API}/batch-actions", headers=cashier)).json()["items"]]
    done = await run(client, tenant.headers, body)
    assert done.json()["done"] == 1 and len(await coupons_of(client, tenant, m)) == 1


async def test_a_disabled_plugins_action_is_not_found(client, tenant):
    m = await make_member(client, tenant)
    r = await run(client, tenant.headers, {"action": "levels.set", "member_ids": [m["id"]],
                                           "values": {"code": "gold", "reason": "x"}})
    assert r.status_code == 404 and r.json()["code"] == "not_found"


async def test_the_cap_and_an_empty_batch_are_refused(client, tenant):
    r = await run(client, tenant.headers, {"action": "tags.add", "member_ids": list(range(1, 502)),
                                           "values": {"tag": "x"}})
    assert r.status_code == 422 and r.json()["code"] == "batch_too_large"
    r = await run(client, tenant.headers, {"action": "tags.add", "member_ids": [], "values": {"tag": "x"}})
    assert r.status_code == 422 and r.json()["code"] == "no_members_chosen"
    r = await run(client, tenant.headers, {"action": "tags.add", "member_ids": [1], "values": {}})
    assert r.status_code == 422 and r.json()["field"] == "tag"
    r = await run(client, tenant.headers, {"action": "tags.add", "member_ids": [1], "values": {"tag": "a,b"}})
    assert r.status_code == 422 and r.json()["field"] == "tag" and "逗号" in r.json()["detail"]


async def test_another_tenants_member_reads_as_not_found(client, tenant, other_tenant):
    theirs = await make_member(client, other_tenant, phone="13600000000", name="别家")
    r = await run(client, tenant.headers, {"action": "tags.add", "member_ids": [theirs["id"]], "values": {"tag": "x"}})
    assert r.json() == {"action": "tags.add", "done": 0, "skipped": [
        {"member_id": theirs["id"], "name": "", "reason": "未找到会员", "reason_en": "Member not found"}]}
    assert (await client.get(f"{API}/{theirs['id']}", headers=other_tenant.headers)).json()["tags"] == []
