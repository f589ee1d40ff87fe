"""The rules of the outbox: writing a message in the caller's transaction, reading and retrying it,
and the tenant's wording of templates.

``enqueue`` only writes a row: nothing leaves the building until the delivery job (or
``deliver_now`` after the commit) claims it, so a rolled-back event sends nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec

from core import db, scoped
from core.context import Context
from core.errors import Conflict, InvalidInput
from core.http.pagination import DEFAULT_LIMIT, Page, check_limit, decode_cursor, next_cursor
from core.members import schemas as ms
from core.members.phones import mask_phone, normalise_phone
from core.members.service import load_member
from core.messages import schemas as s
from core.messages.providers import sms_settings
from core.messages.tables import Message, MessageAttempt, MessageTemplate
from core.messages.templates import TEMPLATES, check_text, masked, render, template_default

MAX_ATTEMPTS = 5
# Marketing texts a member receives per local day at most (tenant setting ``message_daily_cap``).
DEFAULT_DAILY_CAP = 3


async def _recipient(ctx: Context, to: int | str | ms.Member) -> tuple[int | None, str]:
    """(member id, E.164 phone) for a member id, a member, or a phone number."""
    if isinstance(to, ms.Member):
        return to.id, to.phone
    if isinstance(to, int):
        member = await load_member(ctx, to)
        return member.id, member.phone
    return None, normalise_phone(to)


async def _tenant_template(ctx: Context, code: str, channel: str) -> dict[str, Any] | None:
    return await scoped.select(ctx, MessageTemplate).where(
        (MessageTemplate.code == code) & (MessageTemplate.channel == channel)
    ).first()


async def _over_daily_cap(ctx: Context, recipient: str) -> bool:
    cap = int(ctx.tenant.settings.get("message_daily_cap", DEFAULT_DAILY_CAP))
    start = ctx.local_now().replace(hour=0, minute=0, second=0, microsecond=0).astimezone(dt.UTC)
    sent_today = await scoped.select(ctx, Message, Message.id).where(
        (Message.recipient == recipient) & (Message.category == "marketing") & (Message.status != "skipped")
        & (Message.created_at >= start)
    ).limit(cap + 1)
    return len(sent_today) >= cap


async def enqueue(
    ctx: Context, *, channel: str = "sms", to: int | str | ms.Member, template: str,
    params: dict[str, Any] | None = None, dedupe_key: str | None = None,
) -> s.MessageOut:
    """Write a message to the outbox, in the caller's transaction (发短信).

    ``to`` is a member (id or ``Member``) or a phone number; ``template`` a registered template
    code whose params ``params`` fills. ``dedupe_key`` is unique per tenant: a retried event
    that enqueues again gets the first message back and nothing is sent twice. Marketing
    templates over the member's daily cap are written as ``skipped``.
    """
    if channel != "sms":
        raise InvalidInput(field="channel", zh=f"不支持的渠道：{channel}", en=f"Unsupported channel: {channel}")
    default = template_default(template)
    values = {name: str(value) for name, value in (params or {}).items()}
    missing = [name for name in default.params if name not in values]
    if missing:
        raise InvalidInput(field="params", zh=f"缺少模板参数：{', '.join(missing)}", en=f"Missing params: {', '.join(missing)}")
    if dedupe_key is not None and (first := await _by_dedupe_key(ctx, dedupe_key)) is not None:
        return first
    member_id, recipient = await _recipient(ctx, to)
    own = await _tenant_template(ctx, template, channel)
    text = render(own["text_zh"] if own else default.text_zh, values)
    provider_template = (own["provider_template"] if own else "") or sms_settings().template_ids.get(template, "")
    status = "pending"
    if default.category == "marketing" and await _over_daily_cap(ctx, recipient):
        status = "skipped"
    now = ctx.now()
    row = Message(
        tenant_id=ctx.tenant_id, channel=channel, member_id=member_id, recipient=recipient, template=template,
        category=default.category, params_json=msgspec.json.encode(values).decode(), text=text,
        provider_template=provider_template, dedupe_key=dedupe_key, status=status, max_attempts=MAX_ATTEMPTS,
        next_attempt_at=now, last_error="超过每日发送上限 / over the daily cap" if status == "skipped" else "",
        created_at=now, updated_at=now,
    )
    # ON CONFLICT rather than catching the error: a failed INSERT would abort the caller's
    # PostgreSQL transaction, and the caller's event must still commit.
    inserted = await Message.insert(row).on_conflict(
        target=(Message.tenant_id, Message.dedupe_key), action="DO NOTHING",
    ).returning(*Message.all_columns())
    if not inserted:  # a simultaneous retry of the same event wrote it first
        return await _by_dedupe_key(ctx, dedupe_key)  # type: ignore[arg-type,return-value]
    return _out(inserted[0])


async def _by_dedupe_key(ctx: Context, dedupe_key: str) -> s.MessageOut | None:
    row = await scoped.select(ctx, Message).where(Message.dedupe_key == dedupe_key).first()
    return None if row is None else _out(row)


def _out(row: dict[str, Any], history: list[dict[str, Any]] | None = None) -> s.MessageOut:
    return msgspec.convert(
        {**row, "params": msgspec.json.decode(row["params_json"]),
         "history": None if history is None else [{**h} for h in history]},
        s.MessageOut,
    )


def shown(ctx: Context, message: s.MessageOut) -> s.MessageOut:
    """As staff may see it: a secret (a sign-in code) hidden once a real provider sends it,
    the phone masked without ``members.phone``."""
    default = TEMPLATES.get(message.template)
    if default is not None and default.secret_params and sms_settings().provider != "local":
        text, params = masked(message.text, message.params, default.secret_params)
        message = msgspec.structs.replace(message, text=text, params=params)
    if not ctx.actor.can("members.phone"):
        message = msgspec.structs.replace(message, recipient=mask_phone(message.recipient))
    return message


async def list_messages(
    ctx: Context, *, status: str | None = None, template: str | None = None, member_id: int | None = None,
    phone: str | None = None, cursor: str | None = None, limit: int = DEFAULT_LIMIT,
) -> Page[s.MessageOut]:
    """The outbox newest first, by status, template, member or phone; cursor-paginated."""
    ctx.require("messages.read")
    check_limit(limit)
    query = scoped.select(ctx, Message)
    if status is not None:
        query = query.where(Message.status == status)
    if template is not None:
        query = query.where(Message.template == template)
    if member_id is not None:
        query = query.where(Message.member_id == member_id)
    if phone is not None:
        query = query.where(Message.recipient == normalise_phone(phone))
    if (after := decode_cursor(cursor)) is not None:
        query = query.where(Message.id < after)
    rows = await query.order_by(Message.id, ascending=False).limit(limit + 1)
    return Page(
        items=[shown(ctx, _out(row)) for row in rows[:limit]],
        next_cursor=next_cursor(rows, limit),
    )


async def load_message(ctx: Context, message_id: int) -> s.MessageOut:
    """One message with every delivery attempt, unmasked (for services and tests)."""
    row = await scoped.get(ctx, Message, message_id, "message")
    attempts = await scoped.select(
        ctx, MessageAttempt, MessageAttempt.number, MessageAttempt.provider, MessageAttempt.ok, MessageAttempt.error,
        MessageAttempt.provider_message_id, MessageAttempt.at,
    ).where(MessageAttempt.message_id == message_id).order_by(MessageAttempt.id)
    return _out(row, attempts)


async def get_message(ctx: Context, message_id: int) -> s.MessageOut:
    ctx.require("messages.read")
    return shown(ctx, await load_message(ctx, message_id))


async def retry_message(ctx: Context, message_id: int) -> s.MessageOut:
    """Send a failed message again: it is due now, with a fresh allowance of attempts."""
    ctx.require("messages.manage")
    async with db.transaction():
        current = await scoped.get(ctx, Message, message_id, "message")
        rows = await scoped.update(ctx, Message, {
            Message.status: "pending", Message.next_attempt_at: ctx.now(), Message.updated_at: ctx.now(),
            Message.max_attempts: current["attempts"] + MAX_ATTEMPTS,
        }).where((Message.id == message_id) & (Message.status == "failed")).returning(Message.id)
        if not rows:
            raise Conflict(zh=f"只能重发发送失败的消息（当前状态：{current['status']}）",
                           en=f"Only a failed message can be retried (it is {current['status']})")
    return await get_message(ctx, message_id)


# --- templates ------------------------------------------------------------------------------


def _template_out(code: str, own: dict[str, Any] | None) -> s.TemplateOut:
    default = TEMPLATES[code]
    return s.TemplateOut(
        code=code, channel="sms", category=default.category, title_zh=default.title_zh, title_en=default.title_en,
        params=list(default.params), text_zh=own["text_zh"] if own else default.text_zh,
        provider_template=(own["provider_template"] if own else "") or sms_settings().template_ids.get(code, ""),
        customised=own is not None,
    )


async def list_templates(ctx: Context) -> list[s.TemplateOut]:
    """Every template the kernel and the installed plugins declare, in this tenant's wording."""
    ctx.require("messages.read")
    own = {r["code"]: r for r in await scoped.select(ctx, MessageTemplate).where(MessageTemplate.channel == "sms")}
    return [_template_out(code, own.get(code)) for code in sorted(TEMPLATES)]


async def update_template(ctx: Context, code: str, data: s.TemplateUpdate) -> s.TemplateOut:
    """Reword a template for this tenant (and name the provider's approved template id)."""
    ctx.require("messages.manage")
    default = template_default(code)
    check_text(data.text_zh, default.params)
    async with db.transaction():
        values = {"text_zh": data.text_zh.strip(), "provider_template": data.provider_template.strip(), "updated_at": ctx.now()}
        if await _tenant_template(ctx, code, "sms") is None:
            await scoped.insert(ctx, MessageTemplate, code=code, channel="sms", **values)
        else:
            await scoped.update(ctx, MessageTemplate, values).where(
                (MessageTemplate.code == code) & (MessageTemplate.channel == "sms"))
        own = await _tenant_template(ctx, code, "sms")
    return _template_out(code, own)
