"""Ledger accounts by owner: ``member(42, "points")``, ``store(1, "cash")``, ``tenant("revenue")``.

The purposes the kernel knows (``stored_value_principal``, ``stored_value_bonus``, ``points``,
``card_sessions``, ``cash``, ``external``, ``revenue``, ``deferred_revenue``,
``marketing_expense``, ``commission_payable``, ``points_issued``, ``sessions_issued``...) are
described in docs/plugins/money.md; a plugin adds its own with ``sdk.register_purpose``.
"""

from __future__ import annotations

from core.ledger import accounts as _accounts
from core.ledger.accounts import AccountRef


def member(member_id: int, purpose: str) -> AccountRef:
    """Member ``member_id``'s account for ``purpose``: what the member holds (points, stored value, sessions)."""
    return _accounts.member(member_id, purpose)


def store(store_id: int, purpose: str) -> AccountRef:
    """Store ``store_id``'s account for ``purpose``: its cash drawer (``cash``) or card/QR takings (``external``)."""
    return _accounts.store(store_id, purpose)


def tenant(purpose: str) -> AccountRef:
    """The tenant's own books for ``purpose``: ``revenue``, ``marketing_expense``, ``points_issued``..."""
    return _accounts.tenant(purpose)


__all__ = ["AccountRef", "member", "store", "tenant"]
