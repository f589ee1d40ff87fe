"""Small helpers shared by the console's form handlers: reading fields, safe redirects, errors."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from litestar import Request
from litestar.response import Redirect

from core.errors import DomainError


async def form_of(request: Request) -> dict[str, Any]:
    """The posted form as a plain dict (first value of each field; lists for repeated ones)."""
    form = await request.form()
    out: dict[str, Any] = {}
    for key in form:
        values = form.getall(key)
        out[key] = values if len(values) > 1 else values[0]
    return out


def safe_next(target: str | None, default: str = "/console", within: str = "/console") -> str:
    """Only local paths under ``within`` (the console's, or one tenant's member pages): a ``next=``
    link must not send anyone to another site, or another tenant; ``default`` otherwise."""
    if not target or target.startswith("//") or "\\" in target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not (parts.path == within.rstrip("/") or parts.path.startswith(within)):
        return default
    return target


def here(request: Request) -> str:
    """This page's path and query: where to come back to."""
    return request.url.path + (f"?{request.url.query}" if request.url.query else "")


def redirect(path: str) -> Redirect:
    return Redirect(path=path, status_code=303)


def error_text(exc: DomainError, locale: str) -> str:
    return exc.detail_zh if locale == "zh_CN" else exc.detail_en


def field_errors(exc: DomainError, locale: str, fields: tuple[str, ...] = ()) -> dict[str, str]:
    """A domain error as ``{field: message}`` for the form to show beside the field.

    Errors name their field as ``field=...`` or carry it as an argument (``phone=...``); one
    that names none of the form's ``fields`` is shown above the form.
    """
    named = exc.extra.get("field")
    candidates = [named] if named else list(exc.extra)
    field = next((str(c) for c in candidates if not fields or c in fields), "_form")
    return {field: error_text(exc, locale)}


def convert_form(data: dict[str, Any], struct: type[Any]) -> Any:
    """Form fields → a request Struct (strings coerced); a bad field becomes InvalidInput naming it,
    in words a merchant reads (zh-CN and English), not msgspec's."""
    import msgspec

    from core.console.validation import invalid_texts
    from core.errors import InvalidInput

    try:
        return msgspec.convert(data, struct, strict=False)
    except msgspec.ValidationError as exc:
        text = str(exc)
        field = text.rsplit("- at `$.", 1)[1].rstrip("`").split("[")[0].split(".")[0] if "- at `$." in text else "_form"
        zh, en = invalid_texts(exc, placed=field != "_form")
        raise InvalidInput(field=field, zh=zh, en=en) from None
