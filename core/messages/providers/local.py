"""The development provider: sends nothing, logs what it would send (the outbox keeps the text)."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from core.messages.providers import OutgoingSms, SendResult

log = logging.getLogger("mendian.sms.local")


@dataclass(frozen=True, slots=True)
class LocalSmsProvider:
    name: str = "local"

    async def send(self, sms: OutgoingSms) -> SendResult:
        # Development only: the text (a sign-in code included) is what a developer needs to read.
        log.info("local SMS #%s to %s: %s", sms.message_id, sms.recipient, sms.text)
        return SendResult(ok=True, provider_message_id=f"local-{sms.message_id}")
