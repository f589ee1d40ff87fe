"""Typed handler parameters, explicit as litestar 2.25 asks (inferred kinds are deprecated)."""

from typing import TypeAlias

from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, JSONBody

from core.context import Context

Ctx: TypeAlias = NamedDependency[Context]
"""The request's Context (tenant, actor, clock, hooks), provided by ``core.http.context``."""

__all__ = ["Ctx", "FromPath", "FromQuery", "JSONBody"]
