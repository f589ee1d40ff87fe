"""Tencent Cloud SMS (腾讯云短信) SendSms, API 3.0 (version 2021-01-11), signed with TC3-HMAC-SHA256.

The signer follows Tencent Cloud's "Signature v3" document: a canonical request, a string to
sign with a date-scoped credential, and a signing key derived by chained HMAC-SHA256 from
``"TC3" + SecretKey``. ``tests/test_sms_tencent.py`` checks it against that document's example.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx

from core.messages.providers import OutgoingSms, SendResult

ALGORITHM = "TC3-HMAC-SHA256"
CONTENT_TYPE = "application/json; charset=utf-8"
SERVICE = "sms"
VERSION = "2021-01-11"
TIMEOUT_S = 10
# Error codes about the number or the request itself: sending it again gives the same answer.
PERMANENT_PREFIXES = ("InvalidParameter", "UnsupportedOperation", "MissingParameter")


def _sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _hmac(key: bytes, msg: str) -> bytes:
    return hmac.new(key, msg.encode(), hashlib.sha256).digest()


def tc3_authorization(
    *, secret_id: str, secret_key: str, service: str, host: str, payload: bytes, timestamp: int,
    content_type: str = CONTENT_TYPE,
) -> str:
    """The ``Authorization`` header of a POST with a JSON body to ``host`` at ``timestamp``."""
    canonical_request = "\n".join([
        "POST", "/", "",
        f"content-type:{content_type}\nhost:{host}\n",
        "content-type;host",
        _sha256_hex(payload),
    ])
    # The date is UTC's, not the local one: a request at 00:30 in Beijing is signed for yesterday.
    date = dt.datetime.fromtimestamp(timestamp, dt.UTC).strftime("%Y-%m-%d")
    scope = f"{date}/{service}/tc3_request"
    string_to_sign = f"{ALGORITHM}\n{timestamp}\n{scope}\n{_sha256_hex(canonical_request.encode())}"
    key = _hmac(_hmac(_hmac(("TC3" + secret_key).encode(), date), service), "tc3_request")
    signature = hmac.new(key, string_to_sign.encode(), hashlib.sha256).hexdigest()
    return f"{ALGORITHM} Credential={secret_id}/{scope}, SignedHeaders=content-type;host, Signature={signature}"


@dataclass(frozen=True, slots=True)
class TencentSmsProvider:
    secret_id: str
    secret_key: str = field(repr=False)
    sdk_app_id: str
    sign_name: str
    region: str = "ap-guangzhou"
    endpoint: str = "sms.tencentcloudapi.com"
    transport: httpx.AsyncBaseTransport | None = field(default=None, repr=False)  # tests: httpx.MockTransport
    now: Callable[[], float] = field(default=time.time, repr=False)
    name: str = "tencent"

    def request(self, sms: OutgoingSms) -> httpx.Request:
        payload = json.dumps({
            "PhoneNumberSet": [sms.recipient],
            "SmsSdkAppId": self.sdk_app_id,
            "SignName": self.sign_name,
            "TemplateId": sms.provider_template,
            "TemplateParamSet": sms.params,
            "SessionContext": str(sms.message_id),
        }, ensure_ascii=False).encode()
        timestamp = int(self.now())
        headers = {
            "Authorization": tc3_authorization(
                secret_id=self.secret_id, secret_key=self.secret_key, service=SERVICE, host=self.endpoint,
                payload=payload, timestamp=timestamp,
            ),
            "Content-Type": CONTENT_TYPE,
            "Host": self.endpoint,
            "X-TC-Action": "SendSms",
            "X-TC-Version": VERSION,
            "X-TC-Timestamp": str(timestamp),
            "X-TC-Region": self.region,
        }
        return httpx.Request("POST", f"https://{self.endpoint}/", headers=headers, content=payload)

    async def send(self, sms: OutgoingSms) -> SendResult:
        if not sms.provider_template:
            return SendResult(ok=False, permanent=True,
                              error=f"模板 {sms.template} 没有腾讯云模板 ID / no Tencent template id for {sms.template}")
        try:
            async with httpx.AsyncClient(transport=self.transport, timeout=TIMEOUT_S) as client:
                response = await client.send(self.request(sms))
            body = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            # The exception names the URL at most; the signed headers stay out of the error.
            return SendResult(ok=False, error=f"{type(exc).__name__}: {exc}"[:500])
        return _result(response.status_code, body)


def _result(status_code: int, body: object) -> SendResult:
    answer = body.get("Response", {}) if isinstance(body, dict) else {}
    if error := answer.get("Error"):
        code = str(error.get("Code", ""))
        return SendResult(ok=False, error=f"{code}: {error.get('Message', '')}"[:500],
                          permanent=code.startswith(PERMANENT_PREFIXES))
    statuses = answer.get("SendStatusSet") or []
    if status_code != 200 or not statuses:
        return SendResult(ok=False, error=f"HTTP {status_code}: unexpected answer")
    first = statuses[0]
    if first.get("Code") == "Ok":
        return SendResult(ok=True, provider_message_id=str(first.get("SerialNo", "")))
    code = str(first.get("Code", ""))
    return SendResult(ok=False, error=f"{code}: {first.get('Message', '')}"[:500],
                      permanent=code.startswith(PERMANENT_PREFIXES))
