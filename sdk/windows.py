"""Time windows of a marketing campaign (a flash-sale session, a group-buy deal, a bargain
campaign): the state a window is in, and why a window a merchant typed cannot be meant."""

from __future__ import annotations

import datetime as dt
from typing import Literal

WindowState = Literal["upcoming", "live", "ended", "stopped"]


def window_state(starts_at: dt.datetime, ends_at: dt.datetime, active: bool, now: dt.datetime) -> WindowState:
    """``stopped`` when switched off, else where ``now`` falls: before, inside or after the window."""
    if not active:
        return "stopped"
    if now < starts_at:
        return "upcoming"
    return "live" if now < ends_at else "ended"


def window_refusal(starts_at: dt.datetime, ends_at: dt.datetime, now: dt.datetime) -> tuple[str, str] | None:
    """Why the window cannot be saved (zh, en), or None: times without a zone, an end not after
    the start, an end already past. Raise your plugin's own error with it."""
    if starts_at.tzinfo is None or ends_at.tzinfo is None:
        return "开始和结束时间须带时区", "start and end need a time zone"
    if ends_at <= starts_at:
        return "结束时间须晚于开始时间", "the end must come after the start"
    if ends_at <= now:
        return "结束时间已过", "the end has passed"
    return None


__all__ = ["window_refusal", "window_state"]
