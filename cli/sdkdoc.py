"""The SDK reference (docs/plugins/sdk.md), generated from the SDK's own docstrings and signatures.

``mendian docs sdk`` rewrites the page; a test fails when the committed page and the SDK
disagree, and when something the SDK exports has no docstring.
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import types
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import msgspec

from cli.hookdoc import write_if_changed

DEFAULT_PATH = Path("docs/plugins/sdk.md")

# The SDK's modules, in reading order: (module, zh heading). ``sdk`` itself lists what the others
# do not, so each name is described once, where it lives.
MODULES: list[tuple[str, str]] = [
    ("sdk", "插件声明与钩子 · Declaring a plugin"),
    ("sdk.types", "领域类型 · Domain types"),
    ("sdk.errors", "领域错误 · Domain errors"),
    ("sdk.ledger", "账务 · The ledger"),
    ("sdk.accounts", "账户 · Accounts"),
    ("sdk.orders", "订单 · Orders"),
    ("sdk.members", "会员 · Members"),
    ("sdk.catalog", "商品 · The catalog"),
    ("sdk.stores", "门店与员工 · Stores and staff"),
    ("sdk.services", "插件设置与幂等 · Settings and work done once"),
    ("sdk.loyalty", "积分与优惠券 · Points and coupons"),
    ("sdk.db", "数据表与查询 · Tables and queries"),
    ("sdk.http", "REST 路由 · REST routes"),
    ("sdk.cli", "命令行 · Commands"),
    ("sdk.jobs", "定时任务 · Scheduled jobs"),
    ("sdk.windows", "活动时间段 · Campaign windows"),
    ("sdk.console", "管理后台页面 · Console pages"),
    ("sdk.member_pages", "会员端页面 · Member pages"),
    ("sdk.testing", "测试 · Testing"),
]

TESTING_NAMES = [
    "TenantHandle", "make_member", "make_item", "check_in", "make_paid_order", "sign_in_member_pages", "statements",
    "mendian_enabled_plugins",
    "mendian_extra_plugins", "tenant", "other_tenant", "client", "app", "clock", "database_url",
]


@dataclass(frozen=True, slots=True)
class Entry:
    name: str
    kind: str  # "class", "function", "module", "value", "fixture"
    signature: str
    doc: str
    fields: list[tuple[str, str]]


def _clean(doc: str | None) -> str:
    return inspect.cleandoc(doc) if doc else ""


def _summary(doc: str | None) -> str:
    """A docstring's first paragraph, without the ``::`` that introduces an example."""
    first = _clean(doc).split("\n\n")[0]
    return first[:-2] + "." if first.endswith("::") else first


def _annotation(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, type):
        return value.__qualname__
    return inspect.formatannotation(value)


def _signature(obj: Any) -> str:
    try:
        sig = inspect.signature(obj)
    except (TypeError, ValueError):
        return ""
    params = []
    for p in sig.parameters.values():
        text = p.name if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD) else ("*" if p.kind == p.VAR_POSITIONAL else "**") + p.name
        if p.annotation is not inspect.Parameter.empty:
            text += f": {_annotation(p.annotation)}"
        if p.default is not inspect.Parameter.empty:
            text += f" = {p.default!r}" if not isinstance(p.default, type) else f" = {p.default.__name__}"
        params.append(text)
    # Keyword-only markers, as written.
    kinds = [p.kind for p in sig.parameters.values()]
    if inspect.Parameter.KEYWORD_ONLY in kinds and inspect.Parameter.VAR_POSITIONAL not in kinds:
        params.insert(kinds.index(inspect.Parameter.KEYWORD_ONLY), "*")
    returns = "" if sig.return_annotation is inspect.Signature.empty else f" -> {_annotation(sig.return_annotation)}"
    prefix = "async def " if inspect.iscoroutinefunction(obj) else "def "
    return f"{prefix}{getattr(obj, '__name__', '')}({', '.join(params)}){returns}"


def _fields(cls: type) -> list[tuple[str, str]]:
    if issubclass(cls, msgspec.Struct):
        names = list(cls.__struct_fields__)
    elif dataclasses.is_dataclass(cls):
        names = [f.name for f in dataclasses.fields(cls)]
    else:
        return []
    annotations: dict[str, Any] = {}
    for base in reversed(cls.__mro__):
        annotations.update(getattr(base, "__annotations__", {}))
    return [(n, _annotation(annotations.get(n, ""))) for n in names]


def _entry(name: str, obj: Any) -> Entry:
    fixture = getattr(obj, "_fixture_function", None) or getattr(obj, "__pytest_wrapped__", None)
    if fixture is not None or type(obj).__name__ == "FixtureFunctionDefinition":
        func = getattr(obj, "_get_wrapped_function", lambda: getattr(obj, "__wrapped__", obj))()
        return Entry(name, "fixture", "", _clean(func.__doc__), [])
    if isinstance(obj, types.ModuleType):
        return Entry(name, "module", "", _summary(obj.__doc__), [])
    if inspect.isclass(obj):
        if issubclass(obj, BaseException):
            extra = [(attr, repr(getattr(obj, attr))) for attr in ("code", "status") if attr in vars(obj)]
            return Entry(name, "class", f"class {name}({obj.__bases__[0].__name__})", _clean(obj.__doc__), extra)
        return Entry(name, "class", f"class {name}", _clean(obj.__doc__), _fields(obj))
    if callable(obj):
        return Entry(name, "function", _signature(obj), _clean(obj.__doc__), [])
    return Entry(name, "value", f"{name} = {obj!r}", "", [])


def _home(obj: Any) -> str | None:
    """The SDK module a name is documented under: where the SDK defines or re-exports it first."""
    return None if isinstance(obj, types.ModuleType) else getattr(obj, "__module__", None)


def sdk_entries() -> list[tuple[str, str, str, list[Entry]]]:
    """``(module, heading, module summary, entries)`` for every SDK module that imports."""
    seen: set[int] = set()
    sections = []
    # Names defined in a submodule are documented there, not again under ``sdk``.
    homes: dict[int, str] = {}
    loaded = {}
    for module_name, _ in MODULES:
        try:
            loaded[module_name] = importlib.import_module(module_name)
        except ImportError:
            continue
    for module_name, module in loaded.items():
        if module_name == "sdk":
            continue
        for name in _exported(module_name, module):
            homes.setdefault(id(getattr(module, name)), module_name)
    for module_name, heading in MODULES:
        module = loaded.get(module_name)
        if module is None:
            continue
        entries = []
        for name in _exported(module_name, module):
            obj = getattr(module, name)
            if module_name == "sdk" and homes.get(id(obj), "sdk") != "sdk" and not isinstance(obj, types.ModuleType):
                continue
            if id(obj) in seen and not isinstance(obj, types.ModuleType):
                continue
            seen.add(id(obj))
            entries.append(_entry(name, obj))
        sections.append((module_name, heading, _clean(module.__doc__), entries))
    return sections


def _exported(module_name: str, module: types.ModuleType) -> list[str]:
    if module_name == "sdk.testing":
        return [n for n in TESTING_NAMES if hasattr(module, n)]
    return sorted(getattr(module, "__all__", []), key=lambda n: (n.islower(), n.lower()))


def undocumented() -> list[str]:
    """Exported classes, functions and fixtures without a docstring (the test wants none)."""
    return [
        f"{module}.{e.name}" for module, _, _, entries in sdk_entries() for e in entries
        if e.kind in ("class", "function", "fixture") and not e.doc
    ]


def render_sdk_reference() -> str:
    lines = [
        "# SDK 参考 · SDK reference",
        "",
        "<!-- Generated from the sdk/ package by `mendian docs sdk`; do not edit by hand. -->",
        "",
        "插件只从 `sdk` 导入（`from sdk import X` 对下列顶层名称都有效）；本页由 SDK 的文档字符串生成。",
        "A plugin imports only from `sdk` (`from sdk import X` works for every top-level name below); "
        "this page is generated from the SDK's docstrings. Hooks: [hooks.md](../hooks.md).",
        "",
    ]
    sections = sdk_entries()
    lines += [f"- [`{m}`](#{m.replace('.', '')}) · {h}" for m, h, _, _ in sections]
    lines.append("")
    for module_name, heading, summary, entries in sections:
        lines += [f"## {module_name}", "", f"**{heading}**", "", summary, ""]
        for e in entries:
            lines += _render(e)
    return "\n".join(lines).rstrip("\n") + "\n"


def _render(e: Entry) -> list[str]:
    out = [f"### `{e.name}`", ""]
    if e.signature:
        out += ["```python", e.signature, "```", ""]
    if e.kind == "fixture":
        out += ["*pytest fixture*", ""]
    if e.fields:
        out += ["| 字段 · Field | 类型 · Type |", "|---|---|"]
        out += [f"| `{n}` | `{t}` |".replace("|`", "| `") for n, t in e.fields]
        out.append("")
    if e.doc:
        out += [e.doc, ""]
    return out


def write_sdk_reference(path: str | Path = DEFAULT_PATH) -> bool:
    """Write the reference to ``path``; return whether the file changed."""
    return write_if_changed(path, render_sdk_reference())
