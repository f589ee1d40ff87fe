"""Cards under simultaneous requests (real parallel connections on PostgreSQL): the last session is
used once, a time card checks in once a day, and the books stay balanced."""

import asyncio

from checkout_helpers import ledger_clean, make_member
from test_cards import buy, card_item, cards_of, enable_cards, use


async def _race(client, tenant, attempts, **body):
    answers = await asyncio.gather(*(use(client, tenant, **body) for _ in range(attempts)))
    return [r.status_code for r in answers], [r.json().get("code") for r in answers if r.status_code != 201]


async def test_simultaneous_uses_of_the_last_sessions_succeed_once_each(client, tenant):
    await enable_cards(client, tenant)
    member = await make_member(client, tenant)
    await buy(client, tenant, member, await card_item(client, tenant, "pt-3", 30_000, sessions=3))
    [card] = await cards_of(client, tenant, member)
    statuses, codes = await _race(client, tenant, 12, member_id=member["id"], card_id=card["id"])
    assert statuses.count(201) == 3
    assert set(codes) == {"card_no_sessions_left"}
    [card] = await cards_of(client, tenant, member)
    assert (card["sessions_left"], card["value_left_fen"]) == (0, 0)
    history = (await client.get(f"/api/v1/cards/{card['id']}/uses", headers=tenant.headers)).json()["items"]
    assert len(history) == 3
    assert (await client.get(f"/api/v1/members/{member['id']}", headers=tenant.headers)).json()["visit_count"] == 3
    assert await ledger_clean(tenant.id)


async def test_simultaneous_check_ins_of_a_time_card_count_once_a_day(client, tenant):
    await enable_cards(client, tenant)
    member = await make_member(client, tenant)
    await buy(client, tenant, member, await card_item(client, tenant, "month", 30_000, card_type="time", valid_days=30))
    statuses, codes = await _race(client, tenant, 10, member_id=member["id"])
    assert statuses.count(201) == 1
    assert set(codes) == {"card_checked_in_today"}
    assert (await client.get(f"/api/v1/members/{member['id']}", headers=tenant.headers)).json()["visit_count"] == 1
