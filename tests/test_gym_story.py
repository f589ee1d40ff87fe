"""The gym story of PRODUCT.md, walked through the REST API as far as the product goes today,
and then on the member's phone (会员端): what the member sees of it all, and what they do there.

Extend it as each plugin lands (classes, referral... next): it is how we know the pieces make a
product.
"""

import datetime as dt
import re

from checkout_helpers import key, ledger_clean, main_store, move_to
from console_helpers import fresh_client
from member_helpers import bearer, member_session
from test_member_pages import member_sign_in, once_of, post_form


def _text(html: str, element_id: str) -> str:
    """The page's text from the element with ``element_id`` to the next element with an id
    (tags dropped, spaces folded): enough to read one figure where it is shown."""
    start = html.index(f'id="{element_id}"')
    end = html.find(' id="', start + 1)
    block = html[html.index(">", start) + 1:end if end > 0 else None]
    return " ".join(re.sub(r"<[^>]+>", " ", block).split())


async def test_gym_story(app, client, tenant, clock):
    owner = tenant.headers
    store = await main_store(client, tenant)
    at_desk = {**owner, "X-Store-Id": str(store["id"])}

    # The gym sells a personal-training card, a group-class card and a time card (私教卡/团课卡/时卡).
    cards = {}
    for sku, name, price, card in [
        ("pt-10", "私教卡 10 次", 300_000, {"card_type": "sessions", "sessions": 10}),
        ("group-20", "团课卡 20 次", 100_000, {"card_type": "sessions", "sessions": 20}),
        ("year", "年卡", 200_000, {"card_type": "time", "valid_days": 365}),
    ]:
        r = await client.post("/api/v1/items", headers=owner,
                              json={"sku": sku, "name": name, "kind": "card", "price_fen": price, "card": card})
        assert r.status_code == 201, r.text
        cards[sku] = r.json()

    # A member registers by phone, brought by a flyer distributor's code (渠道).
    r = await client.post("/api/v1/members", headers=at_desk,
                          json={"phone": "139 1234 5678", "name": "李健", "source_channel": "flyer:zhang"})
    assert r.status_code == 201, r.text
    member = r.json()
    assert member["phone"] == "+8613912345678"

    # A coach tags the member (goal, habits, free hours) and writes a note.
    coach = await tenant.add_staff("coach_wang", "staff")
    r = await client.put(f"/api/v1/members/{member['id']}/tags", headers=owner, json={"tags": ["增肌", "夜间"]})
    assert r.status_code == 200, r.text
    r = await client.post(f"/api/v1/members/{member['id']}/notes", headers=owner, json={"body": "周二周四晚上有空"})
    assert r.status_code == 201, r.text

    # "Top up 1000" (充值) brings cash in early; stored value is a liability until spent.
    r = await client.post(f"/api/v1/members/{member['id']}/top-ups", headers={**at_desk, **key()},
                          json={"amount_fen": 100_000, "tender": "cash"})
    assert r.status_code == 201, r.text
    assert r.json()["balance"]["principal_fen"] == 100_000

    # The member shows the member code on the phone; the desk scans it and finds the member.
    code = (await client.post(f"/api/v1/members/{member['id']}/code", headers=owner)).json()["code"]
    r = await client.post("/api/v1/members/resolve-code", headers={"Authorization": f"Bearer {coach}"}, json={"code": code})
    assert r.status_code == 200 and r.json()["id"] == member["id"]

    # The member buys the group-class card: part stored value, part card terminal.
    r = await client.post("/api/v1/orders", headers=at_desk,
                          json={"member_id": member["id"], "lines": [{"item_id": cards["group-20"]["id"]}]})
    order = r.json()
    r = await client.post(f"/api/v1/orders/{order['id']}/payments", headers={**at_desk, **key()}, json={"tenders": [
        {"kind": "stored_value", "amount_fen": 60_000},
        {"kind": "external", "amount_fen": 40_000, "reference": "POS-20260115-001"}]})
    assert r.status_code == 201, r.text
    assert await ledger_clean(tenant.id)

    # A visit is recorded at the desk; the member's file keeps spend and visits current.
    r = await client.post(f"/api/v1/members/{member['id']}/visits", headers=at_desk, json={})
    assert r.status_code in (200, 201), r.text
    profile = (await client.get(f"/api/v1/members/{member['id']}", headers=owner)).json()
    assert profile["total_spend_fen"] == 100_000 and profile["visit_count"] == 1

    # The order shows in the member's order history and statement (储值明细).
    history = (await client.get(f"/api/v1/orders?member_id={member['id']}", headers=owner)).json()
    assert [o["id"] for o in history["items"]] == [order["id"]]
    statement = (await client.get(f"/api/v1/members/{member['id']}/statements/stored_value_principal", headers=owner)).json()["items"]
    assert [line["amount"] for line in statement] == [-60_000, 100_000]

    # Half the card is refunded: the tenders give back in proportion; the books stay right.
    r = await client.post(f"/api/v1/orders/{order['id']}/refunds", headers={**at_desk, **key()},
                          json={"amount_fen": 50_000, "reason": "转让半张卡"})
    assert r.status_code == 201, r.text
    sv = (await client.get(f"/api/v1/members/{member['id']}/stored-value", headers=owner)).json()
    assert sv["principal_fen"] == 40_000 + 30_000
    assert await ledger_clean(tenant.id)

    # The owner reads the day: sales by tender, top-ups, refunds, what is owed to members.
    day = (await client.get(f"/api/v1/reports/daily/{store['id']}", headers=owner)).json()
    assert day["sales_by_tender"] == {"stored_value": 60_000, "external": 40_000}
    assert day["top_ups_fen"] == 100_000 and day["refunds_fen"] == 50_000
    assert day["stored_value_liability_fen"] == 70_000 and day["new_members"] == 1

    # The gym switches on cards (次卡与期限卡); the member buys a 10-session group-class card, which
    # pays for group classes only (适用范围: the category 团课).
    r = await client.post("/api/v1/plugins/cards/enable", headers=owner)
    assert r.status_code == 200, r.text
    group_classes = (await client.post("/api/v1/categories", headers=owner, json={"code": "group", "name": "团课"})).json()
    r = await client.post("/api/v1/items", headers=owner, json={
        "sku": "group-10", "name": "团课卡 10 次", "kind": "card", "price_fen": 60_000,
        "card": {"card_type": "sessions", "sessions": 10, "valid_days": 180, "covers_category_ids": [group_classes["id"]]}})
    assert r.status_code == 201, r.text
    r = await client.post("/api/v1/orders", headers=at_desk, json={"member_id": member["id"], "lines": [{"item_id": r.json()["id"]}]})
    r = await client.post(f"/api/v1/orders/{r.json()['id']}/payments", headers={**at_desk, **key()},
                          json={"tenders": [{"kind": "stored_value", "amount_fen": 60_000}]})
    assert r.status_code == 201, r.text
    [card] = (await client.get(f"/api/v1/members/{member['id']}/cards", headers=owner)).json()["items"]
    assert (card["name"], card["sessions_left"]) == ("团课卡 10 次", 10)

    # The member shows the member code; the desk scans it and one session is deducted (核销).
    code = (await client.post(f"/api/v1/members/{member['id']}/code", headers=owner)).json()["code"]
    r = await client.post("/api/v1/cards/uses", headers={**at_desk, **key()}, json={"member_code": code})
    assert r.status_code == 201, r.text
    assert (r.json()["card_id"], r.json()["sessions_left"]) == (card["id"], 9)

    # The card's statement (次数明细) shows the session taken, and its history the use.
    statement = (await client.get(f"/api/v1/cards/{card['id']}/statement", headers=owner)).json()["items"]
    assert [(line["amount"], line["balance_after"]) for line in statement] == [(-1, 9), (10, 10)]
    uses = (await client.get(f"/api/v1/cards/{card['id']}/uses", headers=owner)).json()["items"]
    assert [(u["kind"], u["method"]) for u in uses] == [("session", "code")]
    assert await ledger_clean(tenant.id)

    # The gym turns on its loyalty tools: 充1000送200, points, levels (白银 from ¥500 spent) and a
    # welcome pack (进店有礼) with a 满500减50 coupon.
    for name in ("stored_value", "points", "levels", "coupons"):
        assert (await client.post(f"/api/v1/plugins/{name}/enable", headers=owner)).status_code == 200
    r = await client.post("/api/v1/stored-value/bonus-rules", headers=owner,
                          json={"name": "充1000送200", "min_amount_fen": 100_000, "bonus_fen": 20_000})
    assert r.status_code == 201, r.text
    r = await client.put("/api/v1/levels/tiers", headers=owner, json={"tiers": [
        {"code": "regular", "name": "普通", "threshold": 0}, {"code": "silver", "name": "白银", "threshold": 50_000}]})
    assert r.status_code == 200, r.text
    r = await client.post("/api/v1/coupons/templates", headers=owner, json={
        "name": "新人满500减50", "kind": "threshold", "value_fen": 5_000, "min_spend_fen": 50_000, "valid_days": 30,
        "welcome": True})
    assert r.status_code == 201, r.text
    r = await client.post("/api/v1/items", headers=owner,
                          json={"sku": "pt-5", "name": "私教课 5 次", "kind": "service", "price_fen": 60_000})
    pt_class = r.json()

    # 李健 comes for a yoga class and personal training. The group-class card cannot pay for the
    # training; it pays the class with one session, the training is paid in cash, and only the cash
    # earns points (the card's share earned when the card was bought).
    r = await client.post("/api/v1/items", headers=owner, json={
        "sku": "yoga", "name": "瑜伽团课", "kind": "service", "price_fen": 6_000, "category_id": group_classes["id"]})
    r = await client.post("/api/v1/orders", headers=at_desk, json={
        "member_id": member["id"], "lines": [{"item_id": r.json()["id"]}, {"item_id": pt_class["id"]}]})
    visit, by_card = r.json(), {"kind": "card_sessions", "amount_fen": 66_000, "reference": str(card["id"])}
    r = await client.post(f"/api/v1/orders/{visit['id']}/payments", headers={**at_desk, **key()}, json={"tenders": [by_card]})
    assert (r.status_code, r.json()["code"]) == (422, "card_pays_covered_lines_only")
    r = await client.post(f"/api/v1/orders/{visit['id']}/payments", headers={**at_desk, **key()}, json={
        "tenders": [{**by_card, "amount_fen": 6_000}, {"kind": "cash", "amount_fen": 60_000}]})
    assert r.status_code == 201, r.text
    assert (await client.get(f"/api/v1/cards/{card['id']}", headers=owner)).json()["sessions_left"] == 8
    assert (await client.get(f"/api/v1/members/{member['id']}/points", headers=owner)).json()["balance"] == 600
    assert await ledger_clean(tenant.id)

    # A new member registers on the phone with an SMS code and finds the welcome pack.
    session = await member_session(client, tenant, phone="13712345678")
    newcomer, me = session["member"], bearer(session["token"])
    [welcome] = (await client.get("/api/v1/me/coupons", headers=me)).json()["items"]
    assert (welcome["name"], welcome["status"]) == ("新人满500减50", "available")

    # ¥1000 at the desk brings the ¥200 bonus, shown before confirming and posted with the top-up.
    r = await client.get("/api/v1/stored-value/bonus-preview", headers=owner,
                         params={"member_id": newcomer["id"], "amount_fen": 100_000})
    assert r.json()["bonus_fen"] == 20_000
    r = await client.post(f"/api/v1/members/{newcomer['id']}/top-ups", headers={**at_desk, **key()},
                          json={"amount_fen": 100_000, "tender": "cash"})
    assert (r.json()["balance"]["principal_fen"], r.json()["balance"]["bonus_fen"]) == (100_000, 20_000)
    assert await ledger_clean(tenant.id)

    # The class (¥600) with the coupon (¥50 off) is paid from stored value: ¥550.
    r = await client.post("/api/v1/orders", headers=at_desk,
                          json={"member_id": newcomer["id"], "lines": [{"item_id": pt_class["id"]}]})
    lesson = r.json()
    r = await client.post(f"/api/v1/orders/{lesson['id']}/coupons", headers=at_desk, json={"code": welcome["code"]})
    assert r.status_code == 201 and r.json()["total_fen"] == 55_000, r.text
    r = await client.post(f"/api/v1/orders/{lesson['id']}/payments", headers={**at_desk, **key()},
                          json={"tenders": [{"kind": "stored_value", "amount_fen": 55_000}]})
    assert r.status_code == 201, r.text
    assert await ledger_clean(tenant.id)

    # The member earned 550 points (1 per ¥1 paid), the coupon is used, and ¥550 spent made them 白银.
    assert (await client.get("/api/v1/me/points", headers=me)).json()["balance"] == 550
    assert [c["status"] for c in (await client.get("/api/v1/me/coupons", headers=me)).json()["items"]] == ["used"]
    level = (await client.get("/api/v1/me/level", headers=me)).json()
    assert (level["name"], level["progress"]) == ("白银", 55_000)

    # Half the class is refunded: ¥275 back to stored value, 275 points clawed back; the coupon
    # stays used (the refund returns what was paid, after its discount) and the level stays.
    r = await client.post(f"/api/v1/orders/{lesson['id']}/refunds", headers={**at_desk, **key()},
                          json={"amount_fen": 27_500, "reason": "少上两节半"})
    assert r.status_code == 201, r.text
    sv = (await client.get(f"/api/v1/members/{newcomer['id']}/stored-value", headers=owner)).json()
    assert sv["principal_fen"] + sv["bonus_fen"] == 120_000 - 55_000 + 27_500
    assert (await client.get("/api/v1/me/points", headers=me)).json()["balance"] == 275
    assert [c["status"] for c in (await client.get("/api/v1/me/coupons", headers=me)).json()["items"]] == ["used"]
    level = (await client.get("/api/v1/me/level", headers=me)).json()
    assert (level["name"], level["progress"]) == ("白银", 27_500)
    assert await ledger_clean(tenant.id)

    # A sign-in streak (连续打卡) of 7 days earns a gift: a visit at the desk signs the member in,
    # on the other days the member signs in on the phone; the desk hands the towel over.
    assert (await client.post("/api/v1/plugins/sign_in/enable", headers=owner)).status_code == 200
    first_day = clock.now() + dt.timedelta(days=1)
    for n in range(7):
        await move_to(tenant, clock, first_day + dt.timedelta(days=n))
        if n % 2 == 0:
            r = await client.post(f"/api/v1/members/{newcomer['id']}/visits", headers=tenant.headers)
        else:
            r = await client.post("/api/v1/me/sign-in", headers=me)
        assert r.status_code in (200, 201), r.text
    streak = (await client.get("/api/v1/me/sign-in", headers=me)).json()
    assert (streak["streak"], streak["cycle_day"], streak["total_days"]) == (7, 7, 7)
    assert (await client.get("/api/v1/me/points", headers=me)).json()["balance"] == 275 + 6 * 5 + 20
    [towel] = (await client.get("/api/v1/me/sign-in/gifts", headers=me)).json()["items"]
    assert (towel["name"], towel["status"]) == ("运动毛巾一条", "pending")
    r = await client.post(f"/api/v1/sign-in/gifts/{towel['id']}/collect", headers=tenant.headers)
    assert r.status_code == 200 and r.json()["status"] == "collected", r.text
    assert await ledger_clean(tenant.id)

    # The flyer distributor is a partner promoter (渠道推广码): a friend scans the flyer's QR code,
    # registers on the phone through it and is bound to the distributor; the friend's first class
    # earns the distributor 5% commission, pending until the refund window has passed.
    assert (await client.post("/api/v1/plugins/referral/enable", headers=tenant.headers)).status_code == 200
    r = await client.post("/api/v1/referral/promoters", headers=tenant.headers,
                          json={"kind": "partner", "name": "传单派发员小张"})
    assert r.status_code == 201, r.text
    flyer = r.json()
    friend = (await member_session(client, tenant, phone="13712340000", ref=flyer["code"]))["member"]
    brought = (await client.get(f"/api/v1/referral/members/{friend['id']}", headers=tenant.headers)).json()
    assert brought["brought_by"]["promoter_id"] == flyer["id"]
    r = await client.post("/api/v1/orders", headers={**tenant.headers, "X-Store-Id": str(store["id"])},
                          json={"member_id": friend["id"], "lines": [{"item_id": pt_class["id"]}]})
    r = await client.post(f"/api/v1/orders/{r.json()['id']}/payments", headers={**tenant.headers, **key()},
                          json={"tenders": [{"kind": "cash", "amount_fen": 60_000}]})
    assert r.status_code == 201, r.text
    flyer = (await client.get(f"/api/v1/referral/promoters/{flyer['id']}", headers=tenant.headers)).json()
    assert (flyer["pending_fen"], flyer["available_fen"]) == (3_000, 0)
    assert await ledger_clean(tenant.id)

    # The member spends 300 points in the points mall (积分商城) on a protein bar to pick up at the
    # gym, and the desk hands it over for the code on the phone.
    assert (await client.post("/api/v1/plugins/points_mall/enable", headers=tenant.headers)).status_code == 200
    r = await client.post("/api/v1/items", headers=tenant.headers,
                          json={"sku": "protein-bar", "name": "蛋白棒", "kind": "goods", "price_fen": 1_500})
    r = await client.post("/api/v1/points-mall/rewards", headers=tenant.headers, json={
        "kind": "goods", "title": "蛋白棒", "sku": "protein-bar", "points": 300, "stock": 10, "methods": ["pickup"]})
    assert r.status_code == 201, r.text
    r = await client.post(f"/api/v1/me/points-mall/rewards/{r.json()['id']}/exchange", headers={**me, **key()},
                          json={"method": "pickup", "store_id": store["id"]})
    assert r.status_code == 201, r.text
    r = await client.post("/api/v1/points-mall/pickups/verify", headers={**tenant.headers, "X-Store-Id": str(store["id"])},
                          json={"code": r.json()["pickup_code"]})
    assert r.status_code == 200 and r.json()["status"] == "collected", r.text
    assert (await client.get("/api/v1/me/points", headers=me)).json()["balance"] == 275 + 6 * 5 + 20 - 300
    assert await ledger_clean(tenant.id)

    # On the phone (会员端) the newcomer signs in with a texted code and finds it all on the card:
    # stored value, points, the 白银 level, the used welcome coupon, the seven-day streak.
    phone = fresh_client(app)
    async with phone:
        r = await member_sign_in(phone, tenant, phone="13712345678")
        assert r.status_code == 303, r.text
        card = (await phone.get(f"/m/{tenant.slug}/")).text
        assert "¥925.00" in _text(card, "balance-stored-value")  # ¥1,200 - ¥550 + ¥275
        assert _text(card, "balance-points").startswith("积分 25 ")
        coupons = (await phone.get(f"/m/{tenant.slug}/p/coupons/mine", params={"status": "used"})).text
        assert "新人满500减50" in coupons
        streak = (await phone.get(f"/m/{tenant.slug}/p/sign_in/")).text
        assert re.search(r'id="streak">7<', streak)

        # The desk opens an order for a towel the member forgot to bring; the member pays it on the
        # phone from stored value, once, however often the form is sent.
        desk = {**tenant.headers, "X-Store-Id": str(store["id"])}  # signed in again since the days moved
        r = await client.post("/api/v1/items", headers=desk,
                              json={"sku": "towel-2", "name": "运动毛巾", "kind": "goods", "price_fen": 2_500})
        r = await client.post("/api/v1/orders", headers=desk,
                              json={"member_id": newcomer["id"], "lines": [{"item_id": r.json()["id"]}]})
        towel_order = r.json()
        pay_page = await phone.get(f"/m/{tenant.slug}/mine/orders/{towel_order['id']}/pay")
        assert "¥25.00" in _text(pay_page.text, "order-total")
        form = {"_once": once_of(pay_page.text)}
        for _ in range(2):
            r = await post_form(phone, f"/m/{tenant.slug}/mine/orders/{towel_order['id']}/pay", form)
            assert r.status_code == 303
        sv = (await client.get(f"/api/v1/members/{newcomer['id']}/stored-value", headers=desk)).json()
        assert sv["principal_fen"] + sv["bonus_fen"] == 92_500 - 2_500
        assert await ledger_clean(tenant.id)

