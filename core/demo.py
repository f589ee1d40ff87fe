"""The demo gym (活力健身 Demo): a tenant with two stores, staff, fifty members, items and cards.

Deterministic (a seeded random), and idempotent: run again, it leaves the data as it is and
only issues a fresh API key, because the first one is never stored in a readable form.
"""

from __future__ import annotations

import random

import msgspec

from core import db
from core.catalog import schemas as cs
from core.catalog import service as catalog
from core.clock import Clock
from core.contexts import context_for
from core.extensions.manager import PluginManager
from core.members import schemas as ms
from core.members import service as members
from core.tenancy import schemas as ts
from core.tenancy import service as tenancy
from core.tenancy.permissions import ALL
from core.tenancy.tables import Tenant

SLUG = "demo-gym"
PASSWORD = "mendian-demo-2026"  # a demo's well-known password: never use it for real data
STAFF = [("owner", "王店主", "owner"), ("manager", "李店长", "manager"), ("cashier", "赵前台", "cashier"),
         ("coach", "陈教练", "staff")]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
GIVEN = ["伟", "芳", "娜", "敏", "静", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明", "超", "霞", "平", "刚", "桂英", "秀兰"]
MOBILE_PREFIXES = ["138", "139", "150", "151", "158", "186", "188"]
TAGS = ["增肌", "减脂", "塑形", "夜间", "周末", "早鸟", "高危流失"]
CATEGORIES = [("drinks", "饮品", "Drinks"), ("lessons", "课程", "Lessons"), ("cards", "卡项", "Cards")]
ITEMS = [  # sku, name, kind, price in fen, category, card terms
    ("water", "矿泉水", "goods", 300, "drinks", None),
    ("protein-bar", "蛋白棒", "goods", 1_500, "drinks", None),
    ("pt-single", "私教课（单次）", "service", 30_000, "lessons", None),
    ("group-single", "团课（单次）", "service", 6_000, "lessons", None),
    ("pt-card-10", "私教卡 10 次", "card", 280_000, "cards", {"card_type": "sessions", "sessions": 10}),
    ("group-card-20", "团课卡 20 次", "card", 100_000, "cards", {"card_type": "sessions", "sessions": 20}),
    ("year-card", "年卡", "card", 198_000, "cards", {"card_type": "time", "valid_days": 365}),
]


class DemoInfo(msgspec.Struct):
    tenant: str
    tenant_name: str
    created: bool
    staff: list[dict[str, str]]
    api_key: str
    members: int
    items: int


async def seed_demo(manager: PluginManager, clock: Clock) -> DemoInfo:
    existing = await Tenant.select(Tenant.id).where(Tenant.slug == SLUG).first()
    created = existing is None
    if created:
        tenant = await tenancy.create_tenant(ts.TenantCreate(slug=SLUG, name="活力健身 Demo", industry="gym"), clock)
        tenant_id = tenant.id
    else:
        tenant_id = existing["id"]
    ctx = await context_for(tenant_id, manager, clock)
    if created:
        async with db.transaction():
            await _populate(ctx)
    key = await tenancy.create_api_key(ctx, ts.ApiKeyCreate(name="demo", scopes=sorted(ALL)))
    return DemoInfo(
        tenant=SLUG, tenant_name="活力健身 Demo", created=created,
        staff=[{"username": u, "name": n, "role": r, "password": PASSWORD} for u, n, r in STAFF],
        api_key=key.key, members=len((await members.search_members(ctx, limit=200)).items),
        items=len(ITEMS),
    )


async def _populate(ctx) -> None:
    await tenancy.create_store(ctx, ts.StoreCreate(code="east", name="东区店", address="东三环 88 号"))
    ctx.store_id = (await tenancy.list_stores(ctx))[0].id
    for username, name, role in STAFF:
        await tenancy.create_staff(ctx, ts.StaffCreate(username=username, name=name, role=role, password=PASSWORD))
    categories = {}
    for code, name, name_en in CATEGORIES:
        categories[code] = (await catalog.create_category(ctx, cs.CategoryCreate(code=code, name=name, name_en=name_en))).id
    for sku, name, kind, price, category, card in ITEMS:
        data = {"sku": sku, "name": name, "kind": kind, "price_fen": price, "category_id": categories[category]}
        if card:
            data["card"] = card
        await catalog.create_item(ctx, msgspec.convert(data, cs.ItemCreate))
    rng = random.Random(2026)
    phones = rng.sample(range(10_000_000, 99_999_999), 50)
    for n, number in enumerate(phones):
        member = await members.register_member(ctx, ms.MemberCreate(
            phone=f"{rng.choice(MOBILE_PREFIXES)}{number}",
            name=rng.choice(SURNAMES) + rng.choice(GIVEN),
            gender=rng.choice(["male", "female", "unknown"]),
            source_channel=rng.choice(["flyer:zhang", "flyer:li", "walk-in", "referral"]),
            tags=rng.sample(TAGS, rng.randint(0, 3)),
        ))
        if n % 7 == 0:
            await members.add_note(ctx, member.id, ms.NoteCreate(body=rng.choice(
                ["周二周四晚上有空", "膝盖旧伤，避免深蹲", "目标：三个月减脂 5 公斤", "喜欢动感单车"])))
