"""Inputs no handler should see, refused before any handler runs (the app's ``before_request``).

- ids in the path beyond the database's BIGINT read as not found (404): no row has such an id;
- integers in the query or the JSON body beyond BIGINT are refused (422 ``number_out_of_range``)
  before they reach a driver that would overflow;
- JSON nested deeper than ``MAX_JSON_DEPTH`` is refused (400 ``nesting_too_deep``) instead of
  exhausting the decoder's recursion;
- JSON bodies are decoded strictly against the handler's schema: ``"100"`` is not the integer
  the schema promises (litestar converts every parameter leniently, bodies included);
- query values are held to the ``Meta`` bounds written on their type (``limit``: 1–200), which
  litestar drops (422 ``invalid_input``);
- text with a NUL character, in the path, the query, a JSON body or a form, is refused (422
  ``invalid_input``): PostgreSQL cannot keep it.
"""

from __future__ import annotations

import functools
import re
from typing import Annotated, Any

import msgspec
from litestar import Request
from litestar.exceptions import ValidationException
from litestar.params import BodyKwarg, QueryParameter

from core.errors import DomainError, InvalidInput, NestingTooDeep, NotFound, NumberOutOfRange

BIGINT_MAX = 2**63 - 1
"""PostgreSQL's BIGINT and SQLite's INTEGER hold ±(2⁶³−1); ids, money and counts are all stored there."""

MAX_JSON_DEPTH = 64
_DIGITS_BEYOND_BIGINT = 19  # any integer of 18 digits or fewer fits


def fits_bigint(value: int) -> bool:
    return -BIGINT_MAX <= value <= BIGINT_MAX


async def check_inputs(request: Request) -> None:
    """Refuse out-of-range ids and numbers, deep JSON and loosely typed bodies (see the module)."""
    for name, value in request.path_params.items():
        if isinstance(value, int) and not fits_bigint(value):
            raise NotFound(resource=name, zh="未找到该记录", en="Not found", field=name)
        if isinstance(value, str) and "\x00" in value:
            raise _nul(name)
    for name, value in request.query_params.multi_items():
        if "\x00" in value:
            raise _nul(name)
    handler = request.route_handler
    body_type = None
    for name, param in handler.parsed_fn_signature.parameters.items():
        kwarg = param.kwarg_definition
        if isinstance(kwarg, QueryParameter):
            if _is_int(param):
                _check_query_int(request, kwarg.query or name)
            if metas := tuple(m for m in param.metadata if isinstance(m, msgspec.Meta)):
                _check_query_bounds(request, kwarg.query or name, param.annotation, metas)
        elif isinstance(kwarg, BodyKwarg) and kwarg.media_type == "application/json":
            body_type = param.annotation
    if body_type is not None:
        await _check_json_body(request, body_type)
    elif request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded") \
            and b"%00" in await request.body():
        raise _nul("form")  # a form's NUL, as the console's and the member pages' forms would send it


def _nul(field: str) -> InvalidInput:
    """PostgreSQL keeps no NUL character in text (SQLite would): refused for both alike."""
    return InvalidInput(field=field, zh=f"输入有误：{field} 含有空字符（NUL）", en=f"{field} contains a NUL character")


def out_of_range(request: Request, exc: BaseException) -> DomainError:
    """What a driver's integer overflow means to the client: an id in the path that no row can
    have is not found; any other number is out of range. asyncpg names the value it refused."""
    found = _REFUSED_VALUE.search(str(exc))
    value = int(found.group(1)) if found else None
    for name, path_value in request.path_params.items():
        if value is not None and path_value == value:
            return NotFound(resource=name, zh="未找到该记录", en="Not found", field=name)
    for name, query_value in request.query_params.items():
        if value is not None and query_value.strip() == str(value):
            return NumberOutOfRange(field=name)
    return NumberOutOfRange(field="body", value=value)


_REFUSED_VALUE = re.compile(r": (-?\d+) \(value out of")


def _is_int(param: Any) -> bool:
    types = [t.annotation for t in param.inner_types] if param.is_optional else [param.annotation]
    return int in types


def _check_query_int(request: Request, name: str) -> None:
    for raw in request.query_params.getall(name, []):
        try:
            value = msgspec.convert(raw, int, strict=False)  # as litestar will convert it
        except msgspec.ValidationError as exc:
            if "out of range" in str(exc):  # too many digits for msgspec itself
                raise NumberOutOfRange(field=name) from None
            continue  # not a number: litestar's own validation answers
        if not fits_bigint(value):
            raise NumberOutOfRange(field=name)


def _check_query_bounds(request: Request, name: str, annotation: Any, metas: tuple[msgspec.Meta, ...]) -> None:
    """litestar converts a query value to its type but drops the ``Meta`` bounds written on it."""
    for raw in request.query_params.getall(name, []):
        try:
            msgspec.convert(raw, annotation, strict=False)
        except msgspec.ValidationError:
            continue  # not even the type: litestar's own validation answers
        try:
            msgspec.convert(raw, _bounded(annotation, metas), strict=False)
        except msgspec.ValidationError as exc:
            raise InvalidInput(field=name, zh=f"输入有误：{name}（{exc}）", en=f"Invalid value for {name}: {exc}") from None


@functools.lru_cache(maxsize=256)
def _bounded(annotation: Any, metas: tuple[msgspec.Meta, ...]) -> Any:
    return Annotated[(annotation, *metas)]


async def _check_json_body(request: Request, body_type: Any) -> None:
    body = await request.body()  # kept on the request: litestar reads the same bytes
    if not body.strip():
        return
    # Nesting can pass 64 levels only with more than 64 brackets, an integer can pass BIGINT only
    # with 19 digits or more, and a NUL is written \u0000: most bodies skip the untyped decode and the walk.
    if body.count(b"[") + body.count(b"{") > MAX_JSON_DEPTH or _has_long_digit_run(body) or b"\\u0000" in body:
        try:
            value = msgspec.json.decode(body)
        except RecursionError:
            raise NestingTooDeep(limit=MAX_JSON_DEPTH) from None
        except msgspec.DecodeError:
            return  # malformed JSON: litestar's decoding answers 400
        _walk(value)
    decoder = _strict_decoder(body_type)
    if decoder is None:
        return
    try:
        decoder.decode(body)
    except msgspec.ValidationError as exc:
        message, _, where = str(exc).partition(" - at `$")
        key = where.rstrip("`").lstrip(".")
        raise ValidationException(
            detail=f"Validation failed for {request.method} {request.url.path}",
            extra=[{"message": message, "key": key, "source": "body"}],
        ) from None
    except msgspec.DecodeError:
        return  # malformed JSON: litestar's decoding answers 400


def _has_long_digit_run(body: bytes) -> bool:
    return _LONG_DIGIT_RUN.search(body) is not None


_LONG_DIGIT_RUN = re.compile(rb"\d{%d}" % _DIGITS_BEYOND_BIGINT)


def _walk(value: Any) -> None:
    """Depth and integer bounds of decoded JSON, with a stack instead of recursion."""
    stack: list[tuple[Any, str, int]] = [(value, "", 1)]
    while stack:
        node, path, depth = stack.pop()
        if isinstance(node, dict | list):
            if depth > MAX_JSON_DEPTH:
                raise NestingTooDeep(limit=MAX_JSON_DEPTH)
            items = node.items() if isinstance(node, dict) else enumerate(node)
            stack.extend((v, f"{path}.{k}" if isinstance(k, str) else f"{path}[{k}]", depth + 1) for k, v in items)
        elif isinstance(node, int) and not isinstance(node, bool) and not fits_bigint(node):
            raise NumberOutOfRange(field=path.lstrip(".") or "body")
        elif isinstance(node, str) and "\x00" in node:
            raise _nul(path.lstrip(".") or "body")


@functools.lru_cache(maxsize=1024)
def _strict_decoder(body_type: Any) -> msgspec.json.Decoder | None:
    try:
        return msgspec.json.Decoder(body_type, strict=True)
    except TypeError:  # a type msgspec cannot decode alone: litestar's own decoding applies
        return None
