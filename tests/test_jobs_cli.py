"""``mendian jobs``: an operator lists the scheduled jobs and runs one now, once per day asked."""

from __future__ import annotations

import json

from test_cli import home, mendian, one_line  # noqa: F401, F811  (fixtures)


def test_jobs_list_names_each_job_with_its_plugin_and_interval(mendian):  # noqa: F811
    result = mendian("jobs", "list", "--json")

    assert result.exit_code == 0, result.stderr
    jobs = {row["name"]: row for row in json.loads(result.stdout)}
    assert jobs["daily"]["plugin"] == "kernel" and jobs["daily"]["last_status"] is None
    assert jobs["messages.deliver"]["plugin"] == "kernel"
    assert jobs["flash_sale.release"]["plugin"] == "flash_sale" and jobs["flash_sale.release"]["per_tenant"]
    shown = mendian("jobs", "list").stdout
    assert "定时任务" in shown and "flash_sale.release" in shown and "从未 never" in shown


def test_running_a_job_twice_for_a_day_runs_it_once_and_says_so(mendian):  # noqa: F811
    first = mendian("jobs", "run", "messages.deliver", "--date", "2026-12-01")
    second = mendian("jobs", "run", "messages.deliver", "--date", "2026-12-01")

    assert first.exit_code == 0 and first.stdout.startswith("已运行 / ran: messages.deliver 2026-12-01"), first.stderr
    assert second.exit_code == 0 and second.stdout.startswith("已运行过，未重复 / already ran"), second.stdout
    listed = {row["name"]: row for row in json.loads(mendian("jobs", "list", "--json").stdout)}
    assert listed["messages.deliver"]["last_status"] == "ok"


def test_the_daily_tick_replays_a_tenants_day_once(mendian):  # noqa: F811
    mendian("tenant", "create", "gym", "--name", "健身房")

    first = mendian("jobs", "run", "daily", "--tenant", "gym", "--date", "2026-11-30")
    second = mendian("jobs", "run", "daily", "--tenant", "gym", "--date", "2026-11-30")

    assert first.exit_code == 0 and "2026-11-30" in first.stdout and "已运行 / ran" in first.stdout
    assert second.exit_code == 0 and second.stdout.startswith("已运行过，未重复 / already ran"), second.stdout


def test_a_tenant_job_runs_for_one_tenant_that_enabled_its_plugin(mendian):  # noqa: F811
    mendian("tenant", "create", "shop", "--name", "便利店")

    refused = mendian("jobs", "run", "flash_sale.release", "--tenant", "shop")
    mendian("plugin", "enable", "flash_sale", "--tenant", "shop")
    ran = mendian("jobs", "run", "flash_sale.release", "--tenant", "shop")

    assert refused.exit_code == 1 and one_line(refused.stderr).startswith("商户 shop 未启用插件 flash_sale")
    assert ran.exit_code == 0 and ran.stdout.startswith("已运行 / ran: flash_sale.release"), ran.stderr
    assert ran.stdout.rstrip().endswith("(0)")  # the holds it released: none were due


def test_an_unknown_job_tenant_or_day_is_one_line_and_non_zero(mendian):  # noqa: F811
    unknown_job = mendian("jobs", "run", "no.such.job")
    unknown_tenant = mendian("jobs", "run", "daily", "--tenant", "nobody")
    bad_date = mendian("jobs", "run", "daily", "--date", "2026-13-40")
    per_tenant = mendian("jobs", "run", "messages.deliver", "--tenant", "nobody")

    assert unknown_job.exit_code == 1 and one_line(unknown_job.stderr).startswith("没有这个定时任务 / no such job")
    assert unknown_tenant.exit_code == 1 and "nobody" in one_line(unknown_tenant.stderr)
    assert bad_date.exit_code == 2 and one_line(bad_date.stderr).startswith("日期格式应为 YYYY-MM-DD")
    assert per_tenant.exit_code == 1 and "nobody" in one_line(per_tenant.stderr)  # the tenant is checked first
