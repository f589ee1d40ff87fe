"""``mendian plugin new``: render cli/templates/plugin/ into a new, pip-installable plugin package.

Everything is checked and rendered in memory first; only then are files written, so a refusal
(an invalid or taken name, a non-empty target folder) writes nothing.
"""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import importlib.util
import keyword
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import jinja2

TEMPLATES = Path(__file__).resolve().parent / "templates" / "plugin"
NAME_RULE = "小写字母开头，只含小写字母、数字和下划线，2–40 个字符 / a lowercase letter, then lowercase letters, digits or underscores, 2–40 characters"


class ScaffoldRefused(Exception):
    """Why the plugin cannot be created: one line, Chinese first, English beside it."""


@dataclass(frozen=True, slots=True)
class Parts:
    """Which optional parts the new plugin gets."""

    table: bool = True
    api: bool = True
    console: bool = True  # a console page (console.py, its template and a test)
    member: bool = True  # a member page (member.py, its template and a test)


# (path in the new project, template, the part it belongs to or None for always). ``{name}`` and
# ``{migration_module}`` in paths are filled in.
FILES: list[tuple[str, str, str | None]] = [
    ("pyproject.toml", "pyproject.toml.j2", None),
    ("README.md", "README.md.j2", None),
    ("conftest.py", "conftest.py.j2", None),
    ("{name}/__init__.py", "package/__init__.py.j2", None),
    ("{name}/hooks.py", "package/hooks.py.j2", None),
    ("{name}/schemas.py", "package/schemas.py.j2", None),
    ("{name}/service.py", "package/service.py.j2", None),
    ("{name}/tables.py", "package/tables.py.j2", "table"),
    ("{name}/piccolo_app.py", "package/piccolo_app.py.j2", "table"),
    ("{name}/migrations/__init__.py", "package/migrations/__init__.py.j2", "table"),
    ("{name}/migrations/{migration_module}.py", "package/migrations/initial.py.j2", "table"),
    ("{name}/api.py", "package/api.py.j2", "api"),
    ("tests/test_{name}.py", "tests/test_plugin.py.j2", None),
]
# The console page: its handler and its template (the console finds "<name>/index.html" there).
CONSOLE_FILES: list[tuple[str, str, str | None]] = [
    ("{name}/console.py", "package/console.py.j2", "console"),
    ("{name}/templates/{name}/index.html", "package/templates/index.html.j2", "console"),
    # The member page (/m/<tenant>/p/<name>) and its template.
    ("{name}/member.py", "package/member.py.j2", "member"),
    ("{name}/templates/{name}/member.html", "package/templates/member.html.j2", "member"),
]


def check_name(name: str, taken: Callable[[str], str | None]) -> None:
    """Refuse a name that is not a valid plugin name, or one something already uses."""
    from core.extensions.plugin import NAME_PATTERN

    if not NAME_PATTERN.match(name) or keyword.iskeyword(name):
        raise ScaffoldRefused(f"插件名称无效 / invalid plugin name {name!r}: {NAME_RULE}")
    if (user := taken(name)) is not None:
        raise ScaffoldRefused(f"名称 {name} 已被占用 / the name {name} is taken: {user}")


def name_user(name: str, installed: Iterable[str]) -> str | None:
    """What already goes by ``name`` (an installed plugin, an entry point, a module), or None."""
    if name in set(installed):
        return "已安装同名插件 / an installed plugin has it"
    if any(ep.name == name for ep in importlib.metadata.entry_points(group="mendian.plugins")):
        return "已有同名插件入口 / a mendian.plugins entry point has it"
    for module in (name, f"plugins.{name}"):
        try:
            found = importlib.util.find_spec(module)
        except (ImportError, ValueError):
            found = None
        if found is not None:
            return f"已有同名 Python 模块 / a Python module {module} exists"
    try:
        importlib.metadata.distribution(dist_name(name))
    except importlib.metadata.PackageNotFoundError:
        return None
    return f"已安装同名发行包 / a distribution {dist_name(name)} is installed"


def check_target(target: Path) -> None:
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise ScaffoldRefused(f"目标目录不为空 / the target folder is not empty: {target}")


def dist_name(name: str) -> str:
    return "mendian-" + name.replace("_", "-")


def _context(name: str, title: str | None, title_en: str | None, description: str, description_en: str,
             author: str, parts: Parts, now: dt.datetime) -> dict[str, object]:
    import piccolo

    from core.extensions.manager import SDK_VERSION

    major, minor = (int(x) for x in SDK_VERSION.split(".")[:2])
    words = name.split("_")
    stamp = now.strftime("%Y-%m-%dT%H:%M:%S:%f")
    return {
        "name": name,
        "dist_name": dist_name(name),
        "class_name": "".join(w.capitalize() for w in words),
        "camel_name": words[0] + "".join(w.capitalize() for w in words[1:]),
        "title": title or name,
        "title_en": title_en or " ".join(words).capitalize(),
        "description": description or f"{title or name}插件",
        "description_en": description_en or f"The {name} plugin for Mendian",
        "author": author,
        "sdk_range": f">={major}.{minor},<{major + 1}",
        "migration_id": stamp,
        # piccolo names migration modules after the app and the id; the name must start with a letter.
        "migration_module": f"{name}_{stamp.lower().replace('-', '_').replace(':', '_')}",
        "piccolo_version": piccolo.__VERSION__,
        "table_name": f"{name}_visit",
        "table": parts.table,
        "api": parts.api,
        "console": parts.console,
        "member": parts.member,
    }


def render(name: str, *, title: str | None = None, title_en: str | None = None, description: str = "",
           description_en: str = "", author: str = "", parts: Parts = Parts(),
           now: dt.datetime | None = None) -> dict[str, str]:
    """The new plugin's files, ``relative path → text``, rendered but not written."""
    values = _context(name, title, title_en, description, description_en, author, parts,
                      now or dt.datetime.now(dt.UTC))
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), keep_trailing_newline=True, trim_blocks=True,
        lstrip_blocks=True, undefined=jinja2.StrictUndefined, autoescape=False,
    )
    files = {}
    for path, template, part in [*FILES, *CONSOLE_FILES]:
        if part is not None and not values[part]:
            continue
        files[path.format(**values)] = _tidy(env.get_template(template).render(**values))
    return files


def _tidy(text: str) -> str:
    """At most two blank lines in a row and one newline at the end, whatever the parts left out."""
    while "\n\n\n\n" in text:
        text = text.replace("\n\n\n\n", "\n\n\n")
    return text.rstrip("\n") + "\n" if text.strip() else ""


def create(target: Path, files: dict[str, str]) -> list[Path]:
    """Write the rendered files under ``target`` (checked empty first); return what was written."""
    check_target(target)
    written = []
    for relative, text in files.items():
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
