"""Typed handler parameters, explicit as litestar 2.25 asks (inferred kinds are deprecated)."""

from typing import Annotated, TypeAlias

from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, HeaderParameter, JSONBody, MultipartBody

from core.context import Context
from core.http.pagination import Limit

Ctx: TypeAlias = NamedDependency[Context]
"""The request's Context (tenant, actor, clock, hooks), provided by ``core.http.context``."""

IdempotencyKey: TypeAlias = Annotated[
    str | None,
    HeaderParameter(name="Idempotency-Key", description="Required on money-moving requests: a replay returns the first response"),
]
"""Declared so OpenAPI shows it; ``core.http.idempotent`` reads and enforces it."""

Cursor: TypeAlias = FromQuery[str | None]
"""A list's ``cursor`` query parameter: ``next_cursor`` of the page before (none: the first page)."""

PageLimit: TypeAlias = FromQuery[Limit]
"""A list's ``limit`` query parameter: 1 to ``MAX_LIMIT`` items a page (``check_limit`` enforces it)."""

__all__ = ["Ctx", "Cursor", "FromPath", "FromQuery", "IdempotencyKey", "JSONBody", "MultipartBody", "PageLimit"]
