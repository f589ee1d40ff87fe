"""The hook reference (docs/hooks.md), generated from the hookspecs' own docstrings.

``mendian docs hooks`` (or ``python -m core.hookdoc``) rewrites the page; a test fails when the
committed page and the hookspecs disagree, so the reference cannot drift from the code.
"""

from __future__ import annotations

import inspect
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
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


@dataclass(frozen=True, slots=True)
class HookDoc:
    name: str
    kind: str  # "wiring" or "domain"
    signature: str
    firstresult: bool
    doc: str

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


def hook_docs() -> list[HookDoc]:
    """Every hookspec in ``core.hookspecs``, in the order the module declares them."""
    specs = [f for f in vars(hookspecs).values() if callable(f) and getattr(f, SPEC_MARKER, None) is not None]
    specs.sort(key=lambda f: f.__code__.co_firstlineno)
    return [
        HookDoc(
            name=f.__name__,
            kind="domain" if is_domain_hook(list(inspect.signature(f).parameters)) else "wiring",
            signature=_signature(f),
            firstresult=bool(getattr(f, SPEC_MARKER).get("firstresult")),
            doc=inspect.cleandoc(f.__doc__ or ""),
        )
        for f in specs
    ]


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
        "<!-- Generated from core/hookspecs.py by `mendian docs hooks`; do not edit by hand. -->",
        "",
        "插件通过实现下面的钩子扩展门店系统；本页由 `core/hookspecs.py` 中每个钩子的文档字符串生成。",
        "Plugins extend Mendian by implementing the hooks below; this page is generated from the "
        "docstrings of `core/hookspecs.py`.",
        "",
        inspect.cleandoc(hookspecs.__doc__ or ""),
        "",
        "| 钩子 · Hook | 类型 · Kind | 首个结果生效 · First result wins | 摘要 · Summary |",
        "|---|---|---|---|",
    ]
    lines += [f"| [`{h.name}`](#{h.name}) | {h.kind} | {_yes_no(h.firstresult)} | {_cell(h.summary)} |" for h in hooks]
    lines.append("")
    for kind, (heading, zh, en) in KINDS.items():
        lines += [f"## {heading}", "", zh, en, ""]
        for hook in hooks:
            if hook.kind == kind:
                lines += _render_hook(hook)
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
