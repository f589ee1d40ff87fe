"""Domain errors: what a plugin raises to refuse something, and what it may catch.

Subclass ``DomainError`` with a stable ``code``, an HTTP ``status`` and the message in Chinese
and English (``zh`` first); keyword arguments fill the messages and travel with the problem
document the client receives::

    class GroupFull(DomainError):
        code = "group_full"
        status = 409
        zh = "拼团 {group_id} 已满"
        en = "Group {group_id} is full"

    raise GroupFull(group_id=7)

Raised inside a domain hook, it rolls the whole event back and the client gets the plugin's own
code and reason. Any other exception becomes ``plugin_failed`` (HTTP 502) naming the plugin.
"""

from __future__ import annotations

from core.errors import (
    Conflict,
    DomainError,
    FeatureNotEnabled,
    Forbidden,
    InsufficientBalance,
    InvalidInput,
    NotFound,
    PluginHookFailed,
    UnbalancedEntry,
)

__all__ = [
    "Conflict", "DomainError", "FeatureNotEnabled", "Forbidden", "InsufficientBalance", "InvalidInput", "NotFound", "PluginHookFailed",
    "UnbalancedEntry",
]
