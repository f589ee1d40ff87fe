"""First load of the main member pages (会员端): bytes and server time.

    python bench/member_pages.py            # human-readable
    python bench/member_pages.py --json     # the same figures as JSON

On a fresh SQLite database, the demo gym (``mendian demo``: every marketing plugin on, with its
samples); a new member signs in through the pages (the code read from the outbox), and a deal,
a bargain and a flash session give their share pages. For each page it prints the HTML's bytes
(raw and gzipped: what a slow network carries), the server time of the first request after
start-up (templates compile then) and the median of the next ``-n`` requests, timed in-process
through ASGI (no network). The stylesheet and script are counted once: a first visit loads
them, later pages take them from the cache (a day).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import gzip
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("MENDIAN_FAST_HASH", "1")

import httpx  # noqa: E402

from core import db  # noqa: E402
from core.app import all_tables, build_plugin_manager, create_app  # noqa: E402
from core.clock import Clock  # noqa: E402
from core.contexts import context_for  # noqa: E402
from core.migrate import kernel_apps, migrate  # noqa: E402

SLUG = "demo-gym"
PHONE = "17600001234"
PAGES = [
    ("sign-in", "/login"), ("card home", "/"), ("my details", "/me"), ("stores", "/stores"),
    ("statement", "/mine/statement"), ("my orders", "/mine/orders"),
    ("coupon center", "/p/coupons/"), ("my coupons", "/p/coupons/mine"), ("daily sign-in", "/p/sign_in/"),
    ("my cards", "/p/cards/"), ("points mall", "/p/points_mall/"), ("my level", "/p/levels/"),
    ("top-up offers", "/p/stored_value/"), ("refer friends", "/p/referral/"), ("group-buy", "/p/group_buy/"),
    ("bargains", "/p/bargain/"), ("flash sale", "/p/flash_sale/"),
]
ASSETS = ["/m-static/member.css", "/m-static/member.js"]


async def _seed(manager, clock: Clock) -> None:
    from core.demo import seed_demo

    await seed_demo(manager, clock)


async def _share_pages(manager, clock: Clock) -> list[tuple[str, str]]:
    """Share pages as a friend opens them: a group the member leads, a bargain they started, a flash item."""
    from core.members.tables import Member
    from core.tenancy.tables import Tenant
    from plugins.bargain import bargains
    from plugins.bargain.tables import BargainCampaign
    from plugins.flash_sale.tables import FlashItem
    from plugins.group_buy import joins
    from plugins.group_buy.tables import GroupDeal

    tenant = await Tenant.select(Tenant.id).where(Tenant.slug == SLUG).first()
    ctx = await context_for(tenant["id"], manager, clock)
    member = await Member.select(Member.id).where(Member.phone == f"+86{PHONE}").first()
    deal = await GroupDeal.select(GroupDeal.id).first()
    campaign = await BargainCampaign.select(BargainCampaign.id).first()
    item = await FlashItem.select(FlashItem.id).first()
    group = await joins.open_group(ctx, deal["id"], member["id"])
    bargain = await bargains.start(ctx, campaign["id"], member["id"])
    local = lambda link: link.split(f"/m/{SLUG}", 1)[1]  # noqa: E731  the path under the tenant
    return [("group share", local(group.share_link)), ("bargain share", local(bargain.share_link)),
            ("flash item", f"/p/flash_sale/items/{item['id']}")]


async def _sign_in(client: httpx.AsyncClient) -> None:
    from core.messages.tables import Message

    base = f"/m/{SLUG}"
    await client.get(f"{base}/login")
    csrf = client.cookies["mendian_csrf"]
    await client.post(f"{base}/login/code", data={"_csrf": csrf, "phone": PHONE})
    row = await Message.select(Message.params_json).order_by(Message.id, ascending=False).first()
    code = json.loads(row["params_json"])["code"]
    r = await client.post(f"{base}/login", data={"_csrf": csrf, "phone": PHONE, "code": code})
    assert r.status_code == 303, r.text


async def _timed(client: httpx.AsyncClient, path: str) -> tuple[float, httpx.Response]:
    start = time.perf_counter()
    response = await client.get(path)
    return (time.perf_counter() - start) * 1000, response


def _sizes(body: bytes) -> dict[str, int]:
    return {"bytes": len(body), "gzip_bytes": len(gzip.compress(body, 6))}


async def measure(n: int) -> dict:
    manager, clock = build_plugin_manager(), Clock()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        db.prepare_sqlite_file(url)
        engine = db.create_engine(url)
        app = create_app(manager=manager, clock=clock, engine=engine)
        db.bind(engine, all_tables(manager))
        await db.start(engine)
        try:
            await migrate([*kernel_apps(), *manager.apps()])
            await _seed(manager, clock)
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://bench.local") as visitor:
                login_first_ms, login = await _timed(visitor, f"/m/{SLUG}/login")  # before anyone signed in
            async with httpx.AsyncClient(transport=transport, base_url="http://bench.local") as member:
                await _sign_in(member)
                pages = []
                for name, path in [*PAGES, *await _share_pages(manager, clock)]:
                    first_ms, response = (login_first_ms, login) if name == "sign-in" else await _timed(
                        member, f"/m/{SLUG}{path}")
                    assert response.status_code == 200, (path, response.status_code)
                    warm = [(await _timed(member, f"/m/{SLUG}{path}"))[0] for _ in range(n)]
                    pages.append({"page": name, "path": f"/m/{SLUG}{path}", **_sizes(response.content),
                                  "first_ms": round(first_ms, 1), "median_ms": round(statistics.median(warm), 2)})
                assets = [{"path": p, **_sizes((await member.get(p)).content)} for p in ASSETS]
        finally:
            await db.stop(engine)
    return {"bench": "member_pages", "at": dt.datetime.now(dt.UTC).isoformat(), "database": "sqlite", "runs": n,
            "pages": pages, "assets": assets}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=50, help="warm requests per page")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = asyncio.run(measure(args.n))
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
        return
    print(f"{'page':<15} {'HTML bytes':>10} {'gzip':>6} {'first ms':>9} {'median ms':>10}")
    for p in result["pages"]:
        print(f"{p['page']:<15} {p['bytes']:>10} {p['gzip_bytes']:>6} {p['first_ms']:>9} {p['median_ms']:>10}")
    for a in result["assets"]:
        print(f"{a['path']:<28} {a['bytes']:>6} bytes, {a['gzip_bytes']:>5} gzipped (once: cached a day)")


if __name__ == "__main__":
    main()
