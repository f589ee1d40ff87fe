"""The rules of tenancy: tenants and their stores, staff, sign-in sessions and API keys."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import msgspec

from core import db, scoped
from core.cache import MEMBER_READS_SECONDS, forget, ttl_cache
from core.clock import Clock
from core.context import Actor, Context, TenantInfo
from core.errors import (
    Conflict,
    GrantTooWide,
    InvalidCredentials,
    InvalidInput,
    NotFound,
    StoreOutOfScope,
    Unauthenticated,
)
from core.http.pagination import DEFAULT_LIMIT, Page, check_limit, decode_cursor, next_cursor
from core.tenancy import brand
from core.tenancy import schemas as s
from core.tenancy.passwords import dummy_hash, hash_password, verify_password
from core.tenancy.permissions import ALL, ROLES, staff_permissions
from core.tenancy.tables import ApiKey, Staff, StaffSession, Store, Tenant

SESSION_TTL = dt.timedelta(hours=12)
SESSION_PREFIX = "mds_"
API_KEY_PREFIX = "mdk_"


def _check_timezone(name: str | None) -> None:
    if name is None:
        return
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput(field="timezone", zh=f"未知时区：{name}", en=f"Unknown timezone: {name}") from None


def _sha256(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def tenant_info(row: dict[str, Any]) -> TenantInfo:
    return TenantInfo(
        id=row["id"], slug=row["slug"], name=row["name"], industry=row["industry"],
        timezone=row["timezone"], currency=row["currency"], locale=row["locale"],
        settings=msgspec.json.decode(row["settings_json"] or "{}"),
    )


_tenants_for_members = ttl_cache("tenants", maxsize=4096, seconds=MEMBER_READS_SECONDS)


async def load_tenant_cached(tenant_id: int) -> TenantInfo:
    """``load_tenant`` as member requests read it: kept a few seconds (core/cache.py)."""
    tenant = _tenants_for_members.get(tenant_id)
    if tenant is None:
        tenant = _tenants_for_members[tenant_id] = await load_tenant(tenant_id)
    return tenant


async def load_tenant(tenant_id: int) -> TenantInfo:
    # Hand-written: every request and job loads its tenant (see core/ledger/statements.py).
    rows = await db.fetch("SELECT * FROM tenant WHERE id = {}", tenant_id)
    row = rows[0] if rows else None
    if row is None:
        raise NotFound(resource="tenant", id=tenant_id)
    return tenant_info(row)


async def find_tenant(slug: str) -> TenantInfo:
    row = await Tenant.select().where(Tenant.slug == slug).first()
    if row is None:
        raise NotFound(resource="tenant", zh=f"未找到商户 {slug}", en=f"Tenant {slug} not found")
    return tenant_info(row)


# --- tenants (system level: there is no tenant yet to act for) ------------------------------


async def create_tenant(data: s.TenantCreate, clock: Clock) -> s.TenantOut:
    """A new merchant with its first store (总店), ready for an owner account."""
    _check_timezone(data.timezone)
    async with db.transaction():
        if await Tenant.exists().where(Tenant.slug == data.slug):
            raise Conflict(zh=f"商户代码 {data.slug} 已被使用", en=f"Tenant slug {data.slug} is taken", field="slug")
        now = clock.now()
        rows = await Tenant.insert(
            Tenant(slug=data.slug, name=data.name, industry=data.industry, timezone=data.timezone,
                   currency=data.currency, locale=data.locale, created_at=now)
        ).returning(*Tenant.all_columns())
        tenant = rows[0]
        await Store.insert(Store(tenant_id=tenant["id"], code="main", name="总店", created_at=now))
    return _tenant_out(tenant)


# Tenant settings kept in settings_json rather than in columns of their own.
SETTINGS_FIELDS = ("stored_value_split", "brand_colour")


def _tenant_out(row: dict[str, Any]) -> s.TenantOut:
    settings = msgspec.json.decode(row["settings_json"] or "{}")
    return msgspec.convert({**settings, **row, "brand_colour": brand.colour_of(settings),
                            "logo_url": brand.logo_path(row["slug"], settings)}, s.TenantOut)


async def get_tenant(ctx: Context) -> s.TenantOut:
    row = await Tenant.select().where(Tenant.id == ctx.tenant_id).first()
    if row is None:
        raise NotFound(resource="tenant", id=ctx.tenant_id)
    return _tenant_out(row)


async def update_tenant(ctx: Context, data: s.TenantUpdate) -> s.TenantOut:
    ctx.require("tenant.manage")
    values: dict[Any, Any] = {k: v for k, v in msgspec.structs.asdict(data).items() if v is not msgspec.UNSET}
    _check_timezone(values.get("timezone"))
    settings = {k: values.pop(k) for k in SETTINGS_FIELDS if k in values}
    async with db.transaction():
        if settings:
            row = await Tenant.select(Tenant.settings_json).where(Tenant.id == ctx.tenant_id).first()
            if row is None:
                raise NotFound(resource="tenant", id=ctx.tenant_id)
            merged = {**msgspec.json.decode(row["settings_json"] or "{}"), **settings}
            # None takes a setting back to its default (a brand colour of null: the default red).
            values["settings_json"] = msgspec.json.encode({k: v for k, v in merged.items() if v is not None}).decode()
        if values:
            await Tenant.update(values).where(Tenant.id == ctx.tenant_id)
    await forget(_tenants_for_members, ctx.tenant_id)
    return await get_tenant(ctx)


async def upload_logo(ctx: Context, image: bytes) -> s.TenantOut:
    """The member pages' logo (会员端标志): a PNG, JPEG or WebP image of at most 256 KB."""
    await brand.save_logo(ctx, image)
    await forget(_tenants_for_members, ctx.tenant_id)
    return await get_tenant(ctx)


async def delete_logo(ctx: Context) -> s.TenantOut:
    await brand.remove_logo(ctx)
    await forget(_tenants_for_members, ctx.tenant_id)
    return await get_tenant(ctx)


# --- stores ---------------------------------------------------------------------------------


async def list_stores(ctx: Context) -> list[s.StoreOut]:
    """Every store, oldest first: for the kernel's own use (sign-in, the demo), not for lists."""
    rows = await scoped.select(ctx, Store).order_by(Store.id)
    return msgspec.convert(rows, list[s.StoreOut])


async def _page(ctx: Context, table: Any, cursor: str | None, limit: int) -> tuple[list[dict[str, Any]], str | None]:
    """One page of a tenant's rows, oldest first (the order they were set up in)."""
    check_limit(limit)
    query = scoped.select(ctx, table)
    if (after := decode_cursor(cursor)) is not None:
        query = query.where(table.id > after)
    rows = await query.order_by(table.id).limit(limit + 1)
    return rows[:limit], next_cursor(rows, limit)


async def page_stores(ctx: Context, cursor: str | None = None, limit: int = DEFAULT_LIMIT) -> Page[s.StoreOut]:
    rows, after = await _page(ctx, Store, cursor, limit)
    return Page(items=msgspec.convert(rows, list[s.StoreOut]), next_cursor=after)


async def get_store(ctx: Context, store_id: int) -> s.StoreOut:
    return msgspec.convert(await scoped.get(ctx, Store, store_id, "store"), s.StoreOut)


async def create_store(ctx: Context, data: s.StoreCreate) -> s.StoreOut:
    ctx.require("stores.manage")
    _check_timezone(data.timezone)
    async with db.transaction():
        if await Store.exists().where((Store.tenant_id == ctx.tenant_id) & (Store.code == data.code)):
            raise Conflict(zh=f"门店编号 {data.code} 已存在", en=f"Store code {data.code} exists", field="code")
        row = await scoped.insert(ctx, Store, **msgspec.structs.asdict(data), created_at=ctx.now())
    return msgspec.convert(row, s.StoreOut)


async def update_store(ctx: Context, store_id: int, data: s.StoreUpdate) -> s.StoreOut:
    ctx.require("stores.manage")
    await scoped.get(ctx, Store, store_id, "store")
    values = {k: v for k, v in msgspec.structs.asdict(data).items() if v is not msgspec.UNSET}
    _check_timezone(values.get("timezone"))
    if values:
        await scoped.update(ctx, Store, values).where(Store.id == store_id)
    return await get_store(ctx, store_id)


async def check_store_ids(ctx: Context, store_ids: list[int]) -> None:
    """Every id is a store of the context's tenant, or NotFound names the first that is not."""
    if not store_ids:
        return
    found = await scoped.select(ctx, Store, Store.id).where(Store.id.is_in(store_ids))
    missing = sorted(set(store_ids) - {r["id"] for r in found})
    if missing:
        raise NotFound(resource="store", id=missing[0])


# --- staff ----------------------------------------------------------------------------------


def _staff_out(row: dict[str, Any]) -> s.StaffOut:
    return s.StaffOut(
        id=row["id"], username=row["username"], name=row["name"], phone=row["phone"], role=row["role"],
        store_ids=msgspec.json.decode(row["store_ids_json"]), active=row["active"], created_at=row["created_at"],
    )


def _stores_of(row: dict[str, Any]) -> frozenset[int] | None:
    return frozenset(msgspec.json.decode(row["store_ids_json"])) or None


def _sees(ctx: Context, row: dict[str, Any]) -> bool:
    """A store-limited actor sees the staff who work in one of its stores; others see everyone."""
    mine, theirs = ctx.actor.store_ids, _stores_of(row)
    return mine is None or (theirs is not None and bool(mine & theirs))


def _check_reach(ctx: Context, role: str, store_ids: frozenset[int] | None) -> None:
    """Refuse an account (new, as it is, or as it would become) that holds more than the actor:
    a role with permissions the actor lacks, or stores beyond the actor's own."""
    if role == "owner" and store_ids is not None:
        raise InvalidInput(field="store_ids", zh="店主管理全品牌，不能限定门店", en="An owner runs the whole brand: no store limits")
    if not staff_permissions(role, store_ids) <= ctx.actor.permissions:
        zh_role, en_role = ROLES[role][:2]
        raise GrantTooWide(zh=f"不能授予超出自己权限的角色：{zh_role}", en=f"Cannot grant the role {en_role}: it holds more than you",
                           field="role")
    if ctx.actor.store_ids is not None and (store_ids is None or not store_ids <= ctx.actor.store_ids):
        raise StoreOutOfScope(zh="只能管理限定在自己门店的员工", en="You may manage only staff limited to your own stores",
                              field="store_ids", store_id=None)


async def page_staff(ctx: Context, cursor: str | None = None, limit: int = DEFAULT_LIMIT) -> Page[s.StaffOut]:
    ctx.require("staff.read")
    if ctx.actor.brand_wide:
        rows, after = await _page(ctx, Staff, cursor, limit)
        return Page(items=[_staff_out(r) for r in rows], next_cursor=after)
    # A store's staff are few: filter the tenant's in Python (the stores are a JSON list).
    check_limit(limit)
    query = scoped.select(ctx, Staff)
    if (start := decode_cursor(cursor)) is not None:
        query = query.where(Staff.id > start)
    rows = [r for r in await query.order_by(Staff.id) if _sees(ctx, r)]
    return Page(items=[_staff_out(r) for r in rows[:limit]], next_cursor=next_cursor(rows, limit))


async def list_all_staff(ctx: Context) -> list[s.StaffOut]:
    """Every staff member of the tenant, by name: for a filter's choices."""
    ctx.require("staff.read")
    rows = await scoped.select(ctx, Staff).order_by(Staff.name)
    return [_staff_out(row) for row in rows]


async def get_staff(ctx: Context, staff_id: int) -> s.StaffOut:
    ctx.require("staff.read")
    row = await scoped.get(ctx, Staff, staff_id, "staff")
    if not _sees(ctx, row):
        raise StoreOutOfScope(zh="该员工不在您的门店", en="This staff member works in none of your stores", store_id=None)
    return _staff_out(row)


async def create_staff(ctx: Context, data: s.StaffCreate) -> s.StaffOut:
    ctx.require("staff.manage")
    if data.role == "owner" and ctx.actor.kind == "staff" and ctx.actor.role != "owner":
        raise InvalidInput(field="role", zh="只有店主可以添加店主", en="Only an owner can add an owner")
    _check_reach(ctx, data.role, frozenset(data.store_ids) or None)
    password_hash = hash_password(data.password)  # slow on purpose: hash outside the transaction
    async with db.transaction():
        await check_store_ids(ctx, data.store_ids)
        if await Staff.exists().where((Staff.tenant_id == ctx.tenant_id) & (Staff.username == data.username)):
            raise Conflict(zh=f"账号 {data.username} 已存在", en=f"Username {data.username} exists", field="username")
        row = await scoped.insert(
            ctx, Staff, username=data.username, name=data.name, phone=data.phone, role=data.role,
            password_hash=password_hash, store_ids_json=msgspec.json.encode(sorted(set(data.store_ids))).decode(),
            active=True, created_at=ctx.now(),
        )
    return _staff_out(row)


async def update_staff(ctx: Context, staff_id: int, data: s.StaffUpdate) -> s.StaffOut:
    ctx.require("staff.manage")
    values: dict[str, Any] = {k: v for k, v in msgspec.structs.asdict(data).items() if v is not msgspec.UNSET}
    if "password" in values:
        values["password_hash"] = hash_password(values.pop("password"))
    async with db.transaction():
        current = await scoped.get(ctx, Staff, staff_id, "staff")
        role, stores = values.get("role", current["role"]), _stores_of(current)
        if "store_ids" in values:
            stores = frozenset(values["store_ids"]) or None
        if staff_id == ctx.actor.id and ctx.actor.kind == "staff" and (role, stores) != (current["role"], _stores_of(current)):
            raise GrantTooWide(zh="不能修改自己的角色或门店范围，请让店主修改",
                               en="You cannot change your own role or stores: ask an owner", field="role")
        _check_reach(ctx, current["role"], _stores_of(current))  # may the actor manage this account at all
        _check_reach(ctx, role, stores)
        if "store_ids" in values:
            await check_store_ids(ctx, values["store_ids"])
            values["store_ids_json"] = msgspec.json.encode(sorted(set(values.pop("store_ids")))).decode()
        demoting_owner = current["role"] == "owner" and (values.get("role", "owner") != "owner" or values.get("active") is False)
        if demoting_owner:
            owners = await scoped.select(ctx, Staff, Staff.id).where((Staff.role == "owner") & (Staff.active == True))  # noqa: E712
            if len(owners) <= 1:
                raise Conflict(zh="商户至少需要一位在职店主", en="A tenant needs at least one active owner")
        if values:
            await scoped.update(ctx, Staff, values).where(Staff.id == staff_id)
        if values.get("active") is False or "password_hash" in values or "role" in values:
            # A changed password, role or a deactivation ends the staff member's sessions.
            await scoped.update(ctx, StaffSession, {StaffSession.revoked_at: ctx.now()}).where(
                (StaffSession.staff_id == staff_id) & StaffSession.revoked_at.is_null()
            )
    return await get_staff(ctx, staff_id)


# --- sign-in and authentication -------------------------------------------------------------


def staff_actor(row: dict[str, Any]) -> Actor:
    store_ids = frozenset(msgspec.json.decode(row["store_ids_json"])) or None
    return Actor(
        kind="staff", id=row["id"], name=row["name"], role=row["role"],
        permissions=staff_permissions(row["role"], store_ids), store_ids=store_ids,
    )


async def login(data: s.LoginRequest, clock: Clock) -> s.SessionOut:
    tenant = await Tenant.select(Tenant.id).where(Tenant.slug == data.tenant).first()
    row = None
    if tenant is not None:
        row = await Staff.select().where(
            (Staff.tenant_id == tenant["id"]) & (Staff.username == data.username) & (Staff.active == True)  # noqa: E712
        ).first()
    if row is None:
        verify_password(dummy_hash(), data.password)
        raise InvalidCredentials()
    if not verify_password(row["password_hash"], data.password):
        raise InvalidCredentials()
    token = SESSION_PREFIX + secrets.token_urlsafe(32)
    now = clock.now()
    expires_at = now + SESSION_TTL
    await StaffSession.insert(
        StaffSession(tenant_id=row["tenant_id"], staff_id=row["id"], token_hash=_sha256(token),
                     created_at=now, expires_at=expires_at)
    )
    return s.SessionOut(token=token, expires_at=expires_at, staff=_staff_out(row))


async def logout(ctx: Context, token: str) -> None:
    await scoped.update(ctx, StaffSession, {StaffSession.revoked_at: ctx.now()}).where(
        StaffSession.token_hash == _sha256(token)
    )


@dataclass(frozen=True, slots=True)
class Authenticated:
    """Who a bearer token stands for, with its tenant and the tenant's enabled plugins (name →
    stored settings JSON, unchecked): every request of the console and the API needs all three, so
    one statement reads them (three round trips and pool checkouts were a fifth of a checkout)."""

    tenant_id: int
    actor: Actor
    tenant: TenantInfo
    plugin_settings: dict[str, str]


# Read with the caller: the tenant's columns (aliased t_*) and its enabled plugins' settings as
# one JSON object (plugin → settings JSON), so the caller is one row however many are enabled.
_TENANT_COLUMNS = (
    " tenant.id AS t_id, tenant.slug AS t_slug, tenant.name AS t_name, tenant.industry AS t_industry,"
    " tenant.timezone AS t_timezone, tenant.currency AS t_currency, tenant.locale AS t_locale,"
    " tenant.settings_json AS t_settings_json,"
)
_JSON_OBJECT_AGG = {"sqlite": "json_group_object", "postgres": "json_object_agg"}


def _tenant_and_plugins(tenant_id_column: str) -> str:
    """The columns; its one placeholder (``True``, enabled) comes before the caller's own."""
    aggregate = _JSON_OBJECT_AGG[db.engine().engine_type]
    return (f"{_TENANT_COLUMNS} (SELECT {aggregate}(plugin, settings_json) FROM tenant_plugin"
            f" WHERE tenant_plugin.tenant_id = {tenant_id_column} AND tenant_plugin.enabled = {{}}) AS plugins_json")


def _authenticated(row: dict[str, Any], actor: Actor) -> Authenticated:
    tenant = tenant_info({key.removeprefix("t_"): value for key, value in row.items() if key.startswith("t_")})
    plugins = msgspec.json.decode(row["plugins_json"] or "{}", type=dict[str, str])
    return Authenticated(tenant_id=tenant.id, actor=actor, tenant=tenant, plugin_settings=plugins)


async def authenticate(token: str, clock: Clock) -> Authenticated:
    """A bearer token (staff session or API key) → who it is; Unauthenticated if not valid."""
    if token.startswith(SESSION_PREFIX):
        return await _authenticate_session(token, clock)
    if token.startswith(API_KEY_PREFIX):
        return await _authenticate_api_key(token, clock)
    raise Unauthenticated()


async def _authenticate_session(token: str, clock: Clock) -> Authenticated:
    # Hand-written: every request of the console and the API runs it.
    rows = await db.fetch(
        "SELECT staff.id, staff.name, staff.role, staff.store_ids_json, staff_session.revoked_at,"
        " staff_session.expires_at," + _tenant_and_plugins("staff_session.tenant_id") + " FROM staff_session"
        " JOIN staff ON staff.id = staff_session.staff_id AND staff.tenant_id = staff_session.tenant_id"
        " JOIN tenant ON tenant.id = staff_session.tenant_id"
        " WHERE staff_session.token_hash = {} AND staff.active = {}",
        True, _sha256(token), True,
    )
    session = rows[0] if rows else None
    if session is None or session["revoked_at"] is not None or session["expires_at"] <= clock.now():
        raise Unauthenticated()
    return _authenticated(session, staff_actor(session))


# A key's last use is kept to the minute: writing it on every request cost a statement per request.
LAST_USED_GRAIN = dt.timedelta(minutes=1)


async def _authenticate_api_key(token: str, clock: Clock) -> Authenticated:
    try:
        prefix, _secret = token.removeprefix(API_KEY_PREFIX).split("_", 1)
    except ValueError:
        raise Unauthenticated() from None
    rows = await db.fetch(
        "SELECT api_key.id, api_key.name, api_key.key_hash, api_key.scopes_json, api_key.revoked_at,"
        " api_key.last_used_at," + _tenant_and_plugins("api_key.tenant_id") + " FROM api_key"
        " JOIN tenant ON tenant.id = api_key.tenant_id WHERE api_key.prefix = {}",
        True, prefix,
    )
    key = rows[0] if rows else None
    if key is None or key["revoked_at"] is not None or not hmac.compare_digest(key["key_hash"], _sha256(token)):
        raise Unauthenticated()
    now = clock.now()
    if key["last_used_at"] is None or now - key["last_used_at"] >= LAST_USED_GRAIN:
        await ApiKey.update({ApiKey.last_used_at: now}).where(ApiKey.id == key["id"])
    scopes = frozenset(msgspec.json.decode(key["scopes_json"])) & ALL
    return _authenticated(key, Actor(kind="api_key", id=key["id"], name=key["name"], permissions=scopes))


# --- API keys -------------------------------------------------------------------------------


def _api_key_out(row: dict[str, Any]) -> s.ApiKeyOut:
    return s.ApiKeyOut(
        id=row["id"], name=row["name"], prefix=row["prefix"], scopes=msgspec.json.decode(row["scopes_json"]),
        created_by=row["created_by"], created_at=row["created_at"], last_used_at=row["last_used_at"],
        revoked_at=row["revoked_at"],
    )


async def create_api_key(ctx: Context, data: s.ApiKeyCreate) -> s.ApiKeyCreated:
    """A new key, returned once in full; only its SHA-256 is kept (it is random, so no argon2 needed)."""
    ctx.require("apikeys.manage")
    unknown = sorted(set(data.scopes) - ALL)
    if unknown:
        raise InvalidInput(field="scopes", zh=f"未知权限：{', '.join(unknown)}", en=f"Unknown scopes: {', '.join(unknown)}")
    prefix = secrets.token_hex(4)
    key = f"{API_KEY_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    row = await scoped.insert(
        ctx, ApiKey, name=data.name, prefix=prefix, key_hash=_sha256(key),
        scopes_json=msgspec.json.encode(sorted(set(data.scopes))).decode(),
        created_by=ctx.actor.name, created_at=ctx.now(),
    )
    return s.ApiKeyCreated(**msgspec.structs.asdict(_api_key_out(row)), key=key)


async def page_api_keys(ctx: Context, cursor: str | None = None, limit: int = DEFAULT_LIMIT) -> Page[s.ApiKeyOut]:
    ctx.require("apikeys.manage")
    rows, after = await _page(ctx, ApiKey, cursor, limit)
    return Page(items=[_api_key_out(r) for r in rows], next_cursor=after)


async def revoke_api_key(ctx: Context, key_id: int) -> s.ApiKeyOut:
    ctx.require("apikeys.manage")
    await scoped.get(ctx, ApiKey, key_id, "api key")
    await scoped.update(ctx, ApiKey, {ApiKey.revoked_at: ctx.now()}).where(
        (ApiKey.id == key_id) & ApiKey.revoked_at.is_null()
    )
    return _api_key_out(await scoped.get(ctx, ApiKey, key_id, "api key"))
