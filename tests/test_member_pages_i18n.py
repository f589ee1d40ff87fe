"""会员端 in both languages: in English no Chinese is left but the merchant's own data, and in
Chinese no English interface text is left untranslated. Every core member page is rendered for
a member with a history (a top-up, a paid order, a refund), as a member would open it."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from checkout_helpers import key
from member_helpers import PHONE
from test_member_pages import member_sign_in, post_form

from core.member_pages.i18n import LOCALE_DIR
from sdk.testing import make_item, make_paid_order, make_tenant

ROOT = Path(__file__).resolve().parents[1]
API = "/api/v1"
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]+")
WORD = re.compile(r"[A-Za-z]{2,}")
# What the merchant and the member typed: shown as typed, in whatever language they wrote it.
DATA = ("Sunrise Gym", "Riverside Studio", "Alex Chen", "Protein Bar", "12 River Road", "Mon–Sun 06:00–23:00")


@pytest.fixture
async def sunrise(database_url, plugin_manager, clock):
    """A gym whose name, store, goods and member are in English: what is left in Chinese is ours."""
    return await make_tenant(plugin_manager, clock, "sunrise", "Sunrise Gym", industry="gym")


async def member_with_history(client, tenant) -> int:
    """A signed-in member named Alex Chen with a top-up, an order paid partly from it, and a refund."""
    stores = (await client.get(f"{API}/stores", headers=tenant.headers)).json()["items"]
    store_id = stores[0]["id"]
    await client.patch(f"{API}/stores/{store_id}", headers=tenant.headers,
                       json={"name": "Riverside Studio", "address": "12 River Road", "phone": "021-5555 0000",
                             "opening_hours": "Mon–Sun 06:00–23:00"})
    await member_sign_in(client, tenant)
    await post_form(client, f"/m/{tenant.slug}/me", {"name": "Alex Chen", "gender": "unknown"})
    member = (await client.get(f"{API}/members", params={"phone": PHONE}, headers=tenant.headers)).json()["items"][0]
    r = await client.post(f"{API}/members/{member['id']}/top-ups", headers={**tenant.headers, **key()},
                          json={"amount_fen": 50_000, "tender": "cash", "store_id": store_id})
    assert r.status_code == 201, r.text
    bar = await make_item(tenant, 1_500, name="Protein Bar")
    order = await make_paid_order(tenant, [{"item_id": bar.id, "quantity": 2}], member=member["id"],
                                  tenders=[{"kind": "stored_value", "amount_fen": 3_000}])
    r = await client.post(f"{API}/orders/{order.id}/refunds", headers={**tenant.headers, **key()},
                          json={"lines": [{"line_id": order.lines[0].id, "quantity": 1}]})
    assert r.status_code in (200, 201), r.text
    return order.id


def pages(slug: str, order_id: int) -> dict[str, str]:
    base = f"/m/{slug}"
    return {"card home": f"{base}/", "my details": f"{base}/me", "statement": f"{base}/mine/statement",
            "bonus statement": f"{base}/mine/statement?purpose=stored_value_bonus", "orders": f"{base}/mine/orders",
            "receipt": f"{base}/mine/orders/{order_id}", "stores": f"{base}/stores",
            "error page": f"{base}/no-such-page"}


def shown_text(page: str) -> str:
    """What a reader meets: the text, and the attributes read aloud or shown (labels, placeholders)."""
    page = re.sub(r"<(script|style|svg)\b.*?</\1>", " ", page, flags=re.S)
    attributes = [*re.findall(r'\s(?:aria-label|placeholder|title|alt|data-label|data-again)="([^"]*)"', page),
                  *re.findall(r'<meta property="og:(?:title|description|site_name)" content="([^"]*)"', page)]
    text = re.sub(r"<[^>]+>", " ", page)
    return html.unescape(" ".join([text, *attributes]))


def without(text: str, *known: str) -> str:
    for value in known:
        text = text.replace(value, " ")
    return text


async def rendered(client, tenant, locale: str) -> dict[str, str]:
    order_id = await member_with_history(client, tenant)
    client.cookies.set("mendian_lang", locale)
    found = {}
    for name, url in pages(tenant.slug, order_id).items():
        r = await client.get(url)
        assert r.status_code in (200, 404), (name, r.status_code)
        found[name] = r.text
    await post_form(client, f"/m/{tenant.slug}/logout")
    found["sign-in"] = (await client.get(f"/m/{tenant.slug}/login")).text
    return found


async def test_in_english_no_chinese_is_left_but_the_merchants_data(client, sunrise):
    left = {}
    for name, page in (await rendered(client, sunrise, "en")).items():
        text = without(shown_text(page), *DATA, "中文")  # the switch back names its language in it
        if chinese := CJK.findall(text):
            left[name] = chinese
    assert left == {}


# Words a Chinese page keeps in Latin letters on purpose: the switch to English names its language,
# amounts carry the yuan sign only, and these are names rather than words.
LATIN_IN_CHINESE = ("English", "PNG", "JPEG", "WebP", "SMS")


async def test_in_chinese_no_english_interface_text_is_left(client, sunrise):
    left = {}
    for name, page in (await rendered(client, sunrise, "zh_CN")).items():
        text = without(shown_text(page), *DATA, *LATIN_IN_CHINESE)
        if english := WORD.findall(text):
            left[name] = english
    assert left == {}


# --- the catalog ------------------------------------------------------------------------------

GETTEXT_CALL = re.compile(r"""\b_\(\s*(["'])((?:\\.|(?!\1).)*)\1""", re.S)


def template_messages() -> dict[str, set[str]]:
    """Every ``_("...")`` id in the core member templates and the plugins' member templates, read
    with a pattern of its own (not Babel's extractor), so a call Babel would skip is seen too."""
    templates = [*ROOT.glob("core/member_pages/templates/*.html"), *ROOT.glob("plugins/*/templates/member_*.html")]
    found: dict[str, set[str]] = {}
    for path in templates:
        for _, message in GETTEXT_CALL.findall(path.read_text(encoding="utf-8")):
            found.setdefault(message.replace("\\'", "'").replace('\\"', '"'), set()).add(path.relative_to(ROOT).as_posix())
    return found


def test_every_id_the_member_templates_use_has_its_chinese_text():
    with (LOCALE_DIR / "zh_CN" / "LC_MESSAGES" / "member.po").open("rb") as f:
        catalog = read_po(f, locale="zh_CN")
    used = template_messages()
    assert len(used) > 50 and "Sign in with your phone" in used  # the pattern reads the templates
    untranslated = {m: sorted(where) for m, where in used.items() if not (catalog.get(m) and catalog.get(m).string)}
    assert untranslated == {}
