"""Coupons kept: templates, issuing (stock and per-member limits under guarded updates), putting a
coupon on an open order, using it when the order is paid, giving it back on a full refund, expiry.

A coupon is used by the payment of the order it is on: ``order_paid`` flips it from available to
used with one guarded UPDATE, so the same coupon on two orders at two tills pays one of them; the
other payment is refused whole (nothing paid) and its till takes the coupon off. Issuing takes one
from the stock and one from the member's allowance, each with a guarded UPDATE; a refused member
gives the stock back in the same transaction.
"""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

import msgspec
from piccolo.custom_types import Combinable

from plugins.coupons import rules
from plugins.coupons.errors import (
    CouponAlreadyUsed,
    CouponUnusable,
    InvalidTemplate,
    LimitReached,
    NotIssuable,
    OutOfStock,
    TermsFixed,
)
from plugins.coupons.schemas import CenterOffer, CouponOut, PushIn, PushOut, TemplateIn, TemplateOut, TemplateStats
from plugins.coupons.tables import Coupon, CouponAttachment, CouponCount, CouponTemplate
from sdk import (
    Adjustment,
    Context,
    IssuedCoupon,
    NotFound,
    Order,
    birthday_member_ids,
    load_member,
    load_order,
    mark_order,
    reprice_order,
    search_members,
)
from sdk.db import delete, get, insert, select, transaction, update

PLUGIN = "coupons"
ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read aloud and typed at a till
ISSUE_KEY_LENGTH = 120  # cp_coupon.issue_key
CODE_LENGTH = 12  # 32^12 ≈ 10^18: not guessable, short enough to type


# --- templates ----------------------------------------------------------------------------------


def template_out(row: dict[str, Any]) -> TemplateOut:
    values = {f: row[f] for f in TemplateOut.__struct_fields__ if f in row}
    values["category_ids"] = msgspec.json.decode(row["category_ids_json"])
    values["store_ids"] = msgspec.json.decode(row["store_ids_json"])
    t = msgspec.convert({**values, "description": "", "description_en": ""}, TemplateOut)
    zh, en = rules.describe(t)
    return msgspec.structs.replace(t, description=zh, description_en=en)


def _columns(data: TemplateIn) -> dict[str, Any]:
    values = msgspec.structs.asdict(data)
    values["category_ids_json"] = msgspec.json.encode(values.pop("category_ids")).decode()
    values["store_ids_json"] = msgspec.json.encode(values.pop("store_ids")).decode()
    return values


async def list_templates(ctx: Context) -> list[TemplateOut]:
    rows = await select(ctx, CouponTemplate).order_by(CouponTemplate.id, ascending=False)
    return [template_out(r) for r in rows]


async def get_template(ctx: Context, template_id: int) -> TemplateOut:
    return template_out(await get(ctx, CouponTemplate, template_id, "coupon template"))


async def create_template(ctx: Context, data: TemplateIn) -> TemplateOut:
    ctx.require("plugins.manage")
    rules.check(data)
    row = await insert(ctx, CouponTemplate, **_columns(data), issued=0, created_at=ctx.now())
    return template_out(row)


# What a coupon in a member's hands promises: once one is issued these stay as they were (a new
# template is the way to offer other terms). Dates of issued coupons are kept on the coupons.
TERMS = ("kind", "value_fen", "percent_off", "max_off_fen", "min_spend_fen", "gift_item_id", "channel",
         "category_ids", "store_ids", "stackable")


async def update_template(ctx: Context, template_id: int, data: TemplateIn) -> TemplateOut:
    """Change a template: its name, stock, dates for new issues and where it is offered at any
    time; its terms (``TERMS``) only until the first coupon is issued."""
    ctx.require("plugins.manage")
    rules.check(data)
    async with transaction():
        current = await get(ctx, CouponTemplate, template_id, "coupon template")
        before = template_out(current)
        changed = [f for f in TERMS if getattr(before, f) != getattr(data, f)]
        if current["issued"] and changed:
            raise TermsFixed(name=current["name"], issued=current["issued"], fields=", ".join(changed))
        if data.stock is not None and data.stock < current["issued"]:
            raise InvalidTemplate(reason_zh=f"已发出 {current['issued']} 张，库存不能更少",
                                  reason=f"{current['issued']} are issued already; the stock cannot be lower")
        values = {getattr(CouponTemplate, k): v for k, v in _columns(data).items()}
        await update(ctx, CouponTemplate, values).where(CouponTemplate.id == template_id)
    return await get_template(ctx, template_id)


# --- issuing ------------------------------------------------------------------------------------


def _coupon_out(row: dict[str, Any], template: TemplateOut) -> CouponOut:
    return CouponOut(id=row["id"], template_id=row["template_id"], member_id=row["member_id"], code=row["code"],
                     name=template.name, description=template.description, description_en=template.description_en,
                     status=row["status"], source=row["source"], starts_at=row["starts_at"],
                     expires_at=row["expires_at"], order_id=row["order_id"], discount_fen=row["discount_fen"],
                     created_at=row["created_at"])


async def issue(ctx: Context, template_id: int, member_id: int, source: str, issue_key: str | None = None,
                limited: bool = True) -> CouponOut:
    """Issue one coupon: one from the stock, one from the member's allowance (unless ``limited``
    is off: a birthday coupon, once a year by its key). An ``issue_key`` issued before returns
    that coupon again."""
    template = await get_template(ctx, template_id)
    await load_member(ctx, member_id)
    if issue_key is not None:
        done = await select(ctx, Coupon).where(Coupon.issue_key == issue_key).first()
        if done is not None:
            return _coupon_out(done, template)
    if not rules.issuable(template, ctx.local_today()):
        raise NotIssuable(name=template.name)
    async with transaction():
        stock: Combinable = CouponTemplate.id == template_id
        if template.stock is not None:
            stock &= CouponTemplate.issued < template.stock
        if not await update(ctx, CouponTemplate, {CouponTemplate.issued: CouponTemplate.issued + 1}).where(
                stock).returning(CouponTemplate.id):
            raise OutOfStock(name=template.name)
        if limited and template.per_member_limit is not None and not await _take_allowance(ctx, template, member_id):
            await update(ctx, CouponTemplate, {CouponTemplate.issued: CouponTemplate.issued - 1}).where(
                CouponTemplate.id == template_id)  # the stock taken above goes back
            raise LimitReached(name=template.name, limit=template.per_member_limit)
        now = ctx.now()
        starts, expires = rules.validity(template, now, ctx.tenant.zone)
        # ON CONFLICT rather than catching the error: a failed INSERT would abort the caller's
        # transaction on PostgreSQL. Nothing comes back when the same key was issued meanwhile.
        made = await Coupon.insert(Coupon(
            tenant_id=ctx.tenant_id, template_id=template_id, member_id=member_id, code=_new_code(),
            status="available", source=source, issue_key=issue_key, starts_at=starts, expires_at=expires,
            discount_fen=0, order_total_fen=0, created_at=now,
        )).on_conflict(action="DO NOTHING").returning(*Coupon.all_columns())
        if not made:
            return await _issued_meanwhile(ctx, template, member_id, issue_key, limited)
    return _coupon_out(made[0], template)


async def _issued_meanwhile(ctx: Context, template: TemplateOut, member_id: int, issue_key: str | None,
                            limited: bool) -> CouponOut:
    """A simultaneous issue with the same key won: give back the stock and allowance this one took
    and answer with that coupon."""
    await update(ctx, CouponTemplate, {CouponTemplate.issued: CouponTemplate.issued - 1}).where(
        CouponTemplate.id == template.id)
    if limited and template.per_member_limit is not None:
        await update(ctx, CouponCount, {CouponCount.issued: CouponCount.issued - 1}).where(
            (CouponCount.template_id == template.id) & (CouponCount.member_id == member_id))
    done = await select(ctx, Coupon).where(Coupon.issue_key == issue_key).first() if issue_key else None
    if done is None:  # not the key: twelve random characters met an existing code (about never)
        raise RuntimeError("coupon code collision; issue again")
    return _coupon_out(done, template)


async def _take_allowance(ctx: Context, template: TemplateOut, member_id: int) -> bool:
    await CouponCount.insert(CouponCount(tenant_id=ctx.tenant_id, template_id=template.id, member_id=member_id,
                                         issued=0)).on_conflict(action="DO NOTHING")
    return bool(await update(ctx, CouponCount, {CouponCount.issued: CouponCount.issued + 1}).where(
        (CouponCount.template_id == template.id) & (CouponCount.member_id == member_id)
        & (CouponCount.issued < template.per_member_limit)).returning(CouponCount.id))


def _new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


async def claim(ctx: Context, member_id: int, template_id: int, claim_key: str | None = None) -> CouponOut:
    """领券中心: a member takes a coupon of a claimable template. A ``claim_key`` claimed before
    (a member page's form posted twice) answers with that coupon and takes nothing more."""
    template = await get_template(ctx, template_id)
    if not template.claimable:
        raise NotFound(resource="coupon template", id=template_id)
    issue_key = f"claim:{member_id}:{template_id}:{claim_key}" if claim_key else None
    return await issue(ctx, template_id, member_id, "claim", issue_key=issue_key)


async def center(ctx: Context, member_id: int) -> list[CenterOffer]:
    today = ctx.local_today()
    counts = {r["template_id"]: r["issued"] for r in await select(ctx, CouponCount).where(CouponCount.member_id == member_id)}
    offers = []
    for t in await list_templates(ctx):
        if not t.claimable or not rules.issuable(t, today):
            continue
        left = None if t.stock is None else max(t.stock - t.issued, 0)
        allowed = t.per_member_limit is None or counts.get(t.id, 0) < t.per_member_limit
        offers.append(CenterOffer(template=t, left=left, can_claim=allowed and left != 0))
    return offers


async def push(ctx: Context, template_id: int, data: PushIn) -> PushOut:
    """A manager sends a template to members (a list, or a tag and/or level); each is issued on its
    own, and a member over the limit or past the stock is skipped."""
    ctx.require("plugins.manage")
    await get_template(ctx, template_id)
    member_ids = list(dict.fromkeys(data.member_ids))
    if data.tag is not None or data.level is not None:
        cursor = None
        while True:
            page = await search_members(ctx, tag=data.tag, level=data.level, cursor=cursor, limit=200)
            member_ids += [m.id for m in page.items if m.id not in member_ids]
            cursor = page.next_cursor
            if cursor is None:
                break
    issued = skipped = 0
    for member_id in member_ids:
        try:
            await issue(ctx, template_id, member_id, "push")
            issued += 1
        except (OutOfStock, LimitReached, NotIssuable, NotFound):
            skipped += 1
    return PushOut(issued=issued, skipped=skipped)


async def member_coupons(ctx: Context, member_id: int, status: str | None = None) -> list[CouponOut]:
    await load_member(ctx, member_id)
    query = select(ctx, Coupon).where(Coupon.member_id == member_id)
    if status is not None:
        query = query.where(Coupon.status == status)
    rows = await query.order_by(Coupon.id, ascending=False)
    templates = {t.id: t for t in await list_templates(ctx)}
    return [_coupon_out(r, templates[r["template_id"]]) for r in rows]


async def welcome(ctx: Context, member_id: int) -> None:
    """进店有礼: every active welcome template, once per member; one run out is skipped."""
    for t in await list_templates(ctx):
        if t.welcome and rules.issuable(t, ctx.local_today()):
            try:
                await issue(ctx, t.id, member_id, "welcome", issue_key=f"welcome:{t.id}:{member_id}")
            except (OutOfStock, LimitReached):
                continue


async def birthdays(ctx: Context, day: Any) -> None:
    """生日礼: every active birthday template to the members born on ``day``, once a year each."""
    templates = [t for t in await list_templates(ctx) if t.birthday and rules.issuable(t, day)]
    if not templates:
        return
    for member_id in await birthday_member_ids(ctx, day):
        for t in templates:
            try:
                await issue(ctx, t.id, member_id, "birthday", issue_key=f"birthday:{t.id}:{member_id}:{day.year}",
                            limited=False)
            except OutOfStock:
                continue


async def expire(ctx: Context) -> None:
    """The daily job: coupons past their validity are marked expired."""
    await update(ctx, Coupon, {Coupon.status: "expired"}).where(
        (Coupon.status == "available") & (Coupon.expires_at <= ctx.now()))


# --- on an order --------------------------------------------------------------------------------


async def _by_code(ctx: Context, code: str) -> dict[str, Any]:
    row = await select(ctx, Coupon).where(Coupon.code == code.strip().upper()).first()
    if row is None:
        raise NotFound(resource="coupon", zh=f"没有券码为 {code} 的优惠券", en=f"No coupon with code {code}")
    return row


def _usable_now(ctx: Context, row: dict[str, Any]) -> None:
    now = ctx.now()
    if row["status"] == "used":
        raise CouponUnusable(reason_zh="已使用", reason="it was used")
    if row["status"] != "available" or now >= row["expires_at"]:
        raise CouponUnusable(reason_zh="已过期", reason="it has expired")
    if now < row["starts_at"]:
        raise CouponUnusable(reason_zh="还未到使用时间", reason="it is not valid yet")


async def attach(ctx: Context, order_id: int, code: str, member_id: int | None = None) -> Order:
    """Put a coupon on an open order and price it again; refused with the reason when it cannot
    be used there. ``member_id``: the member's app, which may only use its own orders and coupons."""
    if member_id is None:
        ctx.require("orders.write")
    async with transaction():
        order = await load_order(ctx, order_id)
        row = await _by_code(ctx, code)
        if member_id is not None and (row["member_id"] != member_id or order.member_id != member_id):
            raise NotFound(resource="coupon", zh=f"没有券码为 {code} 的优惠券", en=f"No coupon with code {code}")
        if order.member_id != row["member_id"]:
            raise CouponUnusable(reason_zh="不是本单会员的券", reason="it belongs to another member")
        _usable_now(ctx, row)
        template = await get_template(ctx, row["template_id"])
        rules.discount(template, order.lines, order.channel, order.store_id)
        on_order = await _attached(ctx, order_id)
        if row["id"] in {c["id"] for c, _ in on_order}:
            return order
        if on_order and not (template.stackable and all(t.stackable for _, t in on_order)):
            raise CouponUnusable(reason_zh="每单限用一张（该券不可叠加）", reason="one coupon per order (not stackable)")
        await insert(ctx, CouponAttachment, order_id=order_id, coupon_id=row["id"])
        await mark_order(ctx, order, PLUGIN)  # from now on the order's hooks reach this plugin
        return await reprice_order(ctx, order_id)


async def detach(ctx: Context, order_id: int, code: str | None) -> Order:
    ctx.require("orders.write")
    async with transaction():
        await load_order(ctx, order_id)
        which = CouponAttachment.order_id == order_id
        if code is not None:
            which &= CouponAttachment.coupon_id == (await _by_code(ctx, code))["id"]
        await delete(ctx, CouponAttachment).where(which)
        return await reprice_order(ctx, order_id)


async def _attached(ctx: Context, order_id: int) -> list[tuple[dict[str, Any], TemplateOut]]:
    links = await select(ctx, CouponAttachment, CouponAttachment.coupon_id).where(CouponAttachment.order_id == order_id)
    if not links:
        return []
    rows = await select(ctx, Coupon).where(Coupon.id.is_in([link["coupon_id"] for link in links]))
    return [(r, await get_template(ctx, r["template_id"])) for r in sorted(rows, key=lambda r: r["id"])]


async def adjustments(ctx: Context, order: Order) -> list[Adjustment]:
    """``order_priced``: each coupon on the order that can still be used, spread over its lines;
    one coupon per order unless all are stackable (attached first wins, even if two tills attached
    at once)."""
    out = []
    taken: list[TemplateOut] = []
    for row, template in await _attached(ctx, order.id):
        if taken and not (template.stackable and all(t.stackable for t in taken)):
            continue
        try:
            _usable_now(ctx, row)
            shares = rules.discount(template, order.lines, order.channel, order.store_id)
        except CouponUnusable:
            continue  # the order changed, or the coupon lapsed: it simply takes nothing now
        taken.append(template)
        out += [Adjustment(source=PLUGIN, amount_fen=fen, reason=template.name or template.description,
                           reason_en=template.description_en, line_id=line_id, reference=row["code"])
                for line_id, fen in shares]
    return out


async def use(ctx: Context, order: Order) -> None:
    """``order_paid``: the coupons the order's price used are used, each once whatever the tills do."""
    discounts: dict[str, int] = {}
    for adj in order.adjustments:
        if adj.source == PLUGIN:
            discounts[adj.reference] = discounts.get(adj.reference, 0) + adj.amount_fen
    for code, fen in discounts.items():
        used = await update(ctx, Coupon, {
            Coupon.status: "used", Coupon.order_id: order.id, Coupon.used_at: ctx.now(),
            Coupon.discount_fen: fen, Coupon.order_total_fen: order.total_fen,
        }).where((Coupon.code == code) & (Coupon.status == "available") & (Coupon.expires_at > ctx.now())
                 ).returning(Coupon.id)
        if not used:
            raise CouponAlreadyUsed(code=code)
        await delete(ctx, CouponAttachment).where(CouponAttachment.coupon_id == used[0]["id"])


async def restore(ctx: Context, order: Order) -> None:
    """``order_refunded``: refunded in full, the order gives back the coupons it used that are still
    valid; a partial refund keeps them used (its lines already gave back their share of the discount)."""
    if order.refunded_fen < order.paid_fen:
        return
    await update(ctx, Coupon, {Coupon.status: "available", Coupon.order_id: None, Coupon.used_at: None,
                               Coupon.discount_fen: 0, Coupon.order_total_fen: 0}).where(
        (Coupon.order_id == order.id) & (Coupon.status == "used") & (Coupon.expires_at > ctx.now()))


async def scanned(ctx: Context, order: Order, code: str) -> bool | None:
    """``checkout_code_scanned``: a coupon code read at the till goes on the order."""
    if await select(ctx, Coupon, Coupon.id).where(Coupon.code == code.strip().upper()).first() is None:
        return None
    await attach(ctx, order.id, code)
    return True


async def stats(ctx: Context, template_id: int) -> TemplateStats:
    template = await get_template(ctx, template_id)
    rows = await select(ctx, Coupon, Coupon.status, Coupon.discount_fen, Coupon.order_total_fen).where(
        Coupon.template_id == template_id)
    used = [r for r in rows if r["status"] == "used"]
    return TemplateStats(template_id=template_id, issued=template.issued, redeemed=len(used),
                         expired=sum(1 for r in rows if r["status"] == "expired"),
                         discount_fen=sum(r["discount_fen"] for r in used),
                         sales_fen=sum(r["order_total_fen"] for r in used))


async def sdk_issue(ctx: Context, member_id: int, template_id: int, source: str, idempotency_key: str) -> IssuedCoupon:
    """``coupon_issue``: another plugin's coupon (签到, 积分商城), once per its key."""
    key = f"sdk:{source}:{idempotency_key}"
    if len(key) > ISSUE_KEY_LENGTH:  # a long key is kept as its digest: still once per key
        key = f"sdk:{source[:40]}:{hashlib.sha256(idempotency_key.encode()).hexdigest()}"
    coupon = await issue(ctx, template_id, member_id, f"sdk:{source}"[:60], issue_key=key)
    return msgspec.convert(coupon, IssuedCoupon, from_attributes=True)



SAMPLE_TEMPLATES = [
    TemplateIn(name="新人满100减20", name_en="New member: ¥20 off ¥100", kind="threshold", value_fen=2_000,
               min_spend_fen=10_000, valid_days=30, welcome=True),
    TemplateIn(name="10元代金券", name_en="¥10 off", kind="cash", value_fen=1_000, valid_days=7, stock=100,
               claimable=True),
]


async def add_sample_templates(ctx: Context) -> None:
    """The demo store's coupons: a welcome 满减 and a ¥10 coupon in the center."""
    for data in SAMPLE_TEMPLATES:
        await create_template(ctx, data)
