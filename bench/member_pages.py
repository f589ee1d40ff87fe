"""First load of the main member pages (会员端): bytes and server time.

    python bench/member_pages.py            # human-readable
    python bench/member_pages.py --json     # the same figures as JSON

On a fresh SQLite database, a tenant with coupons, sign-in and points enabled and a claimable
coupon; a member signs in through the pages (the code read from the outbox). For each page it
prints the HTML's bytes (raw and gzipped: what a slow network carries), the server time of the
first request after start-up (templates compile then) and the median of the next ``-n``
requests, timed in-process through ASGI (no network). The stylesheet and script are counted
once: a first visit loads them, later pages take them from the cache (a day).
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

SLUG = "bench"
PHONE = "13800138000"
PAGES = [("sign-in", "/login"), ("card home", "/"), ("coupon center", "/p/coupons/"), ("daily sign-in", "/p/sign_in/")]
ASSETS = ["/m-static/member.css", "/m-static/member.js"]


async def _seed(manager, clock: Clock) -> None:
    from core.extensions.service import enable_plugin
    from core.tenancy import schemas as ts
    from core.tenancy import service as tenancy
    from plugins.coupons import service as coupons
    from plugins.coupons.schemas import TemplateIn

    tenant = await tenancy.create_tenant(ts.TenantCreate(slug=SLUG, name="Bench 健身", industry="gym"), clock)
    ctx = await context_for(tenant.id, manager, clock)
    for name in ("points", "coupons", "sign_in"):
        await enable_plugin(ctx, name)
    ctx = await context_for(tenant.id, manager, clock)
    await coupons.create_template(ctx, TemplateIn(name="十元券", kind="cash", value_fen=1_000, valid_days=30,
                                                  claimable=True, stock=1_000))


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
                for name, path in PAGES:
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
