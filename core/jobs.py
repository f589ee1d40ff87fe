"""Scheduled jobs that plugins declare through the ``scheduled_jobs`` hook."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from core.context import Context


@dataclass(frozen=True, slots=True)
class Job:
    """A sweep run every ``every_seconds``, once per due time across every worker and host; it may
    return how many things it did (recorded with the run). Idempotent all the same: a run that
    died half way is run again."""

    name: str
    every_seconds: int
    run: Callable[[], Awaitable[int | None]]


@dataclass(frozen=True, slots=True)
class TenantJob:
    """A sweep run every ``every_seconds`` for each tenant that enabled ``plugin``, with that
    tenant's Context (the system acting), once per due time across every worker and host; it
    opens its own transactions, and one tenant's failure leaves the others' work standing. It
    may return a count like a ``Job``, and is idempotent like every job."""

    name: str
    plugin: str
    every_seconds: int
    run: Callable[[Context], Awaitable[int | None]]
