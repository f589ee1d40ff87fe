"""The surface plugin authors import. Everything a plugin needs is here; ``core`` stays private."""

from core.clock import Clock, FrozenClock
from core.context import Actor, Context, TenantInfo
from core.errors import (
    Conflict,
    DomainError,
    Forbidden,
    InvalidInput,
    NotFound,
)
from core.extensions.manager import SDK_VERSION
from core.extensions.plugin import Plugin, hookimpl
from core.jobs import Job
from core.ledger import accounts
from core.ledger.accounts import AccountRef, Purpose, register_purpose
from core.ledger.schemas import BalanceOut, EntryOut, Leg, StatementLine, credit, debit
from core.ledger.service import balance, balances, post_entry, statement
from core.orders.schemas import Adjustment, Line, Order, Refund, Tender, TenderIn

__version__ = SDK_VERSION

__all__ = [
    "AccountRef", "Actor", "Adjustment", "BalanceOut", "Clock", "Conflict", "Context", "DomainError", "EntryOut",
    "Forbidden", "FrozenClock", "InvalidInput", "Job", "Leg", "Line", "NotFound", "Order", "Plugin", "Purpose",
    "Refund", "SDK_VERSION", "StatementLine", "Tender", "TenderIn", "TenantInfo", "accounts", "balance",
    "balances", "credit", "debit", "hookimpl", "post_entry", "register_purpose", "statement",
]
