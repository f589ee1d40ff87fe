"""Requests and responses of the outbox: messages, their attempts, and templates."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

import msgspec
from msgspec import Meta

from core.tenancy.schemas import Forbid

Channel = Literal["sms"]
Status = Literal["pending", "sending", "sent", "failed", "skipped"]


class AttemptOut(msgspec.Struct):
    number: int
    provider: str
    ok: bool
    error: str
    provider_message_id: str
    at: dt.datetime


class MessageOut(msgspec.Struct):
    """A message in the outbox (发件箱). ``status``: pending (waiting for its next attempt),
    sending, sent, failed (gave up after ``max_attempts``), skipped (over the daily cap)."""

    id: int
    channel: Channel
    member_id: int | None
    recipient: str
    template: str
    category: str
    params: dict[str, str]
    text: str
    provider_template: str  # the provider's approved template id it is sent with
    status: Status
    attempts: int
    max_attempts: int
    next_attempt_at: dt.datetime
    last_error: str
    provider: str
    provider_message_id: str
    created_at: dt.datetime
    sent_at: dt.datetime | None
    dedupe_key: str | None = None
    history: list[AttemptOut] | None = None  # every attempt, on the single-message read


class TemplateOut(msgspec.Struct):
    code: str
    channel: Channel
    category: str
    title_zh: str
    title_en: str
    params: list[str]
    text_zh: str
    provider_template: str
    customised: bool  # the tenant changed the wording or the provider template id


class TemplateUpdate(Forbid):
    text_zh: Annotated[str, Meta(min_length=1, max_length=500, pattern=r"\S")]
    provider_template: Annotated[str, Meta(max_length=64)] = ""


class DeliveryReport(msgspec.Struct):
    claimed: int = 0
    sent: int = 0
    retrying: int = 0
    failed: int = 0
