"""The outbox over REST: managers read what was sent, retry failures, and reword templates."""

from __future__ import annotations

import httpx
from member_helpers import API, request_code, sms_code
from test_messages import Recording, _welcome

from core.messages import service
from core.messages.delivery import deliver
from core.messages.providers import SendResult
from core.messages.providers.tencent import TencentSmsProvider

MESSAGES = f"{API}/messages"


async def test_manager_lists_messages_newest_first_with_filters_and_cursor(client, tenant, clock):
    ctx = await tenant.ctx()
    ids = [(await _welcome(ctx, phone=f"1380013800{n}")).id for n in range(3)]
    await deliver(Recording(SendResult(ok=False, error="down", permanent=True)), clock, limit=1)  # the first fails
    manager = {"Authorization": f"Bearer {await tenant.add_staff('m1', 'manager')}"}

    first = (await client.get(MESSAGES, headers=manager, params={"limit": 2})).json()
    rest = (await client.get(MESSAGES, headers=manager, params={"limit": 2, "cursor": first["next_cursor"]})).json()
    failed = (await client.get(MESSAGES, headers=manager, params={"status": "failed"})).json()

    assert [m["id"] for m in first["items"] + rest["items"]] == ids[::-1] and rest["next_cursor"] is None
    assert [(m["id"], m["last_error"]) for m in failed["items"]] == [(ids[0], "down")]


async def test_cashiers_cannot_read_the_outbox(client, tenant):
    cashier = {"Authorization": f"Bearer {await tenant.add_staff('c1', 'cashier')}"}

    r = await client.get(MESSAGES, headers=cashier)

    assert r.status_code == 403 and r.json()["code"] == "forbidden"


async def test_a_failed_message_is_retried_once_asked(client, tenant, clock):
    message = await _welcome(await tenant.ctx())
    await deliver(Recording(SendResult(ok=False, error="down", permanent=True)), clock)

    r = await client.post(f"{MESSAGES}/{message.id}/retry", headers=tenant.headers)
    report = await deliver(Recording(), clock)

    assert r.status_code == 200 and r.json()["status"] == "pending"
    assert report.sent == 1
    detail = (await client.get(f"{MESSAGES}/{message.id}", headers=tenant.headers)).json()
    assert (detail["status"], [h["ok"] for h in detail["history"]]) == ("sent", [False, True])


async def test_only_failed_messages_can_be_retried(client, tenant):
    message = await _welcome(await tenant.ctx())

    r = await client.post(f"{MESSAGES}/{message.id}/retry", headers=tenant.headers)

    assert r.status_code == 409 and r.json()["code"] == "conflict"


async def test_the_local_provider_leaves_the_sign_in_code_readable(client, tenant):
    await request_code(client, tenant.slug)

    listed = (await client.get(MESSAGES, headers=tenant.headers, params={"template": "member_auth_code"})).json()

    code = await sms_code(tenant.id)
    assert listed["items"][0]["params"]["code"] == code and code in listed["items"][0]["text"]
    assert listed["items"][0]["status"] == "sent"


async def test_a_real_provider_hides_the_code_from_staff_and_from_the_database(client, tenant, clock, monkeypatch):
    monkeypatch.setenv("MENDIAN_SMS_PROVIDER", "tencent")
    monkeypatch.setenv("MENDIAN_SMS_TEMPLATE_IDS", '{"member_auth_code": "1110"}')  # approved at Tencent
    ctx = await tenant.ctx()
    message = await service.enqueue(ctx, to="13800138000", template="member_auth_code", params={"code": "654321", "minutes": 5})

    pending = (await client.get(f"{MESSAGES}/{message.id}", headers=tenant.headers)).json()
    ok = httpx.MockTransport(lambda request: httpx.Response(200, json={"Response": {"SendStatusSet": [
        {"SerialNo": "s1", "Code": "Ok", "Message": "send success"}]}}))
    provider = TencentSmsProvider(secret_id="id", secret_key="key", sdk_app_id="1400006666", sign_name="活力健身",
                                  transport=ok)
    await deliver(provider, clock)

    assert pending["params"]["code"] == "******" and "654321" not in pending["text"]
    assert pending["provider_template"] == "1110"
    stored = await service.load_message(ctx, message.id)
    assert stored.status == "sent" and "654321" not in stored.text and stored.params["code"] == "******"


async def test_phones_are_masked_for_callers_without_the_phone_permission(client, tenant):
    await _welcome(await tenant.ctx())
    key = (await client.post(f"{API}/api-keys", headers=tenant.headers,
                             json={"name": "报表", "scopes": ["messages.read"]})).json()["key"]

    owner_view = (await client.get(MESSAGES, headers=tenant.headers)).json()["items"][0]
    key_view = (await client.get(MESSAGES, headers={"Authorization": f"Bearer {key}"})).json()["items"][0]

    assert (owner_view["recipient"], key_view["recipient"]) == ("+8613800138000", "138****8000")


async def test_a_tenant_rewords_a_template(client, tenant):
    r = await client.put(f"{API}/message-templates/member_welcome", headers=tenant.headers,
                         json={"text_zh": "{tenant}欢迎您！", "provider_template": "2001"})
    message = await _welcome(await tenant.ctx())
    listed = {t["code"]: t for t in (await client.get(f"{API}/message-templates", headers=tenant.headers)).json()["items"]}

    assert r.status_code == 200, r.text
    assert (message.text, message.provider_template) == ("活力健身欢迎您！", "2001")
    assert listed["member_welcome"]["customised"] is True and listed["member_auth_code"]["customised"] is False


async def test_a_template_may_use_only_its_params(client, tenant):
    r = await client.put(f"{API}/message-templates/member_welcome", headers=tenant.headers,
                         json={"text_zh": "{tenant}欢迎您，{balance}"})
    unknown = await client.put(f"{API}/message-templates/no_such", headers=tenant.headers, json={"text_zh": "x"})

    assert r.status_code == 422 and "balance" in r.json()["detail"]
    assert unknown.status_code == 422
