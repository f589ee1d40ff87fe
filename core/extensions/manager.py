"""Finds, checks and registers plugins; hands out per-tenant hook callers.

Built-in plugins are the sub-packages of ``plugins/``; third-party ones come through the entry
point group ``mendian.plugins``. A plugin that cannot be loaded (import error, bad metadata, an
unsupported SDK range, an unknown hook, wrong hook arguments) is refused with a reason and the
rest of the system starts without it.
"""

from __future__ import annotations

import importlib
import importlib.metadata
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
from core.extensions.plugin import NAME_PATTERN, PROJECT, Plugin, is_domain_hook

log = logging.getLogger(__name__)

SDK_VERSION = "0.1.0"
ENTRY_POINT_GROUP = "mendian.plugins"


class PluginRefused(Exception):
    pass


@dataclass(slots=True)
class InstalledPlugin:
    plugin: Plugin
    module: Any
    source: str  # "builtin", "entrypoint" or "local"
    apps: list[AppConfig] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class RefusedPlugin:
    name: str
    reason: str


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
        if builtins:
            import plugins

            for info in sorted(pkgutil.iter_modules(plugins.__path__), key=lambda i: i.name):
                if info.ispkg:
                    self.load(f"plugins.{info.name}", source="builtin")
        if entry_points:
            for ep in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
                self.load(ep.value, source="entrypoint", label=ep.name)
        self.check_requirements()

    def load(self, module_name: str, source: str = "local", label: str | None = None) -> None:
        """Import and register one plugin module, or record why it was refused."""
        try:
            module = importlib.import_module(module_name.split(":")[0])
        except Exception as exc:  # any import failure refuses the plugin, not the system
            self._refuse(label or module_name, f"import failed: {exc!r}")
            return
        self.register(module, source=source, label=label)

    def register(self, module: ModuleType | Any, source: str = "local", label: str | None = None) -> None:
        label = label or getattr(module, "__name__", repr(module))
        try:
            plugin = self._check_metadata(module)
            self._register_hooks(module, plugin)
            apps = self._collect_apps(plugin)
        except PluginRefused as exc:
            self._refuse(label, str(exc))
            return
        self.installed[plugin.name] = InstalledPlugin(plugin=plugin, module=module, source=source, apps=apps)
        self._hooks.clear()
        self._relays.clear()

    def _refuse(self, name: str, reason: str) -> None:
        log.warning("plugin %s refused: %s", name, reason)
        self.refused.append(RefusedPlugin(name=name, reason=reason))

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
            raise PluginRefused(f"needs SDK {plugin.sdk}, this is SDK {SDK_VERSION}")
        return plugin

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

    def _collect_apps(self, plugin: Plugin) -> list[AppConfig]:
        try:
            apps = self.call_one(plugin.name, "piccolo_apps")
        except Exception as exc:
            self._pm.unregister(name=plugin.name)
            raise PluginRefused(f"piccolo_apps failed: {exc!r}") from exc
        apps = apps if isinstance(apps, list) else [apps] if apps else []
        return apps

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
                    self._refuse(name, f"requires plugin(s) not installed: {', '.join(missing)}")
                    changed = True
                elif self._requires_itself(name):
                    self.unregister(name)
                    self._refuse(name, "requires itself through a cycle of requirements")
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
        """``(plugin name, result)`` of a wiring hook for every installed plugin, in load order."""
        results = []
        for name in self.ordered_names():
            result = self.call_one(name, hook_name, **kwargs)
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
