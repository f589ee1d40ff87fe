"""The console's message catalogs: every message has its Chinese text; Babel formats for the locale."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from babel.messages.pofile import read_po

from core.console import formatting
from core.console.catalogs import extract
from core.console.i18n import po_path, translations


def test_every_console_message_has_chinese_text():
    with po_path("zh_CN").open("rb") as f:
        catalog = read_po(f, locale="zh_CN")
    missing = [m.id for m in extract() if m.id and not (catalog.get(m.id) and catalog.get(m.id).string)]
    assert missing == [], f"run `python -m core.console.catalogs` and translate: {missing}"


def test_catalogs_compile_at_import_without_mo_files():
    assert translations("zh_CN").gettext("Checkout") == "收银台"
    assert translations("en").gettext("Checkout") == "Checkout"
    assert not list(po_path("zh_CN").parent.glob("*.mo"))


def test_amounts_and_dates_follow_the_locale():
    assert formatting.money(123450, "zh_CN") == "¥1,234.50"
    assert formatting.money(123450, "en") == "¥1,234.50"
    assert formatting.money(-5, "en") == "-¥0.05"
    at = dt.datetime(2026, 1, 15, 2, 0, tzinfo=dt.UTC)
    assert formatting.date(at, "zh_CN", ZoneInfo("Asia/Shanghai")) == "2026年1月15日"
    assert formatting.date(at, "en", ZoneInfo("Asia/Shanghai")) == "Jan 15, 2026"


def test_typed_yuan_amounts_become_fen_exactly():
    assert formatting.parse_yuan("12.5") == 1250
    assert formatting.parse_yuan("¥1,000.05") == 100005
    assert formatting.parse_yuan("1.005") is None and formatting.parse_yuan("abc") is None
