"""The console's navigation: core pages and enabled plugins' pages, each behind a permission,
grouped as merchants look for them (收银 / 会员 / 营销 / 报表 / 设置)."""

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
    group: str = "marketing"


@dataclass(frozen=True, slots=True)
class NavGroup:
    key: str
    label: str  # a message id
    entries: list[NavEntry]


# The groups in the order they are shown; a plugin page names its group (``ConsolePage.group``).
GROUPS = (
    ("till", N_("Till")),
    ("members", N_("Members")),
    ("marketing", N_("Marketing")),
    ("reports", N_("Reports")),
    ("settings", N_("Settings")),
)

CORE_NAV = (
    NavEntry("today", "/console/today", N_("Today"), "reports.read", group="reports"),
    NavEntry("checkout", "/console/checkout", N_("Checkout"), "orders.write", group="till"),
    NavEntry("members", "/console/members", N_("Members"), "members.read", group="members"),
    NavEntry("top_up", "/console/top-up", N_("Top-up"), "stored_value.topup", group="till"),
    NavEntry("orders", "/console/orders", N_("Orders"), "orders.read", group="till"),
    NavEntry("plugins", "/console/plugins", N_("Plugins"), "plugins.manage", group="settings"),
    NavEntry("staff", "/console/staff", N_("Staff"), "staff.read", group="settings"),
    NavEntry("stores", "/console/stores", N_("Stores"), "stores.read", group="settings"),
    NavEntry("api_keys", "/console/api-keys", N_("API keys"), "apikeys.manage", group="settings"),
    NavEntry("messages", "/console/messages", N_("Messages"), "messages.read", group="settings"),
    NavEntry("settings", "/console/settings", N_("Settings"), "tenant.manage", group="settings"),
)


def nav_for(ctx: Context, plugin_pages: list[tuple[str, ConsolePage]], locale: str) -> list[NavEntry]:
    """The entries this staff member may open: what the server would also let through."""
    entries = [e for e in CORE_NAV if e.permission is None or ctx.actor.can(e.permission)]
    for plugin, page in plugin_pages:
        if page.nav and plugin in ctx.enabled_plugins and (page.permission is None or ctx.actor.can(page.permission)):
            label = page.title if locale == "zh_CN" else page.title_en
            group = page.group if page.group in dict(GROUPS) else "marketing"
            entries.append(NavEntry(f"p:{plugin}:{page.path}", page.path, label, page.permission, translate=False,
                                    group=group))
    return entries


def grouped(entries: list[NavEntry]) -> list[NavGroup]:
    """The entries under their groups, in the groups' order; a group with no entry is left out."""
    return [NavGroup(key, label, [e for e in entries if e.group == key]) for key, label in GROUPS
            if any(e.group == key for e in entries)]


def home_for(actor: Actor) -> str:
    """Where a staff member lands after signing in: the first page their role may open."""
    for entry in CORE_NAV:
        if entry.permission is None or actor.can(entry.permission):
            return entry.href
    return "/console/account"


def active_key(entries: list[NavEntry], path: str) -> str | None:
    """The entry a page belongs to: the one whose address is the longest start of ``path`` (a
    plugin's sub-page, /console/p/cards/products, is not its main page's, /console/p/cards)."""
    matching = [e for e in entries if path == e.href or path.startswith(e.href.rstrip("/") + "/")]
    return max(matching, key=lambda e: len(e.href)).key if matching else None
