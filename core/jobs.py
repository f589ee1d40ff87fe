"""Scheduled jobs that plugins declare through the ``scheduled_jobs`` hook."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from core.context import Context


@dataclass(frozen=True, slots=True)
class Job:
    """A sweep run every ``every_seconds``; it must be idempotent (a second run changes nothing)."""

    name: str
    every_seconds: int
    run: Callable[[], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class TenantJob:
    """A sweep run every ``every_seconds`` for each tenant that enabled ``plugin``, with that
    tenant's Context (the system acting); it opens its own transactions, and one tenant's
    failure leaves the others' work standing. Idempotent like every job."""

    name: str
    plugin: str
    every_seconds: int
    run: Callable[[Context], Awaitable[None]]
