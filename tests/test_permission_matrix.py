"""The permission matrix, walked from the OpenAPI: every operation is classified and called by an
actor in its scope and one outside it (docs/permissions.md).

Scopes are the document's ``x-mendian-scope``, from each route's ``opt``
(``core.tenancy.permissions.route_scope``): ``public``,
``member``, ``tenant`` (shared by the brand's stores), ``store`` and ``brand``. The store-limited
actors are managers, who hold every permission but the brand ones, so a refusal here is the
store scope's doing, not a missing permission. A new route nobody classified fails the first test.
"""

from __future__ import annotations

from typing import Any

from member_helpers import member_session
from test_openapi import (
    API,
    CREATORS,
    MARK,
    WITH_BODY,
    Resources,
    body_schema,
    enable_builtin_plugins,
    fill_path,
    is_problem,
    load_spec,
    operations,
    sample,
    snapshot,
)

from plugins.points_mall.tables import Exchange

# Store-class operations that act at the caller's till (the store is the request's, not the
# object's): staff of another store reach store A only by naming it in X-Store-Id.
AT_THE_TILL = {"useCard"}
# The answers of who-may-do-what (a wrong password or an expired code is the request's own fault).
REFUSALS = {"unauthenticated", "forbidden", "store_out_of_scope", "grant_too_wide", "members_only", "staff_only"}
# Signing out ends the session the rest of the walk uses: last.
SIGN_OUTS = {"deleteCurrentSession", "deleteMemberSession"}
# Path parameters that are not ids: a value each route takes.
PATH_VALUES = {"name": "coupons", "code": "member_auth_code"}


def bodies(actors: Actors) -> dict[str, dict[str, Any]]:
    """Bodies that pass a route's own checks, where the sample would be refused before the scope is."""
    return {
        "createStaff": {"username": "matrix", "name": "矩阵", "role": "cashier", "password": "matrix-pass-1",
                        "store_ids": [actors.store_a]},
        "refundOrder": {"amount_fen": 1},
        "recordMemberVisit": {"store_id": actors.store_a},
        "verifyPointsMallPickup": {"code": actors.pickup_code},
    }


def scoped_operations(spec) -> list[tuple[str, str, dict[str, Any], str | None]]:
    """Every operation of the API with its scope, as the OpenAPI document says it (``x-mendian-scope``)."""
    return [(path, method, op, op.get("x-mendian-scope")) for path, method, op in operations(spec) if path.startswith(API)]


async def test_every_operation_is_classified(client):
    spec = await load_spec(client)
    walked = scoped_operations(spec)
    unclassified = [f"{m.upper()} {p}" for p, m, _, scope in walked if scope is None]
    assert unclassified == [], "say each route's scope: opt={'permission': ...} or opt={'scope': ...}"
    assert {scope for *_, scope in walked} == {"public", "member", "tenant", "store", "brand"}


class Actors:
    """The owner, a manager of store A, a manager of store B (the main store) and a member."""

    def __init__(self, client, tenant, spec) -> None:
        self.client, self.tenant, self.spec = client, tenant, spec
        self.res = Resources(client, tenant, spec)

    async def set_up(self) -> None:
        await enable_builtin_plugins(self.client, self.tenant)
        self.store_a = await self.res.need("store_id")  # the creators make every resource in store A
        stores = (await self.client.get(f"{API}/stores", headers=self.tenant.headers)).json()["items"]
        self.store_b = next(s["id"] for s in stores if s["id"] != self.store_a)
        self.res.ids["home_store_id"] = self.store_a
        walker = {"username": "walker-a", "name": f"{MARK}员工", "role": "cashier", "password": "walker-pass-1",
                  "store_ids": [self.store_a]}
        self.res.ids["staff_id"] = (await self.res.post(f"{API}/staff", walker))["id"]
        use = {"member_id": await self.res.need("member_id"), "card_id": await self.res.need("card_id")}
        self.res.ids["use_id"] = (await self.res.post(f"{API}/cards/uses", use, **{"Idempotency-Key": "matrix-use",
                                                                                 "X-Store-Id": str(self.store_a)}))["id"]
        for name in CREATORS:
            await self.res.id(name)
        self.manager_a = {"Authorization": f"Bearer {await self.tenant.add_staff('mgr-a', 'manager', store_ids=[self.store_a])}"}
        self.manager_b = {"Authorization": f"Bearer {await self.tenant.add_staff('mgr-b', 'manager', store_ids=[self.store_b])}"}
        member = await member_session(self.client, self.tenant, phone="13912340001")
        self.member = {"Authorization": f"Bearer {member['token']}"}
        exchange = await Exchange.select(Exchange.pickup_code).where(Exchange.id == self.res.ids["exchange_id"]).first()
        self.pickup_code = exchange["pickup_code"]
        self.bodies = bodies(self)

    async def request(self, path: str, method: str, op: dict[str, Any], headers: dict[str, str], tag: str):
        for name, value in PATH_VALUES.items():
            path = path.replace("{" + name + "}", value)
        ids_only = {**op, "parameters": [p for p in op.get("parameters", []) if p["name"] not in PATH_VALUES]}
        url = await fill_path(path, ids_only, self.res, missing=999_999)
        if url is None:
            return None
        query = {p["name"]: self.store_a for p in op.get("parameters", []) if p["in"] == "query" and p["name"] == "store_id"}
        schema = body_schema(self.spec, op) if method in WITH_BODY else None
        kwargs: dict[str, Any] = {}
        if schema is not None:
            body = self.bodies.get(op["operationId"]) or sample(self.spec, schema, self.res.ids)
            for field in ("store_id", "home_store_id"):  # store-owned input names store A
                if isinstance(body, dict) and field in schema.get("properties", {}):
                    body[field] = self.store_a
            kwargs["json"] = body
        headers = {**headers, "Idempotency-Key": f"matrix-{tag}-{op['operationId']}"}
        return await self.client.request(method.upper(), url, params=query, headers=headers, **kwargs)


def is_list(method: str, op: dict[str, Any]) -> bool:
    """A list that names no store: staff of another store get it filtered to theirs, not refused."""
    params = op.get("parameters", [])
    return (method == "get" and not any(p["in"] == "path" for p in params)
            and not any(p["in"] == "query" and p["name"] == "store_id" for p in params))


def line(method: str, path: str, r) -> str:
    return f"{method.upper()} {path} → {r.status_code} {r.text[:200]}"


async def test_every_operation_refuses_the_actor_outside_its_scope_and_serves_the_one_inside(client, tenant):
    spec = await load_spec(client)
    actors = Actors(client, tenant, spec)
    await actors.set_up()
    walked = scoped_operations(spec)
    before = await snapshot(client, spec, actors.res)

    # First everyone outside their scope: refused, and nothing changes.
    outside, failures = 0, []
    for path, method, op, scope in walked:
        if scope == "public":
            continue  # nobody is outside a public route; it is called unsigned below
        if scope == "member":
            r = await actors.request(path, method, op, tenant.headers, "staff")
            expected = ("members_only",)
        elif scope == "brand":
            r = await actors.request(path, method, op, actors.manager_a, "out")
            expected = ("forbidden",)
        elif scope == "store" and is_list(method, op):
            r = await actors.request(path, method, op, actors.manager_b, "out")
            outside += 1
            if r.status_code != 200 or MARK in r.text:  # store A's things are not in store B's lists
                failures.append("[list] " + line(method, path, r))
            continue
        elif scope == "store":
            headers = {**actors.manager_b, **({"X-Store-Id": str(actors.store_a)} if op["operationId"] in AT_THE_TILL else {})}
            r = await actors.request(path, method, op, headers, "out")
            expected = ("store_out_of_scope",)
        else:  # tenant: shared by the brand's stores; outside is another tenant (test_openapi walks it)
            continue
        outside += 1
        if r is None or r.status_code != 403 or not is_problem(r) or r.json()["code"] not in expected:
            failures.append(line(method, path, r) if r is not None else f"{method.upper()} {path}: no resource")
    assert failures == [], "\n".join(failures)
    assert await snapshot(client, spec, actors.res) == before

    # Then everyone inside: the scope lets them through (the sample bodies may still be refused
    # for what they say, never with 401 or 403).
    inside = 0
    for path, method, op, scope in sorted(walked, key=lambda w: w[2]["operationId"] in SIGN_OUTS):
        headers = {"public": {}, "member": actors.member, "brand": tenant.headers, "store": actors.manager_a,
                   "tenant": actors.manager_b}[scope]
        r = await actors.request(path, method, op, headers, "in")
        if r is None:
            continue
        inside += 1
        if r.status_code in (401, 403) and is_problem(r) and r.json()["code"] in REFUSALS:
            failures.append(f"[{scope}] " + line(method, path, r))
    assert failures == [], "\n".join(failures)
    print(f"permission matrix: {len(walked)} operations, {outside} refused outside their scope, {inside} served inside")


def test_committed_permission_matrix_matches_the_code():
    from pathlib import Path

    from cli.permdoc import render_permission_reference

    page = Path(__file__).resolve().parent.parent / "docs" / "permissions.md"
    assert page.read_text(encoding="utf-8") == render_permission_reference(), (
        "docs/permissions.md is out of date with core/tenancy/permissions.py: run `mendian docs permissions`")
