"""The surface plugin authors import. Everything a plugin needs is here; ``core`` stays private.

``from sdk import X`` works for every name in ``sdk.__all__``; the rest is imported from its module:
tables, queries and transactions from ``sdk.db``, routes from ``sdk.http``, commands from
``sdk.cli``, pages from ``sdk.console`` and ``sdk.member_pages``, fixtures from ``sdk.testing``.
"""

# Grouped by topic, not sorted: the groups are the reading order of this surface.
# ruff: noqa: I001

# --- declaring a plugin and its hooks
from core.extensions.manager import SDK_VERSION
from core.extensions.plugin import Plugin, hookimpl, hookspec, marked_members, own_orders
from core.jobs import Job

# --- context and errors: who acts for which tenant, and what a plugin raises or catches
from core.clock import Clock, FrozenClock
from core.context import Actor, Context, TenantInfo, forget_remembered, remembered
from sdk.errors import (
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

# --- orders and the ledger: the kernel's orders a plugin sells through, entries and balances
from core.orders.pricing import allocate  # split an amount over weights exactly (largest remainder)
from sdk import accounts
from sdk.ledger import balance, balances, credit, debit, post_entry, register_purpose, statement
from sdk.orders import cancel_order, load_order, mark_order, open_order, pay_order, refund_order, reprice_order
from sdk.types import (
    AccountRef,
    Adjustment,
    BalanceOut,
    EntryOut,
    Leg,
    Line,
    Order,
    PostingOut,
    Purpose,
    Refund,
    StatementLine,
    Tender,
    TenderIn,
)

# --- members, catalog and stores: read what the kernel keeps, record what a plugin owns on a member
from sdk.catalog import create_item, find_item_by_sku, get_category, get_item, list_categories, list_items, update_item
from sdk.members import (
    BatchChoice,
    BatchField,
    MemberBatchAction,
    birthday_member_ids,
    find_member_by_phone,
    load_member,
    mark_member,
    member_names,
    record_visit,
    resolve_member_code,
    search_members,
    set_member_level,
    set_member_referrer,
    set_missing_member_levels,
)
from sdk.stores import find_staff, find_store, list_staff, list_stores
from sdk.types import CardTerms, CategoryOut, CheckIn, ItemCreate, ItemOut, ItemUpdate, Member, StaffOut, StoreOut

# --- the plugin's own state: its settings (each field named for the settings form with
# ``Annotated[int, setting_label("注册送积分", "Points on joining")]``), its tables (``sdk.db``), work done once per key
from core.console.settings_form import setting_label
from core.db import is_unique_violation
from core.migrate import run_sql
from sdk.services import plugin_settings, run_once
from sdk.types import TenantTable

# --- HTTP: route parameters, one response per Idempotency-Key; MEMBER marks a route for signed-in
# members (H5): ``@get("/my-thing", opt=MEMBER)``. Routes themselves: ``sdk.http``.
from core.http.auth import MEMBER
from core.http.idempotent import idempotent
from core.http.params import Ctx, FromPath, FromQuery, IdempotencyKey, JSONBody

# --- messages (core.messages): SMS written in the event's transaction, sent after it commits;
# money and discounts as a merchant reads them
from core.console.formatting import yuan_text, zhe  # 1,000 / 1,000.50 yuan; 95 折
from core.messages.service import enqueue
from core.messages.templates import TemplateDefault, register_template

# --- loyalty services other plugins call (owned by the points and coupons plugins, through hooks)
from sdk import loyalty
from sdk.loyalty import award_points, deduct_points, issue_coupon
from sdk.types import IssuedCoupon

# --- caches, Redis, rate limits. ttl_cache: a per-process cache, named (``"<plugin>:<what>"``),
# whose entries live N seconds, emptied when a database is bound, for rows a crowd reads again and
# again (a flash-sale item); ``await forget(cache, key)`` when you change the row: dropped here at
# once, and in every process once the change commits when MENDIAN_REDIS_URL is set (without it,
# other workers see it when it expires). redis_client: Redis when MENDIAN_REDIS_URL is set
# (None without it), for hot counters such as flash-sale stock. code_guess: ``async with
# code_guess(request, wrong=NotFound):`` refuses a caller with too many wrong guesses of a code
# (a coupon code, 429) and counts each wrong one.
from core.cache import forget, ttl_cache
from core.ratelimit import code_guess
from core.redis import redis_client

# --- the SDK's modules a plugin reaches by name
from sdk import cli, db, http, jobs

__version__ = SDK_VERSION

__all__ = [
    # declaring a plugin and its hooks
    "Job", "Plugin", "SDK_VERSION", "hookimpl", "hookspec", "marked_members", "own_orders",
    # context and errors
    "Actor", "Clock", "Context", "FrozenClock", "TenantInfo", "forget_remembered", "remembered",
    "Conflict", "DomainError", "FeatureNotEnabled", "Forbidden", "InsufficientBalance", "InvalidInput", "NotFound",
    "PluginHookFailed", "UnbalancedEntry",
    # orders and the ledger
    "Adjustment", "Line", "Order", "Refund", "Tender", "TenderIn", "allocate", "cancel_order", "load_order", "mark_order", "open_order",
    "pay_order", "refund_order", "reprice_order",
    "AccountRef", "BalanceOut", "EntryOut", "Leg", "PostingOut", "Purpose", "StatementLine", "accounts", "balance",
    "balances", "credit", "debit", "post_entry", "register_purpose", "statement",
    # members, catalog and stores
    "BatchChoice", "BatchField", "CheckIn", "Member", "MemberBatchAction", "birthday_member_ids",
    "find_member_by_phone", "load_member", "mark_member", "member_names", "record_visit",
    "resolve_member_code", "search_members", "set_member_level", "set_member_referrer", "set_missing_member_levels",
    "CardTerms", "CategoryOut", "ItemCreate", "ItemOut", "ItemUpdate", "create_item", "find_item_by_sku", "get_category",
    "get_item", "list_categories", "list_items", "update_item",
    "StaffOut", "StoreOut", "find_staff", "find_store", "list_staff", "list_stores",
    # the plugin's own state
    "TenantTable", "is_unique_violation", "plugin_settings", "run_once", "run_sql", "setting_label",
    # HTTP
    "Ctx", "FromPath", "FromQuery", "IdempotencyKey", "JSONBody", "MEMBER", "idempotent",
    # messages and formatting
    "TemplateDefault", "enqueue", "register_template", "yuan_text", "zhe",
    # loyalty
    "IssuedCoupon", "award_points", "deduct_points", "issue_coupon", "loyalty",
    # caches, Redis, rate limits
    "code_guess", "forget", "redis_client", "ttl_cache",
    # the SDK's modules
    "cli", "db", "http", "jobs",
]
