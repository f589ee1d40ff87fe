"""签到 in the console: the plan saved from one form (a refused one keeps what was typed), gifts
handed over at the desk once, and the member's file with the streak, the month and the desk's sign-in."""

from checkout_helpers import make_member
from console_helpers import post_form
from console_helpers import sign_in as console_sign_in
from sign_in_helpers import enable_sign_in, phone_member

PAGE = "/console/p/sign_in/"


def plan_form(cycle_days, rows):
    form = {"cycle_days": cycle_days}
    for i, row in enumerate(rows):
        form.update({f"{k}_{i}": v for k, v in row.items()})
    return form


async def plan_of(client, tenant):
    r = await client.get("/api/v1/sign-in/plan", headers=tenant.headers)
    assert r.status_code == 200, r.text
    return r.json()


async def test_a_manager_saves_the_plan_from_one_form(client, tenant):
    await enable_sign_in(client, tenant)
    await console_sign_in(client, tenant.slug, "owner")
    page = await client.get(PAGE)
    assert page.status_code == 200 and "运动毛巾一条" in page.text and 'id="edit-sign-in-plan"' in page.text
    rows = [{"when": "1", "kind": "points", "value": "10"}, {"when": "5", "kind": "gift", "value": "水杯", "value_en": "A cup"},
            {"when": "cycle", "kind": "coupon", "value": "42"}, {"when": "2", "kind": "points", "value": ""}]
    r = await post_form(client, PAGE + "plan", plan_form("5", rows), follow_redirects=True)
    assert r.status_code == 200, r.text
    plan = await plan_of(client, tenant)
    assert plan["cycle_days"] == 5
    assert [(x["day"], x["kind"], x["points"], x["gift"], x["gift_en"]) for x in plan["day_rewards"]] == [
        (1, "points", 10, "", ""), (5, "gift", 0, "水杯", "A cup")]  # the blank row is skipped
    assert [(x["kind"], x["template_id"]) for x in plan["cycle_rewards"]] == [("coupon", 42)]
    assert "第 5 天：礼品：水杯（到店领取）" in r.text


async def test_a_refused_plan_keeps_what_was_typed_and_changes_nothing(client, tenant):
    await enable_sign_in(client, tenant)
    await console_sign_in(client, tenant.slug, "owner")
    before = await plan_of(client, tenant)
    r = await post_form(client, PAGE + "plan", plan_form("5", [{"when": "6", "kind": "gift", "value": "保温杯"}]))
    assert r.status_code == 422 and 'id="sign-in-error"' in r.text and 'value="保温杯"' in r.text
    assert "没有第 6 天" in r.text
    r = await post_form(client, PAGE + "plan", plan_form("7", [{"when": "1", "kind": "points", "value": "十"}]))
    assert r.status_code == 422 and "须为正整数" in r.text and 'value="十"' in r.text
    r = await post_form(client, PAGE + "plan", plan_form("seven", []))
    assert r.status_code == 422 and "周期天数须为整数" in r.text
    assert await plan_of(client, tenant) == before


async def test_the_desk_signs_a_member_in_from_their_file_and_hands_the_gift_over_once(client, tenant):
    await enable_sign_in(client, tenant)
    r = await client.put("/api/v1/sign-in/plan", headers=tenant.headers,
                         json={"cycle_days": 1, "cycle_rewards": [{"kind": "gift", "gift": "蛋白粉小样"}]})
    assert r.status_code == 200, r.text
    member = await make_member(client, tenant)
    await console_sign_in(client, tenant.slug, "owner")
    file = await client.get(f"/console/members/{member['id']}?tab=sign_in")
    assert 'id="desk-sign-in"' in file.text and 'data-streak>0<' in file.text
    r = await post_form(client, f"{PAGE}members/{member['id']}", {}, follow_redirects=True)
    assert r.status_code == 200, r.text
    assert 'data-streak>1<' in r.text and 'id="desk-sign-in"' not in r.text and "蛋白粉小样" in r.text
    assert 'data-signed="daily"' in r.text  # today, in the month
    page = await client.get(PAGE)
    assert "data-pending>1<" in page.text
    gift_id = (await client.get("/api/v1/sign-in/gifts", headers=tenant.headers)).json()["items"][0]["id"]
    r = await post_form(client, f"{PAGE}gifts/{gift_id}/collect", {"back": "member"})
    assert (r.status_code, r.headers["location"]) == (302, f"/console/members/{member['id']}?tab=sign_in")
    r = await post_form(client, f"{PAGE}gifts/{gift_id}/collect", {})
    assert r.status_code == 409 and "已领取" in r.text
    assert "data-pending>0<" in (await client.get(PAGE)).text


async def test_a_cashier_hands_gifts_over_but_cannot_change_the_plan(client, tenant):
    await enable_sign_in(client, tenant)
    await tenant.add_staff("cashier1", "cashier")
    phone = await phone_member(client, tenant)
    await console_sign_in(client, tenant.slug, "cashier1")
    page = await client.get(PAGE)
    assert page.status_code == 200 and 'id="edit-sign-in-plan"' not in page.text
    before = await plan_of(client, tenant)
    r = await post_form(client, PAGE + "plan", plan_form("3", []))
    assert r.status_code == 403
    assert await plan_of(client, tenant) == before
    assert 'id="desk-sign-in"' in (await client.get(f"/console/members/{phone.id}?tab=sign_in")).text
