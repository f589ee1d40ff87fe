"""Helpers for console tests over HTTP: sign in with a form, post forms with the CSRF field."""

from __future__ import annotations

import httpx

from sdk.testing import PASSWORD


async def csrf_token(client: httpx.AsyncClient) -> str:
    """The visitor's CSRF token (a GET of the sign-in page sets it when missing)."""
    token = client.cookies.get("mendian_csrf")
    if token is None:
        await client.get("/console/login")
        token = client.cookies.get("mendian_csrf")
    assert token
    return token


async def post_form(client: httpx.AsyncClient, url: str, data: dict | None = None, **kwargs) -> httpx.Response:
    return await client.post(url, data={**(data or {}), "_csrf": await csrf_token(client)}, **kwargs)


async def sign_in(client: httpx.AsyncClient, tenant: str, account: str, password: str = PASSWORD) -> httpx.Response:
    return await post_form(client, "/console/login", {"tenant": tenant, "account": account, "password": password})


def fresh_client(app) -> httpx.AsyncClient:
    """A second browser: its own cookies."""
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver.local")
