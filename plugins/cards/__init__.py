"""cards (次卡与期限卡): punch cards and time cards, sold as products and used by scanning the member code.

* A paid card line issues one card per unit to the order's member (a card line without a member is
  refused when the order is validated): a sessions card (次卡) gets its sessions in the ledger on
  an account of its own, expiring with the card; a time card (时卡/年卡) records its window.
* At the desk the member code is scanned and one session is deducted or a check-in recorded
  (``POST /cards/uses``); a manager may undo a use the same day. Each use is in the card's history
  and, by setting, counts as a visit (``member_checked_in``).
* Card sessions are a tender at checkout (``card_sessions``, see ``tender.py``).
* Refunding a card purchase removes its unused sessions; a refund larger than the unused part is
  refused (the rule is in ``issue.py``). Expired cards lapse with the daily tick.
"""

from __future__ import annotations

from plugins.cards.schemas import CardsSettings
from sdk import Plugin

plugin = Plugin(
    name="cards",
    title="次卡与期限卡",
    title_en="Punch & time cards",
    version="1.0.0",
    description="次卡、时卡、年卡：作为商品出售，扫会员码核销，每次使用记入会员档案",
    description_en="Punch, time and year cards: sold as products, used by scanning the member code, "
                   "every use kept in the member's file",
    industries=("gym", "salon", "beauty", "school", "pet", "spa"),
    settings=CardsSettings,
    tables="plugins.cards.piccolo_app:APP_CONFIG",
    routes="plugins.cards.api:ROUTES",
    console="plugins.cards.console:PAGES",
    member_pages="plugins.cards.member:PAGES",
)
