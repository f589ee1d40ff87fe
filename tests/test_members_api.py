"""Members over REST: registration, profiles, tags, notes, search, masking and tenant isolation."""

import datetime as dt

from core.members import service

MEMBERS = "/api/v1/members"


async def register(client, tenant, phone="13800138000", name="张三", headers=None, **extra):
    return await client.post(MEMBERS, headers=headers or tenant.headers, json={"phone": phone, "name": name, **extra})


async def make(client, tenant, phone="13800138000", name="张三", **extra) -> dict:
    r = await register(client, tenant, phone, name, **extra)
    assert r.status_code == 201, r.text
    return r.json()


async def search(client, tenant, headers=None, **params) -> dict:
    r = await client.get(MEMBERS, headers=headers or tenant.headers, params=params)
    assert r.status_code == 200, r.text
    return r.json()


def is_problem(r, status, code):
    return (r.status_code == status and r.headers["content-type"].startswith("application/problem+json")
            and r.json()["code"] == code)


# --- registration ---------------------------------------------------------------------------


async def test_registration_keeps_the_phone_as_e164_with_fresh_counters(client, tenant):
    r = await register(client, tenant, phone="138 0013 8000", gender="female", birthday="1990-05-01",
                       source_channel="meituan", tags=["VIP", "瑜伽", "VIP"])

    assert r.status_code == 201, r.text
    member = r.json()
    assert member["phone"] == "+8613800138000"
    assert (member["name"], member["gender"], member["birthday"]) == ("张三", "female", "1990-05-01")
    assert member["tags"] == ["VIP", "瑜伽"]
    assert (member["visit_count"], member["total_spend_fen"], member["last_visit_at"]) == (0, 0, None)
    assert member["created_at"] == "2026-01-15T02:00:00Z"


async def test_same_phone_written_differently_is_a_duplicate(client, tenant):
    await make(client, tenant, phone="138 0013 8000")

    r = await register(client, tenant, phone="+86 13800138000", name="李四")

    assert is_problem(r, 409, "duplicate_phone"), r.text
    assert [m["name"] for m in (await search(client, tenant))["items"]] == ["张三"]


async def test_the_same_phone_may_join_another_merchant(client, tenant, other_tenant):
    await make(client, tenant)
    assert (await register(client, other_tenant)).status_code == 201


async def test_invalid_phone_is_refused_and_nothing_is_registered(client, tenant):
    for phone in ("12345", "1380013800", "010 12345678", "not a phone"):
        r = await register(client, tenant, phone=phone)
        assert is_problem(r, 422, "invalid_phone"), (phone, r.text)
    assert (await search(client, tenant))["items"] == []


async def test_bad_dates_and_unknown_fields_are_refused(client, tenant):
    assert (await register(client, tenant, birthday="1990-02-30")).status_code == 400
    assert is_problem(await register(client, tenant, birthday="2030-01-01"), 422, "invalid_input")
    r = await register(client, tenant, colour="red")
    assert r.status_code == 400 and "colour" in r.text
    assert (await search(client, tenant))["items"] == []


async def test_referrer_and_home_store_must_be_the_merchants_own(client, tenant, other_tenant):
    theirs = await make(client, other_tenant, phone="13900000001")
    their_store = (await client.get("/api/v1/stores", headers=other_tenant.headers)).json()["items"][0]

    assert is_problem(await register(client, tenant, referrer_member_id=theirs["id"]), 404, "not_found")
    assert is_problem(await register(client, tenant, home_store_id=their_store["id"]), 404, "not_found")

    referrer = await make(client, tenant, phone="13900000002", name="老会员")
    store = (await client.get("/api/v1/stores", headers=tenant.headers)).json()["items"][0]
    member = await make(client, tenant, referrer_member_id=referrer["id"], home_store_id=store["id"])
    assert (member["referrer_member_id"], member["home_store_id"]) == (referrer["id"], store["id"])


# --- profile, deletion, tags, notes ---------------------------------------------------------


async def test_profile_update_rechecks_the_phone(client, tenant):
    member = await make(client, tenant)
    await make(client, tenant, phone="13900000001", name="李四")

    r = await client.patch(f"{MEMBERS}/{member['id']}", headers=tenant.headers,
                           json={"name": "张三丰", "gender": "male", "birthday": None, "phone": "139 1234 5678"})
    assert r.status_code == 200, r.text
    assert (r.json()["name"], r.json()["gender"], r.json()["phone"]) == ("张三丰", "male", "+8613912345678")

    taken = await client.patch(f"{MEMBERS}/{member['id']}", headers=tenant.headers, json={"phone": "13900000001"})
    assert is_problem(taken, 409, "duplicate_phone")
    invalid = await client.patch(f"{MEMBERS}/{member['id']}", headers=tenant.headers, json={"phone": "123"})
    assert is_problem(invalid, 422, "invalid_phone")
    self_referral = await client.patch(f"{MEMBERS}/{member['id']}", headers=tenant.headers,
                                       json={"referrer_member_id": member["id"]})
    assert is_problem(self_referral, 422, "invalid_input")
    again = (await client.get(f"{MEMBERS}/{member['id']}", headers=tenant.headers)).json()
    assert (again["name"], again["phone"], again["referrer_member_id"]) == ("张三丰", "+8613912345678", None)


async def test_deleting_a_member_frees_the_phone_and_keeps_the_notes(client, tenant):
    member = await make(client, tenant)
    note = await client.post(f"{MEMBERS}/{member['id']}/notes", headers=tenant.headers, json={"body": "膝盖旧伤，避免深蹲"})
    assert note.status_code == 201, note.text

    r = await client.delete(f"{MEMBERS}/{member['id']}", headers=tenant.headers)

    assert r.status_code == 200 and r.json()["deleted_at"] == "2026-01-15T02:00:00Z"
    assert is_problem(await client.get(f"{MEMBERS}/{member['id']}", headers=tenant.headers), 404, "not_found")
    kept = await client.get(f"{MEMBERS}/{member['id']}", headers=tenant.headers, params={"include_deleted": "true"})
    assert kept.status_code == 200 and kept.json()["name"] == "张三"
    notes = (await client.get(f"{MEMBERS}/{member['id']}/notes", headers=tenant.headers)).json()
    assert [n["body"] for n in notes["items"]] == ["膝盖旧伤，避免深蹲"]
    assert (await search(client, tenant, phone="13800138000"))["items"] == []
    again = await make(client, tenant, name="张三（新）")
    assert again["id"] != member["id"]
    assert is_problem(await client.delete(f"{MEMBERS}/{member['id']}", headers=tenant.headers), 404, "not_found")


async def test_cashier_cannot_delete_a_member(client, tenant):
    member = await make(client, tenant)
    cashier = {"Authorization": f"Bearer {await tenant.add_staff('c1', 'cashier')}"}

    assert is_problem(await client.delete(f"{MEMBERS}/{member['id']}", headers=cashier), 403, "forbidden")
    assert (await client.get(f"{MEMBERS}/{member['id']}", headers=tenant.headers)).status_code == 200


async def test_tags_are_replaced_as_a_set(client, tenant):
    member = await make(client, tenant, tags=["VIP", "瑜伽"])

    r = await client.put(f"{MEMBERS}/{member['id']}/tags", headers=tenant.headers, json={"tags": ["瑜伽", " 私教 "]})

    assert r.status_code == 200, r.text
    assert r.json()["tags"] == ["瑜伽", "私教"]
    too_long = await client.put(f"{MEMBERS}/{member['id']}/tags", headers=tenant.headers, json={"tags": ["x" * 21]})
    assert too_long.status_code == 400
    too_many = await client.put(f"{MEMBERS}/{member['id']}/tags", headers=tenant.headers,
                                json={"tags": [f"t{i}" for i in range(51)]})
    assert too_many.status_code == 400
    assert (await client.get(f"{MEMBERS}/{member['id']}", headers=tenant.headers)).json()["tags"] == ["瑜伽", "私教"]


async def test_notes_are_signed_by_their_author_newest_first(client, tenant):
    member = await make(client, tenant)
    cashier = {"Authorization": f"Bearer {await tenant.add_staff('c1', 'cashier')}"}
    await client.post(f"{MEMBERS}/{member['id']}/notes", headers=tenant.headers, json={"body": "第一次到店"})
    await client.post(f"{MEMBERS}/{member['id']}/notes", headers=cashier, json={"body": "想办年卡"})

    notes = (await client.get(f"{MEMBERS}/{member['id']}/notes", headers=tenant.headers)).json()["items"]

    assert [(n["author"], n["body"]) for n in notes] == [("c1", "想办年卡"), ("owner", "第一次到店")]
    empty = await client.post(f"{MEMBERS}/{member['id']}/notes", headers=tenant.headers, json={"body": ""})
    assert empty.status_code == 400


# --- search ---------------------------------------------------------------------------------


async def test_search_by_tag_name_phone_fragment_and_level(client, tenant):
    zhang = await make(client, tenant, phone="13800138000", name="张三", tags=["VIP"])
    await make(client, tenant, phone="13900139000", name="李四", tags=["VIP", "瑜伽"])
    alice = await make(client, tenant, phone="13700137000", name="Alice Wang")
    await service.set_level(await tenant.ctx(), alice["id"], "gold")

    def names(page):
        return [m["name"] for m in page["items"]]

    assert names(await search(client, tenant, tag="VIP")) == ["李四", "张三"]
    assert names(await search(client, tenant, tag="瑜伽")) == ["李四"]
    assert names(await search(client, tenant, name="三")) == ["张三"]
    assert names(await search(client, tenant, name="alice")) == ["Alice Wang"]
    assert names(await search(client, tenant, phone="8000")) == ["张三"]
    assert names(await search(client, tenant, phone="+86 138-0013-8000")) == ["张三"]
    assert names(await search(client, tenant, level="gold")) == ["Alice Wang"]
    assert names(await search(client, tenant, tag="VIP", name="李")) == ["李四"]
    assert zhang["level_code"] is None


async def test_name_search_takes_wildcards_literally(client, tenant):
    await make(client, tenant, phone="13800138000", name="Bob_Li")
    await make(client, tenant, phone="13900139000", name="BobXLi")

    assert [m["name"] for m in (await search(client, tenant, name="b_l"))["items"]] == ["Bob_Li"]
    assert (await search(client, tenant, name="%"))["items"] == []


async def test_search_pages_through_every_member_once(client, tenant):
    made = [await make(client, tenant, phone=f"1380013800{i}", name=f"会员{i}", tags=["常客"]) for i in range(5)]

    seen, cursor = [], None
    while True:
        params = {"tag": "常客", "limit": 2, **({"cursor": cursor} if cursor else {})}
        page = await search(client, tenant, **params)
        assert len(page["items"]) <= 2
        seen += [m["id"] for m in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break

    assert seen == sorted((m["id"] for m in made), reverse=True)


async def set_figures(tenant, figures):
    """Members' 累计消费 and 到店次数 as given: ``{member_id: (spend_fen, visits)}``."""
    from core.members.tables import Member

    for member_id, (spend, visits) in figures.items():
        await Member.update({Member.total_spend_fen: spend, Member.visit_count: visits}).where(
            (Member.tenant_id == tenant.id) & (Member.id == member_id))


async def test_search_sorted_by_spend_or_visits_pages_through_every_member_once(client, tenant):
    made = [(await make(client, tenant, phone=f"1380013801{i}", name=f"会员{i}"))["id"] for i in range(5)]
    # Two members share each figure: among equals the newer comes first, and paging loses neither.
    await set_figures(tenant, {made[0]: (50_000, 3), made[1]: (90_000, 1), made[2]: (50_000, 7),
                               made[3]: (0, 7), made[4]: (12_000, 0)})

    async def every(sort):
        seen, cursor = [], None
        while True:
            page = await search(client, tenant, sort=sort, limit=2, **({"cursor": cursor} if cursor else {}))
            seen += [(m["id"], m["total_spend_fen"], m["visit_count"]) for m in page["items"]]
            if (cursor := page["next_cursor"]) is None:
                return seen

    by_spend = await every("spend")
    assert [i for i, _, _ in by_spend] == [made[1], made[2], made[0], made[4], made[3]]
    by_visits = await every("visits")
    assert [i for i, _, _ in by_visits] == [made[3], made[2], made[0], made[1], made[4]]
    assert [i for i, _, _ in await every("newest")] == made[::-1]
    # A cursor belongs to its sort; an unknown sort is refused.
    first = await search(client, tenant, sort="spend", limit=2)
    r = await client.get(MEMBERS, headers=tenant.headers, params={"sort": "visits", "cursor": first["next_cursor"]})
    assert is_problem(r, 422, "invalid_input") and r.json()["field"] == "cursor"
    r = await client.get(MEMBERS, headers=tenant.headers, params={"sort": "richest"})
    assert r.status_code == 400 and r.headers["content-type"].startswith("application/problem+json")


async def test_bad_paging_and_too_short_fragments_are_refused(client, tenant):
    for limit in (-1, 0, 1000):
        r = await client.get(MEMBERS, headers=tenant.headers, params={"limit": limit})
        assert is_problem(r, 422, "invalid_input") and r.json()["field"] == "limit"
    assert (await client.get(MEMBERS, headers=tenant.headers, params={"limit": "many"})).status_code == 400
    assert is_problem(await client.get(MEMBERS, headers=tenant.headers, params={"cursor": "garbage!"}), 422, "invalid_input")
    assert is_problem(await client.get(MEMBERS, headers=tenant.headers, params={"phone": "13"}), 422, "invalid_input")


# --- masking --------------------------------------------------------------------------------


async def test_cashier_sees_a_masked_phone_the_owner_the_whole_number(client, tenant):
    member = await make(client, tenant)
    cashier = {"Authorization": f"Bearer {await tenant.add_staff('c1', 'cashier')}"}

    assert (await client.get(f"{MEMBERS}/{member['id']}", headers=tenant.headers)).json()["phone"] == "+8613800138000"
    assert (await client.get(f"{MEMBERS}/{member['id']}", headers=cashier)).json()["phone"] == "138****8000"
    assert [m["phone"] for m in (await search(client, tenant, headers=cashier, phone="8000"))["items"]] == ["138****8000"]
    registered = await register(client, tenant, phone="13900139000", name="李四", headers=cashier)
    assert registered.json()["phone"] == "139****9000"


# --- visits ---------------------------------------------------------------------------------


async def test_a_visit_counts_and_dates_the_members_last_visit(client, tenant, clock):
    member = await make(client, tenant)
    store = (await client.get("/api/v1/stores", headers=tenant.headers)).json()["items"][0]
    clock.advance(hours=2)

    r = await client.post(f"{MEMBERS}/{member['id']}/visits", headers=tenant.headers, json={"store_id": store["id"]})
    await client.post(f"{MEMBERS}/{member['id']}/visits", headers=tenant.headers, json={"method": "code"})

    assert r.status_code == 200, r.text
    again = (await client.get(f"{MEMBERS}/{member['id']}", headers=tenant.headers)).json()
    assert (again["visit_count"], again["last_visit_at"]) == (2, "2026-01-15T04:00:00Z")


async def test_the_daily_summary_counts_the_stores_visits_in_its_local_day(client, tenant):
    member = await make(client, tenant)
    store = (await client.get("/api/v1/stores", headers=tenant.headers)).json()["items"][0]
    daily = f"/api/v1/reports/daily/{store['id']}"
    before = (await client.get(daily, headers=tenant.headers)).json()
    for _ in range(2):
        await client.post(f"{MEMBERS}/{member['id']}/visits", headers=tenant.headers, json={"store_id": store["id"]})
    await client.post(f"{MEMBERS}/{member['id']}/visits", headers=tenant.headers, json={})  # no store: not this one's
    assert before["visits"] == 0
    assert (await client.get(daily, headers=tenant.headers)).json()["visits"] == 2
    next_day = dt.date.fromisoformat(before["day"]) + dt.timedelta(days=1)
    assert (await client.get(f"{daily}?day={next_day}", headers=tenant.headers)).json()["visits"] == 0


async def test_a_visit_in_another_merchants_store_is_not_found(client, tenant, other_tenant):
    member = await make(client, tenant)
    their_store = (await client.get("/api/v1/stores", headers=other_tenant.headers)).json()["items"][0]

    r = await client.post(f"{MEMBERS}/{member['id']}/visits", headers=tenant.headers, json={"store_id": their_store["id"]})

    assert is_problem(r, 404, "not_found")
    assert (await client.get(f"{MEMBERS}/{member['id']}", headers=tenant.headers)).json()["visit_count"] == 0


# --- tenant isolation -----------------------------------------------------------------------


async def test_another_merchants_member_is_not_found_on_every_route(client, tenant, other_tenant):
    theirs = await make(client, other_tenant, name="他方会员", tags=["VIP"])
    url = f"{MEMBERS}/{theirs['id']}"
    attempts = [
        ("GET", url, None), ("GET", f"{url}?include_deleted=true", None), ("PATCH", url, {"name": "hijack"}),
        ("DELETE", url, None), ("PUT", f"{url}/tags", {"tags": ["hijack"]}), ("GET", f"{url}/notes", None),
        ("POST", f"{url}/notes", {"body": "hijack"}), ("POST", f"{url}/code", None), ("POST", f"{url}/visits", {}),
    ]
    for method, path, body in attempts:
        r = await client.request(method, path, headers=tenant.headers, **({"json": body} if body is not None else {}))
        assert is_problem(r, 404, "not_found"), (method, path, r.status_code, r.text)
        assert "他方会员" not in r.text

    again = (await client.get(url, headers=other_tenant.headers)).json()
    assert (again["name"], again["tags"], again["visit_count"], again["deleted_at"]) == ("他方会员", ["VIP"], 0, None)
    assert (await client.get(f"{url}/notes", headers=other_tenant.headers)).json()["items"] == []
    assert (await search(client, tenant))["items"] == []
