"""The surface plugin authors import. Everything a plugin needs is here; ``core`` stays private."""

from typing import Any

from core.clock import Clock, FrozenClock
from core.context import Actor, Context, TenantInfo, forget_remembered, remembered
from core.errors import (
    Conflict,
    DomainError,
    Forbidden,
    InvalidInput,
    NotFound,
)
from core.extensions.manager import SDK_VERSION
from core.extensions.plugin import Plugin, hookimpl, hookspec, own_orders
from core.jobs import Job
from core.ledger.accounts import AccountRef, Purpose
from core.ledger.schemas import BalanceOut, EntryOut, Leg, StatementLine
from core.orders.schemas import Adjustment, Line, Order, Refund, Tender, TenderIn
from sdk import accounts
from sdk.ledger import balance, balances, credit, debit, post_entry, register_purpose, statement

__version__ = SDK_VERSION

__all__ = [
    "AccountRef", "Actor", "Adjustment", "BalanceOut", "Clock", "Conflict", "Context", "DomainError", "EntryOut",
    "Forbidden", "FrozenClock", "InvalidInput", "Job", "Leg", "Line", "NotFound", "Order", "Plugin", "Purpose",
    "Refund", "SDK_VERSION", "StatementLine", "Tender", "TenderIn", "TenantInfo", "accounts", "balance",
    "balances", "credit", "debit", "forget_remembered", "hookimpl", "hookspec", "own_orders", "post_entry", "register_purpose", "remembered",
    "statement",
]

# --- what built-in plugins (cards first) need beyond the ledger: data access, HTTP, members, catalog ---
# Thin re-exports and wrappers, so a plugin never imports ``core`` itself.
from core import scoped  # noqa: E402  tenant-scoped select/update/delete/get/insert: every query filters tenant_id
from core.catalog.schemas import CardTerms, ItemOut  # noqa: E402
from core.console.formatting import yuan_text, zhe  # noqa: E402  1,000 / 1,000.50 yuan; 95 折
from core.db import is_unique_violation, transaction  # noqa: E402
from core.errors import InsufficientBalance  # noqa: E402
from core.http.idempotent import idempotent  # noqa: E402
from core.http.params import Ctx, FromPath, FromQuery, IdempotencyKey, JSONBody  # noqa: E402
from core.members.schemas import CheckIn, Member  # noqa: E402
from core.migrate import run_sql  # noqa: E402
from core.tenancy.tables import Tenant as TenantTable  # noqa: E402  a plugin table's ``tenant_id`` references it
from sdk.services import plugin_settings  # noqa: E402  accepts the Plugin or its name


async def get_item(ctx: Context, item_id: int) -> ItemOut:
    """A catalog item of the context's tenant (with its card terms), or ``NotFound``."""
    from core.catalog.service import get_item as _get_item

    return await _get_item(ctx, item_id)


async def get_category(ctx: Context, category_id: int) -> Any:
    """A catalog category (分类) of the context's tenant (``id``, ``code``, ``name``...), or ``NotFound``."""
    from core.catalog.service import get_category as _get_category

    return await _get_category(ctx, category_id)


async def find_item_by_sku(ctx: Context, sku: str) -> ItemOut:
    """The catalog item with this SKU (商品编码), active or not, or ``NotFound`` naming the SKU."""
    from core.catalog.service import find_by_sku

    return await find_by_sku(ctx, sku)


async def load_member(ctx: Context, member_id: int) -> Member:
    """A living member of the context's tenant (full phone), or ``NotFound``; checks no permission."""
    from core.members.service import load_member as _load_member

    return await _load_member(ctx, member_id)


async def resolve_member_code(ctx: Context, code: str) -> Member:
    """扫码识别会员: the member a scanned member code stands for (genuine, this tenant's, fresh).

    Needs the ``members.code`` permission; a bad or stale code is a 422 problem.
    """
    from core.members.member_code import resolve_member_code as _resolve

    return await _resolve(ctx, code)


async def record_visit(ctx: Context, member_id: int, store_id: int | None = None, method: str = "desk") -> Member:
    """到店: count a member's visit and fire ``member_checked_in`` in the caller's transaction.

    ``method`` is ``"desk"`` or ``"code"`` (a scanned member code). Needs ``members.write``.
    """
    from core.members.counters import record_visit as _record_visit

    return await _record_visit(ctx, member_id, store_id, method)  # type: ignore[arg-type]


__all__ += [
    "CardTerms", "CheckIn", "Ctx", "FromPath", "FromQuery", "IdempotencyKey", "InsufficientBalance", "ItemOut",
    "JSONBody", "Member", "TenantTable", "find_item_by_sku", "get_category", "get_item", "idempotent", "is_unique_violation", "load_member",
    "plugin_settings", "record_visit", "resolve_member_code", "run_sql", "scoped", "transaction", "yuan_text", "zhe",
]

# --- the SDK's own modules: sdk.types, sdk.errors, sdk.ledger, sdk.services, sdk.db (tables and
# tenant-scoped queries), sdk.http (routes), sdk.cli (commands), sdk.jobs, sdk.testing (fixtures).
from sdk import cli, db, http, jobs  # noqa: E402
from sdk.errors import PluginHookFailed, UnbalancedEntry  # noqa: E402
from sdk.services import (  # noqa: E402
    birthday_member_ids,
    cancel_order,
    find_member,
    find_member_by_phone,
    find_staff,
    find_store,
    list_stores,
    load_order,
    mark_order,
    open_order,
    pay_order,
    refund_order,
    reprice_order,
    run_once,
    search_members,
    set_member_level,
    set_member_referrer,
    set_missing_member_levels,
)
from sdk.types import PostingOut  # noqa: E402

__all__ += [
    "PluginHookFailed", "PostingOut", "UnbalancedEntry", "cli", "db", "find_member", "find_member_by_phone", "http",
    "jobs", "load_order", "mark_order", "open_order", "pay_order", "refund_order", "reprice_order", "run_once", "cancel_order", "find_staff",
    "find_store", "list_stores", "set_member_level", "set_member_referrer", "set_missing_member_levels", "search_members", "birthday_member_ids",
]

# --- the outbox (core.messages): SMS written in the event's transaction, sent after it commits;
# MEMBER marks a route for signed-in members (H5): ``@get("/my-thing", opt=MEMBER)``.
from core.http.auth import MEMBER  # noqa: E402
from core.messages.service import enqueue  # noqa: E402
from core.messages.templates import TemplateDefault, register_template  # noqa: E402

__all__ += ["MEMBER", "TemplateDefault", "enqueue", "register_template"]

# --- loyalty services other plugins call (owned by the points and coupons plugins, through hooks).
from core.errors import FeatureNotEnabled  # noqa: E402
from core.orders.pricing import allocate  # noqa: E402  split an amount over weights exactly (largest remainder)
from sdk import loyalty  # noqa: E402
from sdk.loyalty import award_points, deduct_points, issue_coupon  # noqa: E402

__all__ += ["FeatureNotEnabled", "allocate", "award_points", "deduct_points", "issue_coupon", "loyalty"]

# --- Redis, when MENDIAN_REDIS_URL is set (None without it): for hot counters such as flash-sale stock.
from core.redis import redis_client  # noqa: E402

__all__ += ["redis_client"]

# --- a per-process cache whose entries live N seconds, emptied when a database is bound: for rows a
# crowd reads again and again (a flash-sale item); forget an entry when this process changes it.
from core.cache import forget, ttl_cache  # noqa: E402

__all__ += ["forget", "ttl_cache"]

# --- a route that takes a code someone could guess (a coupon code): ``async with code_guess(request,
# wrong=NotFound):`` refuses a caller with too many wrong codes (429) and counts each wrong one.
from core.ratelimit import code_guess  # noqa: E402

__all__ += ["code_guess"]
