"""The console's error page: every refusal or failure under ``/console`` reads as a page, never JSON.

Domain errors raised by console handlers come here through the console router; errors the router
never sees (an unknown page, a wrong method, anything unexpected) come as the problem document the
API would have answered (see ``core.http.problems.answering_pages``), with the same status and code.
"""

from __future__ import annotations

from typing import Any

from litestar import Request, Response

from core.console.forms import error_text
from core.console.i18n import COOKIE as LANG_COOKIE
from core.console.i18n import pick_locale
from core.console.templating import render_page
from core.errors import DomainError


def error_page(request: Request, exc: DomainError) -> Response:
    locale = pick_locale(request.cookies.get(LANG_COOKIE))
    return render_page(request, "console/error.html", status_code=exc.status, message=error_text(exc, locale),
                       code=exc.code)


def problem_page(request: Request, problem: dict[str, Any]) -> Response:
    """A problem document (``detail`` in Chinese, ``detail_en`` in English) as the console's page."""
    locale = pick_locale(request.cookies.get(LANG_COOKIE))
    message = problem.get("detail", "") if locale == "zh_CN" else problem.get("detail_en", problem.get("detail", ""))
    return render_page(request, "console/error.html", status_code=int(problem.get("status", 500)),
                       message=message, code=problem.get("code", "internal_error"))
