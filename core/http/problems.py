"""Every error leaves the API as RFC 9457 problem+json with a stable machine ``code``.

Domain errors carry their own code, status and zh-CN/en messages; framework errors (a
malformed body, an unknown route, a body too large) get codes here; anything unexpected is a
500 ``internal_error`` that is logged and reveals nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException

from core.db import is_integer_overflow, is_unique_violation
from core.errors import Conflict, DomainError
from core.http.inputs import out_of_range

log = logging.getLogger(__name__)

MEDIA_TYPE = "application/problem+json"

_HTTP_CODES = {
    400: ("bad_request", "请求格式有误", "The request is malformed"),
    401: ("unauthenticated", "请先登录或提供有效的 API 密钥", "Sign in or send a valid API key"),
    403: ("forbidden", "没有权限", "Not allowed"),
    404: ("not_found", "未找到", "Not found"),
    405: ("method_not_allowed", "不支持该请求方法", "Method not allowed"),
    413: ("body_too_large", "请求内容过大", "The request body is too large"),
    415: ("unsupported_media_type", "不支持的内容类型", "Unsupported media type"),
    429: ("rate_limited", "请求过于频繁，请稍后再试", "Too many requests; try again later"),
}


def problem(status: int, code: str, zh: str, en: str, request: Request | None = None, /, **extra: Any) -> Response:
    body: dict[str, Any] = {
        "type": f"urn:mendian:problem:{code}",
        "title": en,
        "status": status,
        "code": code,
        "detail": zh,
        "detail_en": en,
    }
    if request is not None:
        body["instance"] = request.url.path
    body.update({k: v for k, v in extra.items() if k not in body})
    return Response(body, status_code=status, media_type=MEDIA_TYPE)


def domain_error_handler(request: Request, exc: DomainError) -> Response:
    response = problem(exc.status, exc.code, exc.detail_zh, exc.detail_en, request, **exc.extra)
    if (seconds := exc.extra.get("retry_after_s")) is not None:  # RFC 9110: when to try again
        response.headers["Retry-After"] = str(seconds)
    return response


def validation_error_handler(request: Request, exc: ValidationException) -> Response:
    errors = exc.extra if isinstance(exc.extra, list) else []
    fields = [e.get("key") for e in errors if isinstance(e, dict) and e.get("key")]
    return problem(
        400, "invalid_request",
        "请求内容有误：" + (exc.detail or ""), "Invalid request: " + (exc.detail or ""),
        request, errors=errors, fields=fields,
    )


def http_error_handler(request: Request, exc: HTTPException) -> Response:
    code, zh, en = _HTTP_CODES.get(exc.status_code, ("http_error", exc.detail, exc.detail))
    return problem(exc.status_code, code, zh, en, request)


def unexpected_error_handler(request: Request, exc: Exception) -> Response:
    if is_unique_violation(exc):
        # Two requests raced past an existence check; the database kept its promise.
        return domain_error_handler(request, Conflict())
    if is_integer_overflow(exc):
        # A number that fits BIGINT (core/http/inputs.py) but not a 32-bit INTEGER column on PostgreSQL.
        return domain_error_handler(request, out_of_range(request, exc))
    handler = request.scope.get("route_handler")
    plugin = handler.opt.get("plugin") if handler is not None else None
    if plugin:  # a plugin's own route: say whose, so the merchant knows which plugin to report or switch off
        log.exception("plugin %s failed on %s %s", plugin, request.method, request.url.path, exc_info=exc)
        return problem(500, "plugin_failed", f"插件 {plugin} 处理请求时出错", f"Plugin {plugin} failed to handle the request",
                       request, plugin=plugin)
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return problem(500, "internal_error", "服务器内部错误", "Internal server error", request)


EXCEPTION_HANDLERS = {
    DomainError: domain_error_handler,
    ValidationException: validation_error_handler,
    HTTPException: http_error_handler,
    Exception: unexpected_error_handler,
}


ProblemPage = Callable[[Request, dict[str, Any]], Response]
"""Renders a problem document as a page of its own area (the console's error page)."""


def answering_pages(handlers: Mapping[type[Exception], Callable[[Request, Any], Response]],
                    pages: Mapping[str, ProblemPage]) -> dict[type[Exception], Callable[[Request, Any], Response]]:
    """``handlers``, except that under a path prefix of ``pages`` the problem is shown as that area's page.

    The problem is worked out once, here, for every door; only its dress differs: people in the
    console read a page in their language, with the same status and code, while the API keeps JSON.
    This covers what never reaches an area's own router: an unknown path (404), a wrong method (405),
    and anything unexpected (500).
    """
    def answer(handler: Callable[[Request, Any], Response]) -> Callable[[Request, Any], Response]:
        def respond(request: Request, exc: Exception) -> Response:
            response = handler(request, exc)
            path = request.url.path
            for prefix, page in pages.items():
                if (path == prefix or path.startswith(prefix + "/")) and isinstance(response.content, dict):
                    return page(request, response.content)
            return response
        return respond

    return {kind: answer(handler) for kind, handler in handlers.items()}
