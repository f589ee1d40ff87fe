"""Small REST helpers the checkout tests share: items, members, orders, payments."""

import itertools
import re

from core import db

_keys = itertools.count(1)


def key() -> dict[str, str]:
    return {"Idempotency-Key": f"test-key-{next(_keys)}"}


async def make_item(client, tenant, sku, price_fen, kind="goods", **extra):
    body = {"sku": sku, "name": extra.pop("name", sku), "kind": kind, "price_fen": price_fen, **extra}
    r = await client.post("/api/v1/items", headers=tenant.headers, json=body)
    assert r.status_code == 201, r.text
    return r.json()


async def make_member(client, tenant, phone="13800138000", name="张三"):
    r = await client.post("/api/v1/members", headers=tenant.headers, json={"phone": phone, "name": name})
    assert r.status_code == 201, r.text
    return r.json()


async def main_store(client, tenant):
    return (await client.get("/api/v1/stores", headers=tenant.headers)).json()["items"][0]


async def open_order(client, tenant, lines, member_id=None, headers=None):
    store = await main_store(client, tenant)
    body = {"lines": lines, "store_id": store["id"], "member_id": member_id}
    r = await client.post("/api/v1/orders", headers=headers or tenant.headers, json=body)
    assert r.status_code == 201, r.text
    return r.json()


async def top_up(client, tenant, member_id, amount_fen):
    store = await main_store(client, tenant)
    r = await client.post(f"/api/v1/members/{member_id}/top-ups", headers={**tenant.headers, **key()},
                          json={"amount_fen": amount_fen, "tender": "cash", "store_id": store["id"]})
    assert r.status_code == 201, r.text
    return r.json()


async def pay(client, tenant, order_id, tenders, headers=None):
    return await client.post(f"/api/v1/orders/{order_id}/payments", headers={**(headers or tenant.headers), **key()},
                             json={"tenders": tenders})


async def ledger_clean(tenant_id):
    from core.ledger.verify import verify

    return await verify(tenant_id) == []


async def move_to(tenant, clock, at):
    """Set the clock; staff sessions expire meanwhile, so the owner signs in again."""
    clock.set(at)
    tenant.owner_token = await tenant.add_staff(f"owner{int(at.timestamp())}-{next(_keys)}", "owner")


class TableReads(db.StatementLog):
    """The statements run while open, and those that name any of a plugin's tables."""

    def __init__(self, plugin: str, manager):
        super().__init__()
        [config] = [app for app in manager.apps() if app.app_name == plugin]
        names = "|".join(table._meta.tablename for table in config.table_classes)
        self.pattern = re.compile(rf"\b({names})\b")

    @property
    def touching(self) -> list[str]:
        return [sql for sql in self.statements if self.pattern.search(sql)]
