"""The OpenAPI document is a contract: what it says about tokens, errors, names, lists and
summaries is what the server does, so a generated client can rely on it.

Each test reads /schema/openapi.json as a client would; where a fact can be checked against the
server (which token a route takes, the problem it answers), the server is asked too.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from typing import Any

from litestar.routes import HTTPRoute
from member_helpers import member_session
from test_openapi import API, load_spec, operations, resolve

import core
import plugins
import sdk
from core.errors import DomainError
from core.http import problems

CJK = re.compile(r"[\u3400-\u9fff]")
PROBLEM = "#/components/schemas/ProblemDetails"
ERROR_STATUSES = ("400", "401", "403", "404", "409", "413", "422", "429")


def concrete(path: str) -> str:
    """The path with every parameter filled with something that parses (ids of nothing)."""
    return re.sub(r"\{[^}]+\}", "1", path)


def route_opts(app) -> dict[tuple[str, str], dict[str, Any]]:
    return {(route.path_format, method.lower()): handler.opt
            for route in app.routes if isinstance(route, HTTPRoute)
            for handler in route.route_handlers for method in handler.http_methods}


def handler_functions(app) -> dict[tuple[str, str], Any]:
    return {(route.path_format, method.lower()): handler.fn
            for route in app.routes if isinstance(route, HTTPRoute)
            for handler in route.route_handlers for method in handler.http_methods}


# --- security ---------------------------------------------------------------------------------


async def test_every_operation_says_which_bearer_tokens_it_takes(client, app):
    spec = await load_spec(client)
    schemes = spec["components"]["securitySchemes"]
    assert all(s["type"] == "http" and s["scheme"] == "bearer" for s in schemes.values())
    opts = route_opts(app)
    wrong = []
    for path, method, op in operations(spec):
        opt = opts[(path, method)]
        expected = ([] if opt.get("exclude_from_auth") else
                    [{"memberToken": []}] if opt.get("audience") == "member" else [{"staffToken": []}, {"apiKey": []}])
        if op.get("security") != expected:
            wrong.append(f"{method.upper()} {path}: {op.get('security')!r}, expected {expected!r}")
        for requirement in op.get("security", []):
            assert set(requirement) <= set(schemes), requirement
    assert wrong == []


async def test_the_server_asks_for_a_token_exactly_where_the_document_says(client):
    spec = await load_spec(client)
    wrong = []
    for path, method, op in operations(spec):
        r = await client.request(method.upper(), concrete(path))
        if (r.status_code == 401) != bool(op["security"]):
            wrong.append(f"{method.upper()} {path}: {r.status_code} without a token, security {op['security']}")
    assert wrong == []


async def test_member_routes_refuse_staff_and_staff_routes_refuse_members(client, tenant):
    spec = await load_spec(client)
    member = {"Authorization": f"Bearer {(await member_session(client, tenant))['token']}"}
    wrong = []
    for path, method, op in operations(spec):
        if not op["security"]:
            continue
        for_members = op["security"] == [{"memberToken": []}]
        headers, refusal = (tenant.headers, "members_only") if for_members else (member, "staff_only")
        r = await client.request(method.upper(), concrete(path), headers=headers)
        if r.status_code != 403 or r.json().get("code") != refusal:
            wrong.append(f"{method.upper()} {path}: {r.status_code} {r.text[:100]}")
    assert wrong == []


# --- errors -----------------------------------------------------------------------------------


async def test_every_error_response_is_a_problem_document(client):
    spec = await load_spec(client)
    wrong = []
    for path, method, op in operations(spec):
        for status, response in op["responses"].items():
            if status.startswith(("4", "5")):
                content = response.get("content", {})
                if list(content) != [problems.MEDIA_TYPE] or content[problems.MEDIA_TYPE]["schema"] != {"$ref": PROBLEM}:
                    wrong.append(f"{method.upper()} {path} {status}: {content}")
    assert wrong == []
    assert "status_code" not in str(spec["paths"]), "litestar's own ValidationException shape is still documented"


async def test_every_operation_documents_the_errors_it_can_give(client):
    spec = await load_spec(client)
    wrong = []
    for path, method, op in operations(spec):
        params = op.get("parameters", [])
        expected = {"400", "422"} if params or "requestBody" in op else set()
        if op["security"]:
            expected |= {"401", "403"}
        if any(p["in"] == "path" for p in params) or not path.startswith(API + "/"):
            expected.add("404")
        if "requestBody" in op:
            expected.add("413")
        if method != "get":
            expected.add("409")
        missing = expected - set(op["responses"])
        if missing:
            wrong.append(f"{method.upper()} {path}: missing {sorted(missing)}")
    assert wrong == []


async def test_plugin_routes_document_404_for_a_plugin_not_enabled(client, app, tenant):
    spec = await load_spec(client)
    opts = route_opts(app)
    plugin_ops = [(p, m, op) for p, m, op in operations(spec) if opts[(p, m)].get("plugin")]
    assert plugin_ops
    assert [f"{m} {p}" for p, m, op in plugin_ops if "404" not in op["responses"]] == []
    # The tenant enabled no plugin: a plugin's list without path ids answers 404, as documented.
    path = next(p for p, m, op in plugin_ops if m == "get" and "{" not in p and op["security"] != [{"memberToken": []}])
    r = await client.get(path, headers=tenant.headers)
    assert r.status_code == 404 and r.json()["code"] == "not_found", r.text


async def test_the_sign_in_doors_document_429(client):
    spec = await load_spec(client)
    ids = {op["operationId"]: op for _, _, op in operations(spec)}
    for operation_id in ("createSession", "createMemberSession", "requestMemberSignInCode", "resolveMemberCode"):
        assert "429" in ids[operation_id]["responses"], operation_id


def _all_error_classes() -> set[type[DomainError]]:
    """Every DomainError subclass declared anywhere in the kernel, the SDK and the built-in plugins."""
    for package in (core, sdk, plugins):
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            if ".migrations" not in info.name and ".tests" not in info.name:
                importlib.import_module(info.name)
    found, todo = set(), [DomainError]
    while todo:
        cls = todo.pop()
        found.add(cls)
        todo.extend(c for c in cls.__subclasses__() if c not in found)
    return found


async def test_every_code_the_server_answers_with_is_in_the_enum(client):
    spec = await load_spec(client)
    enum = set(spec["components"]["schemas"]["ProblemCode"]["enum"])
    raised = {cls.code for cls in _all_error_classes() if cls.__module__.split(".")[0] in ("core", "sdk", "plugins")}
    raised |= {code for code, _, _ in problems._HTTP_CODES.values()}
    raised |= set(re.findall(r'problem\(\s*(?:\d+|[\w.]+), "(\w+)"', inspect.getsource(problems)))
    assert {"invalid_request", "internal_error", "plugin_failed"} <= raised
    assert sorted(raised - enum) == []
    details = spec["components"]["schemas"]["ProblemDetails"]
    assert set(details["required"]) >= {"type", "title", "status", "code", "detail", "detail_en"}
    assert details["additionalProperties"] is True


async def test_problems_the_server_answers_match_the_document(client, tenant):
    spec = await load_spec(client)
    schema = spec["components"]["schemas"]["ProblemDetails"]
    enum = set(spec["components"]["schemas"]["ProblemCode"]["enum"])
    answers = [
        await client.get(f"{API}/members"),  # 401
        await client.get(f"{API}/members/999999", headers=tenant.headers),  # 404
        await client.post(f"{API}/members", content=b"{", headers={**tenant.headers, "Content-Type": "application/json"}),
        await client.get(f"{API}/members", params={"limit": 0}, headers=tenant.headers),  # 422
        await client.post(f"{API}/members/1/top-ups", json={}, headers=tenant.headers),
    ]
    for r in answers:
        assert r.headers["content-type"].startswith(problems.MEDIA_TYPE), r.text
        body = r.json()
        assert set(schema["required"]) <= set(body), body
        assert body["code"] in enum and body["status"] == r.status_code, body


# --- parameters -------------------------------------------------------------------------------


async def test_idempotency_key_is_required_exactly_where_the_server_enforces_it(client, app):
    spec = await load_spec(client)
    functions = handler_functions(app)
    wrong = []
    for path, method, op in operations(spec):
        header = next((p for p in op.get("parameters", []) if p["name"].lower() == "idempotency-key"), None)
        enforced = "idempotent(" in inspect.getsource(functions[(path, method)])
        if enforced != (header is not None and header["required"] is True):
            wrong.append(f"{method.upper()} {path}: enforced {enforced}, documented {header}")
    assert wrong == []


async def test_a_money_route_without_idempotency_key_is_refused_as_documented(client, tenant):
    member = (await client.post(f"{API}/members", json={"name": "甲", "phone": "13912340001"},
                                headers=tenant.headers)).json()
    r = await client.post(f"{API}/members/{member['id']}/top-ups", json={"amount_fen": 100, "tender": "cash"},
                          headers=tenant.headers)
    assert r.status_code == 422
    assert r.json()["field"] == "Idempotency-Key"


# --- names and shapes -------------------------------------------------------------------------


async def test_component_names_carry_no_module_path_and_do_not_collide(client):
    spec = await load_spec(client)
    schemas = spec["components"]["schemas"]
    assert [n for n in schemas if not re.fullmatch(r"[A-Z][A-Za-z0-9]*", n)] == []
    titles = [s.get("title", n) for n, s in schemas.items()]
    assert sorted(t for t in set(titles) if titles.count(t) > 1) == []
    assert "prefixItems" not in str(spec), "tuples have no portable schema: name their parts in a Struct"


def _is_list(spec, op) -> bool:
    """An array, or an object of ``items`` with a way to the next ones (``next_cursor``, ``next_before``…)."""
    schema = (op["responses"].get("200", {}).get("content", {}).get("application/json", {}).get("schema", {}))
    properties = resolve(spec, schema).get("properties", {})
    return schema.get("type") == "array" or ("items" in properties and any(p.startswith("next") for p in properties))


async def test_every_list_answers_one_page_shape(client):
    spec = await load_spec(client)
    wrong = []
    for path, method, op in operations(spec):
        if method != "get" or not _is_list(spec, op):
            continue
        schema = op["responses"]["200"]["content"]["application/json"]["schema"]
        page = resolve(spec, schema)
        query = {p["name"] for p in op.get("parameters", []) if p["in"] == "query"}
        if (not schema.get("$ref", "").endswith("Page") or set(page.get("properties", {})) != {"items", "next_cursor"}
                or not {"cursor", "limit"} <= query or "before" in query):
            wrong.append(f"GET {path}: {schema} {sorted(query)}")
    assert wrong == []


async def test_a_list_read_whole_pages_through_every_item_once(client, tenant):
    everything = (await client.get(f"{API}/plugins", headers=tenant.headers, params={"limit": 200})).json()
    assert everything["next_cursor"] is None and len(everything["items"]) > 2
    seen, cursor = [], None
    while True:
        page = (await client.get(f"{API}/plugins", headers=tenant.headers,
                                 params={"limit": 2, **({"cursor": cursor} if cursor else {})})).json()
        seen += page["items"]
        if (cursor := page["next_cursor"]) is None:
            break
    assert seen == everything["items"]
    r = await client.get(f"{API}/plugins", headers=tenant.headers, params={"cursor": "not-a-cursor"})
    assert r.status_code == 422 and r.json()["field"] == "cursor"


async def test_every_operation_has_a_summary_in_chinese_and_english(client):
    spec = await load_spec(client)
    wrong = [f"{m.upper()} {p}: {op.get('summary')!r}" for p, m, op in operations(spec)
             if not (CJK.search(op.get("summary") or "") and re.search(r" / [A-Z][a-z]", op.get("summary") or ""))]
    assert wrong == []
