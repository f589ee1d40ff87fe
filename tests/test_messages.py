"""The outbox: written in the event's transaction, delivered afterwards, retried, never twice."""

from __future__ import annotations

import asyncio

import pytest

from core import db
from core.errors import InvalidInput
from core.messages import service
from core.messages.delivery import LEASE, claim, deliver
from core.messages.providers import OutgoingSms, SendResult
from core.messages.tables import Message
from core.messages.templates import TemplateDefault, register_template

CAMPAIGN = register_template(TemplateDefault(
    code="test_win_back", text_zh="{name}，好久不见！本周到店送饮料一杯。", params=("name",), category="marketing",
))


class Recording:
    """A provider that answers from a script and remembers every message it was handed."""

    def __init__(self, *answers: SendResult, name: str = "recording") -> None:
        self.name = name
        self.answers = list(answers)
        self.sent: list[OutgoingSms] = []

    async def send(self, sms: OutgoingSms) -> SendResult:
        self.sent.append(sms)
        await asyncio.sleep(0)  # let other workers run between claim and record
        return self.answers.pop(0) if self.answers else SendResult(ok=True, provider_message_id=f"p-{sms.message_id}")


async def _welcome(ctx, phone="13800138000", **kwargs):
    return await service.enqueue(ctx, to=phone, template="member_welcome", params={"tenant": "活力健身"}, **kwargs)


async def _row(message_id: int) -> dict:
    return await Message.select().where(Message.id == message_id).first()


async def test_a_rolled_back_event_sends_nothing(tenant, clock):
    ctx = await tenant.ctx()

    class Boom(Exception):
        pass

    with pytest.raises(Boom):
        async with db.transaction():
            await _welcome(ctx)
            raise Boom

    provider = Recording()
    assert (await deliver(provider, clock)).claimed == 0
    assert provider.sent == [] and await Message.count() == 0


async def test_enqueue_renders_the_template_for_a_member(tenant, clock):
    ctx = await tenant.ctx()

    message = await _welcome(ctx, phone="138 0013 8000")

    assert (message.recipient, message.status, message.text) == (
        "+8613800138000", "pending", "欢迎成为活力健身的会员！出示会员码即可享受会员权益。")


async def test_missing_params_and_unknown_templates_are_refused(tenant):
    ctx = await tenant.ctx()

    with pytest.raises(InvalidInput):
        await service.enqueue(ctx, to="13800138000", template="member_welcome", params={})
    with pytest.raises(InvalidInput):
        await service.enqueue(ctx, to="13800138000", template="no_such_template", params={})
    assert await Message.count() == 0


async def test_a_retried_event_with_the_same_dedupe_key_writes_one_message(tenant, clock):
    ctx = await tenant.ctx()

    first = await _welcome(ctx, dedupe_key="welcome:member:1")
    again = await _welcome(ctx, dedupe_key="welcome:member:1")

    assert again.id == first.id and await Message.count() == 1


async def test_dedupe_keys_are_per_tenant(tenant, other_tenant):
    mine = await _welcome(await tenant.ctx(), dedupe_key="k")
    theirs = await _welcome(await other_tenant.ctx(), dedupe_key="k")

    assert mine.id != theirs.id


async def test_simultaneous_enqueues_with_one_dedupe_key_write_one_message(tenant):
    ctx = await tenant.ctx()

    async def in_its_own_event():
        async with db.transaction():
            return await _welcome(ctx, dedupe_key="order:7:paid")

    answers = await asyncio.gather(*(in_its_own_event() for _ in range(8)))

    assert len({a.id for a in answers}) == 1 and await Message.count() == 1


async def test_delivery_sends_and_records_the_attempt(tenant, clock):
    ctx = await tenant.ctx()
    message = await _welcome(ctx)
    provider = Recording()

    report = await deliver(provider, clock)

    assert (report.claimed, report.sent) == (1, 1)
    assert [(s.recipient, s.params) for s in provider.sent] == [("+8613800138000", ["活力健身"])]
    stored = await service.load_message(ctx, message.id)
    assert (stored.status, stored.attempts, stored.provider_message_id, stored.sent_at) == ("sent", 1, f"p-{message.id}", clock.now())
    assert [(h.number, h.ok) for h in stored.history] == [(1, True)]
    assert (await deliver(provider, clock)).claimed == 0  # sent once


async def test_failures_back_off_exponentially_then_give_up(tenant, clock):
    ctx = await tenant.ctx()
    message = await _welcome(ctx)
    provider = Recording(*(SendResult(ok=False, error=f"timeout {n}") for n in range(1, 6)))
    waits = []

    for _ in range(5):
        before = clock.now()
        report = await deliver(provider, clock)
        assert report.claimed == 1
        row = await _row(message.id)
        if row["status"] == "pending":
            waits.append((row["next_attempt_at"] - before).total_seconds())
            assert (await deliver(provider, clock)).claimed == 0  # not due yet
            clock.set(row["next_attempt_at"])

    stored = await service.load_message(ctx, message.id)
    assert waits == [30, 60, 120, 240]
    assert (stored.status, stored.attempts, stored.last_error) == ("failed", 5, "timeout 5")
    assert [h.error for h in stored.history] == [f"timeout {n}" for n in range(1, 6)]


async def test_a_permanent_error_fails_at_once(tenant, clock):
    message = await _welcome(await tenant.ctx())

    await deliver(Recording(SendResult(ok=False, error="InvalidParameterValue.IncorrectPhoneNumber", permanent=True)), clock)

    assert ((await _row(message.id))["status"], (await _row(message.id))["attempts"]) == ("failed", 1)


async def test_a_worker_that_died_mid_send_leaves_the_message_to_another(tenant, clock):
    message = await _welcome(await tenant.ctx())
    assert [r["id"] for r in await claim(clock)] == [message.id]  # claimed, then the worker dies
    assert await claim(clock) == []  # the lease holds

    clock.advance(seconds=LEASE.total_seconds() + 1)
    provider = Recording()
    report = await deliver(provider, clock)

    assert report.sent == 1
    assert ((await _row(message.id))["status"], (await _row(message.id))["attempts"]) == ("sent", 2)


async def test_parallel_workers_send_each_message_once(tenant, clock):
    ctx = await tenant.ctx()
    ids = [(await _welcome(ctx, phone=f"1380013{n:04d}")).id for n in range(30)]
    provider = Recording()

    reports = await asyncio.gather(*(deliver(provider, clock, limit=7) for _ in range(6)))

    sent_ids = [sms.message_id for sms in provider.sent]
    assert len(sent_ids) == len(set(sent_ids))  # nobody sent one twice
    assert sum(r.sent for r in reports) == len(sent_ids)
    while (await deliver(provider, clock)).claimed:  # whatever the batches left
        pass
    assert sorted(sms.message_id for sms in provider.sent) == ids
    rows = await Message.select(Message.status, Message.attempts)
    assert {(r["status"], r["attempts"]) for r in rows} == {("sent", 1)}


async def test_marketing_texts_are_capped_per_member_per_day(tenant, clock):
    ctx = await tenant.ctx()

    answers = [await service.enqueue(ctx, to="13800138000", template=CAMPAIGN.code, params={"name": "张三"})
               for _ in range(4)]
    notice = await _welcome(ctx)

    assert [a.status for a in answers] == ["pending", "pending", "pending", "skipped"]
    assert notice.status == "pending"  # notices are not marketing: never capped
    clock.advance(days=1)
    tomorrow = await service.enqueue(ctx, to="13800138000", template=CAMPAIGN.code, params={"name": "张三"})
    assert tomorrow.status == "pending"
