"""Amounts, numbers, dates and times formatted with Babel for the page's locale and timezone."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime, format_skeleton
from babel.numbers import format_currency, format_decimal


def money(fen: int | None, locale: str, currency: str = "CNY") -> str:
    """Minor units (fen) as the locale writes money: ¥1,234.50 in every language.

    English CLDR writes yuan "CN¥" to tell it from the yen; a Chinese shop's console, receipts and
    charts say ¥ whatever the language, so one page never shows both.
    """
    text = format_currency(Decimal(fen or 0) / 100, currency, locale=locale)
    return text.replace("CN¥", "¥") if currency == "CNY" else text


def yuan(fen: int | None) -> str:
    """Fen as a plain decimal for form inputs (12.50): what a cashier types back."""
    return f"{Decimal(fen or 0) / 100:.2f}"


def yuan_text(fen: int) -> str:
    """Fen as rules and messages write yuan: 1,000 or 1,000.50 (no symbol, no needless .00)."""
    return f"{fen // 100:,}" if fen % 100 == 0 else f"{fen // 100:,}.{fen % 100:02d}"


def zhe(pays_percent: int) -> str:
    """What a member pays, as a Chinese receipt says a discount: 95 → 95 折, 90 → 9 折, 5 → 0.5 折."""
    if pays_percent % 10 == 0:
        return f"{pays_percent // 10} 折"
    return f"0.{pays_percent} 折" if pays_percent < 10 else f"{pays_percent} 折"


def number(value: int | float | None, locale: str) -> str:
    return format_decimal(value or 0, locale=locale)


def date(value: dt.date | dt.datetime | None, locale: str, zone: ZoneInfo, style: str = "medium") -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.astimezone(zone).date()
    return format_date(value, style, locale=locale)


def datetime(value: dt.datetime | None, locale: str, zone: ZoneInfo, style: str = "short") -> str:
    if value is None:
        return ""
    return format_datetime(value, style, tzinfo=zone, locale=locale)


def parse_yuan(text: str) -> int | None:
    """A typed amount in yuan ("12.5", "¥12.50") as fen, or None when it is not one."""
    cleaned = text.strip().replace("¥", "").replace("￥", "").replace(",", "")
    try:
        value = Decimal(cleaned)
    except ArithmeticError:
        return None
    if not value.is_finite() or value != value.quantize(Decimal("0.01")):
        return None
    return int(value * 100)


def month_day(value: dt.date, locale: str) -> str:
    """A short day label for charts: 1/15."""
    return format_skeleton("Md", value, locale=locale)


def phone(value: str | None) -> str:
    """A stored E.164 number as people write it (138 0013 8000); masked numbers stay as they are."""
    if not value or not value.startswith("+"):
        return value or ""
    from phonenumbers import NumberParseException

    from core.members.phones import display_phone

    try:
        return display_phone(value)
    except NumberParseException:  # shown as stored rather than failing the page
        return value
