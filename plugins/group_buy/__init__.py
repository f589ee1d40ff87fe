"""group_buy (拼团): regular deals (团购: a group price in a window), N-person groups (多人团) and
2–3 person friend groups (好友团) a leader opens and others join by the share link; a group not
full by its deadline fails and every paid member is refunded. Old-brings-new groups take only
new members as joiners. Group-buy goods take no coupons and earn no points.

``deals.py`` keeps the deals, ``joins.py`` opening, joining and paying, ``seats.py`` the order
hooks (the seat is a guarded UPDATE at payment), ``deadline.py`` the job that fails and refunds,
``member.py`` and ``views.py`` the member pages (the deals, a group's share page, 我的拼团).
"""

from __future__ import annotations

from plugins.group_buy.schemas import GroupBuySettings
from sdk import Plugin

plugin = Plugin(
    name="group_buy",
    title="拼团",
    title_en="Group buys",
    version="1.0.0",
    description="拼团：团购、多人团、2–3 人好友团和老带新团；到期未成团自动退款；拼团商品不用券、不积分",
    description_en="Group buys: regular deals, N-person and 2–3 person friend groups, old-brings-new groups; "
                   "groups not filled by their deadline are refunded; no coupons or points on group goods",
    industries=("gym", "salon", "beauty", "school", "pet", "spa", "retail", "restaurant", "convenience"),
    settings=GroupBuySettings,
    tables="plugins.group_buy.piccolo_app:APP_CONFIG",
    routes="plugins.group_buy.api:ROUTES",
    console="plugins.group_buy.console:PAGES",
    member_pages="plugins.group_buy.member:PAGES",
    jobs="plugins.group_buy.jobs:JOBS",
)
