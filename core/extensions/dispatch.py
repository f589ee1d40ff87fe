"""Per-tenant dispatch of domain hooks, through pluggy's subset hook callers.

pluggy calls hooks synchronously; our hook implementations may be ``async def`` because they
work in the event's database transaction. So the relay takes the implementations pluggy
selects (``subset_hook_caller`` with the tenant's disabled plugins removed, in pluggy's call
order) and calls and awaits them itself, naming the plugin when one fails.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Awaitable, Callable
from types import CoroutineType
from typing import TYPE_CHECKING, Any

from core.errors import DomainError, PluginHookFailed
from core.extensions.plugin import is_marked_members, is_own_orders

if TYPE_CHECKING:
    from pluggy import HookImpl

    from core.extensions.manager import PluginManager

log = logging.getLogger(__name__)


class AsyncHook:
    """One domain hook for one set of enabled plugins: ``await hook(**kwargs)``."""

    __slots__ = ("name", "impls", "owners", "member_owners", "firstresult")

    def __init__(self, name: str, impls: list[HookImpl], firstresult: bool) -> None:
        self.name = name
        # pluggy keeps implementations in registration order and calls them last-first.
        self.impls = tuple(reversed(impls))
        # For each implementation marked ``@own_orders``, its plugin's name: it is called only for
        # an order that plugin opened or marked. None for the others.
        self.owners = tuple(impl.plugin_name if is_own_orders(impl.function) else None for impl in self.impls)
        # Likewise ``@marked_members``: called only for an order whose member that plugin marked.
        self.member_owners = tuple(
            impl.plugin_name if is_marked_members(impl.function) else None for impl in self.impls)
        self.firstresult = firstresult

    async def __call__(self, **kwargs: Any) -> Any:
        results = []
        order: Any = kwargs.get("order")  # every hook an @own_orders/@marked_members implementation is on takes one
        for impl, owner, member_owner in zip(self.impls, self.owners, self.member_owners, strict=True):
            if owner is not None and owner != order.origin and owner not in order.marked_by:
                continue
            if member_owner is not None and member_owner not in order.member_marked_by:
                continue
            args = [kwargs[name] for name in impl.argnames]
            try:
                result = impl.function(*args)
                # A coroutine (an ``async def`` hook) by its type first: isawaitable walks the
                # Awaitable ABC, which doubled the cost of a sync implementation (bench/hooks.py).
                if type(result) is CoroutineType or (result is not None and inspect.isawaitable(result)):
                    result = await result
            except DomainError:
                raise  # a plugin refusing in the domain's words: the client sees its reason
            except Exception as exc:
                log.exception("plugin %s failed in hook %s", impl.plugin_name, self.name)
                raise PluginHookFailed(plugin=impl.plugin_name, hook=self.name) from exc
            if result is None:
                continue
            if self.firstresult:
                return result
            results.append(result)
        return None if self.firstresult else results

    @property
    def plugin_names(self) -> list[str]:
        return [impl.plugin_name for impl in self.impls]


class HookRelay:
    """The domain hooks as seen by one tenant: only its enabled plugins are called."""

    def __init__(self, manager: PluginManager, enabled: frozenset[str]) -> None:
        self.manager = manager
        self.enabled = enabled
        self._hooks: dict[str, AsyncHook] = {}

    def __getattr__(self, name: str) -> Callable[..., Awaitable[Any]]:
        if name.startswith("_"):
            raise AttributeError(name)
        hook = self._hooks.get(name)
        if hook is None:
            hook = self.manager.subset_hook(name, self.enabled)
            self._hooks[name] = hook
        return hook
