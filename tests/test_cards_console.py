"""The card desk page (次卡核销) the cards plugin adds to the console: find a member by phone or
member code, see their cards, take a session — and a refused use that changes nothing."""

from checkout_helpers import ledger_clean, make_item, make_member, open_order
from console_helpers import post_form, sign_in
from test_cards import buy, card_item, cards_of, enable_cards, member_code


async def test_desk_finds_the_member_by_code_and_takes_a_session(client, tenant):
    await enable_cards(client, tenant)
    member = await make_member(client, tenant)
    await buy(client, tenant, member, await card_item(client, tenant, sessions=2))
    await sign_in(client, tenant.slug, "owner")

    page = await client.get("/console/p/cards", params={"q": await member_code(client, tenant, member)})
    assert page.status_code == 200 and f'data-member="{member["id"]}"' in page.text
    card = (await cards_of(client, tenant, member))[0]
    assert f'data-card="{card["id"]}"' in page.text

    done = await post_form(client, "/console/p/cards/use", {"member_id": member["id"], "card_id": card["id"]},
                           follow_redirects=True)
    assert done.status_code == 200 and 'id="cards-used"' in done.text
    assert (await cards_of(client, tenant, member))[0]["sessions_left"] == 1


async def test_a_refused_use_shows_why_and_changes_nothing(client, tenant):
    await enable_cards(client, tenant)
    member = await make_member(client, tenant)
    await buy(client, tenant, member, await card_item(client, tenant, sessions=1))
    card = (await cards_of(client, tenant, member))[0]
    await sign_in(client, tenant.slug, "owner")
    assert (await post_form(client, "/console/p/cards/use", {"member_id": member["id"], "card_id": card["id"]},
                            follow_redirects=True)).status_code == 200

    empty = await post_form(client, "/console/p/cards/use", {"member_id": member["id"], "card_id": card["id"]})
    assert empty.status_code == 409  # card_no_sessions_left, shown on the page
    assert 'id="cards-error"' in empty.text
    assert (await cards_of(client, tenant, member))[0]["sessions_left"] == 0
    assert (await client.post("/console/p/cards/use", data={"member_id": member["id"], "card_id": card["id"]})
            ).status_code == 403  # no CSRF field


async def test_the_desk_is_not_there_until_cards_is_enabled(client, tenant):
    await sign_in(client, tenant.slug, "owner")
    assert (await client.get("/console/p/cards")).status_code == 404


async def test_the_members_file_shows_their_cards(client, tenant):
    await enable_cards(client, tenant)
    member = await make_member(client, tenant)
    await buy(client, tenant, member, await card_item(client, tenant, sessions=3))
    card = (await cards_of(client, tenant, member))[0]
    await sign_in(client, tenant.slug, "owner")
    page = await client.get(f"/console/members/{member['id']}?tab=cards")
    assert page.status_code == 200 and 'id="member-cards-section"' in page.text
    assert f'data-card="{card["id"]}"' in page.text


async def test_without_cards_enabled_the_file_has_no_cards_section(client, tenant):
    member = await make_member(client, tenant)
    await sign_in(client, tenant.slug, "owner")
    page = await client.get(f"/console/members/{member['id']}?tab=cards")
    assert page.status_code == 200 and 'id="member-cards-section"' not in page.text


async def test_checkout_offers_the_members_cards_as_tenders_and_takes_a_session(client, tenant):
    await enable_cards(client, tenant)
    member = await make_member(client, tenant)
    await buy(client, tenant, member, await card_item(client, tenant, sessions=5))
    card = (await cards_of(client, tenant, member))[0]
    lesson = await make_item(client, tenant, "yoga", 8_000, kind="service", name="瑜伽课")
    order = await open_order(client, tenant, [{"item_id": lesson["id"]}], member_id=member["id"])
    await sign_in(client, tenant.slug, "owner")

    page = await client.get(f"/console/checkout/{order['id']}")
    field = f"tender_card_sessions_{card['id']}"
    assert page.status_code == 200 and f'name="{field}"' in page.text and "剩余 5 次" in page.text

    paid = await post_form(client, f"/console/checkout/{order['id']}/pay", {field: "80.00", "cash": ""})
    assert paid.status_code in (302, 303), paid.text
    assert (await cards_of(client, tenant, member))[0]["sessions_left"] == 4
    assert await ledger_clean(tenant.id)
