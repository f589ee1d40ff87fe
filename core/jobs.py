"""Scheduled jobs that plugins declare through the ``scheduled_jobs`` hook."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Job:
    """A sweep run every ``every_seconds``; it must be idempotent (a second run changes nothing)."""

    name: str
    every_seconds: int
    run: Callable[[], Awaitable[None]]
