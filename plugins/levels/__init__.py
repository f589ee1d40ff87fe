"""levels (会员等级): a ladder of levels reached by cumulative spend, top-ups or points earned.

The rules are in ``tiers.py`` (the ladder, the level a figure reaches, the benefits on a line)
and ``service.py`` (progress per member, upgrades, the yearly review, overrides). Benefits reach
the order through ``order_priced`` (会员价 and the level's discount, named on the receipt) and
the points plugin through ``points_multiplier``. The console has the ladder at /console/p/levels
and a section in the member's file.
"""

from __future__ import annotations

from plugins.levels.schemas import LevelsSettings
from sdk import Plugin

plugin = Plugin(
    name="levels",
    title="会员等级",
    title_en="Member levels",
    version="1.0.0",
    description="按累计消费、累计充值或累计积分自动升级；会员价、分类折扣、积分倍数；可年度复核降级，店长可手动调整",
    description_en="Levels reached by spend, top-ups or points; member prices, category discounts and a points "
                   "multiplier; an optional yearly review; manual override with a reason",
    industries=("gym", "salon", "beauty", "school", "pet", "spa", "retail", "restaurant", "convenience"),
    settings=LevelsSettings,
    tables="plugins.levels.piccolo_app:APP_CONFIG",
    routes="plugins.levels.api:ROUTES",
    console="plugins.levels.console:PAGES",
    member_pages="plugins.levels.member:PAGES",
)
