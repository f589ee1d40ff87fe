"""Checkout, refunds and stored value from the terminal: ``mendian order`` and ``mendian stored-value``.

Each test works on its own copy of one demo gym (built once per module with ``mendian demo``),
through typer's CliRunner, and reads the ledger back to check what moved.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.main import app
from core.settings import get_settings

DEMO = ("--tenant", "demo-gym")


@pytest.fixture(scope="module")
def demo_home(tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("demo")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MENDIAN_HOME", str(home))
        mp.delenv("MENDIAN_DATABASE_URL", raising=False)
        get_settings.cache_clear()
        result = CliRunner().invoke(app, ["demo"])
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    return home


@pytest.fixture
def mendian(demo_home, tmp_path, monkeypatch):
    home = tmp_path / "home"
    shutil.copytree(demo_home, home)
    monkeypatch.setenv("MENDIAN_HOME", str(home))
    monkeypatch.delenv("MENDIAN_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    runner = CliRunner()

    def invoke(*args: str, ok: bool = True):
        result = runner.invoke(app, list(args))
        assert "Traceback" not in result.output, result.output
        if ok:
            assert result.exit_code == 0, result.output
            return json.loads(result.stdout)
        return result

    yield invoke
    get_settings.cache_clear()


def principal(mendian, member: str = "1") -> int:
    """The member's stored-value principal (the demo may have given them some: tests compare changes)."""
    rows = mendian("stored-value", "balances", *DEMO, "--member", member)
    return next((b["balance"] for b in rows if b["purpose"] == "stored_value_principal"), 0)


def test_top_up_then_checkout_with_stored_value_and_cash_gives_change(mendian):
    start = principal(mendian)
    mendian("stored-value", "top-up", *DEMO, "--member", "1", "--store", "1", "--amount", "100")
    order = mendian("order", "checkout", *DEMO, "--store", "1", "--member", "1", "--item", "water*2",
                    "--item", "protein-bar", "--pay", "stored_value:10", "--pay", "cash:11", "--cash-given", "20")
    assert order["status"] == "paid" and order["total_fen"] == 2 * 300 + 1500
    cash = next(t for t in order["tenders"] if t["kind"] == "cash")
    assert (cash["tendered_fen"], cash["change_fen"]) == (2000, 900)
    assert principal(mendian) - start == 10000 - 1000


def test_a_refused_payment_leaves_no_order_and_moves_nothing(mendian):
    start = principal(mendian)
    mendian("stored-value", "top-up", *DEMO, "--member", "1", "--store", "1", "--amount", "5")
    orders_before = mendian("order", "list", *DEMO)["items"]
    bars = (start + 500) // 1500 + 1  # more protein bars (¥15) than the balance covers
    result = mendian("order", "checkout", *DEMO, "--store", "1", "--member", "1", "--item", f"protein-bar*{bars}",
                     "--pay", f"stored_value:{15 * bars}", ok=False)
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert mendian("order", "list", *DEMO)["items"] == orders_before
    assert principal(mendian) - start == 500


def test_a_repeated_idempotency_key_posts_once_and_a_changed_request_is_refused(mendian):
    start = principal(mendian)
    args = ("stored-value", "top-up", *DEMO, "--member", "1", "--store", "1", "--amount", "50", "--idempotency-key", "k-1")
    first, again = mendian(*args), mendian(*args)
    assert again["entry"]["id"] == first["entry"]["id"]
    assert principal(mendian) - start == 5000
    changed = mendian("stored-value", "top-up", *DEMO, "--member", "1", "--store", "1", "--amount", "60",
                      "--idempotency-key", "k-1", ok=False)
    assert changed.exit_code == 1 and "Idempotency-Key" in changed.stderr
    assert principal(mendian) - start == 5000


def test_refund_a_line_goes_back_to_the_tenders_and_never_beyond_what_was_paid(mendian):
    start = principal(mendian)
    mendian("stored-value", "top-up", *DEMO, "--member", "1", "--store", "1", "--amount", "100")
    order = mendian("order", "checkout", *DEMO, "--store", "1", "--member", "1", "--item", "water*2",
                    "--pay", "stored_value:6")
    line = order["lines"][0]["id"]
    refunded = mendian("order", "refund", str(order["id"]), *DEMO, "--line", f"{line}*1", "--reason", "退货")
    assert refunded["refunded_fen"] == 300
    assert principal(mendian) - start == 10000 - 600 + 300
    too_much = mendian("order", "refund", str(order["id"]), *DEMO, "--amount", "5", ok=False)
    assert too_much.exit_code == 1
    assert mendian("order", "show", str(order["id"]), *DEMO)["refunded_fen"] == 300


def test_top_up_refund_returns_principal_once(mendian):
    start = principal(mendian)
    top_up = mendian("stored-value", "top-up", *DEMO, "--member", "1", "--store", "1", "--amount", "80")
    mendian("stored-value", "refund", str(top_up["entry"]["id"]), *DEMO, "--store", "1")
    assert principal(mendian) - start == 0
    twice = mendian("stored-value", "refund", str(top_up["entry"]["id"]), *DEMO, "--store", "1", ok=False)
    assert twice.exit_code == 1


def test_statement_pages_newest_first_by_entry(mendian):
    for amount in ("1", "2", "3"):
        mendian("stored-value", "top-up", *DEMO, "--member", "1", "--store", "1", "--amount", amount)
    first = mendian("stored-value", "statement", *DEMO, "--member", "1", "--limit", "2")
    assert [line["amount"] for line in first] == [300, 200]
    rest = mendian("stored-value", "statement", *DEMO, "--member", "1", "--before", str(first[-1]["entry_id"]))
    assert [line["amount"] for line in rest] == [100]


@pytest.mark.parametrize("args", [
    ("stored-value", "top-up", *DEMO, "--member", "1", "--store", "1", "--amount", "-1"),
    ("stored-value", "top-up", *DEMO, "--member", "1", "--store", "1", "--amount", "1.234"),
    ("stored-value", "top-up", *DEMO, "--member", "1", "--store", "1", "--amount", "1", "--tender", "gold"),
    ("stored-value", "statement", *DEMO, "--member", "1", "--purpose", "cash"),
    ("order", "checkout", *DEMO, "--store", "1", "--item", "water", "--pay", "cash"),
    ("order", "refund", "1", *DEMO),
])
def test_bad_usage_is_one_line_and_exit_2(mendian, args):
    result = mendian(*args, ok=False)
    assert result.exit_code == 2, result.output
    assert len(result.stderr.strip().splitlines()) == 1


def test_unknown_member_phone_is_a_refusal(mendian):
    result = mendian("stored-value", "balances", *DEMO, "--member", "13900000000", ok=False)
    assert result.exit_code == 1 and "13900000000" in result.stderr
