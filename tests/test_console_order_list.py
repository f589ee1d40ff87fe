"""The console's order list: filtered by status, staff and a range of local days, with what the
filtered orders came to over every page, and pages that keep the filters."""

import datetime as dt

from checkout_helpers import key, make_item, move_to, open_order
from console_helpers import sign_in


async def _paid(client, tenant, item_id, headers=None):
    order = await open_order(client, tenant, [{"item_id": item_id}], headers=headers)
    r = await client.post(f"/api/v1/orders/{order['id']}/payments", headers={**(headers or tenant.headers), **key()},
                          json={"tenders": [{"kind": "cash", "amount_fen": order["total_fen"]}]})
    assert r.status_code == 201, r.text
    return order


async def test_orders_filter_by_day_and_staff_and_total_over_every_page(client, tenant, clock):
    item = await make_item(client, tenant, "water", 300)
    await move_to(tenant, clock, dt.datetime(2026, 12, 1, 10, tzinfo=dt.timezone(dt.timedelta(hours=8))))
    await _paid(client, tenant, item["id"])
    await move_to(tenant, clock, dt.datetime(2026, 12, 2, 10, tzinfo=dt.timezone(dt.timedelta(hours=8))))
    cashier = {"Authorization": f"Bearer {await tenant.add_staff('cashier1', 'cashier')}"}
    for _ in range(22):  # more than one page of 20
        await _paid(client, tenant, item["id"], headers=cashier)
    await open_order(client, tenant, [{"item_id": item["id"]}])  # open: counted, not paid
    await sign_in(client, tenant.slug, "owner")

    day = await client.get("/console/orders", params={"from": "2026-12-02", "to": "2026-12-02"})
    assert day.status_code == 200
    totals = day.text.split('id="order-totals"')[1].split("</p>")[0]
    assert "共 23 单" in totals and "¥66.00" in totals  # 22 paid × ¥3.00; the open one counts, without its amount
    first_day = await client.get("/console/orders", params={"from": "2026-12-01", "to": "2026-12-01"})
    assert "共 1 单" in first_day.text
    staff_id = next(s["id"] for s in (await client.get("/api/v1/staff", headers=tenant.headers)).json()["items"]
                    if s["username"] == "cashier1")
    by_cashier = await client.get("/console/orders", params={"staff": str(staff_id)})
    assert "共 22 单" in by_cashier.text
    nxt = by_cashier.text.split('data-page="next"')[0].rsplit('href="', 1)[1]
    assert f"staff={staff_id}" in nxt.replace("&amp;", "&")  # the next page keeps the filter


async def test_orders_largest_first_page_through_every_order_once(client, tenant):
    import re

    items = [await make_item(client, tenant, f"sku-{n}", price) for n, price in enumerate((500, 1_200, 800))]
    made = {}
    for n in range(23):  # more than one page; equal totals keep the newest first
        order = await _paid(client, tenant, items[n % 3]["id"])
        made[order["id"]] = order["total_fen"]
    await sign_in(client, tenant.slug, "owner")
    page = await client.get("/console/orders", params={"sort": "total"})
    assert '<option value="total" selected>金额从高到低</option>' in page.text
    seen = [int(i) for i in re.findall(r'href="/console/orders/(\d+)"', page.text)]
    nxt = page.text.split('data-page="next"')[0].rsplit('href="', 1)[1].replace("&amp;", "&")
    assert "sort=total" in nxt
    seen += [int(i) for i in re.findall(r'href="/console/orders/(\d+)"', (await client.get(nxt)).text)]
    assert seen == sorted(made, key=lambda i: (made[i], i), reverse=True)
