"""bargain (砍价): campaigns of an item from its price down to a floor price. A member starts a
bargain and shares it; each friend cuts once, the next amount of a sequence drawn from the
bargain's seed, the cuts adding up exactly to price − floor when the last helper cuts. The
member buys at the price now (or only at the floor, by the setting) before the deadline.

Exact under a crowd: cuts, starts, buying and the stock are guarded counters and unique indexes
in the database. ``cuts.py`` draws the amounts, ``campaigns.py`` keeps the campaigns,
``bargains.py`` starts and cuts, ``buying.py`` orders, pays and closes.
"""

from __future__ import annotations

from plugins.bargain.schemas import BargainSettings
from sdk import Plugin

plugin = Plugin(
    name="bargain",
    title="砍价",
    title_en="Bargains",
    version="1.0.0",
    description="砍价：会员发起砍价并分享给好友，每位好友砍一刀，砍到底价或当前价购买；限时、限量、每人限发起次数",
    description_en="Bargains: a member starts a bargain and shares it, each friend cuts once, and the member buys "
                   "at the price reached (or only at the floor); with a deadline, stock and a per-member limit",
    industries=("gym", "salon", "beauty", "school", "pet", "spa", "retail", "restaurant", "convenience"),
    settings=BargainSettings,
    tables="plugins.bargain.piccolo_app:APP_CONFIG",
    routes="plugins.bargain.api:ROUTES",
    console="plugins.bargain.console:PAGES",
    member_pages="plugins.bargain.member:PAGES",
    jobs="plugins.bargain.jobs:JOBS",
)
