"""Kernel services for a plugin's own state: its settings, and work done once per key.

Members, orders, the catalog and stores have their own modules (``sdk.members``, ``sdk.orders``,
``sdk.catalog``, ``sdk.stores``). All take the Context first and see only its tenant's data.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar, overload

import msgspec

from core.context import Context
from core.extensions.plugin import Plugin
from core.extensions.service import plugin_settings as _plugin_settings

S = TypeVar("S", bound=msgspec.Struct)
R = TypeVar("R")


@overload
async def plugin_settings(ctx: Context, plugin: Plugin | str) -> msgspec.Struct: ...
@overload
async def plugin_settings(ctx: Context, plugin: Plugin | str, settings_type: type[S]) -> S: ...


async def plugin_settings(ctx: Context, plugin: Plugin | str, settings_type: type[S] | None = None) -> msgspec.Struct:
    """The plugin's settings for ``ctx.tenant``: its settings Struct, at its defaults until the
    merchant changes them. Pass ``settings_type`` to get it typed (without it, the result is typed
    only as a ``msgspec.Struct``)::

        settings = await plugin_settings(ctx, plugin, VisitSettings)

    A ``settings_type`` that is not the plugin's settings Struct is a ``TypeError``. Settings are
    validated when the merchant saves them; a tenant whose stored settings no longer validate
    (after an upgrade changed the Struct) has the plugin switched off, so its hooks and routes
    never see invalid settings.
    """
    name = plugin if isinstance(plugin, str) else plugin.name
    settings = await _plugin_settings(ctx, name)
    if settings_type is not None and not isinstance(settings, settings_type):
        raise TypeError(f"settings of {name} are {type(settings).__name__}, not {settings_type.__name__}")
    return settings


async def run_once(ctx: Context, key: str, request: str, work: Callable[[], Awaitable[R]], result_type: type[R]) -> R:
    """Run ``work`` once per ``key``: the kernel's Idempotency-Key service, for a key a plugin holds
    itself (a member page form's one-time key, ``sdk.member_pages.once_key``).

    ``work`` runs in a transaction that also records its result (encodable by msgspec); a second
    call with the same key — a double tap, a replayed form, even one arriving while the first
    still runs — waits for the first and returns that result, decoded as ``result_type``, running
    nothing. If ``work`` raises, nothing is recorded and the next call runs afresh. ``request``
    names what the key is for (``"flash_sale.take:42"``): the same key for another request is
    ``IdempotencyConflict`` (409). Keys share the tenant's namespace with the REST API's, so start
    them with your plugin's name. Call it outside any transaction: the key's claim commits first,
    so that other workers see it.
    """
    from core.idempotency.service import request_hash
    from core.idempotency.service import run_once as _run_once

    stored = await _run_once(ctx, key, request_hash("RUN_ONCE", request, b""), 200, work)
    return msgspec.json.decode(stored.body, type=result_type)


__all__ = ["plugin_settings", "run_once"]
