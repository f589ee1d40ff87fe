"""Members sign in on their phone (H5) with an SMS code, and see only their own data."""

from __future__ import annotations

from member_helpers import API, PHONE, bearer, member_session, request_code, sign_in, sms_code

from tests.plugins_for_tests.helpers import enable, greetings_of


def is_problem(r, code: str) -> bool:
    return r.headers["content-type"].startswith("application/problem+json") and r.json()["code"] == code


async def test_first_sign_in_registers_the_member_from_h5(client, tenant):
    await enable(tenant, "greeter")

    session = await member_session(client, tenant, ref="flyer-07")

    assert session["registered"] is True
    assert session["token"].startswith("mdm_")
    assert session["member"]["phone"] == "+8613800138000"
    assert session["member"]["name"] == "会员8000"
    staff_view = (await client.get(f"{API}/members/{session['member']['id']}", headers=tenant.headers)).json()
    assert staff_view["source_channel"] == "h5:flyer-07"
    assert [g["member_id"] for g in await greetings_of(tenant)] == [session["member"]["id"]]  # member_registered fired


async def test_second_sign_in_finds_the_same_member(client, tenant, clock):
    first = await member_session(client, tenant)
    clock.advance(seconds=61)

    second = await member_session(client, tenant)

    assert (second["registered"], second["member"]["id"]) == (False, first["member"]["id"])
    assert second["token"] != first["token"]


async def test_an_existing_members_source_channel_is_kept(client, tenant):
    made = await client.post(f"{API}/members", headers=tenant.headers,
                             json={"phone": PHONE, "name": "李四", "source_channel": "walk-in"})
    session = await member_session(client, tenant, ref="flyer-07")

    assert (session["registered"], session["member"]["id"], session["member"]["name"]) == (False, made.json()["id"], "李四")
    staff_view = (await client.get(f"{API}/members/{made.json()['id']}", headers=tenant.headers)).json()
    assert staff_view["source_channel"] == "walk-in"


async def test_a_used_code_cannot_sign_in_again(client, tenant):
    await request_code(client, tenant.slug)
    code = await sms_code(tenant.id)
    assert (await sign_in(client, tenant.slug, code)).status_code == 201

    replay = await sign_in(client, tenant.slug, code)

    assert replay.status_code == 401 and is_problem(replay, "invalid_sign_in_code")


async def test_five_wrong_codes_burn_the_code(client, tenant):
    await request_code(client, tenant.slug)
    code = await sms_code(tenant.id)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    answers = [await sign_in(client, tenant.slug, wrong) for _ in range(5)]

    right = await sign_in(client, tenant.slug, code)

    assert [r.json().get("attempts_left") for r in answers] == [4, 3, 2, 1, 0]
    assert right.status_code == 401 and is_problem(right, "invalid_sign_in_code")


async def test_the_right_code_on_the_fifth_try_still_signs_in(client, tenant):
    await request_code(client, tenant.slug)
    code = await sms_code(tenant.id)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    for _ in range(4):
        await sign_in(client, tenant.slug, wrong)

    assert (await sign_in(client, tenant.slug, code)).status_code == 201


async def test_a_code_expires_after_five_minutes(client, tenant, clock):
    await request_code(client, tenant.slug)
    code = await sms_code(tenant.id)
    clock.advance(minutes=5)

    assert (await sign_in(client, tenant.slug, code)).status_code == 401


async def test_a_new_code_replaces_the_old_one(client, tenant, clock):
    await request_code(client, tenant.slug)
    old = await sms_code(tenant.id)
    clock.advance(seconds=60)
    await request_code(client, tenant.slug)
    new = await sms_code(tenant.id)

    assert (await sign_in(client, tenant.slug, old)).status_code == 401 or old == new
    assert (await sign_in(client, tenant.slug, new)).status_code == 201


async def test_codes_are_refused_more_than_once_a_minute(client, tenant, clock):
    assert (await request_code(client, tenant.slug)).status_code == 202
    clock.advance(seconds=30)

    again = await request_code(client, tenant.slug)

    assert again.status_code == 429 and is_problem(again, "too_many_code_requests")
    assert again.json()["retry_after_s"] == 30
    assert "秒后再试" in again.json()["detail"] and "try again" in again.json()["detail_en"]
    clock.advance(seconds=30)
    assert (await request_code(client, tenant.slug)).status_code == 202


async def test_at_most_five_codes_an_hour(client, tenant, clock):
    for _ in range(5):
        assert (await request_code(client, tenant.slug)).status_code == 202
        clock.advance(minutes=2)  # 0, 2, 4, 6, 8 minutes: now 10 minutes in

    sixth = await request_code(client, tenant.slug)

    assert sixth.status_code == 429 and sixth.json()["retry_after_s"] == 50 * 60
    clock.advance(minutes=50)
    assert (await request_code(client, tenant.slug)).status_code == 202


async def test_the_answer_does_not_tell_whether_the_phone_is_a_member(client, tenant):
    await client.post(f"{API}/members", headers=tenant.headers, json={"phone": "13800138001", "name": "会员"})

    member = await request_code(client, tenant.slug, "13800138001")
    stranger = await request_code(client, tenant.slug, "13800138002")

    assert (member.status_code, member.json()) == (stranger.status_code, stranger.json())


async def test_bad_phone_and_unknown_tenant_are_problems(client, tenant):
    assert is_problem(await request_code(client, tenant.slug, "12345"), "invalid_phone")
    assert is_problem(await request_code(client, "no-such-shop"), "not_found")


# --- who may call what ----------------------------------------------------------------------


async def test_member_token_reads_own_profile_and_signs_out(client, tenant):
    session = await member_session(client, tenant)
    me = await client.get(f"{API}/me", headers=bearer(session["token"]))
    assert me.status_code == 200 and me.json()["id"] == session["member"]["id"]

    out = await client.delete(f"{API}/member-auth/session", headers=bearer(session["token"]))

    assert out.status_code == 204
    after = await client.get(f"{API}/me", headers=bearer(session["token"]))
    assert after.status_code == 401 and is_problem(after, "unauthenticated")


async def test_member_token_cannot_call_staff_routes(client, tenant):
    session = await member_session(client, tenant)
    headers = bearer(session["token"])

    for method, path in [("GET", "/members"), ("GET", f"/members/{session['member']['id']}"), ("GET", "/tenant"),
                         ("GET", "/messages"), ("POST", "/orders"), ("DELETE", "/auth/sessions/current")]:
        r = await client.request(method, f"{API}{path}", headers=headers, json={} if method == "POST" else None)
        assert r.status_code == 403 and is_problem(r, "staff_only"), (method, path, r.text)


async def test_staff_token_and_api_key_cannot_call_member_routes(client, tenant):
    key = (await client.post(f"{API}/api-keys", headers=tenant.headers,
                             json={"name": "POS", "scopes": ["members.read"]})).json()["key"]

    for headers in (tenant.headers, bearer(key)):
        for method, path in [("GET", "/me"), ("GET", "/me/balances"), ("DELETE", "/member-auth/session")]:
            r = await client.request(method, f"{API}{path}", headers=headers)
            assert r.status_code == 403 and is_problem(r, "members_only"), (method, path, r.text)


async def test_member_of_one_tenant_cannot_read_another(client, tenant, other_tenant):
    mine = await member_session(client, tenant)
    theirs = await member_session(client, other_tenant)  # the same phone, a different member

    r = await client.get(f"{API}/me", headers=bearer(mine["token"]))

    assert mine["member"]["id"] != theirs["member"]["id"]
    assert r.json()["id"] == mine["member"]["id"]
    # The other tenant's staff routes refuse the member outright, whatever the id.
    r = await client.get(f"{API}/members/{theirs['member']['id']}", headers=bearer(mine["token"]))
    assert r.status_code == 403
    # A code of one tenant does not sign in at the other.
    await request_code(client, tenant.slug, "13800138009")
    code = await sms_code(tenant.id, "13800138009")
    assert (await sign_in(client, other_tenant.slug, code, "13800138009")).status_code == 401


async def test_a_deleted_members_token_stops_working(client, tenant):
    session = await member_session(client, tenant)
    await client.delete(f"{API}/members/{session['member']['id']}", headers=tenant.headers)

    assert (await client.get(f"{API}/me", headers=bearer(session["token"]))).status_code == 401


async def test_member_tokens_expire_after_thirty_days(client, tenant, clock):
    session = await member_session(client, tenant)
    clock.advance(days=30)

    assert (await client.get(f"{API}/me", headers=bearer(session["token"]))).status_code == 401


async def test_one_address_asking_codes_for_many_phones_is_stopped_after_thirty_a_minute(client, tenant):
    answers = [await request_code(client, tenant.slug, f"1391111{n:04d}") for n in range(31)]
    assert [r.status_code for r in answers[:30]] == [202] * 30
    refused = answers[30]
    assert (refused.status_code, refused.json()["code"]) == (429, "too_many_code_requests")
    assert 1 <= refused.json()["retry_after_s"] <= 60
    from core.messages.tables import Message

    assert await Message.count().where(Message.template == "member_auth_code") == 30  # the 31st texted nothing
