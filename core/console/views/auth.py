"""Sign-in (tenant code + username or phone + password), sign-out, language and store switches."""

from __future__ import annotations

from litestar import Request, Response, get, post
from litestar.params import FromPath

from core.console import session
from core.console.forms import error_text, form_of, redirect, safe_next
from core.console.i18n import COOKIE as LANG_COOKIE
from core.console.i18n import LOCALES, pick_locale
from core.console.nav import home_for
from core.console.templating import render_page
from core.errors import DomainError
from core.ratelimit import sign_in_attempt
from core.tenancy import service as tenancy
from core.tenancy.schemas import LoginRequest
from core.tenancy.tables import Staff, Tenant

PUBLIC = {"public": True}


async def _username_for(tenant_slug: str, account: str) -> str:
    """Staff sign in with their username or the phone number on their account."""
    account = account.strip()
    tenant = await Tenant.select(Tenant.id).where(Tenant.slug == tenant_slug.strip()).first()
    if tenant is None or not account:
        return account
    by_name = await Staff.exists().where((Staff.tenant_id == tenant["id"]) & (Staff.username == account))
    if by_name:
        return account
    by_phone = await Staff.select(Staff.username).where(
        (Staff.tenant_id == tenant["id"]) & (Staff.phone == account) & (Staff.active == True)  # noqa: E712
    )
    return by_phone[0]["username"] if len(by_phone) == 1 else account


@get("/login", opt=PUBLIC, name="console:login")
async def login_page(request: Request) -> Response:
    return render_page(request, "console/login.html", form={}, error=None,
                       next=safe_next(request.query_params.get("next"), ""))


@post("/login", opt=PUBLIC)
async def login(request: Request) -> Response:
    form = await form_of(request)
    tenant, account, password = (str(form.get(k, "")) for k in ("tenant", "account", "password"))
    locale = pick_locale(request.cookies.get(LANG_COOKIE))
    try:
        # A phone counts as the account it names: alternating phone and username doubles nothing.
        username = await _username_for(tenant, account)
        async with sign_in_attempt(request, tenant, username):
            signed = await tenancy.login(LoginRequest(tenant=tenant.strip(), username=username, password=password),
                                         request.app.state.clock)
    except DomainError as exc:
        page = _login_again(request, form, error_text(exc, locale), exc.status)
        if "retry_after_s" in exc.extra:
            page.headers["Retry-After"] = str(exc.extra["retry_after_s"])
        return page
    target = safe_next(str(form.get("next", "")), "")
    if not target:
        target = home_for(tenancy.staff_actor({
            "id": signed.staff.id, "name": signed.staff.name, "role": signed.staff.role, "store_ids_json": "[]",
        }))
    response = redirect(target)
    session.set_session_cookie(response, request, signed.token)
    return response


def _login_again(request: Request, form: dict, error: str, status: int) -> Response:
    """The sign-in form again with what was typed (never the password) and why it failed."""
    kept = {k: form.get(k, "") for k in ("tenant", "account")}
    return render_page(request, "console/login.html", status_code=status, form=kept, error=error,
                       next=safe_next(str(form.get("next", "")), ""))


@post("/logout")
async def logout(request: Request) -> Response:
    ctx = session.console_context(request)
    await tenancy.logout(ctx, request.state.session_token)
    response = redirect("/console/login")
    session.clear_session_cookie(response)
    return response


@get("/", name="console:index")
async def index(request: Request) -> Response:
    return redirect(home_for(session.console_context(request).actor))


@get("/lang/{locale:str}", opt=PUBLIC)
async def switch_language(request: Request, locale: FromPath[str]) -> Response:
    response = redirect(safe_next(request.query_params.get("next")))
    if locale in LOCALES:
        response.set_cookie(LANG_COOKIE, locale, max_age=365 * 86400, path="/console", samesite="lax")
    return response


@post("/store")
async def switch_store(request: Request) -> Response:
    """Choose the store to work in; only stores of this staff member count (the guard re-checks)."""
    form = await form_of(request)
    store_id = str(form.get("store_id", ""))
    response = redirect(safe_next(str(form.get("next", ""))))
    if store_id.isdigit() and int(store_id) in {s.id for s in session.stores_of(request)}:
        response.set_cookie(session.STORE_COOKIE, store_id, path="/console", httponly=True, samesite="lax",
                            secure=session.is_https(request))
    return response


ROUTES = [login_page, login, logout, index, switch_language, switch_store]
