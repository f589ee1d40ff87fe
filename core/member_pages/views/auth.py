"""Signing in by phone and SMS code (first sign-in registers), signing out, the language switch.

A share link's ``ref`` (a promoter's or channel's code) rides through the form, so the sign-in
that registers a new member keeps it (``member_auth.sign_in``); ``next`` brings the member
back to the page they came from, only ever on this tenant's member pages.
"""

from __future__ import annotations

from urllib.parse import urlencode

import msgspec
from litestar import Request, Response, get, post
from litestar.params import FromPath
from litestar.response import Redirect

from core.console.forms import error_text, form_of
from core.console.i18n import COOKIE as LANG_COOKIE
from core.console.i18n import LOCALES, locale_of
from core.errors import DomainError, InvalidInput
from core.member_auth import schemas as s
from core.member_auth import service
from core.member_pages import session
from core.member_pages.forms import safe_next
from core.member_pages.templating import render_page
from core.ratelimit import code_request

SIGN_IN = {"sign_in_route": True}


def _channel_ref(value: str) -> str:
    """A share link's code as the sign-in takes it (``member_auth.schemas.ChannelRef``), else none."""
    try:
        return msgspec.convert(value, s.ChannelRef) if value else ""
    except msgspec.ValidationError:
        return ""


def _kept(slug: str, source) -> dict[str, str]:
    """What the sign-in form carries along: the phone typed, where to go next, the share code."""
    return {"phone": str(source.get("phone") or "").strip(), "next": safe_next(source.get("next"), slug),
            "ref": _channel_ref(str(source.get("ref") or ""))}


def _form_page(request: Request, kept: dict[str, str], status: int = 200, sent: bool = False, **data) -> Response:
    return render_page(request, "member/login.html", status_code=status, form=kept, sent=sent, **data)


def _converted(struct: type, data: dict):
    try:
        return msgspec.convert(data, struct)
    except msgspec.ValidationError as exc:
        field = "code" if "code" in str(exc) else "phone"
        raise InvalidInput(field=field, zh="请输入正确的手机号和 6 位验证码",
                           en="Enter a valid phone number and the 6-digit code") from None


@get("/login", opt=SIGN_IN)
async def login_page(request: Request, tenant_slug: FromPath[str]) -> Response:
    if request.state.member_ctx is not None:  # signed in already: straight on
        return Redirect(path=safe_next(request.query_params.get("next"), tenant_slug), status_code=303)
    return _form_page(request, _kept(tenant_slug, request.query_params))


@post("/login/code", opt=SIGN_IN)
async def send_code(request: Request, tenant_slug: FromPath[str]) -> Response:
    """Text a code; the page comes back with the phone filled and the resend countdown running."""
    kept = _kept(tenant_slug, await form_of(request))
    try:
        await code_request(request)
        data = _converted(s.CodeRequest, {"tenant": tenant_slug, "phone": kept["phone"]})
        sent = await service.request_code(data, request.app.state.plugins, request.app.state.clock)
    except DomainError as exc:
        return _form_page(request, kept, exc.status, error=error_text(exc, locale_of(request)),
                          wait_s=exc.extra.get("retry_after_s", 0))
    return _form_page(request, kept, sent=True, wait_s=sent.resend_after_s)


@post("/login", opt=SIGN_IN)
async def sign_in(request: Request, tenant_slug: FromPath[str]) -> Response:
    form = await form_of(request)
    kept = _kept(tenant_slug, form)
    try:
        data = _converted(s.SignInRequest, {"tenant": tenant_slug, "phone": kept["phone"],
                                            "code": str(form.get("code", "")).strip(), "ref": kept["ref"] or None})
        signed = await service.sign_in(data, request.app.state.plugins, request.app.state.clock)
    except DomainError as exc:
        return _form_page(request, kept, exc.status, error=error_text(exc, locale_of(request)),
                          sent=True)
    response = Redirect(path=kept["next"], status_code=303)
    session.set_session_cookie(response, request, tenant_slug, signed.token)
    return response


@get(["/login/code", "/logout"], opt=SIGN_IN)
async def not_by_link(request: Request, tenant_slug: FromPath[str]) -> Response:
    """These only answer forms; reached by a link, back button or bookmark they go to the sign-in page."""
    kept = urlencode([(k, v) for k, v in request.query_params.items() if k in ("next", "ref")])
    return Redirect(path=f"/m/{tenant_slug}/login" + (f"?{kept}" if kept else ""), status_code=303)


@post("/logout")
async def sign_out(request: Request, tenant_slug: FromPath[str]) -> Response:
    from core.member_pages.pages import member_context

    await service.sign_out(member_context(request), request.cookies.get(session.COOKIE, ""))
    response = Redirect(path=f"/m/{tenant_slug}/login", status_code=303)
    session.clear_session_cookie(response, tenant_slug)
    return response


@get("/lang/{locale:str}", opt=SIGN_IN)
async def switch_language(request: Request, tenant_slug: FromPath[str], locale: FromPath[str]) -> Response:
    response = Redirect(path=safe_next(request.query_params.get("next"), tenant_slug), status_code=303)
    if locale in LOCALES:
        response.set_cookie(LANG_COOKIE, locale, max_age=365 * 86400, path="/m", samesite="lax")
    return response


ROUTES = [login_page, send_code, sign_in, not_by_link, sign_out, switch_language]
