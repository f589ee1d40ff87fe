"""coupons (优惠券): cash, percent, 满减 and gift coupons; welcome pack, coupon center, pushes,
birthdays and other plugins' issues; used on an order through pricing, once, and given back by a
full refund while still valid.

The rules are in ``rules.py`` (templates, validity, the discount); ``service.py`` issues under
guarded stock and per-member counters, puts coupons on orders, uses them on payment (one guarded
UPDATE: the same coupon at two tills pays once) and gives them back.
"""

from __future__ import annotations

from plugins.coupons.schemas import CouponsSettings
from sdk import Plugin

plugin = Plugin(
    name="coupons",
    title="优惠券",
    title_en="Coupons",
    version="1.0.0",
    description="代金券、折扣券、满减券、赠品券；进店有礼、领券中心、定向发券、生日券；收银核销，全额退款退券",
    description_en="Cash, percent, threshold and gift coupons; welcome pack, coupon center, pushes and birthday "
                   "coupons; redeemed at checkout, given back on a full refund",
    industries=("gym", "salon", "beauty", "school", "pet", "spa", "retail", "restaurant", "convenience"),
    settings=CouponsSettings,
    tables="plugins.coupons.piccolo_app:APP_CONFIG",
    hookspecs="plugins.coupons.hookspecs",
    routes="plugins.coupons.api:ROUTES",
    console="plugins.coupons.console:PAGES",
    member_pages="plugins.coupons.member:PAGES",
)
