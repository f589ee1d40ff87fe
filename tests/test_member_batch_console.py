"""会员批量操作 in the console: members ticked in the list (or all the filter matches), the action's
fields, a confirmation naming how many and who, the result with each skip and why; the permission,
the cap, other tenants' ids, disabled plugins and a confirmation posted twice."""

import re

from checkout_helpers import make_member
from console_helpers import post_form, sign_in
from coupons_helpers import coupons_of, enable_coupons, template
from levels_helpers import enable_levels, history_of, level_of

LIST = "/console/members"
BATCH = "/console/members/batch"
APPLY = "/console/members/batch/apply"


async def members(client, tenant, count, tag=None):
    made = []
    for i in range(count):
        m = await make_member(client, tenant, phone=f"1390000{i:04d}", name=f"会员{i}")
        if tag:
            r = await client.put(f"/api/v1/members/{m['id']}/tags", headers=tenant.headers, json={"tags": [tag]})
            assert r.status_code == 200, r.text
        made.append(m)
    return made


def confirmation(page):
    """The confirmation form's fields, as the browser would post them."""
    form = page.split('id="batch-confirm"', 1)[1].split("</form>", 1)[0]
    fields = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form)
    data: dict[str, list[str] | str] = {}
    for name, value in fields:
        if name == "member_id":
            data.setdefault("member_id", []).append(value)  # type: ignore[union-attr]
        elif name != "_csrf":
            data[name] = value
    return data


async def test_a_tag_is_added_to_the_ticked_members_after_a_confirmation(client, tenant):
    a, b, c = await members(client, tenant, 3)
    await sign_in(client, tenant.slug, "owner")
    page = await client.get(LIST)
    assert 'id="member-batch"' in page.text and 'value="tags.add"' in page.text
    fields = await post_form(client, BATCH, {"action": "tags.add", "member_id": [a["id"], b["id"]]})
    assert fields.status_code == 200 and 'id="batch-fields"' in fields.text and "已选 2 位会员" in fields.text
    review = await post_form(client, BATCH, {"action": "tags.add", "member_id": [a["id"], b["id"]],
                                             "step": "review", "v_tag": "高危流失"})
    assert review.status_code == 200 and 'id="batch-confirm"' in review.text
    assert "将对 2 位会员执行：打标签：标签「高危流失」" in review.text and "会员0" in review.text
    done = await post_form(client, APPLY, confirmation(review.text))
    assert done.status_code == 200 and "已完成 2 位，跳过 0 位" in done.text
    tagged = (await client.get(LIST, params={"tag": "高危流失"})).text
    assert "会员0" in tagged and "会员1" in tagged and "会员2" not in tagged


async def test_a_confirmation_posted_twice_runs_once_and_shows_the_same_result(client, tenant):
    (a,) = await members(client, tenant, 1)
    await sign_in(client, tenant.slug, "owner")
    review = await post_form(client, BATCH, {"action": "tags.add", "member_id": [a["id"]], "step": "review",
                                             "v_tag": "VIP"})
    data = confirmation(review.text)
    first = await post_form(client, APPLY, data)
    again = await post_form(client, APPLY, data)
    assert "已完成 1 位，跳过 0 位" in first.text and "已完成 1 位，跳过 0 位" in again.text
    # A new confirmation of the same change is a new batch: the member already has the tag.
    later = await post_form(client, APPLY, {**data, "batch_key": "another"})
    assert "已完成 0 位，跳过 1 位" in later.text and "已有标签「VIP」" in later.text


async def test_all_members_matching_the_filter_and_a_tag_removed(client, tenant):
    await members(client, tenant, 3, tag="旧客")
    await make_member(client, tenant, phone="13700000000", name="别人")
    await sign_in(client, tenant.slug, "owner")
    review = await post_form(client, BATCH, {"action": "tags.remove", "scope": "all", "tag": "旧客",
                                             "step": "review", "v_tag": "旧客"})
    assert "将对 3 位会员执行" in review.text
    done = await post_form(client, APPLY, confirmation(review.text))
    assert "已完成 3 位" in done.text
    assert "No members" in (await client.get(LIST, params={"tag": "旧客"})).text or \
        "没有找到会员" in (await client.get(LIST, params={"tag": "旧客"})).text


async def test_a_batch_over_the_cap_is_refused_with_a_clear_message(client, tenant, monkeypatch):
    from core.members import batch

    monkeypatch.setattr(batch, "MAX_BATCH", 2)
    made = await members(client, tenant, 3)
    await sign_in(client, tenant.slug, "owner")
    r = await post_form(client, BATCH, {"action": "tags.add", "member_id": [m["id"] for m in made]})
    assert r.status_code == 422 and "一次最多操作 2 位会员，已选 3 位" in r.text and "<html" in r.text
    r = await post_form(client, BATCH, {"action": "tags.add", "scope": "all"})
    assert r.status_code == 422 and "一次最多操作 2 位会员" in r.text
    assert "超过 2 位" in (await client.get(LIST)).text


async def test_another_tenants_members_are_left_out(client, tenant, other_tenant):
    (mine,) = await members(client, tenant, 1)
    theirs = await make_member(client, other_tenant, phone="13600000000", name="别家会员")
    await sign_in(client, tenant.slug, "owner")
    review = await post_form(client, BATCH, {"action": "tags.add", "member_id": [mine["id"], theirs["id"]],
                                             "step": "review", "v_tag": "VIP"})
    assert "将对 1 位会员执行" in review.text and "别家会员" not in review.text
    forged = {**confirmation(review.text), "member_id": [str(mine["id"]), str(theirs["id"])]}
    done = await post_form(client, APPLY, forged)
    assert "已完成 1 位，跳过 1 位" in done.text and "未找到会员" in done.text
    r = await client.get(f"/api/v1/members/{theirs['id']}", headers=other_tenant.headers)
    assert r.json()["tags"] == []
    only_theirs = await post_form(client, BATCH, {"action": "tags.add", "member_id": [theirs["id"]]})
    assert only_theirs.status_code == 422 and "请先勾选会员" in only_theirs.text


async def test_a_cashier_is_not_offered_coupons_and_is_refused_them_as_a_page(client, tenant):
    await enable_coupons(client, tenant)
    tpl = await template(client, tenant, name="满减券")
    (m,) = await members(client, tenant, 1)
    await tenant.add_staff("cashier1", "cashier")
    await sign_in(client, tenant.slug, "cashier1")
    page = await client.get(LIST)
    assert 'value="tags.add"' in page.text and 'value="coupons.send"' not in page.text
    r = await post_form(client, BATCH, {"action": "coupons.send", "member_id": [m["id"]], "step": "review",
                                        "v_template_id": str(tpl["id"])})
    assert r.status_code == 403 and "<html" in r.text and "没有权限" in r.text
    r = await post_form(client, APPLY, {"action": "coupons.send", "member_id": [m["id"]], "batch_key": "k",
                                        "v_template_id": str(tpl["id"])})
    assert r.status_code == 403
    assert await coupons_of(client, tenant, m) == []


async def test_a_disabled_plugins_action_is_not_offered_and_refused_if_posted(client, tenant):
    (m,) = await members(client, tenant, 1)
    await sign_in(client, tenant.slug, "owner")
    page = await client.get(LIST)
    assert 'value="coupons.send"' not in page.text and 'value="levels.set"' not in page.text
    r = await post_form(client, APPLY, {"action": "coupons.send", "member_id": [m["id"]], "batch_key": "k",
                                        "v_template_id": "1"})
    assert r.status_code == 404 and "<html" in r.text and "未找到批量操作" in r.text


async def test_a_coupon_is_sent_to_members_and_those_over_the_limit_are_skipped(client, tenant):
    await enable_coupons(client, tenant)
    tpl = await template(client, tenant, name="新人券", per_member_limit=1)
    a, b = await members(client, tenant, 2)
    r = await client.post(f"/api/v1/coupons/templates/{tpl['id']}/issue", headers=tenant.headers,
                          json={"member_id": a["id"]})
    assert r.status_code == 201
    await sign_in(client, tenant.slug, "owner")
    fields = await post_form(client, BATCH, {"action": "coupons.send", "member_id": [a["id"], b["id"]]})
    assert f'<option value="{tpl["id"]}"' in fields.text and "新人券" in fields.text
    review = await post_form(client, BATCH, {"action": "coupons.send", "member_id": [a["id"], b["id"]],
                                             "step": "review", "v_template_id": str(tpl["id"])})
    assert "发优惠券：优惠券「新人券」" in review.text
    done = await post_form(client, APPLY, confirmation(review.text))
    assert "已完成 1 位，跳过 1 位" in done.text and "会员0" in done.text
    assert len(await coupons_of(client, tenant, a)) == 1 and len(await coupons_of(client, tenant, b)) == 1


async def test_a_template_not_in_the_list_is_refused_on_the_fields_page(client, tenant):
    await enable_coupons(client, tenant)
    (m,) = await members(client, tenant, 1)
    await sign_in(client, tenant.slug, "owner")
    r = await post_form(client, BATCH, {"action": "coupons.send", "member_id": [m["id"]], "step": "review",
                                        "v_template_id": "999999"})
    assert r.status_code == 422 and "请从列表中选择优惠券" in r.text and 'id="batch-fields"' in r.text


async def test_levels_are_changed_by_hand_with_the_reason_in_each_history(client, tenant):
    await enable_levels(client, tenant)
    a, b = await members(client, tenant, 2)
    await sign_in(client, tenant.slug, "owner")
    review = await post_form(client, BATCH, {"action": "levels.set", "member_id": [a["id"], b["id"]],
                                             "step": "review", "v_code": "gold", "v_reason": "年卡会员"})
    assert "调整等级：等级「黄金」，原因「年卡会员」" in review.text
    done = await post_form(client, APPLY, confirmation(review.text))
    assert "已完成 2 位" in done.text
    for m in (a, b):
        assert (await level_of(client, tenant, m))["code"] == "gold"
        assert [h["reason"] for h in await history_of(client, tenant, m)] == ["年卡会员"]
    again = await post_form(client, APPLY, {**confirmation(review.text), "batch_key": "second"})
    assert "已完成 0 位，跳过 2 位" in again.text and "已是该等级" in again.text


async def test_a_level_change_without_a_reason_asks_for_it(client, tenant):
    await enable_levels(client, tenant)
    (m,) = await members(client, tenant, 1)
    await sign_in(client, tenant.slug, "owner")
    data = {"action": "levels.set", "member_id": [m["id"]], "step": "review", "v_code": "gold"}
    r = await post_form(client, BATCH, data)
    assert r.status_code == 422 and "请填写原因" in r.text
