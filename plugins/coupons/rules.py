"""The rules of coupons, kept pure: which templates are refused, a coupon's validity, what it
takes off an order, and why it cannot be used.

* Eligible lines: lines other plugins did not mark ``no_discount``, in the template's categories
  (all when none are named). The eligible amount is their amount at list price.
* ``cash``: ``value`` off, at most the eligible amount. ``threshold`` (满减): the same, once the
  eligible amount reaches ``min_spend``. ``percent``: ``eligible × percent / 100`` rounded down to
  the fen, at most ``max_off``. ``gift``: one unit of the gift item free. The discount is spread
  over the eligible lines in proportion (exact to the fen), so a refunded line gives back its share.
* Validity: from the store-local midnight of ``valid_from`` (or the issue) to the store-local
  midnight after ``valid_until``; with ``valid_days``, to the midnight ``valid_days`` days after
  the issue day (the issue day counts as the first).
* One coupon per order, unless every coupon on it is stackable.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from plugins.coupons.errors import CouponUnusable, InvalidTemplate
from sdk import allocate, yuan_text, zhe


def check(t: Any) -> None:
    """Refuse a template that contradicts itself."""
    need = {"cash": ("value_fen",), "threshold": ("value_fen", "min_spend_fen"), "percent": ("percent_off",),
            "gift": ("gift_item_id",)}[t.kind]
    missing = [f for f in need if getattr(t, f) is None]
    if missing:
        raise InvalidTemplate(reason_zh=f"请填写 {', '.join(missing)}", reason=f"{', '.join(missing)} is needed for {t.kind}")
    if t.kind == "threshold" and t.value_fen >= t.min_spend_fen:
        raise InvalidTemplate(reason_zh="满减的优惠金额必须低于门槛", reason="the discount must be below the threshold")
    if t.kind != "percent" and t.max_off_fen is not None:
        raise InvalidTemplate(reason_zh="封顶金额只用于折扣券", reason="a cap applies to a percent coupon only")
    if (t.valid_days is None) == (t.valid_until is None):
        raise InvalidTemplate(reason_zh="有效期请选一种：固定日期，或领取后 N 天",
                              reason="give either fixed dates or a number of days from issue")
    if t.valid_from is not None and t.valid_until is not None and t.valid_until < t.valid_from:
        raise InvalidTemplate(reason_zh="结束日期早于开始日期", reason="the period ends before it starts")


def validity(t: Any, issued_at: dt.datetime, zone: ZoneInfo) -> tuple[dt.datetime, dt.datetime]:
    """When a coupon of ``t`` issued at ``issued_at`` starts and stops working."""
    issue_day = issued_at.astimezone(zone).date()
    if t.valid_days is not None:
        return issued_at, _midnight(issue_day + dt.timedelta(days=t.valid_days), zone)
    starts = _midnight(t.valid_from, zone) if t.valid_from is not None and t.valid_from > issue_day else issued_at
    return starts, _midnight(t.valid_until + dt.timedelta(days=1), zone)


def issuable(t: Any, today: dt.date) -> bool:
    return bool(t.active) and (t.valid_until is None or today <= t.valid_until)


def discount(t: Any, lines: list[Any], channel: str, store_id: int) -> list[tuple[int, int]]:
    """What a coupon of ``t`` takes off an order: (line id, fen) pairs; ``CouponUnusable`` says why not."""
    if t.channel != "both" and t.channel != channel:
        raise CouponUnusable(reason_zh="仅限" + ("门店" if t.channel == "in_store" else "线上") + "使用",
                             reason=f"for {t.channel.replace('_', '-')} orders only")
    if t.store_ids and store_id not in t.store_ids:
        raise CouponUnusable(reason_zh="本店不可用", reason="not valid in this store")
    eligible = [ln for ln in lines if not ln.no_discount and ln.amount_fen > 0
                and (not t.category_ids or ln.category_id in t.category_ids)]
    amount = sum(ln.amount_fen for ln in eligible)
    if t.kind == "gift":
        gift = next((ln for ln in eligible if ln.item_id == t.gift_item_id), None)
        if gift is None:
            raise CouponUnusable(reason_zh="订单中没有赠品商品", reason="the gift item is not in the order")
        return [(gift.id, min(gift.unit_price_fen, gift.amount_fen))]
    if amount == 0:
        raise CouponUnusable(reason_zh="订单中没有可用券的商品", reason="no item in the order takes this coupon")
    if t.kind == "threshold" and amount < t.min_spend_fen:
        raise CouponUnusable(reason_zh=f"未满 {yuan_text(t.min_spend_fen)} 元（可用金额 {yuan_text(amount)} 元）",
                             reason=f"below ¥{yuan_text(t.min_spend_fen)} (eligible ¥{yuan_text(amount)})")
    if t.kind == "percent":
        off = amount * t.percent_off // 100
        off = off if t.max_off_fen is None else min(off, t.max_off_fen)
    else:
        off = min(t.value_fen, amount)
    shares = allocate(off, [ln.amount_fen for ln in eligible])
    return [(ln.id, share) for ln, share in zip(eligible, shares, strict=True) if share]


def describe(t: Any) -> tuple[str, str]:
    """满 100 减 20 / ¥20 off ¥100: what a member reads."""
    if t.kind == "cash":
        return f"{yuan_text(t.value_fen)} 元代金券", f"¥{yuan_text(t.value_fen)} off"
    if t.kind == "threshold":
        return f"满 {yuan_text(t.min_spend_fen)} 减 {yuan_text(t.value_fen)}", f"¥{yuan_text(t.value_fen)} off ¥{yuan_text(t.min_spend_fen)}"
    if t.kind == "percent":
        zh, en = f"{zhe(100 - t.percent_off)}券", f"{t.percent_off}% off"
        if t.max_off_fen is not None:
            zh, en = f"{zh}（最多减 {yuan_text(t.max_off_fen)} 元）", f"{en} (at most ¥{yuan_text(t.max_off_fen)})"
        return zh, en
    return "赠品券", "Free item"


def _midnight(day: dt.date, zone: ZoneInfo) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), zone).astimezone(dt.UTC)
