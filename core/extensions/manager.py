"""Finds, checks and registers plugins; hands out per-tenant hook callers.

Built-in plugins are the sub-packages of ``plugins/``; third-party ones come through the entry
point group ``mendian.plugins``. A plugin that cannot be loaded (import error, bad metadata, an
unsupported SDK range, an unknown hook, wrong hook arguments, a wiring hook that raises or a
declared wiring string that does not resolve) is refused with a reason and the rest of the system
starts without it.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import importlib.util
import logging
import pkgutil
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

import msgspec
import pluggy
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import Version
from piccolo.conf.apps import AppConfig

from core import hookspecs
from core.extensions.dispatch import AsyncHook, HookRelay
from core.extensions.plugin import (
    DECLARED_WIRING,
    NAME_PATTERN,
    PROJECT,
    Plugin,
    is_domain_hook,
    is_marked_members,
    is_own_orders,
)

log = logging.getLogger(__name__)

SDK_VERSION = "0.4.0"  # 0.2: wiring in Plugin(...), plugins declare hookspecs; 0.3: sdk.scoped, sdk.transaction, find_member removed; 0.4: named caches, awaited forget, member batch actions, pickers, mark_member, @marked_members
ENTRY_POINT_GROUP = "mendian.plugins"
BUILTIN_PACKAGE = "plugins"  # its sub-packages are the built-in plugins


# Wiring hooks every plugin's implementation of which is called as it registers: a plugin whose
# wiring raises is refused there, before any app, console or command line is built from it. The
# results are kept (each hook is called once); ``cli_commands`` is tried on a scratch command line
# and called again on the real one. Wiring declared in ``Plugin(...)`` (every hook of
# DECLARED_WIRING) is resolved at the same moment and refused the same way.
STARTUP_WIRING = ("piccolo_apps", "api_routes", "console_pages", "scheduled_jobs", "cli_commands")


class PluginRefused(Exception):
    """Why a plugin is refused, in English and (``zh``) Chinese."""

    def __init__(self, reason: str, zh: str | None = None) -> None:
        super().__init__(reason)
        self.zh = zh or reason

    @classmethod
    def wiring_failed(cls, hook: str, exc: Exception) -> PluginRefused:
        return cls(f"{hook} failed: {exc!r}", f"{hook} 出错：{exc!r}")

    @classmethod
    def declaration_failed(cls, field_name: str, target: str, exc: Exception) -> PluginRefused:
        return cls(f"{field_name}={target!r} failed: {exc!r}", f"{field_name}={target!r} 出错：{exc!r}")


@dataclass(slots=True)
class InstalledPlugin:
    plugin: Plugin
    module: Any
    source: str  # "builtin", "entrypoint" or "local"
    apps: list[AppConfig] = field(default_factory=list)
    wired: dict[str, Any] = field(default_factory=dict)  # results of the STARTUP_WIRING hooks and declarations


@dataclass(frozen=True, slots=True)
class RefusedPlugin:
    name: str  # the module or entry point, or the declared name when refused after loading
    reason: str
    reason_zh: str = ""
    plugin: str | None = None  # the declared ``Plugin(name=...)``, when it was read

    def is_called(self, name: str) -> bool:
        """Whether ``name`` (as an operator types it) means this plugin: its declared name, or its
        module path or last part."""
        return name in (self.plugin, self.name, self.name.rsplit(".", 1)[-1])


class PluginManager:
    def __init__(self) -> None:
        self._pm = pluggy.PluginManager(PROJECT)
        self._pm.add_hookspecs(hookspecs)
        self.installed: dict[str, InstalledPlugin] = {}
        self.refused: list[RefusedPlugin] = []
        self._hooks: dict[tuple[str, frozenset[str]], AsyncHook] = {}
        self._relays: dict[frozenset[str], HookRelay] = {}

    # --- loading ---------------------------------------------------------------------------

    def discover(self, builtins: bool = True, entry_points: bool = True) -> None:
        found: list[tuple[ModuleType, str, str | None]] = []
        if builtins:
            # Found by the package's name: the kernel has no import statement of a plugin (tests/test_layers.py).
            spec = importlib.util.find_spec(BUILTIN_PACKAGE)
            folders = (spec.submodule_search_locations or []) if spec else []
            for info in sorted(pkgutil.iter_modules(folders), key=lambda i: i.name):
                if info.ispkg and (module := self._import(f"{BUILTIN_PACKAGE}.{info.name}")) is not None:
                    found.append((module, "builtin", None))
        if entry_points:
            for ep in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
                if (module := self._import(ep.value, label=ep.name)) is not None:
                    found.append((module, "entrypoint", ep.name))
        # Plugins that declare hooks first, so the plugins implementing those hooks find them declared.
        found.sort(key=lambda f: not _declares_hooks(f[0]))
        for module, source, label in found:
            self.register(module, source=source, label=label)
        self.check_requirements()

    def load(self, module_name: str, source: str = "local", label: str | None = None) -> None:
        """Import and register one plugin module, or record why it was refused."""
        module = self._import(module_name, label)
        if module is not None:
            self.register(module, source=source, label=label)

    def _import(self, module_name: str, label: str | None = None) -> ModuleType | None:
        try:
            return importlib.import_module(module_name.split(":")[0])
        except Exception as exc:  # any import failure refuses the plugin, not the system
            self._refuse(label or module_name, PluginRefused(f"import failed: {exc!r}", f"无法导入：{exc!r}"))
            return None

    def register(self, module: ModuleType | Any, source: str = "local", label: str | None = None) -> None:
        label = label or str(getattr(module, "__name__", repr(module)))
        declared = getattr(module, "plugin", None)
        try:
            plugin = self._check_metadata(module)
            self._add_hookspecs(plugin)
            self._register_hooks(self._hook_module(module), plugin)
            wired = self._call_wiring(plugin)
        except PluginRefused as exc:
            self._refuse(label, exc, declared.name if isinstance(declared, Plugin) else None)
            return
        apps = wired.pop("piccolo_apps", None)
        apps = apps if isinstance(apps, list) else [apps] if apps else []
        self.installed[plugin.name] = InstalledPlugin(plugin=plugin, module=module, source=source, apps=apps,
                                                      wired=wired)
        self._hooks.clear()
        self._relays.clear()

    def _refuse(self, name: str, refusal: PluginRefused, plugin: str | None = None) -> None:
        log.warning("plugin %s refused: %s", name, refusal)
        self.refused.append(RefusedPlugin(name=name, reason=str(refusal), reason_zh=refusal.zh, plugin=plugin))

    def refusal(self, name: str) -> RefusedPlugin | None:
        """Why the plugin an operator calls ``name`` was refused, if it was."""
        return next((r for r in reversed(self.refused) if r.is_called(name)), None)

    def _check_metadata(self, module: Any) -> Plugin:
        plugin = getattr(module, "plugin", None)
        if not isinstance(plugin, Plugin):
            raise PluginRefused("module has no `plugin = Plugin(...)` declaration")
        if not NAME_PATTERN.match(plugin.name):
            raise PluginRefused(f"invalid name {plugin.name!r} (lowercase letters, digits, underscores)")
        if plugin.name in self.installed:
            raise PluginRefused(f"a plugin named {plugin.name!r} is already installed")
        if not plugin.title or not plugin.title_en:
            raise PluginRefused("title and title_en are required")
        if not (isinstance(plugin.settings, type) and issubclass(plugin.settings, msgspec.Struct)):
            raise PluginRefused("settings must be a msgspec.Struct class")
        try:
            defaults = plugin.settings()  # defaults are the settings of a tenant that set nothing
        except TypeError as exc:
            raise PluginRefused(f"settings need a default for every field: {exc}") from exc
        try:
            # A Struct's constructor does not check Meta constraints; convert does.
            msgspec.convert(msgspec.to_builtins(defaults), plugin.settings)
        except msgspec.ValidationError as exc:
            raise PluginRefused(f"settings defaults break their own constraints: {exc}") from exc
        try:
            supported = SpecifierSet(plugin.sdk)
        except InvalidSpecifier as exc:
            raise PluginRefused(f"invalid sdk range {plugin.sdk!r}") from exc
        if Version(SDK_VERSION) not in supported:
            raise PluginRefused(f"needs SDK {plugin.sdk}, this is SDK {SDK_VERSION}",
                                f"需要 SDK {plugin.sdk}，当前为 SDK {SDK_VERSION}")
        return plugin

    def _add_hookspecs(self, plugin: Plugin) -> None:
        """Declare the hooks of the plugin's ``hookspecs`` module, which must name no hook already declared."""
        if plugin.hookspecs is None:
            return
        try:
            specs = importlib.import_module(plugin.hookspecs)
        except Exception as exc:  # a broken declaration refuses that plugin, not the system
            raise PluginRefused.declaration_failed("hookspecs", plugin.hookspecs, exc) from exc
        names = [n for n, f in vars(specs).items() if callable(f) and hasattr(f, f"{PROJECT}_spec")]
        taken = [n for n in names if (c := getattr(self._pm.hook, n, None)) is not None and c.spec is not None]
        if not names or taken:
            reason = f"declares hook(s) already declared: {', '.join(sorted(taken))}" if taken else "declares no hook"
            raise PluginRefused.declaration_failed("hookspecs", plugin.hookspecs, ValueError(reason))
        self._pm.add_hookspecs(specs)

    @staticmethod
    def _hook_module(module: Any) -> Any:
        """Where a plugin's hook implementations live: its package's ``hooks`` module when it has one
        (the convention: imports at the top, the package itself stays a declaration), else the
        module that declares the plugin (a one-file plugin)."""
        if not hasattr(module, "__path__"):
            return module
        name = f"{module.__name__}.hooks"
        if importlib.util.find_spec(name) is None:
            return module
        try:
            hooks = importlib.import_module(name)
        except Exception as exc:  # a broken hooks module refuses that plugin, not the system
            raise PluginRefused.declaration_failed("hooks", name, exc) from exc
        if any(hasattr(value, f"{PROJECT}_impl") for value in vars(module).values()):
            raise PluginRefused(f"hook implementations in both {module.__name__} and {name}: keep them in {name}",
                                f"钩子实现同时出现在 {module.__name__} 和 {name}：请都放在 {name}")
        return hooks

    def _register_hooks(self, module: Any, plugin: Plugin) -> None:
        try:
            self._pm.register(module, name=plugin.name)
        except (pluggy.PluginValidationError, ValueError) as exc:
            raise PluginRefused(f"bad hook implementation: {exc}") from exc
        callers = self._pm.get_hookcallers(module) or []
        unknown = [c.name for c in callers if c.spec is None]
        if unknown:
            self._pm.unregister(module)
            raise PluginRefused(f"implements unknown hook(s): {', '.join(sorted(unknown))}")
        # The relay awaits plain functions one by one (dispatch.py); it cannot drive a wrapper's
        # generator, which would otherwise be returned as a result instead of being run.
        wrapped = [
            c.name for c in callers
            if c.spec is not None and is_domain_hook(c.spec.argnames)
            and any(i.plugin is module and (i.wrapper or i.hookwrapper) for i in c.get_hookimpls())
        ]
        if wrapped:
            self._pm.unregister(module)
            raise PluginRefused(f"wrappers are not supported on domain hook(s): {', '.join(sorted(wrapped))}")
        orderless = [
            c.name for c in callers
            if c.spec is not None and "order" not in c.spec.argnames
            and any(i.plugin is module and (is_own_orders(i.function) or is_marked_members(i.function))
                    for i in c.get_hookimpls())
        ]
        if orderless:
            self._pm.unregister(module)
            raise PluginRefused(
                f"@own_orders or @marked_members on hook(s) that take no order: {', '.join(sorted(orderless))}")

    def _call_wiring(self, plugin: Plugin) -> dict[str, Any]:
        """Every wiring the plugin declares, resolved, and every STARTUP_WIRING hook it implements,
        called once; refused if a declaration does not resolve or a hook raises."""
        import typer

        wired = self._resolve_declared(plugin)
        for hook in STARTUP_WIRING:
            if hook in wired:
                continue
            try:
                if hook == "cli_commands":
                    self.call_one(plugin.name, hook, cli=typer.Typer())
                else:
                    wired[hook] = self.call_one(plugin.name, hook)
            except Exception as exc:  # a bug in one plugin's wiring refuses that plugin, not the system
                self._pm.unregister(name=plugin.name)
                raise PluginRefused.wiring_failed(hook, exc) from exc
        return wired

    def _resolve_declared(self, plugin: Plugin) -> dict[str, Any]:
        """``{wiring hook: value}`` of the wiring declared in ``Plugin(...)``, imported now."""
        import typer

        resolved: dict[str, Any] = {}
        for hook, field_name in DECLARED_WIRING.items():
            target = getattr(plugin, field_name)
            if target is None:
                continue
            try:
                if self._implements(plugin.name, hook):
                    raise ValueError(f"the plugin also implements the {hook} hook: keep one of the two")
                value = resolve_import_string(target)
                if hook == "cli_commands" and not isinstance(value, typer.Typer):
                    raise TypeError(f"{target} is a {type(value).__name__}, not a typer.Typer")
            except Exception as exc:  # a broken declaration refuses that plugin, not the system
                self._pm.unregister(name=plugin.name)
                raise PluginRefused.declaration_failed(field_name, target, exc) from exc
            resolved[hook] = value
        return resolved

    def _implements(self, plugin_name: str, hook_name: str) -> bool:
        return any(i.plugin_name == plugin_name for i in getattr(self._pm.hook, hook_name).get_hookimpls())

    def check_requirements(self) -> None:
        """Refuse plugins whose requirements are not installed or that require themselves
        through a cycle (enabling one would never finish); repeated until stable."""
        changed = True
        while changed:
            changed = False
            for name, item in list(self.installed.items()):
                missing = [r for r in item.plugin.requires if r not in self.installed]
                if missing:
                    self.unregister(name)
                    self._refuse(name, PluginRefused(f"requires plugin(s) not installed: {', '.join(missing)}",
                                                     f"依赖的插件未安装：{', '.join(missing)}"), name)
                    changed = True
                elif self._requires_itself(name):
                    self.unregister(name)
                    self._refuse(name, PluginRefused("requires itself through a cycle of requirements",
                                                     "插件之间的依赖构成循环"), name)
                    changed = True

    def _requires_itself(self, name: str) -> bool:
        seen: set[str] = set()
        pending = list(self.installed[name].plugin.requires)
        while pending:
            req = pending.pop()
            if req == name:
                return True
            if req not in seen and req in self.installed:
                seen.add(req)
                pending.extend(self.installed[req].plugin.requires)
        return False

    def unregister(self, name: str) -> None:
        self._pm.unregister(name=name)
        self.installed.pop(name, None)
        self._hooks.clear()
        self._relays.clear()

    # --- wiring hooks ----------------------------------------------------------------------

    def call_one(self, plugin_name: str, hook_name: str, **kwargs: Any) -> Any:
        """Call one plugin's implementation of a wiring hook (None if it has none)."""
        caller = getattr(self._pm.hook, hook_name)
        for impl in caller.get_hookimpls():
            if impl.plugin_name == plugin_name:
                return impl.function(*[kwargs[a] for a in impl.argnames])
        return None

    def wiring(self, hook_name: str, **kwargs: Any) -> list[tuple[str, Any]]:
        """``(plugin name, result)`` of a wiring hook for every installed plugin, in load order.

        A STARTUP_WIRING result is the one kept at registration. A hook called here that raises
        refuses its plugin (and those that require it) and the others are wired all the same.
        """
        results = []
        for name in self.ordered_names():
            item = self.installed.get(name)
            if item is None:  # refused meanwhile, with a plugin it requires
                continue
            if hook_name == "cli_commands" and item.plugin.cli is not None:
                kwargs["cli"].add_typer(item.wired[hook_name], name=name)
                continue
            if hook_name in item.wired:
                result = item.wired[hook_name]
            else:
                try:
                    result = self.call_one(name, hook_name, **kwargs)
                except Exception as exc:  # refuse the plugin, and those that require it, not the system
                    self.unregister(name)
                    self._refuse(name, PluginRefused.wiring_failed(hook_name, exc), name)
                    self.check_requirements()
                    continue
            if result is not None:
                results.append((name, result))
        return results

    def ordered_names(self) -> list[str]:
        """Installed plugin names with every plugin after the plugins it requires."""
        ordered: list[str] = []

        def visit(name: str, path: tuple[str, ...]) -> None:
            if name in ordered or name in path:
                return
            for req in self.installed[name].plugin.requires:
                if req in self.installed:
                    visit(req, (*path, name))
            ordered.append(name)

        for name in sorted(self.installed):
            visit(name, ())
        return ordered

    def apps(self) -> list[AppConfig]:
        return [app for name in self.ordered_names() for app in self.installed[name].apps]

    # --- domain hooks ----------------------------------------------------------------------

    def subset_hook(self, name: str, enabled: frozenset[str]) -> AsyncHook:
        key = (name, enabled)
        hook = self._hooks.get(key)
        if hook is None:
            caller = getattr(self._pm.hook, name)  # AttributeError for an unknown hook name
            removed = [self._pm.get_plugin(n) for n in self.installed if n not in enabled]
            subset = self._pm.subset_hook_caller(name, remove_plugins=removed)
            firstresult = bool(caller.spec and caller.spec.opts.get("firstresult"))
            hook = AsyncHook(name, subset.get_hookimpls(), firstresult)
            self._hooks[key] = hook
        return hook

    def relay(self, enabled: frozenset[str]) -> HookRelay:
        enabled = frozenset(n for n in enabled if n in self.installed)
        relay = self._relays.get(enabled)
        if relay is None:
            relay = self._relays[enabled] = HookRelay(self, enabled)
        return relay


def _declares_hooks(module: ModuleType) -> bool:
    plugin = getattr(module, "plugin", None)
    return isinstance(plugin, Plugin) and plugin.hookspecs is not None


def resolve_import_string(target: str) -> Any:
    """The object ``"package.module:NAME"`` names (``NAME`` may be dotted), imported now."""
    module_name, sep, attribute = target.partition(":")
    if not sep or not module_name or not attribute:
        raise ValueError(f"{target!r} is not of the form 'package.module:NAME'")
    value: Any = importlib.import_module(module_name)
    for part in attribute.split("."):
        try:
            value = getattr(value, part)
        except AttributeError:
            raise AttributeError(f"{module_name} has no {attribute}") from None
    return value
