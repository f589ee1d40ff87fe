"""Every console link of the demo gym (all its plugins on, its members, cards and campaigns),
followed as the owner and as the cashier: each answers a page — 200, or a deliberate 403/404
page — and never JSON, never a server error."""

from __future__ import annotations

import re
from collections import deque
from urllib.parse import urljoin, urlsplit

import pytest

from core import demo
from tests.console_helpers import sign_in

LINK = re.compile(r'href="(/console[^"#]*)"')
# Links that act or leave rather than show a page: signing out is a POST; switching the language
# redirects back; downloads are files, checked by their own tests.
SKIP = re.compile(r"^/console/(logout|lang/|static/)|\.(csv|svg|png|ico)$|/(receipt|poster)$")
PAGES_AT_MOST = 700  # each member file has a page per tab


async def _crawl(client, start: str) -> dict[str, int]:
    seen: dict[str, int] = {}
    queue = deque([start])
    while queue and len(seen) < PAGES_AT_MOST:
        path = queue.popleft()
        if path in seen:
            continue
        r = await client.get(path)
        seen[path] = r.status_code
        if r.status_code in (302, 303):  # the console's index sends each role to its home
            queue.append(r.headers["location"])
            continue
        assert r.status_code in (200, 403, 404), (path, r.status_code, r.text[:300])
        assert r.headers["content-type"].startswith("text/html"), (path, r.headers["content-type"])
        assert "<html" in r.text, path
        for link in LINK.findall(r.text):
            link = link.replace("&amp;", "&")
            target = urlsplit(urljoin(path, link))
            url = target.path + (f"?{target.query}" if target.query else "")
            if not SKIP.search(target.path) and url not in seen and "cursor=" not in url:
                queue.append(url)
    return seen


@pytest.mark.parametrize("account", ["owner", "cashier"])
async def test_every_console_link_answers_a_page(client, plugin_manager, clock, database_url, tmp_path, monkeypatch,
                                                 account):
    monkeypatch.setenv("MENDIAN_HOME", str(tmp_path))
    await demo.seed_demo(plugin_manager, clock)
    await sign_in(client, demo.SLUG, account, demo.PASSWORD)
    seen = await _crawl(client, "/console/")
    assert len(seen) > (40 if account == "owner" else 10), sorted(seen)
    assert len(seen) < PAGES_AT_MOST, "the crawl stopped before the end: raise PAGES_AT_MOST"
    # A link the console shows opens: the deliberate 403/404 pages are for addresses typed or kept,
    # not for the links a role is given.
    assert all(status in (200, 303) for status in seen.values()), {
        path: status for path, status in seen.items() if status not in (200, 303)}
