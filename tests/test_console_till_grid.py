"""The till's item grid, steppers and held-orders drawer over HTTP, as a browser without script uses them:
a tile adds one, − / + change a line by one, the category tabs filter, and what may not be sold is
refused with the till's page (never JSON)."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from tests.checkout_helpers import make_item, make_member
from tests.console_helpers import post_form, sign_in


async def _category(client, tenant, code: str, name: str) -> dict:
    r = await client.post("/api/v1/categories", headers=tenant.headers, json={"code": code, "name": name})
    assert r.status_code == 201, r.text
    return r.json()


async def _cashier_at_a_grid(client, tenant) -> dict:
    drinks = await _category(client, tenant, "drinks", "饮品")
    towels = await _category(client, tenant, "towels", "毛巾")
    items = {
        "A1": await make_item(client, tenant, "A1", 1000, name="矿泉水", category_id=drinks["id"]),
        "B2": await make_item(client, tenant, "B2", 2500, name="运动饮料", category_id=drinks["id"]),
        "C3": await make_item(client, tenant, "C3", 3000, name="速干毛巾", category_id=towels["id"]),
    }
    await tenant.add_staff("cashier1", "cashier")
    await sign_in(client, tenant.slug, "cashier1")
    return {"drinks": drinks, "towels": towels, "items": items}


def _tiles(html: str) -> list[str]:
    return re.findall(r'data-tile="([^"]+)"', html)


def _tile_quantity(html: str, sku: str) -> str | None:
    tile = html.split(f'data-tile="{sku}"', 1)[1].split("</button>", 1)[0]
    found = re.search(r"data-tile-qty[^>]*>(\d+)<", tile)
    return found.group(1) if found else None


def _line_quantity(html: str, sku: str) -> str | None:
    row = re.search(rf'<tr data-line="{sku}">(.*?)</tr>', html, re.S)
    return re.search(r'name="qty_\d+" value="(\d+)"', row.group(1)).group(1) if row else None


def _order_id(response) -> int:
    return int(re.search(r"/console/checkout/(\d+)", response.headers["location"]).group(1))


async def test_the_grid_shows_every_active_item_with_its_price_and_the_tabs_filter_by_category(client, tenant):
    seeded = await _cashier_at_a_grid(client, tenant)
    gone = await make_item(client, tenant, "D4", 800, name="停售商品")
    await client.patch(f"/api/v1/items/{gone['id']}", headers=tenant.headers, json={"active": False})
    page = (await client.get("/console/checkout")).text
    assert sorted(_tiles(page)) == ["A1", "B2", "C3"]  # the inactive item is not offered
    assert "¥25.00" in page.split('data-tile="B2"', 1)[1].split("</button>", 1)[0]
    assert 'data-category="">全部<' in page and f'data-category="{seeded["drinks"]["id"]}">饮品<' in page
    drinks = await client.get(f"/console/checkout?cat={seeded['drinks']['id']}")
    assert drinks.status_code == 200 and sorted(_tiles(drinks.text)) == ["A1", "B2"]


async def test_a_tapped_tile_opens_the_order_and_shows_its_quantity_on_the_tile(client, tenant):
    seeded = await _cashier_at_a_grid(client, tenant)
    drinks = str(seeded["drinks"]["id"])
    item_id = str(seeded["items"]["A1"]["id"])
    first = await post_form(client, "/console/checkout/add", {"item_id": item_id, "order_id": "", "cat": drinks})
    assert first.status_code == 303
    assert first.headers["location"].endswith(f"?cat={drinks}")  # back on the category the cashier was on
    order_id = _order_id(first)
    again = await post_form(client, "/console/checkout/add", {"item_id": item_id, "order_id": str(order_id), "cat": drinks})
    page = (await client.get(again.headers["location"])).text
    assert _line_quantity(page, "A1") == "2"
    assert _tile_quantity(page, "A1") == "2" and _tile_quantity(page, "B2") is None
    assert sorted(_tiles(page)) == ["A1", "B2"]
    assert 'id="order-total">¥20.00<' in page


async def test_plus_and_minus_change_a_line_by_one_and_minus_at_one_takes_it_off(client, tenant):
    seeded = await _cashier_at_a_grid(client, tenant)
    towel, water = str(seeded["items"]["C3"]["id"]), str(seeded["items"]["A1"]["id"])
    order_id = _order_id(await post_form(client, "/console/checkout/add", {"item_id": towel}))
    await post_form(client, "/console/checkout/add", {"item_id": water, "order_id": str(order_id)})
    more = await post_form(client, f"/console/checkout/{order_id}/step", {"more": towel})
    assert more.status_code == 303
    page = (await client.get(f"/console/checkout/{order_id}")).text
    assert _line_quantity(page, "C3") == "2" and 'id="order-total">¥70.00<' in page
    await post_form(client, f"/console/checkout/{order_id}/step", {"less": towel})
    await post_form(client, f"/console/checkout/{order_id}/step", {"less": towel})
    page = (await client.get(f"/console/checkout/{order_id}")).text
    assert _line_quantity(page, "C3") is None and _line_quantity(page, "A1") == "1"
    assert 'id="order-total">¥10.00<' in page


async def test_a_step_on_an_item_no_longer_on_the_order_is_refused_with_the_till_page(client, tenant):
    seeded = await _cashier_at_a_grid(client, tenant)
    order_id = _order_id(await post_form(client, "/console/checkout/add", {"item_id": str(seeded["items"]["A1"]["id"])}))
    refused = await post_form(client, f"/console/checkout/{order_id}/step", {"more": str(seeded["items"]["C3"]["id"])})
    assert refused.status_code == 422 and refused.headers["content-type"].startswith("text/html")
    assert "该商品已不在订单中" in refused.text
    assert _line_quantity(refused.text, "A1") == "1"


async def test_another_tenants_item_is_refused_with_a_page_and_nothing_added(client, tenant, other_tenant):
    seeded = await _cashier_at_a_grid(client, tenant)
    theirs = await make_item(client, other_tenant, "X9", 500, name="别家商品")
    order_id = _order_id(await post_form(client, "/console/checkout/add", {"item_id": str(seeded["items"]["A1"]["id"])}))
    refused = await post_form(client, "/console/checkout/add", {"item_id": str(theirs["id"]), "order_id": str(order_id)})
    assert refused.status_code == 404 and refused.headers["content-type"].startswith("text/html")
    assert 'id="checkout-error"' in refused.text and "别家商品" not in refused.text
    order = (await client.get(f"/api/v1/orders/{order_id}", headers=tenant.headers)).json()
    assert [(line["sku"], line["quantity"]) for line in order["lines"]] == [("A1", 1)]


async def test_an_item_another_store_sells_alone_is_not_offered_nor_added(client, tenant):
    seeded = await _cashier_at_a_grid(client, tenant)
    second = (await client.post("/api/v1/stores", headers=tenant.headers, json={"code": "s2", "name": "二店"})).json()
    theirs = await make_item(client, tenant, "E5", 900, name="二店限定")
    r = await client.put(f"/api/v1/items/{theirs['id']}/stores", headers=tenant.headers,
                         json={"stores": [{"store_id": second["id"], "available": True}]})
    assert r.status_code == 200, r.text
    assert "E5" not in _tiles((await client.get("/console/checkout")).text)
    refused = await post_form(client, "/console/checkout/add", {"item_id": str(theirs["id"])})
    assert refused.status_code == 422 and refused.headers["content-type"].startswith("text/html")
    assert "二店限定 已下架或本店不售" in refused.text
    assert sorted(_tiles(refused.text)) == sorted(seeded["items"])  # the till still offers its own store's items


async def test_staff_without_the_till_permission_get_a_refusal_page(client, tenant):
    seeded = await _cashier_at_a_grid(client, tenant)
    await tenant.add_staff("floor1", "staff")
    await sign_in(client, tenant.slug, "floor1")
    assert (await client.get("/console/checkout")).status_code == 403
    refused = await post_form(client, "/console/checkout/add", {"item_id": str(seeded["items"]["A1"]["id"])})
    assert refused.status_code == 403 and refused.headers["content-type"].startswith("text/html")
    assert "<html" in refused.text


async def test_the_drawer_lists_held_orders_and_resuming_one_holds_the_order_on_the_till(client, tenant, clock):
    seeded = await _cashier_at_a_grid(client, tenant)
    member = await make_member(client, tenant, phone="13900139000", name="李四")
    items = seeded["items"]
    first = _order_id(await post_form(client, "/console/checkout/add", {"item_id": str(items["A1"]["id"]),
                                                                        "member_id": str(member["id"])}))
    await post_form(client, "/console/checkout/add", {"item_id": str(items["C3"]["id"]), "order_id": str(first)})
    opened = clock.now()
    clock.advance(minutes=25)  # the customer went to fetch something: the drawer says when the order was held
    assert (await post_form(client, f"/console/checkout/{first}/hold")).status_code == 303
    page = (await client.get("/console/checkout")).text
    assert re.search(r'id="held-count">1<', page)
    held = page.split('data-held="', 1)[1].split("</article>", 1)[0]
    assert "李四" in held and "矿泉水 ×1、速干毛巾 ×1" in held and "¥40.00" in held and "挂单人 cashier1" in held
    local = (opened + dt.timedelta(minutes=25)).astimezone(ZoneInfo("Asia/Shanghai"))
    assert f"挂单于 {local.year}/{local.month}/{local.day} {local:%H:%M}" in held

    second = _order_id(await post_form(client, "/console/checkout/add", {"item_id": str(items["B2"]["id"])}))
    resumed = await post_form(client, f"/console/checkout/{first}/resume", {"current": str(second)})
    assert resumed.headers["location"] == f"/console/checkout/{first}"
    page = (await client.get(f"/console/checkout/{first}")).text
    assert _line_quantity(page, "A1") == "1" and re.search(r'id="held-count">1<', page)
    assert "运动饮料 ×1" in page.split('data-held="', 1)[1].split("</article>", 1)[0]  # the other order waits there


async def test_voiding_a_held_order_from_the_drawer_keeps_the_order_on_the_till(client, tenant):
    seeded = await _cashier_at_a_grid(client, tenant)
    items = seeded["items"]
    parked = _order_id(await post_form(client, "/console/checkout/add", {"item_id": str(items["A1"]["id"])}))
    await post_form(client, f"/console/checkout/{parked}/hold")
    current = _order_id(await post_form(client, "/console/checkout/add", {"item_id": str(items["B2"]["id"])}))
    voided = await post_form(client, f"/console/checkout/{parked}/cancel", {"current": str(current)})
    assert voided.headers["location"] == f"/console/checkout/{current}"
    page = (await client.get(f"/console/checkout/{current}")).text
    assert 'id="held-count">0<' in page and 'id="held-none"' in page
    order = (await client.get(f"/api/v1/orders/{parked}", headers=tenant.headers)).json()
    assert order["status"] == "cancelled"


async def test_a_long_catalog_pages_in_the_grid(client, tenant):
    for n in range(50):
        await make_item(client, tenant, f"S{n:02d}", 100 + n, name=f"商品{n:02d}")
    await tenant.add_staff("cashier1", "cashier")
    await sign_in(client, tenant.slug, "cashier1")
    first = (await client.get("/console/checkout")).text
    assert len(_tiles(first)) == 48 and 'id="grid-first"' not in first
    following = re.search(r'href="([^"]+)" id="grid-next"', first).group(1).replace("&amp;", "&")
    rest = (await client.get(following)).text
    assert sorted(_tiles(first) + _tiles(rest)) == [f"S{n:02d}" for n in range(50)]
    assert 'id="grid-first"' in rest and 'id="grid-next"' not in rest
