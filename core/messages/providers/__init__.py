"""SMS providers behind one interface, chosen by ``MENDIAN_SMS_PROVIDER``.

``local`` (the default) sends nothing: it writes what would be sent to the log, and the outbox
keeps the text, so a developer reads the sign-in code there. ``tencent`` sends through Tencent
Cloud SMS (腾讯云短信). Credentials come from the environment and never reach a log or an error.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

import msgspec

from core.errors import DomainError


class SmsMisconfigured(DomainError):
    code = "sms_misconfigured"
    status = 500
    zh = "短信服务配置有误：{reason}"
    en = "SMS provider misconfigured: {reason}"


@dataclass(frozen=True, slots=True)
class OutgoingSms:
    message_id: int
    tenant_id: int
    recipient: str  # E.164
    text: str  # the rendered zh text
    template: str
    provider_template: str  # the template id approved at the provider
    params: list[str]  # values in the template's param order


@dataclass(frozen=True, slots=True)
class SendResult:
    ok: bool
    provider_message_id: str = ""
    error: str = ""
    permanent: bool = False  # retrying cannot help (a wrong number, no approved template)


class SmsProvider(Protocol):
    @property
    def name(self) -> str: ...  # read-only, so a frozen dataclass provides it

    async def send(self, sms: OutgoingSms) -> SendResult: ...


@dataclass(frozen=True, slots=True)
class SmsSettings:
    provider: str = "local"
    sign_name: str = ""
    # Our template code → the provider's approved template id, for every tenant (tenants may override).
    template_ids: dict[str, str] = field(default_factory=dict)
    tencent_secret_id: str = ""
    tencent_secret_key: str = field(default="", repr=False)
    tencent_sdk_app_id: str = ""
    tencent_region: str = "ap-guangzhou"
    tencent_endpoint: str = "sms.tencentcloudapi.com"


def sms_settings(env: Mapping[str, str] | None = None) -> SmsSettings:
    env = os.environ if env is None else env
    raw_ids = env.get("MENDIAN_SMS_TEMPLATE_IDS") or "{}"
    try:
        template_ids = msgspec.json.decode(raw_ids, type=dict[str, str])
    except msgspec.DecodeError:
        raise SmsMisconfigured(reason="MENDIAN_SMS_TEMPLATE_IDS 不是 JSON 对象 / is not a JSON object") from None
    return SmsSettings(
        provider=(env.get("MENDIAN_SMS_PROVIDER") or "local").strip().lower(),
        sign_name=env.get("MENDIAN_SMS_SIGN_NAME", ""),
        template_ids=template_ids,
        tencent_secret_id=env.get("MENDIAN_SMS_TENCENT_SECRET_ID", ""),
        tencent_secret_key=env.get("MENDIAN_SMS_TENCENT_SECRET_KEY", ""),
        tencent_sdk_app_id=env.get("MENDIAN_SMS_TENCENT_SDK_APP_ID", ""),
        tencent_region=env.get("MENDIAN_SMS_TENCENT_REGION") or "ap-guangzhou",
        tencent_endpoint=env.get("MENDIAN_SMS_TENCENT_ENDPOINT") or "sms.tencentcloudapi.com",
    )


def build_provider(settings: SmsSettings | None = None) -> SmsProvider:
    """The provider the settings name; ``SmsMisconfigured`` names what is missing (never a value)."""
    settings = settings or sms_settings()
    if settings.provider == "local":
        from core.messages.providers.local import LocalSmsProvider

        return LocalSmsProvider()
    if settings.provider == "tencent":
        from core.messages.providers.tencent import TencentSmsProvider

        missing = [name for name, value in (
            ("MENDIAN_SMS_TENCENT_SECRET_ID", settings.tencent_secret_id),
            ("MENDIAN_SMS_TENCENT_SECRET_KEY", settings.tencent_secret_key),
            ("MENDIAN_SMS_TENCENT_SDK_APP_ID", settings.tencent_sdk_app_id),
            ("MENDIAN_SMS_SIGN_NAME", settings.sign_name),
        ) if not value]
        if missing:
            raise SmsMisconfigured(reason="缺少 / missing " + ", ".join(missing))
        return TencentSmsProvider(
            secret_id=settings.tencent_secret_id, secret_key=settings.tencent_secret_key,
            sdk_app_id=settings.tencent_sdk_app_id, sign_name=settings.sign_name,
            region=settings.tencent_region, endpoint=settings.tencent_endpoint,
        )
    raise SmsMisconfigured(reason=f"未知的 MENDIAN_SMS_PROVIDER / unknown provider {settings.provider!r} (local, tencent)")
