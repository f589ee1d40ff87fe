"""The demo gym (活力健身 Demo) that ``mendian demo`` creates: two stores, four staff accounts,
an API key, fifty members with tags and notes, goods, lessons and cards.

Everything goes through the services, in one transaction, so the demo obeys the same rules as
real data and is never left half made. The members come from a seeded random: every demo is the
same. Run again, it changes nothing and prints the same sign-in details: the demo's API key is
kept readable in the data folder (``demo_api_key``, mode 0600), because the database keeps only
its hash. That is acceptable for a demo's key and for nothing else.
"""

from __future__ import annotations

import datetime as dt
import os
import random
from pathlib import Path

import msgspec

from core import db
from core.catalog import schemas as cs
from core.catalog import service as catalog
from core.clock import Clock
from core.context import Context
from core.contexts import context_for
from core.errors import Unauthenticated
from core.extensions.manager import PluginManager
from core.members import schemas as ms
from core.members import service as members
from core.members.tables import Member
from core.settings import get_settings
from core.tenancy import schemas as ts
from core.tenancy import service as tenancy
from core.tenancy.permissions import ALL
from core.tenancy.tables import Tenant

SLUG = "demo-gym"
NAME = "活力健身 Demo"
SEED = 2026
PASSWORD = "mendian-demo-2026"  # printed for anyone to read: a demo's password, never a real one
KEY_FILE = "demo_api_key"
MEMBERS = 50

# code, name, address, phone, opening hours; the first store (总店) comes with the tenant and gets MAIN_STORE
STORES = [("east", "东区店", "东三环中路 88 号", "010-6501 2288", "周一至周日 06:00–23:00")]
MAIN_STORE = ts.StoreUpdate(address="建国路 1 号", phone="010-6500 0001", opening_hours="周一至周五 07:00–22:00，周末 09:00–21:00")
STAFF = [  # username, name, role
    ("owner", "王店主", "owner"),
    ("manager", "李店长", "manager"),
    ("cashier", "赵前台", "cashier"),
    ("coach", "陈教练", "staff"),  # coaches have no role of their own: they are staff
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
GIVEN = {
    "male": ["伟", "磊", "洋", "勇", "军", "杰", "涛", "明", "超", "刚", "浩然", "子轩"],
    "female": ["芳", "娜", "敏", "静", "艳", "娟", "霞", "婷", "雪", "丽", "欣怡", "雨桐"],
}
MOBILE_PREFIXES = ["135", "136", "138", "139", "150", "158", "177", "186", "188", "199"]
TAGS = ["增肌", "减脂", "塑形", "夜间", "周末", "早鸟", "高危流失"]
CHANNELS = ["flyer:zhang", "flyer:li", "walk-in", "meituan", "referral"]
NOTES = ["周二、周四晚上有空", "膝盖旧伤，避免深蹲", "目标：三个月减脂 5 公斤", "喜欢动感单车", "想约女教练"]
# Switched on in the demo when installed, in this order (points before the plugins that give points).
MARKETING = ("stored_value", "points", "levels", "coupons", "sign_in", "points_mall", "referral", "flash_sale", "bargain", "group_buy")
CATEGORIES = [("drinks", "饮品", "Drinks"), ("personal-training", "私教", "Personal training"),
              ("group-classes", "团课", "Group classes"), ("cards", "卡项", "Cards")]
ITEMS = [  # sku, name, kind, price in fen, category code, card terms (a scope names SKUs and category codes)
    ("water", "矿泉水", "goods", 300, "drinks", None),
    ("protein-bar", "蛋白棒", "goods", 1_500, "drinks", None),
    ("pt-session", "私教课（单次）", "service", 30_000, "personal-training", None),
    ("group-class", "团课（单次）", "service", 6_000, "group-classes", None),
    ("pt-card-10", "私教卡 10 次", "card", 280_000, "cards",
     {"card_type": "sessions", "sessions": 10, "covers_item_ids": ["pt-session"]}),
    ("group-card-20", "团课卡 20 次", "card", 100_000, "cards",
     {"card_type": "sessions", "sessions": 20, "covers_category_ids": ["group-classes"]}),
    ("year-card", "年卡", "card", 198_000, "cards", {"card_type": "time", "valid_days": 365}),
]


class DemoStaff(msgspec.Struct):
    username: str
    name: str
    role: str
    password: str


class DemoInfo(msgspec.Struct):
    """What ``mendian demo`` prints: how to sign in to the demo."""

    tenant: str
    tenant_name: str
    created: bool  # False when the demo was already there and left as it was
    stores: list[str]
    staff: list[DemoStaff]
    api_key: str
    members: int
    items: int


async def seed_demo(manager: PluginManager, clock: Clock) -> DemoInfo:
    """Create the demo gym unless it exists; either way, return how to sign in to it."""
    row = await Tenant.select(Tenant.id).where(Tenant.slug == SLUG).first()
    created = row is None
    if created:
        async with db.transaction():
            tenant = await tenancy.create_tenant(ts.TenantCreate(slug=SLUG, name=NAME, industry="gym"), clock)
            ctx = await context_for(tenant.id, manager, clock)
            await _populate(ctx)
    else:
        ctx = await context_for(row["id"], manager, clock)
    return DemoInfo(
        tenant=SLUG, tenant_name=ctx.tenant.name, created=created,
        stores=[store.name for store in await tenancy.list_stores(ctx)],
        staff=[DemoStaff(username=u, name=n, role=r, password=PASSWORD) for u, n, r in STAFF],
        api_key=await _api_key(ctx, fresh=created),
        members=await Member.count().where((Member.tenant_id == ctx.tenant_id) & Member.deleted_at.is_null()),
        items=len(ITEMS),
    )


async def _api_key(ctx: Context, fresh: bool) -> str:
    """The key kept in the data folder while it still works for the demo; else a new one."""
    path = get_settings().home / KEY_FILE
    if not fresh and path.exists():
        key = path.read_text().strip()
        try:
            tenant_id = (await tenancy.authenticate(key, ctx.clock)).tenant_id
        except Unauthenticated:
            tenant_id = None
        if tenant_id == ctx.tenant_id:
            return key
    key = (await tenancy.create_api_key(ctx, ts.ApiKeyCreate(name="demo", scopes=sorted(ALL)))).key
    _write_private(path, key)
    return key


def _write_private(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(text)


async def _populate(ctx: Context) -> None:
    await tenancy.update_store(ctx, (await tenancy.list_stores(ctx))[0].id, MAIN_STORE)
    for code, name, address, phone, hours in STORES:
        await tenancy.create_store(ctx, ts.StoreCreate(code=code, name=name, address=address, phone=phone,
                                                       opening_hours=hours))
    store_ids = [store.id for store in await tenancy.list_stores(ctx)]
    for username, name, role in STAFF:
        await tenancy.create_staff(ctx, ts.StaffCreate(username=username, name=name, role=role, password=PASSWORD))
    await _add_catalog(ctx)
    await _add_members(ctx, store_ids, random.Random(SEED))
    await _sell_a_card(ctx, store_ids[0])
    await _start_marketing(ctx)


async def _sell_a_card(ctx: Context, store_id: int) -> None:
    """The demo gym runs the cards plugin (次卡): its first member holds a group-class card, paid in cash."""
    from core.catalog.tables import Item
    from core.extensions.service import enable_plugin
    from core.orders import schemas as order_schemas
    from core.orders.payment import pay_order
    from core.orders.service import create_order

    if "cards" not in ctx.hooks.manager.installed:
        return
    await enable_plugin(ctx, "cards")
    ctx = await context_for(ctx.tenant_id, ctx.hooks.manager, ctx.clock)  # the hooks now include cards
    item = await Item.select(Item.id, Item.price_fen).where(
        (Item.tenant_id == ctx.tenant_id) & (Item.sku == "group-card-20")).first()
    member = await Member.select(Member.id).where(Member.tenant_id == ctx.tenant_id).order_by(Member.id).first()
    order = await create_order(ctx, order_schemas.OrderCreate(
        store_id=store_id, member_id=member["id"], lines=[order_schemas.LineIn(item_id=item["id"])]))
    cash = order_schemas.TenderIn(kind="cash", amount_fen=item["price_fen"])
    await pay_order(ctx, order.id, order_schemas.PayRequest(tenders=[cash]))


async def _start_marketing(ctx: Context) -> None:
    """The demo gym runs its loyalty and marketing tools; each plugin adds its sample rules (demo_store_created)."""
    from core.extensions.service import enable_plugin

    for name in MARKETING:
        if name in ctx.hooks.manager.installed:
            await enable_plugin(ctx, name)
    ctx = await context_for(ctx.tenant_id, ctx.hooks.manager, ctx.clock)  # the hooks now include them
    await ctx.hooks.demo_store_created(ctx=ctx)


async def _add_catalog(ctx: Context) -> None:
    category_ids = {}
    for code, name, name_en in CATEGORIES:
        category = await catalog.create_category(ctx, cs.CategoryCreate(code=code, name=name, name_en=name_en))
        category_ids[code] = category.id
    item_ids: dict[str, int] = {}
    for sku, name, kind, price_fen, category, card in ITEMS:
        if card is not None:  # a card's scope is written with SKUs and category codes; the catalog takes ids
            card = {**card, "covers_item_ids": [item_ids[s] for s in card.get("covers_item_ids", [])],
                    "covers_category_ids": [category_ids[c] for c in card.get("covers_category_ids", [])]}
        data = {"sku": sku, "name": name, "kind": kind, "price_fen": price_fen, "category_id": category_ids[category],
                "unit": "次" if kind == "service" else "张" if kind == "card" else "件", "card": card}
        item_ids[sku] = (await catalog.create_item(ctx, msgspec.convert(data, cs.ItemCreate))).id


async def _add_members(ctx: Context, store_ids: list[int], rng: random.Random) -> None:
    # Distinct eight-digit tails make every number distinct whatever prefix it gets.
    tails = rng.sample(range(10_000_000, 100_000_000), MEMBERS)
    member_ids: list[int] = []
    for n, tail in enumerate(tails):
        gender = rng.choice(["male", "female"])
        channel = rng.choice(CHANNELS)
        referrer = rng.choice(member_ids) if channel == "referral" and member_ids else None
        member = await members.register_member(ctx, ms.MemberCreate(
            phone=f"{rng.choice(MOBILE_PREFIXES)}{tail}",
            name=rng.choice(SURNAMES) + rng.choice(GIVEN[gender]),
            gender=gender,
            birthday=dt.date(rng.randint(1970, 2005), rng.randint(1, 12), rng.randint(1, 28)) if n % 3 else None,
            source_channel=channel,
            referrer_member_id=referrer,
            home_store_id=rng.choice(store_ids),
            tags=rng.sample(TAGS, rng.randint(0, 3)),
        ))
        member_ids.append(member.id)
        if n % 6 == 0:
            await members.add_note(ctx, member.id, ms.NoteCreate(body=rng.choice(NOTES)))
