"""REST: the caller's tenant, stores, staff, sign-in sessions and API keys."""

from __future__ import annotations

from litestar import Controller, Request, delete, get, patch, post, put

from core.http.auth import bearer_token
from core.http.pagination import DEFAULT_LIMIT, Limit, Page
from core.http.params import Ctx, FromPath, FromQuery, JSONBody, MultipartBody
from core.ratelimit import sign_in_attempt
from core.tenancy import schemas as s
from core.tenancy import service


class SessionController(Controller):
    path = "/auth/sessions"
    tags = ["auth"]

    @post("/", opt={"exclude_from_auth": True}, operation_id="createSession")
    async def create_session(self, request: Request, data: JSONBody[s.LoginRequest]) -> s.SessionOut:
        """员工登录 (Staff sign-in): exchange tenant code, username and password for a bearer session token.

        Five wrong passwords for one account from one address in 15 minutes, or 30 from one address
        over all accounts, and sign-in is refused with 429 ``too_many_sign_in_attempts`` (and a
        ``Retry-After``) even with the right password; the console's sign-in counts the same.
        """
        async with sign_in_attempt(request, data.tenant, data.username):
            return await service.login(data, request.app.state.clock)

    @delete("/current", opt={"scope": "tenant"}, operation_id="deleteCurrentSession")
    async def delete_current_session(self, request: Request, ctx: Ctx) -> None:
        """退出登录 (Sign out): revoke the session token this request was made with."""
        await service.logout(ctx, bearer_token(request) or "")


class TenantController(Controller):
    path = "/tenant"
    tags = ["tenancy"]

    @get("/", opt={"scope": "tenant"}, operation_id="getTenant")
    async def get_tenant(self, ctx: Ctx) -> s.TenantOut:
        """商户信息: the caller's tenant: name, industry, timezone, currency and locale."""
        return await service.get_tenant(ctx)

    @patch("/", opt={"permission": "tenant.manage"}, operation_id="updateTenant")
    async def update_tenant(self, ctx: Ctx, data: JSONBody[s.TenantUpdate]) -> s.TenantOut:
        """修改商户信息: change the tenant's name, industry, timezone, locale or the member pages' colour."""
        return await service.update_tenant(ctx, data)

    @put("/logo", opt={"permission": "tenant.manage"}, operation_id="uploadTenantLogo")
    async def upload_logo(self, ctx: Ctx, data: MultipartBody[s.LogoUpload]) -> s.TenantOut:
        """上传会员端标志: the logo shown on the member pages (and their link previews), replacing any.

        The image goes in the form field ``file``: PNG, JPEG or WebP, known by its first bytes
        rather than its name (422 ``unsupported_image``), at most 256 KB (413 ``logo_too_large``).
        ``logo_url`` in the answer is where the member pages serve it.
        """
        return await service.upload_logo(ctx, await data.file.read())

    @delete("/logo", opt={"permission": "tenant.manage"}, operation_id="deleteTenantLogo", status_code=200)
    async def delete_logo(self, ctx: Ctx) -> s.TenantOut:
        """删除会员端标志: the member pages show the tenant's name alone again."""
        return await service.delete_logo(ctx)


class StoreController(Controller):
    path = "/stores"
    tags = ["tenancy"]

    @get("/", opt={"permission": "stores.read"}, operation_id="listStores")
    async def list_stores(
        self, ctx: Ctx, cursor: FromQuery[str | None] = None, limit: FromQuery[Limit] = DEFAULT_LIMIT,
    ) -> Page[s.StoreOut]:
        """门店列表: every store of the tenant (连锁门店), oldest first; cursor-paginated."""
        return await service.page_stores(ctx, cursor, limit)

    @post("/", opt={"permission": "stores.manage"}, operation_id="createStore")
    async def create_store(self, ctx: Ctx, data: JSONBody[s.StoreCreate]) -> s.StoreOut:
        """新开门店: open a new store (direct or franchise)."""
        return await service.create_store(ctx, data)

    @get("/{store_id:int}", opt={"permission": "stores.read"}, operation_id="getStore")
    async def get_store(self, ctx: Ctx, store_id: FromPath[int]) -> s.StoreOut:
        """门店详情: one store."""
        return await service.get_store(ctx, store_id)

    @patch("/{store_id:int}", opt={"permission": "stores.manage"}, operation_id="updateStore")
    async def update_store(self, ctx: Ctx, store_id: FromPath[int], data: JSONBody[s.StoreUpdate]) -> s.StoreOut:
        """修改门店: change a store's name, kind, address, phone, timezone or active flag."""
        return await service.update_store(ctx, store_id, data)


class StaffController(Controller):
    path = "/staff"
    tags = ["tenancy"]

    @get("/", opt={"permission": "staff.read"}, operation_id="listStaff")
    async def list_staff(
        self, ctx: Ctx, cursor: FromQuery[str | None] = None, limit: FromQuery[Limit] = DEFAULT_LIMIT,
    ) -> Page[s.StaffOut]:
        """员工列表: every staff account of the tenant with its role, oldest first; cursor-paginated."""
        return await service.page_staff(ctx, cursor, limit)

    @post("/", opt={"permission": "staff.manage"}, operation_id="createStaff")
    async def create_staff(self, ctx: Ctx, data: JSONBody[s.StaffCreate]) -> s.StaffOut:
        """添加员工: add a staff account with a role (owner, manager, cashier, staff) and a password."""
        return await service.create_staff(ctx, data)

    @get("/{staff_id:int}", opt={"permission": "staff.read"}, operation_id="getStaff")
    async def get_staff(self, ctx: Ctx, staff_id: FromPath[int]) -> s.StaffOut:
        """员工详情: one staff account."""
        return await service.get_staff(ctx, staff_id)

    @patch("/{staff_id:int}", opt={"permission": "staff.manage"}, operation_id="updateStaff")
    async def update_staff(self, ctx: Ctx, staff_id: FromPath[int], data: JSONBody[s.StaffUpdate]) -> s.StaffOut:
        """修改员工: change a staff account; a new password, role or deactivation signs it out everywhere."""
        return await service.update_staff(ctx, staff_id, data)


class ApiKeyController(Controller):
    path = "/api-keys"
    tags = ["tenancy"]

    @get("/", opt={"permission": "apikeys.manage"}, operation_id="listApiKeys")
    async def list_api_keys(
        self, ctx: Ctx, cursor: FromQuery[str | None] = None, limit: FromQuery[Limit] = DEFAULT_LIMIT,
    ) -> Page[s.ApiKeyOut]:
        """API 密钥列表: the tenant's API keys (prefix and scopes; the key itself is never shown again),
        oldest first; cursor-paginated."""
        return await service.page_api_keys(ctx, cursor, limit)

    @post("/", opt={"permission": "apikeys.manage"}, operation_id="createApiKey")
    async def create_api_key(self, ctx: Ctx, data: JSONBody[s.ApiKeyCreate]) -> s.ApiKeyCreated:
        """创建 API 密钥: create an API key with scopes; the response is the only time the key is shown."""
        return await service.create_api_key(ctx, data)

    @delete("/{key_id:int}", opt={"permission": "apikeys.manage"}, operation_id="revokeApiKey", status_code=200)
    async def revoke_api_key(self, ctx: Ctx, key_id: FromPath[int]) -> s.ApiKeyOut:
        """吊销 API 密钥: revoke an API key; requests with it are refused from now on."""
        return await service.revoke_api_key(ctx, key_id)


ROUTES = [SessionController, TenantController, StoreController, StaffController, ApiKeyController]
