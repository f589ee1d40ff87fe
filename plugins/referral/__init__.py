"""referral (全民推广/分销): members, staff and partner businesses as promoters, with a share code,
link and QR poster; a new member registering through the link is bound to the promoter (first
touch); commission on the bound member's orders at one or two levels, pending through the refund
window, then available, reversed in proportion on refunds; payouts as stored value or recorded cash.

Binding rules are in ``binding.py``, rates in ``rules.py``, earning, maturing and reversing in
``commission.py``, the ledger entries in ``ledger.py``, payouts in ``payouts.py``.
"""

from __future__ import annotations

from plugins.referral.schemas import ReferralSettings
from sdk import Plugin

plugin = Plugin(
    name="referral",
    title="全民推广",
    title_en="Referral",
    version="1.0.0",
    description="会员、员工和合作商家做推广员：推广码、链接和二维码海报；新会员经链接注册即绑定；"
                "按商品或分类计一级、二级佣金，退款期满可结算，退款按比例冲回；结算为储值或现金",
    description_en="Members, staff and partner businesses as promoters with a share code, link and QR poster; "
                   "members registering through the link are bound; one- or two-level commission by item or "
                   "category, available after the refund window, reversed on refunds; paid as stored value or cash",
    industries=("gym", "salon", "beauty", "school", "pet", "spa", "retail", "restaurant", "convenience"),
    settings=ReferralSettings,
    tables="plugins.referral.piccolo_app:APP_CONFIG",
    routes="plugins.referral.api_me:ROUTES",
    console="plugins.referral.console:PAGES",
    member_pages="plugins.referral.member:PAGES",
)
