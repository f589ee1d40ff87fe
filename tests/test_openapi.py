"""The whole API, walked from its OpenAPI schema: documented operations, tenant isolation, bad input.

Written against whatever routes exist, so each new route is covered the day it lands. A route
with a new kind of ``{something_id}`` path parameter needs a creator in ``CREATORS`` below.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

from member_helpers import member_headers, member_session

API = "/api/v1"
METHODS = ("get", "post", "put", "patch", "delete")
WITH_BODY = ("post", "put", "patch")
# Every resource the other tenant makes carries this in its name; no answer to the first tenant may.
MARK = "他方机密"
# Path parameters that may go without a resource (none: every id the API takes has a creator).
ALLOWED_SKIPS: dict[str, str] = {}
UNKNOWN_FIELD = "zz_unknown_field"

Spec = dict[str, Any]


# --- reading the schema -----------------------------------------------------------------------


async def load_spec(client) -> Spec:
    r = await client.get("/schema/openapi.json")
    assert r.status_code == 200, r.text
    return r.json()


def operations(spec: Spec) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in sorted(spec["paths"].items()):
        for method in METHODS:
            if method in item:
                yield path, method, item[method]


def path_params(op: dict[str, Any]) -> list[dict[str, Any]]:
    return [p for p in op.get("parameters", []) if p["in"] == "path"]


def resolve(spec: Spec, schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def body_schema(spec: Spec, op: dict[str, Any]) -> dict[str, Any] | None:
    content = op.get("requestBody", {}).get("content", {})
    if "application/json" not in content:
        return None
    return resolve(spec, content["application/json"].get("schema", {}))


def sample(spec: Spec, schema: dict[str, Any], ids: dict[str, int], name: str = "") -> Any:
    """A plain valid-looking value for ``schema``: required properties only, simple by type."""
    schema = resolve(spec, schema)
    for key in ("oneOf", "anyOf"):
        if key in schema:
            options = [resolve(spec, s) for s in schema[key]]
            non_null = [s for s in options if s.get("type") != "null"]
            rest = {k: v for k, v in schema.items() if k != key}
            return sample(spec, rest | (non_null or options)[0], ids, name)
    if schema.get("enum"):
        return schema["enum"][0]
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind == "object" or "properties" in schema:
        props = schema.get("properties", {})
        return {p: sample(spec, props.get(p, {}), ids, p) for p in schema.get("required", [])}
    if kind == "array":
        return [sample(spec, schema.get("items", {}), ids) for _ in range(schema.get("minItems", 0))]
    if kind in ("integer", "number"):
        if name.endswith("_id"):
            return ids.get(name, 1)
        return max(int(schema.get("minimum", 1)), 1)
    if kind == "boolean":
        return True
    if kind == "string":
        formats = {"date": "2026-01-15", "date-time": "2026-01-15T02:00:00Z"}
        return formats.get(schema.get("format", ""), "walk1".ljust(schema.get("minLength", 0), "1"))
    return None


# --- resources to aim at, made through the API ------------------------------------------------


class Unavailable(Exception):
    """The route that makes this kind of resource does not exist (yet)."""


class Resources:
    """One resource per path-parameter name for one tenant, made on first use and kept."""

    def __init__(self, client, handle, spec: Spec) -> None:
        self.client, self.handle, self.spec = client, handle, spec
        self.ids: dict[str, int] = {}
        self.skipped: dict[str, str] = {}

    async def id(self, name: str) -> int | None:
        if name not in self.ids and name not in self.skipped:
            make = CREATORS.get(name)
            try:
                if make is None:
                    raise Unavailable("no creator in CREATORS")
                self.ids[name] = await make(self)
            except Unavailable as exc:
                self.skipped[name] = str(exc)
        return self.ids.get(name)

    async def need(self, name: str) -> int:
        found = await self.id(name)
        if found is None:
            raise Unavailable(f"needs a {name}: {self.skipped[name]}")
        return found

    def schema_of(self, path: str) -> dict[str, Any]:
        op = self.spec["paths"].get(path, {}).get("post")
        if op is None:
            raise Unavailable(f"POST {path} does not exist")
        return body_schema(self.spec, op) or {}

    async def post(self, path: str, body: dict[str, Any], template: str | None = None, **headers: str) -> dict[str, Any]:
        self.schema_of(template or path)
        r = await self.client.post(path, json=body, headers={**self.handle.headers, **headers})
        assert r.status_code in (200, 201), f"making {path}: {r.status_code} {r.text}"
        return r.json()


async def _store(res: Resources) -> int:
    return (await res.post(f"{API}/stores", {"code": "walk", "name": f"{MARK}门店"}))["id"]


async def _staff(res: Resources) -> int:
    body = {"username": "walker", "name": f"{MARK}员工", "role": "staff", "password": "walker-pass-1"}
    return (await res.post(f"{API}/staff", body))["id"]


async def _api_key(res: Resources) -> int:
    return (await res.post(f"{API}/api-keys", {"name": f"{MARK}密钥", "scopes": ["stores.read"]}))["id"]


async def _category(res: Resources) -> int:
    return (await res.post(f"{API}/categories", {"code": "walk", "name": f"{MARK}分类"}))["id"]


async def _item(res: Resources) -> int:
    body = {"sku": "WALK-1", "barcode": "WALK1", "name": f"{MARK}商品", "kind": "goods", "price_fen": 100,
            "category_id": await res.need("category_id")}
    return (await res.post(f"{API}/items", body))["id"]


async def _order(res: Resources) -> int:
    body = {"store_id": await res.need("store_id"), "lines": [{"item_id": await res.need("item_id")}], "note": MARK}
    return (await res.post(f"{API}/orders", body))["id"]


async def _member(res: Resources) -> int:
    schema = res.schema_of(f"{API}/members")
    body = sample(res.spec, schema, res.ids)
    known = {"name": f"{MARK}会员", "phone": "13912345678", "store_id": await res.id("store_id")}
    body.update({k: v for k, v in known.items() if k in schema.get("properties", {})})
    return (await res.post(f"{API}/members", body))["id"]


async def _top_up(res: Resources) -> int:
    member_id = await res.need("member_id")
    body = {"amount_fen": 10_000, "tender": "cash", "store_id": await res.need("store_id")}
    made = await res.post(f"{API}/members/{member_id}/top-ups", body, template=f"{API}/members/{{member_id}}/top-ups",
                          **{"Idempotency-Key": "walk-top-up"})
    return made["entry"]["id"]


async def enable_builtin_plugins(client, handle) -> None:
    """Switch on the built-in plugins, so their routes answer with their own rules, not "not enabled"."""
    for plugin in (await client.get(f"{API}/plugins", headers=handle.headers)).json()["items"]:
        if plugin["source"] == "builtin" and not plugin["enabled"]:
            r = await client.post(f"{API}/plugins/{plugin['name']}/enable", headers=handle.headers)
            assert r.status_code == 200, r.text


async def _card(res: Resources) -> int:
    """A 2-session card (cards plugin) sold to the tenant's member."""
    await enable_builtin_plugins(res.client, res.handle)
    member_id = await res.need("member_id")
    item = await res.post(f"{API}/items", {"sku": "WALK-CARD", "name": f"{MARK}次卡", "kind": "card", "price_fen": 1_000,
                                           "card": {"card_type": "sessions", "sessions": 2}})
    order = await res.post(f"{API}/orders", {"store_id": await res.need("store_id"), "member_id": member_id,
                                             "lines": [{"item_id": item["id"]}]})
    await res.post(f"{API}/orders/{order['id']}/payments", {"tenders": [{"kind": "cash", "amount_fen": 1_000}]},
                   template=f"{API}/orders/{{order_id}}/payments", **{"Idempotency-Key": "walk-card-sale"})
    cards = (await res.client.get(f"{API}/members/{member_id}/cards", headers=res.handle.headers)).json()["items"]
    return cards[0]["id"]


async def _card_use(res: Resources) -> int:
    body = {"member_id": await res.need("member_id"), "card_id": await res.need("card_id")}
    return (await res.post(f"{API}/cards/uses", body, **{"Idempotency-Key": "walk-card-use"}))["id"]


async def _message(res: Resources) -> int:
    """An SMS in the outbox: the sign-in code a member asks for on the tenant's H5 page."""
    r = await res.client.post(f"{API}/member-auth/codes", json={"tenant": res.handle.slug, "phone": "13912345679"})
    assert r.status_code == 202, r.text
    return (await res.client.get(f"{API}/messages", headers=res.handle.headers)).json()["items"][0]["id"]


async def _bonus_rule(res: Resources) -> int:
    await enable_builtin_plugins(res.client, res.handle)
    body = {"name": f"{MARK}活动", "min_amount_fen": 10_000, "bonus_fen": 1_000}
    return (await res.post(f"{API}/stored-value/bonus-rules", body))["id"]


async def _coupon_template(res: Resources) -> int:
    await enable_builtin_plugins(res.client, res.handle)
    body = {"name": f"{MARK}券", "kind": "cash", "value_fen": 100, "valid_days": 7}
    return (await res.post(f"{API}/coupons/templates", body))["id"]


async def _sign_in_gift(res: Resources) -> int:
    """A gift to collect (sign_in plugin): a one-day cycle with a gift, and the desk signs in a member
    who has not visited today (a visit signs in too)."""
    await enable_builtin_plugins(res.client, res.handle)
    plan = {"cycle_days": 1, "cycle_rewards": [{"kind": "gift", "gift": f"{MARK}礼品"}]}
    r = await res.client.put(f"{API}/sign-in/plan", json=plan, headers=res.handle.headers)
    assert r.status_code == 200, r.text
    member_id = (await res.post(f"{API}/members", {"name": f"{MARK}签到", "phone": "13912345670"}))["id"]
    signed = await res.post(f"{API}/members/{member_id}/sign-in", {}, template=f"{API}/members/{{member_id}}/sign-in")
    return next(r["gift_id"] for r in signed["rewards"] if r["kind"] == "gift")


async def _mall_reward(res: Resources) -> int:
    """A points-mall reward of a catalog item."""
    await enable_builtin_plugins(res.client, res.handle)
    await res.need("item_id")
    body = {"kind": "goods", "title": f"{MARK}兑换", "sku": "WALK-1", "points": 100, "stock": 5, "methods": ["pickup"]}
    return (await res.post(f"{API}/points-mall/rewards", body))["id"]


async def _mall_exchange(res: Resources) -> int:
    """An exchange of that reward by the tenant's member, given the points first."""
    reward_id, member_id = await res.need("reward_id"), await res.need("member_id")
    await res.post(f"{API}/members/{member_id}/points/adjustments", {"points": 500, "reason": f"{MARK}赠送"},
                   template=f"{API}/members/{{member_id}}/points/adjustments", **{"Idempotency-Key": "walk-points"})
    body = {"member_id": member_id, "method": "pickup", "store_id": await res.need("store_id")}
    return (await res.post(f"{API}/points-mall/rewards/{reward_id}/exchange", body,
                           template=f"{API}/points-mall/rewards/{{reward_id}}/exchange",
                           **{"Idempotency-Key": "walk-exchange"}))["id"]


async def _promoter(res: Resources) -> int:
    """A partner business as a promoter (referral plugin)."""
    await enable_builtin_plugins(res.client, res.handle)
    return (await res.post(f"{API}/referral/promoters", {"kind": "partner", "name": f"{MARK}渠道"}))["id"]


async def _flash_session(res: Resources) -> int:
    """A flash-sale session, live now, of the tenant's item (flash_sale plugin)."""
    await enable_builtin_plugins(res.client, res.handle)
    item = await res.need("item_id")
    r = await res.client.get(f"{API}/items/{item}", headers=res.handle.headers)
    start = res.handle.clock.now()
    body = {"name": f"{MARK}秒杀", "starts_at": start.isoformat(), "ends_at": (start + dt.timedelta(hours=1)).isoformat(),
            "items": [{"item_id": item, "flash_price_fen": r.json()["price_fen"] - 1, "stock": 5}]}
    return (await res.post(f"{API}/flash-sale/sessions", body))["id"]


async def _flash_item(res: Resources) -> int:
    session = await res.need("session_id")
    r = await res.client.get(f"{API}/flash-sale/sessions/{session}", headers=res.handle.headers)
    return r.json()["items"][0]["id"]


async def _bargain_campaign(res: Resources) -> int:
    """A bargain campaign, live now, of the tenant's item (bargain plugin)."""
    await enable_builtin_plugins(res.client, res.handle)
    item = await res.need("item_id")
    r = await res.client.get(f"{API}/items/{item}", headers=res.handle.headers)
    start = res.handle.clock.now()
    body = {"name": f"{MARK}砍价", "item_id": item, "floor_fen": 0, "helpers_needed": 1, "stock": 5,
            "price_fen": r.json()["price_fen"], "starts_at": start.isoformat(),
            "ends_at": (start + dt.timedelta(hours=1)).isoformat()}
    return (await res.post(f"{API}/bargain/campaigns", body))["id"]


async def _bargain(res: Resources) -> int:
    """A bargain started by a member of the tenant, signed in on its H5 page."""
    campaign = await res.need("bargain_campaign_id")
    token = (await member_session(res.client, res.handle, phone="13912345671"))["token"]
    r = await res.client.post(f"{API}/me/bargains/campaigns/{campaign}/start",
                              headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 201, r.text
    return r.json()["id"]


async def _group_deal(res: Resources) -> int:
    """A multi-person group-buy deal, live now, of the tenant's item (group_buy plugin)."""
    await enable_builtin_plugins(res.client, res.handle)
    item = await res.need("item_id")
    r = await res.client.get(f"{API}/items/{item}", headers=res.handle.headers)
    start = res.handle.clock.now()
    body = {"name": f"{MARK}拼团", "item_id": item, "kind": "multi", "group_size": 3,
            "group_price_fen": r.json()["price_fen"] - 1, "starts_at": start.isoformat(),
            "ends_at": (start + dt.timedelta(hours=1)).isoformat(), "stock": 5}
    return (await res.post(f"{API}/group-buy/deals", body))["id"]


async def _group(res: Resources) -> int:
    """A group opened by the tenant's member (through a member session made directly)."""
    deal, member = await res.need("deal_id"), await res.need("member_id")
    r = await res.client.post(f"{API}/me/group-buy/deals/{deal}/groups", headers=await member_headers(res.handle, member))
    assert r.status_code == 201, r.text
    return r.json()["id"]


async def _group_join(res: Resources) -> int:
    """The leader's join (their order) in that group."""
    from plugins.group_buy.tables import Join

    group = await res.need("group_id")
    return (await Join.select(Join.id).where(Join.group_id == group).first())["id"]


CREATORS: dict[str, Callable[[Resources], Awaitable[int]]] = {
    "store_id": _store, "staff_id": _staff, "key_id": _api_key, "category_id": _category,
    "item_id": _item, "order_id": _order, "member_id": _member, "entry_id": _top_up,
    "message_id": _message,
    "card_id": _card, "use_id": _card_use, "rule_id": _bonus_rule, "template_id": _coupon_template,
    "gift_id": _sign_in_gift, "reward_id": _mall_reward, "exchange_id": _mall_exchange, "promoter_id": _promoter,
    "session_id": _flash_session, "flash_item_id": _flash_item,
    "bargain_campaign_id": _bargain_campaign, "bargain_id": _bargain,
    "deal_id": _group_deal, "group_id": _group, "join_id": _group_join,
}


async def fill_path(path: str, op: dict[str, Any], res: Resources, missing: int | None = None) -> str | None:
    """The path with ``res``'s ids in it (or ``missing`` for ids it cannot make); None if impossible."""
    for param in path_params(op):
        name = param["name"]
        if name.endswith("_id"):
            value: Any = await res.id(name)
            if value is None:
                value = missing
        else:
            value = (param.get("schema") or {}).get("enum", [None])[0]
        if value is None:
            return None
        path = path.replace("{" + name + "}", str(value))
    return path


async def snapshot(client, spec: Spec, res: Resources) -> dict[str, tuple[int, str]]:
    """Everything ``res``'s tenant can read about itself: every GET the resources let us fill."""
    seen = {}
    for path, method, op in operations(spec):
        if method == "get" and path.startswith(API) and (url := await fill_path(path, op, res)):
            r = await client.get(url, headers=res.handle.headers)
            seen[url] = (r.status_code, r.text)
    return seen


def is_problem(r) -> bool:
    return r.headers.get("content-type", "").startswith("application/problem+json") and "code" in r.json()


# --- documentation ----------------------------------------------------------------------------


async def test_every_operation_has_a_unique_operation_id(client):
    spec = await load_spec(client)
    ids = [op.get("operationId") for _, _, op in operations(spec)]
    assert [f"{m.upper()} {p}" for p, m, op in operations(spec) if not op.get("operationId")] == []
    assert sorted(i for i in set(ids) if ids.count(i) > 1) == []


async def test_every_operation_has_a_description(client):
    spec = await load_spec(client)
    undocumented = [f"{m.upper()} {p}" for p, m, op in operations(spec) if not (op.get("description") or "").strip()]
    assert undocumented == []


# --- tenant isolation -------------------------------------------------------------------------


async def test_another_tenants_ids_are_not_found_on_every_route(client, tenant, other_tenant):
    spec = await load_spec(client)
    theirs = Resources(client, other_tenant, spec)
    await enable_builtin_plugins(client, tenant)
    for name in CREATORS:
        await theirs.id(name)
    print("resources of the other tenant:", theirs.ids, "skipped:", theirs.skipped)
    assert set(theirs.skipped) <= set(ALLOWED_SKIPS), f"write a creator for: {set(theirs.skipped) - set(ALLOWED_SKIPS)}"
    before = await snapshot(client, spec, theirs)

    walked, skipped, failures = [], [], []
    for path, method, op in operations(spec):
        params = [p["name"] for p in path_params(op)]
        if not any(p.endswith("_id") for p in params) or path.startswith(f"{API}/me/"):
            continue  # member routes answer staff with 403: their tenant comes from the member's session
        url = await fill_path(path, op, theirs)
        if url is None:
            skipped.append(f"{method.upper()} {path}")
            assert {p for p in params if p.endswith("_id")} & set(theirs.skipped), path
            continue
        schema = body_schema(spec, op) if method in WITH_BODY else None
        kwargs: dict[str, Any] = {"json": sample(spec, schema, theirs.ids)} if schema is not None else {}
        headers = {**tenant.headers, "Idempotency-Key": f"walk-{op.get('operationId')}"}
        r = await client.request(method.upper(), url, headers=headers, **kwargs)
        walked.append(f"{r.status_code} {method.upper()} {url}")
        allowed = (400, 404, 422) if schema is not None else (404,)
        if r.status_code not in allowed or MARK in r.text or not is_problem(r):
            failures.append(f"{method.upper()} {url} → {r.status_code} {r.text[:300]}")
    print("walked:", *walked, "skipped (allowed):", *skipped, sep="\n  ")
    assert failures == []
    assert walked, "no route with an _id path parameter was walked"
    assert await snapshot(client, spec, theirs) == before


# --- bad input --------------------------------------------------------------------------------


async def _json_routes(client, tenant) -> list[tuple[str, str, dict[str, Any], dict[str, Any]]]:
    """Every operation taking a JSON body, with the path filled with the tenant's own ids."""
    spec = await load_spec(client)
    mine = Resources(client, tenant, spec)
    await enable_builtin_plugins(client, tenant)
    routes = []
    for path, method, op in operations(spec):
        schema = body_schema(spec, op) if method in WITH_BODY else None
        if schema is None:
            continue
        url = await fill_path(path, op, mine, missing=999_999) or path.replace("{", "").replace("}", "")
        routes.append((method, url, schema, sample(spec, schema, mine.ids)))
    assert routes
    return routes


async def _send(client, tenant, method: str, url: str, content: bytes):
    headers = {**tenant.headers, "Content-Type": "application/json", "Idempotency-Key": f"bad-{method}-{url}"}
    r = await client.request(method.upper(), url, content=content, headers=headers)
    if r.status_code == 403 and is_problem(r) and r.json()["code"] == "members_only":
        # A route for members (H5): send it again as a signed-in member of the same tenant.
        if getattr(tenant, "member_token", None) is None:
            tenant.member_token = (await member_session(client, tenant))["token"]
        r = await client.request(method.upper(), url, content=content,
                                 headers={**headers, "Authorization": f"Bearer {tenant.member_token}"})
    return r


async def _answers_outside(client, tenant, bodies, refused=lambda r, schema: True) -> list[str]:
    """Send every JSON route the bodies ``bodies(schema, sample)`` gives; list each answer that is
    not a 4xx problem+json with a ``code`` (or that ``refused`` does not accept)."""
    failures = []
    for method, url, schema, body in await _json_routes(client, tenant):
        for content in bodies(schema, body):
            r = await _send(client, tenant, method, url, content)
            if not (400 <= r.status_code < 500 and is_problem(r) and refused(r, schema)):
                failures.append(f"{method.upper()} {url} {content[:40]!r} → {r.status_code} {r.text[:200]}")
    return failures


async def test_malformed_json_is_a_problem_not_a_crash(client, tenant):
    malformed = [b'{"name": ', b"\xff\xfe", b"{'single': 'quotes'}"]
    assert await _answers_outside(client, tenant, lambda schema, body: malformed) == []


async def test_array_instead_of_object_is_a_problem(client, tenant):
    def array(schema, body):
        return [] if schema.get("type") == "array" else [b"[]"]

    assert await _answers_outside(client, tenant, array) == []


async def test_unknown_field_is_refused_by_every_request(client, tenant):
    def unknown_first(schema, body):
        # First in the object, so the decoder meets it before anything else it might dislike.
        return [json.dumps({UNKNOWN_FIELD: 1, **body}).encode()] if isinstance(body, dict) else []

    def names_the_field(r, schema):
        free_form = not schema.get("properties")  # e.g. a plugin's settings: checked by the plugin
        return free_form or (r.status_code == 400 and UNKNOWN_FIELD in r.text)

    assert await _answers_outside(client, tenant, unknown_first, names_the_field) == []


async def test_oversized_body_is_refused_with_413(client, tenant):
    big = json.dumps({"sku": "BIG", "name": "x", "kind": "goods", "price_fen": 1, "description": "x" * 2_000_000})
    r = await client.post(f"{API}/items", headers={**tenant.headers, "Content-Type": "application/json"},
                          content=big.encode())
    assert r.status_code == 413
    assert is_problem(r)
    assert r.json()["code"] == "body_too_large"
    assert (await client.get(f"{API}/items", headers=tenant.headers)).json()["items"] == []


async def test_oversized_body_without_length_is_refused_with_413(client, tenant):
    async def chunks():
        yield b'{"sku": "BIG", "name": "x", "kind": "goods", "price_fen": 1, "description": "'
        for _ in range(40):
            yield b"x" * 50_000
        yield b'"}'

    r = await client.post(f"{API}/items", headers={**tenant.headers, "Content-Type": "application/json"},
                          content=chunks())
    assert r.status_code == 413
    assert is_problem(r)
