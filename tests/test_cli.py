"""The ``mendian`` command line, run as a merchant or operator would: real processes, a temp data folder."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

MENDIAN = [sys.executable, "-m", "cli.main"]
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def mendian(tmp_path):
    env = {**os.environ, "MENDIAN_HOME": str(tmp_path), "MENDIAN_FAST_HASH": "1"}
    env.pop("MENDIAN_DATABASE_URL", None)  # each test gets its own SQLite file in its data folder

    def run(*args: str, input: str | None = None) -> subprocess.CompletedProcess:
        return subprocess.run([*MENDIAN, *args], env=env, cwd=ROOT, capture_output=True, text=True, input=input, timeout=120)

    return run


def test_migrate_twice_applies_nothing_the_second_time(mendian):
    first = mendian("db", "migrate")
    assert first.returncode == 0 and "tenancy" in first.stdout
    second = mendian("db", "migrate")
    assert second.returncode == 0 and "nothing to apply" in second.stdout


def test_tenant_staff_and_key_then_a_duplicate_is_one_line(mendian, tmp_path):
    assert mendian("tenant", "create", "my-gym", "--name", "我的健身房", "--industry", "gym").returncode == 0
    dup = mendian("tenant", "create", "my-gym", "--name", "again")
    assert dup.returncode == 1 and dup.stderr.strip().count("\n") == 0 and "my-gym" in dup.stderr
    staff = mendian("staff", "create", "boss", "--tenant", "my-gym", "--name", "老板", "--role", "owner",
                    "--password", "boss-pass-1")
    assert staff.returncode == 0, staff.stderr
    key = mendian("apikey", "create", "--tenant", "my-gym", "--name", "POS", "--scope", "members.read")
    assert key.returncode == 0 and key.stdout.strip().startswith("mdk_")
    missing = mendian("staff", "create", "x1", "--tenant", "nope", "--name", "x", "--role", "staff", "--password", "12345678")
    assert missing.returncode == 1 and "nope" in missing.stderr and "Traceback" not in missing.stderr


def test_plugin_list_json_and_unknown_plugin(mendian):
    mendian("tenant", "create", "shop", "--name", "便利店")
    listed = mendian("plugin", "list", "--json", "--tenant", "shop")
    assert listed.returncode == 0
    assert set(json.loads(listed.stdout)) == {"plugins", "refused"}
    unknown = mendian("plugin", "enable", "no_such_plugin", "--tenant", "shop")
    assert unknown.returncode == 1 and "no_such_plugin" in unknown.stderr and "Traceback" not in unknown.stderr


def test_member_import_reports_rejected_rows_and_imports_nothing_twice(mendian, tmp_path):
    mendian("tenant", "create", "gym", "--name", "健身房")
    csv = tmp_path / "members.csv"
    csv.write_text("phone,name\n13800138000,张三\nnot-a-phone,李四\n13900139000,王五\n", encoding="utf-8")
    first = mendian("member", "import", str(csv), "--tenant", "gym")
    assert first.returncode == 0, first.stderr
    assert "imported 2" in first.stdout and "rejected 1" in first.stdout and "line 3" in first.stdout
    again = mendian("member", "import", str(csv), "--tenant", "gym")
    assert "imported 0" in again.stdout and "already there 2" in again.stdout


def test_demo_creates_fifty_members_and_runs_again_safely(mendian):
    first = mendian("demo", "--json")
    assert first.returncode == 0, first.stderr
    info = json.loads(first.stdout)
    assert info["created"] and info["members"] == 50 and info["api_key"].startswith("mdk_")
    again = json.loads(mendian("demo", "--json").stdout)
    assert not again["created"] and again["members"] == 50
    assert mendian("ledger", "verify").returncode == 0


def test_bad_usage_exits_non_zero_without_a_traceback(mendian):
    r = mendian("report", "daily", "--tenant", "x", "--store", "1", "--day", "yesterday")
    assert r.returncode == 2 and "Traceback" not in r.stderr
