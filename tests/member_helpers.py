"""Signing a member in through the H5 API, reading the SMS code from the outbox as a developer would."""

from __future__ import annotations

import msgspec

from core.messages.tables import Message

API = "/api/v1"
PHONE = "13800138000"


async def sms_code(tenant_id: int, phone: str = PHONE) -> str:
    """The latest sign-in code texted to ``phone`` (the local provider keeps it readable)."""
    row = await Message.select(Message.params_json).where(
        (Message.tenant_id == tenant_id) & (Message.template == "member_auth_code")
        & (Message.recipient == "+86" + phone.removeprefix("+86"))
    ).order_by(Message.id, ascending=False).first()
    assert row is not None, f"no code was texted to {phone}"
    return msgspec.json.decode(row["params_json"])["code"]


async def request_code(client, slug: str, phone: str = PHONE):
    return await client.post(f"{API}/member-auth/codes", json={"tenant": slug, "phone": phone})


async def sign_in(client, slug: str, code: str, phone: str = PHONE, **extra):
    return await client.post(f"{API}/member-auth/sessions", json={"tenant": slug, "phone": phone, "code": code, **extra})


async def member_session(client, handle, phone: str = PHONE, **extra) -> dict:
    """A member of ``handle``'s tenant signed in (registered on first sign-in): the session answer."""
    r = await request_code(client, handle.slug, phone)
    assert r.status_code == 202, r.text
    r = await sign_in(client, handle.slug, await sms_code(handle.id, phone), phone, **extra)
    assert r.status_code == 201, r.text
    return r.json()


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def member_headers(tenant, member_id):
    """A signed-in member's bearer header, as if they had signed in with an SMS code."""
    from core.member_auth.service import open_session

    token, _ = await open_session(tenant.id, member_id, tenant.clock.now())
    return {"Authorization": f"Bearer {token}"}
