"""我的资料: the member edits their name, gender and birthday (the birthday once, as ``me`` rules)."""

from __future__ import annotations

import msgspec
from litestar import Request, Response, get, post
from litestar.params import FromPath
from litestar.response import Redirect

from core.console.forms import error_text, form_of
from core.console.i18n import locale_of
from core.errors import DomainError, InvalidInput
from core.member_auth import me
from core.member_auth import schemas as s
from core.member_pages.pages import member_context
from core.member_pages.templating import render_page

GENDERS = ("female", "male", "unknown")


def _change(form: dict, birthday_held: bool) -> s.MeUpdate:
    """The form as a change: a blank or unchanged birthday is left out (it is set once)."""
    data: dict = {"name": str(form.get("name", "")).strip()}
    if form.get("gender") in GENDERS:
        data["gender"] = form["gender"]
    if not birthday_held and form.get("birthday"):
        data["birthday"] = form["birthday"]
    try:
        return msgspec.convert(data, s.MeUpdate, strict=False)
    except msgspec.ValidationError as exc:
        field = "birthday" if "birthday" in str(exc) else "name"
        raise InvalidInput(field=field, zh="请填写正确的姓名和生日", en="Enter a valid name and birthday") from None


@get("/me")
async def profile_page(request: Request, tenant_slug: FromPath[str]) -> Response:
    profile = await me.profile(member_context(request))
    return render_page(request, "member/profile.html", profile=profile, form=None, error=None,
                       saved=request.query_params.get("saved") == "1", genders=GENDERS)


@post("/me")
async def save_profile(request: Request, tenant_slug: FromPath[str]) -> Response:
    ctx = member_context(request)
    profile = await me.profile(ctx)
    form = await form_of(request)
    try:
        await me.update_profile(ctx, _change(form, profile.birthday is not None))
    except DomainError as exc:
        return render_page(request, "member/profile.html", status_code=exc.status, profile=profile, form=form,
                           error=error_text(exc, locale_of(request)), saved=False, genders=GENDERS)
    return Redirect(path=f"/m/{tenant_slug}/me?saved=1", status_code=303)


ROUTES = [profile_page, save_profile]
