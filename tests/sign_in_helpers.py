"""REST helpers the sign-in tests share: enable, a member signed in on their phone, sign in, make up."""

import itertools

from checkout_helpers import key
from member_helpers import bearer, member_session

API = "/api/v1"
_phones = itertools.count(1)


async def enable_sign_in(client, tenant, *others, **settings):
    for name in (*others, "sign_in"):
        r = await client.post(f"{API}/plugins/{name}/enable", headers=tenant.headers)
        assert r.status_code == 200, r.text
    if settings:
        r = await client.put(f"{API}/plugins/sign_in/settings", headers=tenant.headers, json=settings)
        assert r.status_code == 200, r.text


class Phone:
    """A member on their phone: ``headers`` carry their session; ``renew`` signs in again after the
    clock moved past the session's 30 days."""

    def __init__(self, client, tenant, phone, session):
        self.client, self.tenant, self.phone = client, tenant, phone
        self.id, self.token = session["member"]["id"], session["token"]

    @property
    def headers(self):
        return bearer(self.token)

    @property
    def member(self):
        return {"id": self.id}

    async def renew(self):
        self.token = (await member_session(self.client, self.tenant, self.phone))["token"]

    async def sign_in(self):
        return await self.client.post(f"{API}/me/sign-in", headers=self.headers)

    async def signed(self):
        r = await self.sign_in()
        assert r.status_code == 201, r.text
        return r.json()

    async def make_up(self, day):
        return await self.client.post(f"{API}/me/sign-in/make-ups", headers={**self.headers, **key()},
                                      json={"day": day.isoformat()})

    async def status(self):
        r = await self.client.get(f"{API}/me/sign-in", headers=self.headers)
        assert r.status_code == 200, r.text
        return r.json()

    async def calendar(self, month=None):
        r = await self.client.get(f"{API}/me/sign-in/calendar", headers=self.headers,
                                  params={"month": month} if month else {})
        assert r.status_code == 200, r.text
        return r.json()

    async def gifts(self):
        r = await self.client.get(f"{API}/me/sign-in/gifts", headers=self.headers)
        assert r.status_code == 200, r.text
        return r.json()["items"]


async def phone_member(client, tenant):
    phone = f"1370000{next(_phones):04d}"
    return Phone(client, tenant, phone, await member_session(client, tenant, phone))


async def save_plan(client, tenant, **plan):
    return await client.put(f"{API}/sign-in/plan", headers=tenant.headers, json=plan)


async def collect(client, tenant, gift_id, headers=None):
    return await client.post(f"{API}/sign-in/gifts/{gift_id}/collect", headers=headers or tenant.headers)
