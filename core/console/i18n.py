"""The console's languages: Babel message catalogs (one .po per locale), compiled at import.

Message ids are English; ``locales/zh_CN/LC_MESSAGES/messages.po`` gives every one its Chinese
text, which is what merchants see first. Compiling a .po with Babel's own API costs a few
milliseconds, so no .mo file is committed and the README's first command needs only Python.
"""

from __future__ import annotations

import re
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

LOCALES = ("zh_CN", "en")
DEFAULT_LOCALE = "zh_CN"
LOCALE_DIR = Path(__file__).parent / "locales"
DOMAIN = "messages"
COOKIE = "mendian_lang"


def po_path(locale: str) -> Path:
    return LOCALE_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.po"


def compile_catalog(path: Path, locale: str, domain: str) -> Translations:
    """A .po file compiled in memory (the member pages compile theirs with it too)."""
    with path.open("rb") as f:
        catalog = read_po(f, locale=locale, domain=domain)
    buffer = BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer, domain=domain)


@cache
def translations(locale: str) -> Translations:
    """The compiled catalog of ``locale`` (compiled once per process)."""
    return compile_catalog(po_path(locale), locale, DOMAIN)


def pick_locale(cookie_value: str | None) -> str:
    """The language the visitor chose (a cookie set by the 中文/English switch), else Chinese."""
    return cookie_value if cookie_value in LOCALES else DEFAULT_LOCALE


def locale_of(request: Any) -> str:
    return pick_locale(request.cookies.get(COOKIE))


def _(message: str, request: Any) -> str:
    """A message from Python code in the visitor's language (extracted like the templates' ``_``)."""
    return translations(locale_of(request)).gettext(message)


_HAN = re.compile(r"[\u3400-\u9fff]")
_WORD = re.compile(r"[A-Za-z]{2,}")


def in_locale(text: str, locale: str) -> str:
    """A refusal written "中文 / English" (domain errors' ``message``, plugins' form errors) as the
    page's language shows it: the Chinese half in Chinese, the English half in English. The REST API
    keeps both (problem+json ``detail`` and ``detail_en``); a page in one language shows one."""
    zh, sep, en = text.partition(" / ")
    if not sep or not _HAN.search(zh) or not _WORD.search(en):  # the English half may name a Chinese label
        return text
    return zh if locale == "zh_CN" else en
