"""The Tencent Cloud SMS provider: its TC3-HMAC-SHA256 signer against the published example, the
SendSms request it makes, how it reads answers, and that its secret stays secret. No network."""

from __future__ import annotations

import hashlib
import json

import httpx
import pytest

from core.messages.providers import OutgoingSms, SmsMisconfigured, build_provider, sms_settings
from core.messages.providers.tencent import TencentSmsProvider, tc3_authorization

# Tencent Cloud API 3.0 "Signature v3", its worked example (CVM DescribeInstances).
DOC_SECRET_ID = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE"
DOC_SECRET_KEY = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE"
DOC_PAYLOAD = b'{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}'
DOC_TIMESTAMP = 1551113065
DOC_AUTHORIZATION = (
    "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, "
    "SignedHeaders=content-type;host, Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168"
)

SECRET = "not-a-real-secret-key-0123456789"
SMS = OutgoingSms(message_id=42, tenant_id=1, recipient="+8613800138000", text="您的验证码为 123456",
                  template="member_auth_code", provider_template="1110", params=["123456", "5"])


def test_signer_reproduces_the_documented_example():
    assert hashlib.sha256(DOC_PAYLOAD).hexdigest() == "35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064"

    header = tc3_authorization(secret_id=DOC_SECRET_ID, secret_key=DOC_SECRET_KEY, service="cvm",
                               host="cvm.tencentcloudapi.com", payload=DOC_PAYLOAD, timestamp=DOC_TIMESTAMP)

    assert header == DOC_AUTHORIZATION


def test_signer_dates_the_scope_in_utc_not_beijing_time():
    # 2019-02-26 00:44:25 in Beijing is still the 25th in UTC: the scope must say the 25th.
    header = tc3_authorization(secret_id="id", secret_key="k", service="sms", host="sms.tencentcloudapi.com",
                               payload=b"{}", timestamp=DOC_TIMESTAMP)
    assert "/2019-02-25/sms/tc3_request" in header


def _provider(handler, **kwargs) -> TencentSmsProvider:
    return TencentSmsProvider(secret_id="AKIDtest", secret_key=SECRET, sdk_app_id="1400006666", sign_name="活力健身",
                              transport=httpx.MockTransport(handler), now=lambda: DOC_TIMESTAMP, **kwargs)


async def test_send_posts_a_signed_sendsms_request():
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"Response": {"RequestId": "r1", "SendStatusSet": [
            {"SerialNo": "5000:1045710669157053657849499619", "PhoneNumber": "+8613800138000", "Code": "Ok",
             "Message": "send success"}]}})

    result = await _provider(handler).send(SMS)

    assert (result.ok, result.provider_message_id) == (True, "5000:1045710669157053657849499619")
    request = seen[0]
    assert (request.method, str(request.url)) == ("POST", "https://sms.tencentcloudapi.com/")
    assert request.headers["X-TC-Action"] == "SendSms"
    assert request.headers["X-TC-Version"] == "2021-01-11"
    assert request.headers["X-TC-Region"] == "ap-guangzhou"
    assert request.headers["X-TC-Timestamp"] == str(DOC_TIMESTAMP)
    assert request.headers["Content-Type"] == "application/json; charset=utf-8"
    assert json.loads(request.content) == {
        "PhoneNumberSet": ["+8613800138000"], "SmsSdkAppId": "1400006666", "SignName": "活力健身",
        "TemplateId": "1110", "TemplateParamSet": ["123456", "5"], "SessionContext": "42",
    }
    expected = tc3_authorization(secret_id="AKIDtest", secret_key=SECRET, service="sms",
                                 host="sms.tencentcloudapi.com", payload=request.content, timestamp=DOC_TIMESTAMP)
    assert request.headers["Authorization"] == expected
    assert SECRET not in str(request.headers) and SECRET not in request.content.decode()


async def test_a_refused_number_is_a_permanent_failure():
    def handler(request):
        return httpx.Response(200, json={"Response": {"RequestId": "r2", "SendStatusSet": [
            {"SerialNo": "", "PhoneNumber": "+8613800138000", "Code": "InvalidParameterValue.IncorrectPhoneNumber",
             "Message": "incorrect number"}]}})

    result = await _provider(handler).send(SMS)

    assert (result.ok, result.permanent) == (False, True)
    assert result.error.startswith("InvalidParameterValue.IncorrectPhoneNumber")


async def test_an_api_error_and_a_network_error_are_retried():
    def api_error(request):
        return httpx.Response(200, json={"Response": {"RequestId": "r3", "Error": {
            "Code": "InternalError.Timeout", "Message": "timeout"}}})

    def network_error(request):
        raise httpx.ConnectError("connection refused", request=request)

    for handler in (api_error, network_error):
        result = await _provider(handler).send(SMS)
        assert (result.ok, result.permanent) == (False, False)
        assert result.error and SECRET not in result.error


async def test_a_template_without_a_tencent_id_is_not_sent():
    calls = []

    result = await _provider(lambda request: calls.append(request)).send(_without_template())

    assert (result.ok, result.permanent, calls) == (False, True, [])


def _without_template() -> OutgoingSms:
    return OutgoingSms(message_id=1, tenant_id=1, recipient="+8613800138000", text="x", template="member_welcome",
                       provider_template="", params=["x"])


def test_the_secret_never_shows_in_a_repr_or_a_configuration_error():
    env = {"MENDIAN_SMS_PROVIDER": "tencent", "MENDIAN_SMS_TENCENT_SECRET_ID": "AKIDtest",
           "MENDIAN_SMS_TENCENT_SECRET_KEY": SECRET}
    settings = sms_settings(env)

    with pytest.raises(SmsMisconfigured) as refused:
        build_provider(settings)

    assert "MENDIAN_SMS_TENCENT_SDK_APP_ID" in refused.value.message and "MENDIAN_SMS_SIGN_NAME" in refused.value.message
    assert SECRET not in refused.value.message and SECRET not in repr(settings)
    complete = sms_settings({**env, "MENDIAN_SMS_TENCENT_SDK_APP_ID": "1400006666", "MENDIAN_SMS_SIGN_NAME": "活力健身"})
    provider = build_provider(complete)
    assert provider.name == "tencent" and SECRET not in repr(provider)


def test_local_is_the_default_and_unknown_providers_are_refused():
    assert build_provider(sms_settings({})).name == "local"
    with pytest.raises(SmsMisconfigured):
        build_provider(sms_settings({"MENDIAN_SMS_PROVIDER": "carrier-pigeon"}))
