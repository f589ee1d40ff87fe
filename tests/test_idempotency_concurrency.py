"""One Idempotency-Key sent several times at once (real parallel connections on PostgreSQL):
the money moves once, every answer is the first response or 409 ``idempotency_in_progress``,
and a retry gets the stored response marked as a replay."""

import asyncio

import msgspec

from core.idempotency import service
from core.idempotency.service import request_hash
from core.idempotency.tables import IdempotencyRecord
from core.ledger import accounts
from core.ledger.service import balance
from tests.checkout_helpers import ledger_clean, main_store, make_item, open_order


async def store_cash(client, tenant) -> int:
    store = await main_store(client, tenant)
    return await balance(await tenant.ctx(), accounts.store(store["id"], "cash"))


def in_progress_or_created(r) -> bool:
    if r.status_code == 409:
        return r.json()["code"] == "idempotency_in_progress" and r.headers["retry-after"] == "1"
    return r.status_code == 201


async def test_four_simultaneous_payments_with_one_key_pay_once(client, tenant):
    item = await make_item(client, tenant, "WATER", 300)
    order = await open_order(client, tenant, [{"item_id": item["id"], "quantity": 2}])
    path = f"/api/v1/orders/{order['id']}/payments"
    headers = {**tenant.headers, "Idempotency-Key": "pay-once"}
    body = {"tenders": [{"kind": "cash", "amount_fen": 600}]}

    answers = await asyncio.gather(*(client.post(path, headers=headers, json=body) for _ in range(6)))

    assert all(in_progress_or_created(r) for r in answers), [r.text for r in answers]
    created = [r for r in answers if r.status_code == 201]
    assert len({r.content for r in created}) == 1
    assert [r.headers.get("idempotent-replayed") for r in created].count(None) <= 1
    retry = await client.post(path, headers=headers, json=body)
    assert retry.status_code == 201, retry.text
    assert retry.headers["idempotent-replayed"] == "true"
    assert retry.json()["status"] == "paid"
    assert not created or retry.content == created[0].content
    assert await store_cash(client, tenant) == 600
    assert await ledger_clean(tenant.id)


async def claim_held_elsewhere(tenant, path: str, body: bytes, key: str) -> None:
    """What a request still running on another worker leaves: its claim on the key."""
    await IdempotencyRecord.insert(IdempotencyRecord(
        tenant_id=tenant.id, key=key, request_hash=request_hash("POST", path, body), state="in_progress",
        status_code=0, response_body="", created_at=(await tenant.ctx()).now(),
    ))


async def test_a_replay_while_the_first_runs_is_told_to_retry_then_gets_its_answer(client, tenant, monkeypatch):
    monkeypatch.setattr(service, "REPLAY_WAIT_S", 0.1)
    item = await make_item(client, tenant, "WATER", 300)
    order = await open_order(client, tenant, [{"item_id": item["id"]}])
    path = f"/api/v1/orders/{order['id']}/payments"
    body = msgspec.json.encode({"tenders": [{"kind": "cash", "amount_fen": 300}]})
    headers = {**tenant.headers, "Idempotency-Key": "slow", "content-type": "application/json"}
    await claim_held_elsewhere(tenant, path, body, "slow")

    waiting = await client.post(path, headers=headers, content=body)

    assert waiting.status_code == 409, waiting.text
    assert waiting.headers["content-type"].startswith("application/problem+json")
    assert waiting.json()["code"] == "idempotency_in_progress"
    assert waiting.headers["retry-after"] == "1"
    assert await store_cash(client, tenant) == 0
    # The first request fails on its worker and lets go of its claim: the retry runs afresh.
    await IdempotencyRecord.delete().where(IdempotencyRecord.key == "slow")
    paid = await client.post(path, headers=headers, content=body)
    assert paid.status_code == 201, paid.text
    assert "idempotent-replayed" not in paid.headers
    replay = await client.post(path, headers=headers, content=body)
    assert (replay.status_code, replay.content) == (201, paid.content)
    assert replay.headers["idempotent-replayed"] == "true"
    assert await store_cash(client, tenant) == 300


async def test_a_refused_request_lets_go_of_its_key_for_a_corrected_retry(client, tenant):
    item = await make_item(client, tenant, "WATER", 300)
    order = await open_order(client, tenant, [{"item_id": item["id"]}])
    path = f"/api/v1/orders/{order['id']}/payments"
    headers = {**tenant.headers, "Idempotency-Key": "short-then-right"}

    short = await client.post(path, headers=headers, json={"tenders": [{"kind": "cash", "amount_fen": 100}]})
    assert short.json()["code"] == "tenders_mismatch", short.text
    assert await IdempotencyRecord.count().where(IdempotencyRecord.key == "short-then-right") == 0

    right = await client.post(path, headers=headers, json={"tenders": [{"kind": "cash", "amount_fen": 300}]})
    assert right.status_code == 201, right.text
