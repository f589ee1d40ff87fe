"""stored_value (储值充就送): top-up bonus tiers — 充 1000 送 200, or a percentage with a cap.

The kernel keeps stored value (principal and bonus apart), the top-up and its refund; this
plugin decides the bonus (``stored_value_bonus``) by the rules in ``rules.py``, records each grant
and the member's use of a tier (``member_topped_up``), and gives the use back when the top-up is
refunded (``top_up_refunded``; the kernel removes the unspent bonus). Members see the current
offers (``GET /me/stored-value/offers``); the console has the tiers at /console/p/stored_value.
"""

from __future__ import annotations

from plugins.stored_value.schemas import StoredValueSettings
from sdk import Plugin

plugin = Plugin(
    name="stored_value",
    title="储值充就送",
    title_en="Top-up bonuses",
    version="1.0.0",
    description="充值送赠送金：按金额分档或按比例封顶，限时、每人限次，会员端展示活动，退款扣回未用赠送金",
    description_en="Top-up bonuses by tier or percentage with a cap, for a period and limited per member; "
                   "members see the offers; a refund removes the unspent bonus",
    industries=("gym", "salon", "beauty", "school", "pet", "spa", "retail", "restaurant", "convenience"),
    settings=StoredValueSettings,
    tables="plugins.stored_value.piccolo_app:APP_CONFIG",
    routes="plugins.stored_value.api:ROUTES",
    console="plugins.stored_value.console:PAGES",
    member_pages="plugins.stored_value.member:PAGES",
)
