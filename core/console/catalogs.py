"""Keep the .po files in step with the templates and code: ``python -m core.console.catalogs``.

Extracts every message of the console's templates (``_()``, ``{% trans %}``) and Python files
(``_()``, ``N_()``) with Babel, adds the new ones to each locale's .po (keeping translations),
and drops the ones no longer used. A test checks that every message has its Chinese text.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from core.console.i18n import DOMAIN, LOCALES, po_path

ROOT = Path(__file__).parent
METHOD_MAP = [("templates/**.html", "jinja2"), ("**.py", "python")]
OPTIONS = {"templates/**.html": {"extensions": "jinja2.ext.i18n"}}
KEYWORDS = {"_": None, "gettext": None, "N_": None, "ngettext": (1, 2)}


def extract() -> Catalog:
    catalog = Catalog(domain=DOMAIN)
    for filename, lineno, message, comments, context in extract_from_dir(
        ROOT, METHOD_MAP, OPTIONS, keywords=KEYWORDS, strip_comment_tags=True,
    ):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def update() -> None:
    template = extract()
    for locale in LOCALES:
        path = po_path(locale)
        if path.exists():
            with path.open("rb") as f:
                catalog = read_po(f, locale=locale, domain=DOMAIN)
            catalog.update(template, no_fuzzy_matching=True)
            catalog.obsolete.clear()
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            catalog = Catalog(locale=locale, domain=DOMAIN, project="Mendian")
            catalog.update(template, no_fuzzy_matching=True)
        catalog.fuzzy = False
        with path.open("wb") as f:
            write_po(f, catalog, width=120, omit_header=False, sort_output=True, include_lineno=False)
        missing = [m.id for m in catalog if m.id and not m.string]
        print(f"{path.relative_to(ROOT)}: {len(catalog)} messages, {len(missing)} untranslated", file=sys.stderr)


if __name__ == "__main__":
    update()
