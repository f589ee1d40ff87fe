"""What a plugin declares about itself: the module-level ``plugin = Plugin(...)``."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import msgspec
import pluggy

PROJECT = "mendian"
hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)
F = TypeVar("F", bound=Callable[..., Any])

NAME_PATTERN = re.compile(r"^[a-z][a-z0-9_]{1,39}$")

OWN_ORDERS = "mendian_own_orders"


def own_orders(function: F) -> F:
    """Mark an order hook implementation (one that takes ``order``) as caring only for the orders
    its plugin opened (``order.origin``) or marked (``sdk.mark_order``: a coupon attached). The
    kernel calls it for those and passes over every other order without calling it::

        @hookimpl
        @own_orders
        async def order_paid(ctx: Context, order: Order) -> None: ...
    """
    setattr(function, OWN_ORDERS, True)
    return function


def is_own_orders(function: object) -> bool:
    return bool(getattr(function, OWN_ORDERS, False))


MARKED_MEMBERS = "mendian_marked_members"


def marked_members(function: F) -> F:
    """Mark an order hook implementation (one that takes ``order``) as caring only for the orders
    of members its plugin marked (``sdk.mark_member``: a referral binding); the kernel reads the
    marks from the order (``order.member_marked_by``) and passes over every other order without
    calling it::

        @hookimpl
        @marked_members
        async def order_paid(ctx: Context, order: Order) -> None: ...
    """
    setattr(function, MARKED_MEMBERS, True)
    return function


def is_marked_members(function: object) -> bool:
    return bool(getattr(function, MARKED_MEMBERS, False))


def is_domain_hook(argnames: Sequence[str]) -> bool:
    """Domain hooks take the tenant's Context (``ctx``); wiring hooks are called without one."""
    return "ctx" in argnames


class NoSettings(msgspec.Struct, forbid_unknown_fields=True):
    """Settings of a plugin that has none."""


@dataclass(frozen=True, slots=True)
class Plugin:
    """A plugin's declaration.

    ``title`` is what merchants read (zh-CN), ``title_en`` the English beside it. ``requires``
    names plugins that must be enabled for a tenant before this one. ``sdk`` is the range of SDK
    versions the plugin was written for (PEP 440 specifier). ``settings`` is a msgspec Struct
    whose defaults are the settings of a tenant that has not changed them.

    Wiring is declared here as import strings ``"package.module:NAME"``, resolved once when the
    plugin is loaded (so importing the plugin stays cheap; a string that does not resolve refuses
    the plugin): ``tables`` a piccolo ``AppConfig``, ``routes`` a list of litestar handlers or
    controllers, ``console`` and ``member_pages`` lists of pages, ``jobs`` a list of jobs, ``cli``
    a ``typer.Typer`` mounted as ``mendian <name>``. A plugin declares a part or implements its
    wiring hook, not both (docs/plugins/upgrading.md).

    ``hookspecs`` names a module of hooks the plugin itself declares (``@sdk.hookspec``) for other
    plugins to implement, added when the plugin is installed; they are called like the kernel's
    domain hooks, only for the plugins a tenant enabled.
    """

    name: str
    title: str
    title_en: str
    version: str
    description: str = ""
    description_en: str = ""
    requires: tuple[str, ...] = ()
    industries: tuple[str, ...] = ()
    settings: type[msgspec.Struct] = NoSettings
    sdk: str = ">=0.1,<1"
    extra: dict[str, object] = field(default_factory=dict)
    tables: str | None = None
    routes: str | None = None
    console: str | None = None
    member_pages: str | None = None
    jobs: str | None = None
    cli: str | None = None
    hookspecs: str | None = None


# Each wiring hook and the ``Plugin`` field that declares the same thing.
DECLARED_WIRING = {
    "piccolo_apps": "tables",
    "api_routes": "routes",
    "console_pages": "console",
    "member_pages": "member_pages",
    "scheduled_jobs": "jobs",
    "cli_commands": "cli",
}
