"""``mendian messages deliver``: an operator sends what is due now, on the CLI's own data folder."""

from __future__ import annotations

import json

from test_cli import home, mendian, one_line  # noqa: F401, F811  (fixtures)

from core.commandline import in_tenant
from core.messages.service import enqueue


def _queue_welcome(slug: str) -> None:
    in_tenant(slug, lambda ctx: enqueue(ctx, to="13800138000", template="member_welcome", params={"tenant": "健身房"}))


def test_deliver_sends_what_is_due_and_reports_it(mendian):  # noqa: F811
    mendian("tenant", "create", "gym", "--name", "健身房")
    _queue_welcome("gym")

    first = mendian("messages", "deliver")
    second = mendian("messages", "deliver")

    assert first.exit_code == 0, first.stderr
    assert json.loads(first.stdout) == {"claimed": 1, "sent": 1, "retrying": 0, "failed": 0}
    assert json.loads(second.stdout)["claimed"] == 0


def test_a_misconfigured_provider_is_one_line_without_secrets(mendian, monkeypatch):  # noqa: F811
    monkeypatch.setenv("MENDIAN_SMS_PROVIDER", "tencent")
    monkeypatch.setenv("MENDIAN_SMS_TENCENT_SECRET_KEY", "super-secret-value")
    mendian("tenant", "create", "gym", "--name", "健身房")

    result = mendian("messages", "deliver")

    assert result.exit_code == 1
    assert one_line(result.stderr).startswith("短信服务配置有误")
    assert "MENDIAN_SMS_TENCENT_SECRET_ID" in result.stderr and "super-secret-value" not in result.stderr
