"""The hook reference (docs/hooks.md), generated from the hookspecs' own docstrings: the kernel's
(core/hookspecs.py) and those the built-in plugins declare (``Plugin(hookspecs=...)``), under
their plugin.

``mendian docs hooks`` (or ``python -m cli.hookdoc``) rewrites the page; a test fails when the
committed page and the hookspecs disagree, so the reference cannot drift from the code.
"""

from __future__ import annotations

import importlib
import inspect
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from core import hookspecs
from core.extensions.plugin import PROJECT, is_domain_hook

DEFAULT_PATH = Path("docs/hooks.md")
SPEC_MARKER = f"{PROJECT}_spec"  # the attribute pluggy's HookspecMarker sets on a hookspec

KINDS = {
    "wiring": (
        "接线钩子 · Wiring hooks",
        "启动时对每个已安装的插件各调用一次。",
        "Called once at start-up for every installed plugin.",
    ),
    "domain": (
        "领域钩子 · Domain hooks",
        "按租户调用，只调用该租户已启用的插件，并在事件的数据库事务之内运行。",
        "Called per tenant, only for the plugins that tenant enabled, inside the event's database transaction.",
    ),
}

PLUGIN_HOOKS_ZH = ("插件用 `Plugin(hookspecs=...)` 声明自己的钩子，安装该插件时加入；与领域钩子一样按租户调用，只调用该租户已启用的插件。"
                   "实现这些钩子的插件通常应在 `requires` 中写上声明它的插件。")
PLUGIN_HOOKS_EN = ("A plugin declares its own hooks with `Plugin(hookspecs=...)`; they are added when that plugin is "
                   "installed and called like domain hooks, per tenant and only for the plugins it enabled. A plugin "
                   "implementing them usually names the declaring plugin in `requires`.")


@dataclass(frozen=True, slots=True)
class HookDoc:
    name: str
    kind: str  # "wiring" or "domain"
    signature: str
    firstresult: bool
    doc: str
    plugin: str | None = None  # the plugin that declares the hook; None for the kernel's

    @property
    def summary(self) -> str:
        return self.doc.split("\n\n", 1)[0].replace("\n", " ") if self.doc else ""


def _annotation(value: Any) -> str:
    # hookspecs.py uses postponed annotations, so these are the source text, as written.
    return value if isinstance(value, str) else inspect.formatannotation(value)


def _signature(func: Callable[..., Any]) -> str:
    sig = inspect.signature(func)
    params = []
    for p in sig.parameters.values():
        params.append(p.name if p.annotation is inspect.Parameter.empty else f"{p.name}: {_annotation(p.annotation)}")
    returns = "" if sig.return_annotation is inspect.Signature.empty else f" -> {_annotation(sig.return_annotation)}"
    return f"{func.__name__}({', '.join(params)}){returns}"


def _docs_of(module: ModuleType, plugin: str | None = None) -> list[HookDoc]:
    specs = [f for f in vars(module).values() if callable(f) and getattr(f, SPEC_MARKER, None) is not None]
    specs.sort(key=lambda f: f.__code__.co_firstlineno)
    return [
        HookDoc(
            name=f.__name__,
            kind="domain" if is_domain_hook(list(inspect.signature(f).parameters)) else "wiring",
            signature=_signature(f),
            firstresult=bool(getattr(f, SPEC_MARKER).get("firstresult")),
            doc=inspect.cleandoc(f.__doc__ or ""),
            plugin=plugin,
        )
        for f in specs
    ]


def plugin_hookspecs() -> list[tuple[str, ModuleType]]:
    """``(plugin, hookspecs module)`` of every built-in plugin that declares hooks, by plugin name."""
    from core.extensions.manager import PluginManager

    manager = PluginManager()
    manager.discover(entry_points=False)
    return [(name, importlib.import_module(item.plugin.hookspecs)) for name, item in sorted(manager.installed.items())
            if item.plugin.hookspecs is not None]


def hook_docs() -> list[HookDoc]:
    """Every hookspec in ``core.hookspecs`` in the order the module declares them, then the
    hooks each built-in plugin declares, plugin by plugin."""
    docs = _docs_of(hookspecs)
    for plugin, module in plugin_hookspecs():
        docs += _docs_of(module, plugin)
    return docs


def _yes_no(value: bool) -> str:
    return "是 · yes" if value else "否 · no"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _render_hook(hook: HookDoc) -> list[str]:
    return [
        f"### `{hook.name}`",
        "",
        "```python",
        hook.signature,
        "```",
        "",
        f"- 类型 · Kind: {hook.kind}",
        f"- 首个结果生效 · First result wins: {_yes_no(hook.firstresult)}",
        "",
        hook.doc or "*(no docstring)*",
        "",
    ]


def render_hook_reference() -> str:
    """docs/hooks.md as it should read for the hookspecs of this checkout."""
    hooks = hook_docs()
    lines = [
        "# 钩子参考 · Hook reference",
        "",
        "<!-- Generated from core/hookspecs.py and the plugins' hookspecs by `mendian docs hooks`; "
        "do not edit by hand. -->",
        "",
        "插件通过实现下面的钩子扩展门店系统；本页由 `core/hookspecs.py` 及各插件 `hookspecs` 模块中每个钩子的"
        "文档字符串生成。",
        "Plugins extend Mendian by implementing the hooks below; this page is generated from the "
        "docstrings of `core/hookspecs.py` and of the plugins' `hookspecs` modules.",
        "",
        inspect.cleandoc(hookspecs.__doc__ or ""),
        "",
        "| 钩子 · Hook | 声明者 · Declared by | 类型 · Kind | 首个结果生效 · First result wins | 摘要 · Summary |",
        "|---|---|---|---|---|",
    ]
    lines += [f"| [`{h.name}`](#{h.name}) | {h.plugin or '内核 · kernel'} | {h.kind} | {_yes_no(h.firstresult)} "
              f"| {_cell(h.summary)} |" for h in hooks]
    lines.append("")
    for kind, (heading, zh, en) in KINDS.items():
        lines += [f"## {heading}", "", zh, en, ""]
        for hook in hooks:
            if hook.kind == kind and hook.plugin is None:
                lines += _render_hook(hook)
    lines += ["## 插件声明的钩子 · Hooks plugins declare", "", PLUGIN_HOOKS_ZH, PLUGIN_HOOKS_EN, ""]
    for plugin in dict.fromkeys(h.plugin for h in hooks if h.plugin is not None):
        lines += [f"### 插件 · Plugin `{plugin}`", ""]
        for hook in hooks:
            if hook.plugin == plugin:
                lines += ["#" + line if line.startswith("### ") else line for line in _render_hook(hook)]
    return "\n".join(lines).rstrip("\n") + "\n"


def write_if_changed(path: str | Path, text: str) -> bool:
    """Write ``text`` to ``path`` unless it already reads so; return whether the file changed.

    Generated references are rewritten only when they differ, so ``git status`` stays clean.
    """
    path = Path(path)
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return True


def write_hook_reference(path: str | Path = DEFAULT_PATH) -> bool:
    """Write the reference to ``path``; return whether the file changed."""
    return write_if_changed(path, render_hook_reference())


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    path = Path(args[0]) if args else DEFAULT_PATH
    changed = write_hook_reference(path)
    print(f"{path}: {'已更新 · updated' if changed else '已是最新 · up to date'}")


if __name__ == "__main__":
    main()
