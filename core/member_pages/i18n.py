"""The member pages' languages: their own Babel catalog (domain ``member``), zh-CN first.

Message ids are English; ``locales/zh_CN/LC_MESSAGES/member.po`` gives each its Chinese text.
The language cookie and the choice between languages are the console's (``core.console.i18n``).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from babel.support import NullTranslations, Translations

from core.console.i18n import compile_catalog

LOCALE_DIR = Path(__file__).parent / "locales"
DOMAIN = "member"


@cache
def translations(locale: str) -> NullTranslations:
    """The compiled catalog of ``locale``; English is the message ids themselves."""
    path = LOCALE_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.po"
    return compile_catalog(path, locale, DOMAIN) if path.exists() else Translations()
