"""The OpenAPI document as a contract: what litestar generates, finished from the route handlers' facts.

litestar describes parameters, bodies and success responses. This adds, in one pass over every
operation, what the server does around them: which bearer tokens it accepts (from the route's
``opt``), every problem+json answer it can give (from the route's inputs, path ids, plugin and
method), a required ``Idempotency-Key`` where ``core.http.idempotent`` enforces one, component
names without module paths, a "中文 / English" summary from the handler's docstring, the
``X-Store-Id`` header staff may send, and ``x-mendian-scope``: who may call it, and where
(public, member, tenant, store or brand; docs/permissions.md).
"""

from __future__ import annotations

import copy
import importlib
import re
from dataclasses import dataclass
from typing import Any

from litestar import Litestar, Request
from litestar.openapi.plugins import JsonRenderPlugin, SwaggerRenderPlugin
from litestar.routes import HTTPRoute

from core.http.problem_codes import problem_codes
from core.http.problems import MEDIA_TYPE
from core.idempotency.service import MAX_KEY
from core.member_auth.service import SESSION_PREFIX as MEMBER_PREFIX
from core.tenancy.permissions import route_scope
from core.tenancy.service import API_KEY_PREFIX
from core.tenancy.service import SESSION_PREFIX as STAFF_PREFIX

Spec = dict[str, Any]
METHODS = ("get", "post", "put", "patch", "delete")
WRITES = ("post", "put", "patch", "delete")
IDEMPOTENCY_HEADER = "idempotency-key"
CJK = re.compile(r"[\u3400-\u9fff]")

THROTTLED = frozenset({
    "createSession", "createMemberSession",  # sign-in
    "requestMemberSignInCode",  # SMS codes, per phone and per address
    "resolveMemberCode",  # scanned member codes
    "attachCoupon", "attachMyCoupon",  # coupon codes
})
"""Operations that answer 429 when called too often. A route cannot say so in its ``opt`` yet
(the limits live in its service), so they are named here."""

STAFF_SCHEMES = ("staffToken", "apiKey")
MEMBER_SCHEMES = ("memberToken",)
SECURITY_SCHEMES = {
    "staffToken": {
        "type": "http", "scheme": "bearer", "bearerFormat": f"{STAFF_PREFIX}…",
        "description": "员工登录令牌 / Staff session token: `Authorization: Bearer` with the token of "
                       "POST /api/v1/auth/sessions.",
    },
    "apiKey": {
        "type": "http", "scheme": "bearer", "bearerFormat": f"{API_KEY_PREFIX}…",
        "description": "API 密钥 / API key of the tenant, limited by its scopes: `Authorization: Bearer`.",
    },
    "memberToken": {
        "type": "http", "scheme": "bearer", "bearerFormat": f"{MEMBER_PREFIX}…",
        "description": "会员令牌 / Member session token of POST /api/v1/member-auth/sessions: "
                       "`Authorization: Bearer`. Only member (H5) routes take it.",
    },
}

STORE_HEADER = {
    "name": "X-Store-Id", "in": "header", "required": False, "schema": {"type": "integer", "minimum": 1},
    "description": "门店 / The store (till) the request is made in: orders and top-ups default to it, and it "
                   "must be one of the staff member's stores (403 `store_out_of_scope`). Staff limited to one "
                   "store work there without it.",
}

ERRORS = {
    400: "请求格式有误 / The request is malformed or fails validation (`invalid_request`, `fields` names them)",
    401: "未登录或凭据无效 / Not signed in, or the token, key or credentials are not valid",
    403: "没有权限 / Not allowed: the role, key scopes, store, or the audience (members only, staff only)",
    404: "未找到 / Not found: an id of another tenant reads as not found, as does a plugin not enabled",
    409: "与现状冲突 / Conflicts with what is stored: state, duplicates, balances, a reused Idempotency-Key",
    413: "请求内容过大 / The request body is too large",
    422: "输入有误 / A value the rules refuse (`field` names it)",
    429: "请求过于频繁 / Too many requests: try again later",
}


@dataclass(frozen=True)
class Facts:
    """What the server does around one operation, read from its handler and its generated description."""

    public: bool
    member: bool
    scope: str | None
    plugin: bool
    takes_ids: bool  # a path id, or an …_id in the query or body: it may name nothing (404)
    body: bool
    takes_input: bool
    writes: bool
    throttled: bool
    signs_in: bool

    def error_statuses(self) -> list[int]:
        statuses = {
            400: self.takes_input, 401: not self.public or self.signs_in, 403: not self.public,
            404: self.takes_ids or self.plugin, 409: self.writes, 413: self.body, 422: self.takes_input,
            429: self.throttled,
        }
        return [status for status, applies in statuses.items() if applies]


def handlers(app: Litestar) -> dict[tuple[str, str], Any]:
    """(path as in the document, lower-case method) → its route handler."""
    found = {}
    for route in app.routes:
        if isinstance(route, HTTPRoute):
            for handler in route.route_handlers:
                for method in handler.http_methods:
                    found[(route.path_format or "/", method.lower())] = handler
    return found


def resolve(spec: Spec, schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def success_schema(spec: Spec, op: dict[str, Any]) -> dict[str, Any]:
    for status, response in op.get("responses", {}).items():
        if status.startswith("2"):
            return resolve(spec, response.get("content", {}).get("application/json", {}).get("schema", {}))
    return {}


def names_ids(spec: Spec, schema: dict[str, Any], seen: frozenset[str] = frozenset()) -> bool:
    """Whether a body schema carries an ``…_id``, ``…_ids`` or a ``tenant`` code anywhere: something
    that may name nothing (a 404)."""
    if (ref := schema.get("$ref")) is not None:
        return ref not in seen and names_ids(spec, resolve(spec, schema), seen | {ref})
    if any(name.endswith(("_id", "_ids")) or name == "tenant" for name in schema.get("properties", {})):
        return True
    parts = [*schema.get("properties", {}).values(), *schema.get("oneOf", []), *schema.get("anyOf", []),
             *schema.get("allOf", []), *([schema["items"]] if isinstance(schema.get("items"), dict) else [])]
    return any(names_ids(spec, part, seen) for part in parts)


def facts_of(spec: Spec, method: str, op: dict[str, Any], handler: Any) -> Facts:
    opt = handler.opt if handler is not None else {}
    params = op.get("parameters", [])
    return Facts(
        public=bool(opt.get("exclude_from_auth")),
        member=opt.get("audience") == "member",
        scope=route_scope(opt),
        plugin=bool(opt.get("plugin")),
        takes_ids=any(p["in"] == "path" or p["name"].endswith(("_id", "_ids")) for p in params)
        or names_ids(spec, op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema", {})),
        body="requestBody" in op,
        # Staff may name a store in X-Store-Id on any of their routes: a bad one is a 422.
        takes_input="requestBody" in op or any(p["in"] != "header" or p["name"].lower() == IDEMPOTENCY_HEADER
                                               for p in params) or not (opt.get("exclude_from_auth")
                                                                        or opt.get("audience") == "member"),
        writes=method in WRITES,
        throttled=op.get("operationId") in THROTTLED,
        signs_in="token" in success_schema(spec, op).get("properties", {}),
    )


# --- the pieces -------------------------------------------------------------------------------


def problem_schemas(codes: list[str]) -> dict[str, Any]:
    return {
        "ProblemCode": {
            "type": "string", "enum": codes, "title": "ProblemCode",
            "description": "出错原因的稳定代码 / The stable machine code of a problem",
        },
        "ProblemDetails": {
            "type": "object", "title": "ProblemDetails",
            "description": ("RFC 9457 problem+json; fields beyond these (`field`, `needed`, `errors`…) depend on `code`. "
                            "Amounts there are integers in fen (or in the `unit` given); `detail` and `title` say them in yuan."),
            "properties": {
                "type": {"type": "string", "description": "urn:mendian:problem:<code>"},
                "title": {"type": "string", "description": "English title"},
                "status": {"type": "integer", "description": "HTTP status"},
                "code": {"$ref": "#/components/schemas/ProblemCode"},
                "detail": {"type": "string", "description": "中文说明 / The explanation in Chinese"},
                "detail_en": {"type": "string", "description": "The explanation in English"},
                "instance": {"type": "string", "description": "The request path"},
            },
            "required": ["type", "title", "status", "code", "detail", "detail_en"],
            "additionalProperties": True,
        },
    }


def error_response(status: int) -> dict[str, Any]:
    return {"description": ERRORS[status],
            "content": {MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/ProblemDetails"}}}}


def security_of(facts: Facts) -> list[dict[str, list[str]]]:
    if facts.public:
        return []
    return [{name: []} for name in (MEMBER_SCHEMES if facts.member else STAFF_SCHEMES)]


def require_idempotency_key(op: dict[str, Any]) -> None:
    """``run_once`` refuses a money-moving request without a key (1–200 characters): say so."""
    for param in op.get("parameters", []):
        if param["in"] == "header" and param["name"].lower() == IDEMPOTENCY_HEADER:
            param["required"] = True
            param["schema"] = {"type": "string", "minLength": 1, "maxLength": MAX_KEY}
            param["description"] = ("幂等键：资金类请求必填，重放时返回首次结果 / Required: a replay with the same key "
                                    "answers with the first response; another body with it is a 409")


def summary_of(op: dict[str, Any]) -> str:
    """"中文 / English": the Chinese name that starts the docstring, the operation id in words."""
    first = (op.get("description") or "").strip().split("\n", 1)[0]
    english = re.sub(r"(?<=[a-z0-9])([A-Z])", r" \1", op.get("operationId", "")).capitalize()
    for separator in (":", " / "):  # "充值: a member pays…" or "到店次数 / How often a member came."
        head, found, _ = first.partition(separator)
        if found and CJK.search(head):
            return f"{head.strip()} / {english}"
    return english


# --- component names --------------------------------------------------------------------------

GENERIC = re.compile(r"^(\w+?)_((?:\w+\.)*)(\w+?)_$")  # Page_core.members.schemas.Member_
QUALIFIED = re.compile(r"^(?:core_|plugins_)?(\w+?)_schemas_([A-Z]\w*)$")  # plugins_coupons_schemas_TemplateOut


def _package(module_path: str) -> str:
    """``plugins.coupons.schemas`` → ``Coupons``: the domain or plugin a type belongs to."""
    parts = [p for p in re.split(r"[._]", module_path) if p and p not in ("core", "plugins", "schemas")]
    return "".join(part.capitalize() for part in parts)


def clean_name(name: str, qualified: bool = False) -> str:
    """A component name without its module path: ``MemberPage``, ``CouponsTemplateOut``; ``qualified``
    puts the domain or plugin in front where two types share a name."""
    if m := GENERIC.match(name):
        return f"{_package(m[2]) if qualified else ''}{m[3]}{m[1]}"
    if m := QUALIFIED.match(name):
        return _package(m[1]) + m[2]
    return name


def rename_components(spec: Spec) -> None:
    schemas = spec.get("components", {}).get("schemas", {})
    # litestar qualified the types whose names two modules share: their pages are qualified too.
    shared = {m[2] for name in schemas if (m := QUALIFIED.match(name))}
    renamed = {name: clean_name(name) for name in schemas}
    clashing = {name for name, new in renamed.items() if list(renamed.values()).count(new) > 1}
    clashing |= {name for name in schemas if (m := GENERIC.match(name)) and m[3] in shared}
    renamed |= {name: clean_name(name, qualified=True) for name in clashing}
    clashes = {new for new in renamed.values() if list(renamed.values()).count(new) > 1}
    if clashes:
        raise ValueError(f"OpenAPI component names clash after cleaning: {sorted(clashes)}")
    spec["components"]["schemas"] = {renamed[name]: schema | {"title": renamed[name]}
                                     for name, schema in schemas.items()}
    refs = {f"#/components/schemas/{old}": f"#/components/schemas/{new}" for old, new in renamed.items()}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("$ref"), str) and node["$ref"] in refs:
                node["$ref"] = refs[node["$ref"]]
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(spec)


# --- the pass ---------------------------------------------------------------------------------


def contract(spec: Spec, app: Litestar) -> Spec:
    """A copy of litestar's document finished as described at the top of this module."""
    spec = copy.deepcopy(spec)
    by_route = handlers(app)
    for path, item in spec.get("paths", {}).items():
        for method in METHODS:
            if (op := item.get(method)) is None:
                continue
            facts = facts_of(spec, method, op, by_route.get((path, method)))
            op["security"] = security_of(facts)
            op["x-mendian-scope"] = facts.scope
            if not (facts.public or facts.member):
                op.setdefault("parameters", []).append(STORE_HEADER)
            # litestar's own 400 (``ValidationException`` in its shape) is not what the server answers.
            responses = {s: r for s, r in op.get("responses", {}).items() if not s.startswith(("4", "5"))}
            op["responses"] = responses | {str(status): error_response(status) for status in facts.error_statuses()}
            require_idempotency_key(op)
            op["summary"] = summary_of(op)
    rename_components(spec)
    components = spec.setdefault("components", {})
    components.setdefault("schemas", {}).update(problem_schemas(problem_codes(error_packages(app))))
    components["schemas"] = dict(sorted(components["schemas"].items()))
    components["securitySchemes"] = SECURITY_SCHEMES
    return spec


def error_packages(app: Litestar) -> list[Any]:
    """The kernel, the SDK and each installed plugin's package: where error codes are declared."""
    names = ["core", "sdk"]
    manager = app.state.get("plugins")
    if manager is not None:
        names += [installed.module.__name__ for installed in manager.installed.values()]
    return [importlib.import_module(name) for name in names]


def openapi_document(app: Litestar) -> Spec:
    """The contract as ``/schema/openapi.json`` serves it (for scripts: no server needed)."""
    return contract(app.openapi_schema.to_schema(), app)


class _Finished:
    """A render plugin that renders the finished contract instead of litestar's raw document."""

    _done: tuple[int, Spec] | None = None

    def finished(self, request: Request, openapi_schema: Spec) -> Spec:
        if self._done is None or self._done[0] != id(openapi_schema):
            self._done = (id(openapi_schema), contract(openapi_schema, request.app))
        return self._done[1]


class ContractJsonRenderPlugin(_Finished, JsonRenderPlugin):
    def render(self, request: Request, openapi_schema: Spec) -> bytes:
        return super().render(request, self.finished(request, openapi_schema))


class ContractSwaggerRenderPlugin(_Finished, SwaggerRenderPlugin):
    def render(self, request: Request, openapi_schema: Spec) -> bytes:
        return super().render(request, self.finished(request, openapi_schema))
