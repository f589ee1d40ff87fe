"""points_mall (积分商城): members exchange points (plus an optional cash part) for goods, services
and coupons; picked up at a store with a code, delivered, or issued at once.

Rewards and their rules are in ``rewards.py``; ``exchange.py`` turns an exchange into a kernel
order paid with points (its module docstring explains the design: the ``points_mall`` tender,
guarded stock and per-member counters in the payment's transaction, refunds through the kernel);
``fulfilment.py`` verifies pickups, ships, delivers and cancels.
"""

from __future__ import annotations

from plugins.points_mall.schemas import PointsMallSettings
from sdk import Plugin

plugin = Plugin(
    name="points_mall",
    title="积分商城",
    title_en="Points mall",
    version="1.0.0",
    description="积分（可加现金）兑换商品、服务和优惠券；到店自提核销、邮寄到家或即时发券；限量、限兑、可退款",
    description_en="Exchange points (plus optional cash) for goods, services and coupons; pickup with a code, "
                   "delivery or a coupon at once; limited stock and per-member limits; refundable",
    requires=("points",),
    industries=("gym", "salon", "beauty", "school", "pet", "spa", "retail", "restaurant", "convenience"),
    settings=PointsMallSettings,
    tables="plugins.points_mall.piccolo_app:APP_CONFIG",
    routes="plugins.points_mall.api:ROUTES",
    console="plugins.points_mall.console:PAGES",
    member_pages="plugins.points_mall.member:PAGES",
)
