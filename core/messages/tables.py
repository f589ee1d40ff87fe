"""Outbox tables: message templates per tenant, the messages themselves, and every delivery attempt.

A message row is written in the transaction of the event that causes it, so a rolled-back
event sends nothing; the delivery job sends it after the commit and records each attempt.
"""

from piccolo.columns import BigSerial, Boolean, ForeignKey, Integer, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from core.members.tables import Member
from core.tenancy.tables import Tenant


class MessageTemplate(Table, tablename="message_template"):
    """A tenant's own wording of a template (模板); kernel and plugin defaults live in code."""

    id = BigSerial(primary_key=True)
    tenant_id = ForeignKey(Tenant, null=False, on_delete=OnDelete.restrict, index=True)
    code = Varchar(length=40)  # unique per tenant and channel (raw migration)
    channel = Varchar(length=16, default="sms")
    text_zh = Text()
    provider_template = Varchar(length=64, default="")  # the template id approved at the SMS provider
    updated_at = Timestamptz()


class Message(Table, tablename="message"):
    id = BigSerial(primary_key=True)
    tenant_id = ForeignKey(Tenant, null=False, on_delete=OnDelete.restrict, index=True)
    channel = Varchar(length=16, default="sms")
    member_id = ForeignKey(Member, null=True, default=None, on_delete=OnDelete.restrict)
    recipient = Varchar(length=32)  # E.164 phone number
    template = Varchar(length=40)
    category = Varchar(length=16)  # verification, notice, marketing
    params_json = Text(default="{}")
    text = Text(default="")  # the zh text as rendered when the message was written
    provider_template = Varchar(length=64, default="")
    dedupe_key = Varchar(length=120, null=True, default=None)  # unique per tenant (raw migration)
    status = Varchar(length=16, default="pending")  # pending, sending, sent, failed, skipped
    attempts = Integer(default=0)
    max_attempts = Integer(default=5)
    next_attempt_at = Timestamptz()
    claimed_until = Timestamptz(null=True, default=None)  # a worker's lease while status is sending
    last_error = Text(default="")
    provider = Varchar(length=20, default="")
    provider_message_id = Varchar(length=100, default="")
    created_at = Timestamptz()
    updated_at = Timestamptz()
    sent_at = Timestamptz(null=True, default=None)


class MessageAttempt(Table, tablename="message_attempt"):
    """One try at handing a message to the provider, successful or not."""

    id = BigSerial(primary_key=True)
    tenant_id = ForeignKey(Tenant, null=False, on_delete=OnDelete.restrict, index=True)
    message_id = ForeignKey(Message, null=False, on_delete=OnDelete.restrict, index=True)
    number = Integer()
    provider = Varchar(length=20)
    ok = Boolean()
    error = Text(default="")
    provider_message_id = Varchar(length=100, default="")
    at = Timestamptz()
