"""Delivering the outbox: claim due messages, hand them to the provider, record every attempt.

Any number of workers may run this at once. A claim moves a message to ``sending`` with a
lease (``claimed_until``) in one guarded UPDATE; on PostgreSQL the candidates are picked with
``FOR UPDATE SKIP LOCKED`` so workers take different messages instead of queueing on the same
rows; on SQLite the single writer serialises the claims. A worker that dies mid-send leaves a
lease that runs out, and the message is claimed again (at-least-once: a provider may see a
message twice in that case, never zero times).

The delivery sweep reads across tenants on purpose: it is the system's worker, and every row
it writes carries the message's own ``tenant_id``.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

import msgspec
from piccolo.columns.combination import Where

from core import db, metrics
from core.clock import Clock
from core.jobs import Job
from core.messages.providers import OutgoingSms, SendResult, SmsProvider, build_provider
from core.messages.schemas import DeliveryReport
from core.messages.tables import Message, MessageAttempt
from core.messages.templates import TEMPLATES, masked

log = logging.getLogger(__name__)

LEASE = dt.timedelta(minutes=2)
FIRST_RETRY = dt.timedelta(seconds=30)
LONGEST_RETRY = dt.timedelta(hours=1)
BATCH = 50
EVERY_SECONDS = 30


def backoff(attempts: int) -> dt.timedelta:
    """30 s after the first failure, doubling each time, at most an hour."""
    return min(FIRST_RETRY * 2 ** max(attempts - 1, 0), LONGEST_RETRY)


def _claimable(now: dt.datetime) -> Where:
    stale = (Message.status == "sending") & (Message.claimed_until < now)
    return ((Message.status == "pending") | stale) & (Message.next_attempt_at <= now)  # type: ignore[return-value]


async def claim(clock: Clock, limit: int = BATCH, message_ids: list[int] | None = None) -> list[dict[str, Any]]:
    """Take up to ``limit`` due messages for this worker; each is returned to one worker only."""
    now = clock.now()
    async with db.transaction():
        candidates = Message.select(Message.id).where(_claimable(now))
        if message_ids is not None:
            candidates = candidates.where(Message.id.is_in(message_ids))
        candidates = candidates.order_by(Message.next_attempt_at, Message.id).limit(limit)
        if not db.is_sqlite():
            candidates = candidates.lock_rows("UPDATE", skip_locked=True, of=(Message,))
        ids = [row["id"] for row in await candidates]
        if not ids:
            return []
        # Guarded again: the status condition is what makes the claim safe, SKIP LOCKED only
        # keeps workers from waiting on each other.
        return await Message.update({
            Message.status: "sending", Message.attempts: Message.attempts + 1,
            Message.claimed_until: now + LEASE, Message.updated_at: now,
        }).where(Message.id.is_in(ids) & _claimable(now)).returning(*Message.all_columns())


def _outgoing(row: dict[str, Any]) -> OutgoingSms:
    params: dict[str, str] = msgspec.json.decode(row["params_json"])
    default = TEMPLATES.get(row["template"])
    order = default.params if default is not None else tuple(params)
    return OutgoingSms(
        message_id=row["id"], tenant_id=row["tenant_id"], recipient=row["recipient"], text=row["text"],
        template=row["template"], provider_template=row["provider_template"],
        params=[params.get(name, "") for name in order],
    )


async def _record(row: dict[str, Any], provider: SmsProvider, result: SendResult, clock: Clock) -> str:
    """Write the attempt and the message's new state; returns that state."""
    now = clock.now()
    attempts = row["attempts"]
    values: dict[Any, Any] = {Message.provider: provider.name, Message.updated_at: now, Message.claimed_until: None}
    if result.ok:
        state = "sent"
        values |= {Message.status: state, Message.sent_at: now, Message.last_error: "",
                   Message.provider_message_id: result.provider_message_id}
        default = TEMPLATES.get(row["template"])
        if default is not None and default.secret_params and provider.name != "local":
            # Once a real provider has it, the code has no business staying readable in the outbox.
            text, params = masked(row["text"], msgspec.json.decode(row["params_json"]), default.secret_params)
            values |= {Message.text: text, Message.params_json: msgspec.json.encode(params).decode()}
    elif result.permanent or attempts >= row["max_attempts"]:
        state = "failed"
        values |= {Message.status: state, Message.last_error: result.error}
    else:
        state = "pending"
        values |= {Message.status: state, Message.last_error: result.error,
                   Message.next_attempt_at: now + backoff(attempts)}
    async with db.transaction():
        await MessageAttempt.insert(MessageAttempt(
            tenant_id=row["tenant_id"], message_id=row["id"], number=attempts, provider=provider.name,
            ok=result.ok, error=result.error, provider_message_id=result.provider_message_id, at=now,
        ))
        # Only the worker holding this claim may settle it: after a lapsed lease another worker
        # has claimed it again (with a higher attempt count).
        await Message.update(values).where(
            (Message.id == row["id"]) & (Message.status == "sending") & (Message.attempts == attempts))
    return state


async def _send(provider: SmsProvider, row: dict[str, Any]) -> SendResult:
    try:
        return await provider.send(_outgoing(row))
    except Exception as exc:  # a provider bug must cost one attempt, not the whole batch
        log.exception("SMS provider %s raised for message %s", provider.name, row["id"])
        return SendResult(ok=False, error=f"{type(exc).__name__}")


async def deliver(provider: SmsProvider, clock: Clock, limit: int = BATCH,
                  message_ids: list[int] | None = None) -> DeliveryReport:
    """Claim what is due (or the given messages, if due) and send it; one report for the batch."""
    report = DeliveryReport()
    for row in await claim(clock, limit, message_ids):
        report.claimed += 1
        state = await _record(row, provider, await _send(provider, row), clock)
        metrics.OUTBOX_DELIVERIES.labels(outcome=state).inc()
        if state == "sent":
            report.sent += 1
        elif state == "failed":
            report.failed += 1
        else:
            report.retrying += 1
    return report


async def deliver_all(provider: SmsProvider, clock: Clock) -> DeliveryReport:
    """Batches until nothing due is left (``mendian messages deliver``)."""
    total = DeliveryReport()
    while (batch := await deliver(provider, clock)).claimed:
        for name in ("claimed", "sent", "retrying", "failed"):
            setattr(total, name, getattr(total, name) + getattr(batch, name))
    return total


def delivery_job(clock: Clock, provider: SmsProvider | None = None) -> Job:
    """The scheduler's sweep; the provider is chosen (and its settings checked) when it is made."""
    chosen = provider or build_provider()

    async def run() -> int:
        report = await deliver(chosen, clock)
        if report.claimed:
            log.info("outbox: %s sent, %s to retry, %s failed", report.sent, report.retrying, report.failed)
        return report.sent

    return Job(name="messages.deliver", every_seconds=EVERY_SECONDS, run=run)
