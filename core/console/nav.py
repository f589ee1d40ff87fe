"""The console's navigation: core pages and enabled plugins' pages, each behind a permission."""

from __future__ import annotations

from dataclasses import dataclass

from core.console.pages import ConsolePage
from core.context import Actor, Context


def N_(message: str) -> str:
    """Mark a message for extraction; it is translated where it is shown."""
    return message


@dataclass(frozen=True, slots=True)
class NavEntry:
    key: str
    href: str
    label: str  # a message id (core pages) or the plugin's own title
    permission: str | None
    translate: bool = True


CORE_NAV = (
    NavEntry("today", "/console/today", N_("Today"), "reports.read"),
    NavEntry("checkout", "/console/checkout", N_("Checkout"), "orders.write"),
    NavEntry("members", "/console/members", N_("Members"), "members.read"),
    NavEntry("top_up", "/console/top-up", N_("Top-up"), "stored_value.topup"),
    NavEntry("orders", "/console/orders", N_("Orders"), "orders.read"),
    NavEntry("plugins", "/console/plugins", N_("Plugins"), "plugins.manage"),
    NavEntry("staff", "/console/staff", N_("Staff"), "staff.read"),
    NavEntry("stores", "/console/stores", N_("Stores"), "stores.read"),
    NavEntry("api_keys", "/console/api-keys", N_("API keys"), "apikeys.manage"),
    NavEntry("messages", "/console/messages", N_("Messages"), "messages.read"),
    NavEntry("settings", "/console/settings", N_("Settings"), "tenant.manage"),
)


def nav_for(ctx: Context, plugin_pages: list[tuple[str, ConsolePage]], locale: str) -> list[NavEntry]:
    """The entries this staff member may open: what the server would also let through."""
    entries = [e for e in CORE_NAV if e.permission is None or ctx.actor.can(e.permission)]
    for plugin, page in plugin_pages:
        if page.nav and plugin in ctx.enabled_plugins and (page.permission is None or ctx.actor.can(page.permission)):
            label = page.title if locale == "zh_CN" else page.title_en
            entries.append(NavEntry(f"p:{plugin}:{page.path}", page.path, label, page.permission, translate=False))
    return entries


def home_for(actor: Actor) -> str:
    """Where a staff member lands after signing in: the first page their role may open."""
    for entry in CORE_NAV:
        if entry.permission is None or actor.can(entry.permission):
            return entry.href
    return "/console/account"
