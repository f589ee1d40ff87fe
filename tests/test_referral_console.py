"""全民推广 in the console: a manager adds a partner (a refused form keeps what was typed), approves
an application, prints a poster, sets a rule by item, pays a promoter out (a form sent twice pays
once; too much is refused), and a member's file shows who brought them."""

from checkout_helpers import main_store, make_item, make_member, open_order, pay
from console_helpers import post_form, sign_in
from referral_helpers import API, balances, bind, days_later, enable_referral, member_promoter, partner

PAGE = "/console/p/referral"


async def test_a_manager_adds_a_partner_and_approves_an_application(client, tenant):
    await enable_referral(client, tenant, approval_required=True)
    _, applied = await member_promoter(client, tenant, "13800000001")
    await sign_in(client, tenant.slug, "owner")
    r = await post_form(client, f"{PAGE}/", {"kind": "partner", "name": ""})
    assert r.status_code == 422 and 'id="referral-error"' in r.text
    r = await post_form(client, f"{PAGE}/", {"kind": "partner", "name": "隔壁健身房"}, follow_redirects=True)
    assert r.status_code == 200 and "隔壁健身房" in r.text and "待审核" not in r.text
    r = await post_form(client, f"{PAGE}/{applied['id']}/approve", follow_redirects=True)
    assert r.status_code == 200
    assert (await client.get(f"{API}/referral/promoters/{applied['id']}", headers=tenant.headers)).json()["status"] == "active"
    poster = await client.get(f"{PAGE}/{applied['id']}/poster")
    assert poster.status_code == 200 and applied["code"] in poster.text and "<svg" in poster.text


async def test_a_rule_by_item_is_added_and_removed(client, tenant):
    await enable_referral(client, tenant)
    item = await make_item(client, tenant, "lesson", 10_000)
    await sign_in(client, tenant.slug, "owner")
    page = (await client.get(f"{PAGE}/rules/")).text
    assert 'data-picker="items"' in page and 'id="rule-category"' in page  # picked, not typed as ids
    r = await post_form(client, f"{PAGE}/rules/", {"scope": "item", "sku": "no-such-sku", "mode": "percent", "level1": "5"})
    assert r.status_code == 404 and 'id="referral-error"' in r.text and 'value="no-such-sku"' in r.text
    r = await post_form(client, f"{PAGE}/rules/", {"scope": "item", "sku": item["sku"], "mode": "percent",
                                                   "level1": "12.5", "level2": "1"}, follow_redirects=True)
    assert r.status_code == 200 and "12.5%" in r.text
    rules = (await client.get(f"{API}/referral/rules", headers=tenant.headers)).json()["rules"]
    assert [(x["level1"], x["level2"]) for x in rules] == [(1_250, 100)]
    r = await post_form(client, f"{PAGE}/rules/{rules[0]['id']}/delete", follow_redirects=True)
    assert (await client.get(f"{API}/referral/rules", headers=tenant.headers)).json()["rules"] == []


async def test_a_payout_form_sent_twice_pays_once(client, tenant, clock, plugin_manager):
    await enable_referral(client, tenant, level1_bp=1_000, refund_window_days=0)
    gym = await partner(client, tenant)
    member = await make_member(client, tenant)
    await bind(client, tenant, member["id"], code=gym["code"])
    item = await make_item(client, tenant, "lesson", 10_000)
    order = await open_order(client, tenant, [{"item_id": item["id"]}], member_id=member["id"])
    await pay(client, tenant, order["id"], [{"kind": "cash", "amount_fen": 10_000}])
    await days_later(tenant, clock, plugin_manager, 1)
    store = await main_store(client, tenant)
    await sign_in(client, tenant.slug, "owner")
    form = {"promoter_id": str(gym["id"]), "amount": "6", "method": "cash", "store_id": str(store["id"]), "key": "k-1"}
    first = await post_form(client, f"{PAGE}/payouts/", form)
    again = await post_form(client, f"{PAGE}/payouts/", form)
    assert first.status_code == again.status_code == 200 and 'id="referral-paid"' in again.text
    assert await balances(client, tenant, gym["id"]) == (0, 400, 600, 0)
    r = await post_form(client, f"{PAGE}/payouts/", {**form, "amount": "5", "key": "k-2"})
    assert r.status_code == 409 and 'id="referral-error"' in r.text
    assert await balances(client, tenant, gym["id"]) == (0, 400, 600, 0)


async def test_the_member_file_shows_who_brought_them_and_the_promoter_they_are(client, tenant):
    await enable_referral(client, tenant)
    session, alice = await member_promoter(client, tenant, "13800000001")
    gym = await partner(client, tenant, "隔壁健身房")
    await bind(client, tenant, session["member"]["id"], promoter_id=gym["id"])
    await sign_in(client, tenant.slug, "owner")
    page = await client.get(f"/console/members/{session['member']['id']}?tab=referral")
    assert page.status_code == 200 and 'id="member-referral"' in page.text
    assert "隔壁健身房" in page.text and alice["code"] in page.text
