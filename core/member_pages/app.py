"""The member pages at ``/m/<tenant>``: their router, templates and plugins' member pages."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2
from litestar import Request, Response, Router
from litestar.datastructures import CacheControlHeader
from litestar.response import Redirect
from litestar.static_files import create_static_files_router

from core.console.csrf import csrf_guard
from core.console.forms import error_text, here
from core.console.i18n import locale_of
from core.errors import DomainError
from core.extensions.manager import PluginManager
from core.extensions.pages import collect_pages
from core.member_pages.pages import MemberPage
from core.member_pages.session import SignInRequired, member_guard
from core.member_pages.templating import build_environments, render_page

STATIC = Path(__file__).parent / "static"
STATIC_PATH = "/m-static"
PREFIX = "/m/{tenant_slug:str}"


@dataclass
class MemberPages:
    router: Router
    static: Router
    environments: dict[str, jinja2.Environment]
    plugin_pages: list[tuple[str, MemberPage]] = field(default_factory=list)


def _sign_in_redirect(request: Request, _: SignInRequired) -> Response:
    """To the sign-in page, coming back here afterwards; a share link's ``ref`` rides along."""
    slug = request.path_params.get("tenant_slug", "")
    target = here(request) if request.method == "GET" else f"/m/{slug}/"
    ref = request.query_params.get("ref")
    return Redirect(path=f"/m/{slug}/login?next={quote(target)}" + (f"&ref={quote(ref)}" if ref else ""),
                    status_code=303)


def _error_page(request: Request, exc: DomainError) -> Response:
    """Every refusal as a page in the member's language, never a JSON error."""
    return render_page(request, "member/error.html", status_code=exc.status, message=error_text(exc, locale_of(request)),
                       code=exc.code)


def problem_page(request: Request, problem: dict[str, Any]) -> Response:
    """A problem the member pages' router never saw (an unknown page, a wrong method, a failure) as
    the member's error page, with its status and code (``core.http.problems.answering_pages``)."""
    english = locale_of(request) != "zh_CN"
    message = problem.get("detail_en", problem.get("detail", "")) if english else problem.get("detail", "")
    return render_page(request, "member/error.html", status_code=int(problem.get("status", 500)), message=message,
                       code=problem.get("code", "internal_error"))


def collect_plugin_pages(manager: PluginManager) -> list[tuple[str, MemberPage]]:
    """Every installed plugin's member pages; a page outside ``/p/<plugin>`` is skipped."""
    return collect_pages(manager, "member_pages", MemberPage, "/p/{plugin}")


def _plugin_routers(pages: list[tuple[str, MemberPage]]) -> list[Router]:
    return [Router(path=page.path, route_handlers=list(page.handlers), opt={"plugin": name, "public": page.public},
                   include_in_schema=False)
            for name, page in pages if page.handlers]


def build_member_pages(manager: PluginManager, console_environments: dict[str, jinja2.Environment]) -> MemberPages:
    from core.member_pages.views import auth, home, mine, pay, profile, stores

    pages = collect_plugin_pages(manager)
    router = Router(
        path=PREFIX, route_handlers=[*auth.ROUTES, *profile.ROUTES, *mine.ROUTES, *pay.ROUTES, *stores.ROUTES,
                                     *home.ROUTES, *_plugin_routers(pages)],
        guards=[member_guard, csrf_guard],
        exception_handlers={SignInRequired: _sign_in_redirect, DomainError: _error_page},
        include_in_schema=False,
    )
    static = create_static_files_router(path=STATIC_PATH, directories=[STATIC], include_in_schema=False,
                                        opt={"public": True}, cache_control=CacheControlHeader(max_age=86400))
    return MemberPages(router=router, static=static, environments=build_environments(console_environments),
                       plugin_pages=pages)
