"""The catalog over REST: goods, services and card products, prices in fen, barcodes, stores."""

from __future__ import annotations

import pytest

from core.catalog import schemas as cs
from core.catalog import service as catalog
from core.errors import Conflict

ITEMS = "/api/v1/items"
CATEGORIES = "/api/v1/categories"


async def post_item(client, tenant, **fields):
    body = {"sku": "SKU-1", "name": "矿泉水", "kind": "goods", "price_fen": 200, **fields}
    return await client.post(ITEMS, headers=tenant.headers, json=body)


async def make_item(client, tenant, **fields):
    r = await post_item(client, tenant, **fields)
    assert r.status_code == 201, r.text
    return r.json()


async def make_category(client, tenant, code="drinks", name="饮品", **fields):
    r = await client.post(CATEGORIES, headers=tenant.headers, json={"code": code, "name": name, **fields})
    assert r.status_code == 201, r.text
    return r.json()


async def make_store(client, tenant, code, name):
    r = await client.post("/api/v1/stores", headers=tenant.headers, json={"code": code, "name": name})
    assert r.status_code == 201, r.text
    return r.json()


async def first_store(client, tenant):
    return (await client.get("/api/v1/stores", headers=tenant.headers)).json()["items"][0]


async def list_items(client, tenant, **params):
    r = await client.get(ITEMS, headers=tenant.headers, params=params)
    assert r.status_code == 200, r.text
    return r.json()


def skus(page):
    return [item["sku"] for item in page["items"]]


# --- creating items ---------------------------------------------------------------------------


async def test_goods_item_is_created_with_category_and_every_store(client, tenant):
    category = await make_category(client, tenant)
    item = await make_item(client, tenant, barcode="6901234567892", category_id=category["id"])
    assert item["price_fen"] == 200
    assert item["unit"] == "件"
    assert item["active"] is True
    assert item["card"] is None
    assert item["category"] == {"id": category["id"], "name": "饮品"}
    assert [s["available"] for s in item["stores"]] == [True]


async def test_service_item_is_created(client, tenant):
    item = await make_item(client, tenant, sku="CUT", name="洗剪吹", kind="service", price_fen=3800, unit="次")
    assert (item["kind"], item["unit"], item["barcode"]) == ("service", "次", None)


async def test_sessions_card_keeps_its_terms(client, tenant):
    card = {"card_type": "sessions", "sessions": 10, "valid_days": 365}
    item = await make_item(client, tenant, sku="CARD10", name="十次卡", kind="card", price_fen=88800, card=card)
    kept = {**card, "covers_item_ids": [], "covers_category_ids": []}  # no scope: it covers everything
    assert item["card"] == kept
    again = (await client.get(f"{ITEMS}/{item['id']}", headers=tenant.headers)).json()
    assert again["card"] == kept


async def test_time_card_needs_valid_days(client, tenant):
    r = await post_item(client, tenant, kind="card", card={"card_type": "time"})
    assert r.status_code == 422
    assert r.json()["field"] == "card.valid_days"
    year = await make_item(client, tenant, kind="card", name="年卡", card={"card_type": "time", "valid_days": 365})
    assert year["card"]["valid_days"] == 365


async def test_duplicate_sku_is_a_conflict(client, tenant):
    await make_item(client, tenant)
    r = await post_item(client, tenant, name="另一个")
    assert r.status_code == 409
    assert r.headers["content-type"].startswith("application/problem+json")
    assert (r.json()["code"], r.json()["field"]) == ("conflict", "sku")


async def test_duplicate_barcode_is_a_conflict_but_many_items_have_none(client, tenant):
    await make_item(client, tenant, sku="A", barcode="6901234567892")
    await make_item(client, tenant, sku="B")
    await make_item(client, tenant, sku="C")
    r = await post_item(client, tenant, sku="D", barcode="6901234567892")
    assert r.status_code == 409
    assert r.json()["field"] == "barcode"


async def test_racing_duplicate_barcode_still_names_the_field(tenant, monkeypatch):
    """Two tills adding the same barcode at once both pass the check; the unique index decides."""
    ctx = await tenant.ctx()
    await catalog.create_item(ctx, cs.ItemCreate(sku="A", name="可乐", kind="goods", price_fen=300, barcode="690"))

    async def raced_past(*args):
        return None

    monkeypatch.setattr(catalog, "_check_unique", raced_past)
    with pytest.raises(Conflict) as caught:
        await catalog.create_item(ctx, cs.ItemCreate(sku="B", name="可乐", kind="goods", price_fen=300, barcode="690"))
    assert caught.value.extra["field"] == "barcode"
    with pytest.raises(Conflict) as caught:
        await catalog.create_item(ctx, cs.ItemCreate(sku="A", name="可乐", kind="goods", price_fen=300))
    assert caught.value.extra["field"] == "sku"


async def test_same_sku_in_another_tenant_is_fine(client, tenant, other_tenant):
    await make_item(client, tenant)
    await make_item(client, other_tenant)


@pytest.mark.parametrize("price_fen", [-1, 100_000_000_01, 1.5])
async def test_bad_price_is_refused(client, tenant, price_fen):
    r = await post_item(client, tenant, price_fen=price_fen)
    assert r.status_code == 400
    assert r.json()["code"] == "invalid_request"
    assert (await list_items(client, tenant))["items"] == []


async def test_card_without_sessions_is_invalid(client, tenant):
    r = await post_item(client, tenant, kind="card", card={"card_type": "sessions"})
    assert r.status_code == 422
    assert (r.json()["code"], r.json()["field"]) == ("invalid_input", "card.sessions")


async def test_card_without_terms_is_invalid(client, tenant):
    r = await post_item(client, tenant, kind="card")
    assert r.status_code == 422
    assert r.json()["field"] == "card"


async def test_goods_with_card_terms_are_invalid(client, tenant):
    r = await post_item(client, tenant, card={"card_type": "sessions", "sessions": 5})
    assert r.status_code == 422
    assert r.json()["field"] == "card"
    assert (await list_items(client, tenant))["items"] == []


async def test_cashier_reads_but_cannot_write_the_catalog(client, tenant):
    await make_item(client, tenant)
    auth = {"Authorization": f"Bearer {await tenant.add_staff('cashier1', 'cashier')}"}
    assert (await client.get(ITEMS, headers=auth)).status_code == 200
    r = await client.post(ITEMS, headers=auth, json={"sku": "X", "name": "x", "kind": "goods", "price_fen": 1})
    assert r.status_code == 403


# --- changing items ---------------------------------------------------------------------------


async def test_price_change_and_deactivation_keep_the_item(client, tenant):
    item = await make_item(client, tenant)
    r = await client.patch(f"{ITEMS}/{item['id']}", headers=tenant.headers, json={"price_fen": 250})
    assert r.json()["price_fen"] == 250
    r = await client.delete(f"{ITEMS}/{item['id']}", headers=tenant.headers)
    assert r.status_code == 200
    assert r.json()["active"] is False
    assert skus(await list_items(client, tenant, active="false")) == ["SKU-1"]
    assert skus(await list_items(client, tenant, active="true")) == []


async def test_changing_to_a_taken_sku_is_a_conflict(client, tenant):
    await make_item(client, tenant, sku="A")
    b = await make_item(client, tenant, sku="B")
    r = await client.patch(f"{ITEMS}/{b['id']}", headers=tenant.headers, json={"sku": "A"})
    assert r.status_code == 409
    r = await client.patch(f"{ITEMS}/{b['id']}", headers=tenant.headers, json={"sku": "B", "name": "新名"})
    assert r.status_code == 200, r.text


async def test_goods_cannot_become_a_card_without_terms(client, tenant):
    item = await make_item(client, tenant)
    r = await client.patch(f"{ITEMS}/{item['id']}", headers=tenant.headers, json={"kind": "card"})
    assert r.status_code == 422
    r = await client.patch(f"{ITEMS}/{item['id']}", headers=tenant.headers,
                           json={"kind": "card", "card": {"card_type": "stored"}})
    assert r.json()["card"] == {"card_type": "stored", "sessions": None, "valid_days": None, "covers_item_ids": [],
                                "covers_category_ids": []}


# --- categories -------------------------------------------------------------------------------


async def test_category_in_use_cannot_be_deleted(client, tenant):
    category = await make_category(client, tenant)
    item = await make_item(client, tenant, category_id=category["id"])
    r = await client.delete(f"{CATEGORIES}/{category['id']}", headers=tenant.headers)
    assert r.status_code == 409
    await client.patch(f"{ITEMS}/{item['id']}", headers=tenant.headers, json={"category_id": None})
    r = await client.delete(f"{CATEGORIES}/{category['id']}", headers=tenant.headers)
    assert r.status_code == 204
    assert (await client.get(CATEGORIES, headers=tenant.headers)).json()["items"] == []


async def test_category_cannot_sit_below_itself(client, tenant):
    drinks = await make_category(client, tenant)
    tea = await make_category(client, tenant, code="tea", name="茶饮", parent_id=drinks["id"])
    r = await client.patch(f"{CATEGORIES}/{drinks['id']}", headers=tenant.headers, json={"parent_id": tea["id"]})
    assert r.status_code == 422
    assert r.json()["field"] == "parent_id"


async def test_category_filter_includes_sub_categories(client, tenant):
    drinks = await make_category(client, tenant)
    tea = await make_category(client, tenant, code="tea", name="茶饮", parent_id=drinks["id"])
    snacks = await make_category(client, tenant, code="snacks", name="零食")
    await make_item(client, tenant, sku="TEA", category_id=tea["id"])
    await make_item(client, tenant, sku="CHIPS", category_id=snacks["id"])
    assert skus(await list_items(client, tenant, category_id=drinks["id"])) == ["TEA"]


async def test_duplicate_category_code_is_a_conflict(client, tenant):
    await make_category(client, tenant)
    r = await client.post(CATEGORIES, headers=tenant.headers, json={"code": "drinks", "name": "又一个"})
    assert (r.status_code, r.json()["field"]) == (409, "code")


# --- stores, barcodes, search, pages ----------------------------------------------------------


async def test_stores_listed_as_available_limit_the_item_to_them(client, tenant):
    main = await first_store(client, tenant)
    east = await make_store(client, tenant, "east", "东店")
    item = await make_item(client, tenant, sku="ONLY-EAST")
    await make_item(client, tenant, sku="EVERYWHERE")
    r = await client.put(f"{ITEMS}/{item['id']}/stores", headers=tenant.headers,
                         json={"stores": [{"store_id": east["id"], "available": True}]})
    assert r.status_code == 200, r.text
    assert {s["store_id"]: s["available"] for s in r.json()["stores"]} == {main["id"]: False, east["id"]: True}
    assert skus(await list_items(client, tenant, store_id=main["id"])) == ["EVERYWHERE"]
    assert skus(await list_items(client, tenant, store_id=east["id"])) == ["EVERYWHERE", "ONLY-EAST"]


async def test_store_marked_unavailable_hides_the_item_only_there(client, tenant):
    main = await first_store(client, tenant)
    east = await make_store(client, tenant, "east", "东店")
    item = await make_item(client, tenant)
    await client.put(f"{ITEMS}/{item['id']}/stores", headers=tenant.headers,
                     json={"stores": [{"store_id": main["id"], "available": False}]})
    west = await make_store(client, tenant, "west", "西店")  # a store opened later sells it too
    assert skus(await list_items(client, tenant, store_id=main["id"])) == []
    assert skus(await list_items(client, tenant, store_id=east["id"])) == ["SKU-1"]
    assert skus(await list_items(client, tenant, store_id=west["id"])) == ["SKU-1"]
    r = await client.put(f"{ITEMS}/{item['id']}/stores", headers=tenant.headers, json={"stores": []})
    assert all(s["available"] for s in r.json()["stores"])


async def test_scanner_finds_item_by_exact_barcode(client, tenant):
    await make_item(client, tenant, sku="A", barcode="6901234567892", name="可乐")
    r = await client.get(f"{ITEMS}/by-barcode/6901234567892", headers=tenant.headers)
    assert (r.status_code, r.json()["name"]) == (200, "可乐")
    r = await client.get(f"{ITEMS}/by-barcode/690123456789", headers=tenant.headers)
    assert r.status_code == 404
    assert r.json()["code"] == "not_found"


async def test_search_matches_name_sku_and_barcode(client, tenant):
    await make_item(client, tenant, sku="COLA-330", name="可口可乐 330ml", barcode="6901234567892")
    await make_item(client, tenant, sku="TEA-500", name="冰红茶")
    await make_item(client, tenant, sku="X_1", name="百分百%果汁")
    assert skus(await list_items(client, tenant, q="可乐")) == ["COLA-330"]
    assert skus(await list_items(client, tenant, q="tea")) == ["TEA-500"]
    assert skus(await list_items(client, tenant, q="4567")) == ["COLA-330"]
    assert skus(await list_items(client, tenant, q="%")) == ["X_1"]  # taken literally, not a wildcard
    assert skus(await list_items(client, tenant, q="_")) == ["X_1"]
    assert skus(await list_items(client, tenant, kind="service")) == []


async def test_pages_walk_every_item_newest_first(client, tenant):
    for n in range(7):
        await make_item(client, tenant, sku=f"S{n}")
    seen, cursor = [], None
    while True:
        page = await list_items(client, tenant, limit=3, **({"cursor": cursor} if cursor else {}))
        seen += skus(page)
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == [f"S{n}" for n in reversed(range(7))]


async def test_bad_cursor_is_invalid_input(client, tenant):
    r = await client.get(ITEMS, headers=tenant.headers, params={"cursor": "nonsense"})
    assert r.status_code == 422
    assert r.json()["field"] == "cursor"


# --- another tenant's ids ---------------------------------------------------------------------


async def test_another_tenants_item_is_not_found_and_unchanged(client, tenant, other_tenant):
    theirs = await make_item(client, other_tenant, name="他们的水", barcode="6901234567892")
    url = f"{ITEMS}/{theirs['id']}"
    assert (await client.get(url, headers=tenant.headers)).status_code == 404
    assert (await client.patch(url, headers=tenant.headers, json={"price_fen": 1})).status_code == 404
    assert (await client.delete(url, headers=tenant.headers)).status_code == 404
    mine = await first_store(client, tenant)
    r = await client.put(f"{url}/stores", headers=tenant.headers,
                         json={"stores": [{"store_id": mine["id"], "available": False}]})
    assert r.status_code == 404
    assert (await client.get(f"{ITEMS}/by-barcode/6901234567892", headers=tenant.headers)).status_code == 404
    assert (await client.get(url, headers=other_tenant.headers)).json() == theirs


async def test_another_tenants_category_and_store_are_not_found(client, tenant, other_tenant):
    their_category = await make_category(client, other_tenant)
    their_store = await first_store(client, other_tenant)
    r = await post_item(client, tenant, category_id=their_category["id"])
    assert r.status_code == 404
    mine = await make_item(client, tenant, sku="MINE")
    r = await client.patch(f"{ITEMS}/{mine['id']}", headers=tenant.headers, json={"category_id": their_category["id"]})
    assert r.status_code == 404
    r = await client.put(f"{ITEMS}/{mine['id']}/stores", headers=tenant.headers,
                         json={"stores": [{"store_id": their_store["id"], "available": True}]})
    assert r.status_code == 404
    r = await client.get(ITEMS, headers=tenant.headers, params={"store_id": their_store["id"]})
    assert r.status_code == 404
    r = await client.delete(f"{CATEGORIES}/{their_category['id']}", headers=tenant.headers)
    assert r.status_code == 404
    r = await client.post(CATEGORIES, headers=tenant.headers, json={"code": "x", "name": "x", "parent_id": their_category["id"]})
    assert r.status_code == 404
    assert (await client.get(f"{ITEMS}/{mine['id']}", headers=tenant.headers)).json() == mine
    assert (await client.get(CATEGORIES, headers=other_tenant.headers)).json()["items"] == [their_category]
