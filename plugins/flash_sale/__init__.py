"""flash_sale (秒杀): sessions (time windows) with items at a flash price, stock per item and a
per-member limit. A member takes units (held for payment, with an order at the flash price);
unpaid holds go back to stock after the hold time; paying turns a hold into a sale.

Exact under a crowd: the stock and the member's count are guarded counters in the database, and
with ``MENDIAN_REDIS_URL`` set a Redis script takes them first so refusals never reach the
database (``stock.py``). ``sessions.py`` keeps the sessions, ``reservations.py`` the holds.
"""

from __future__ import annotations

from plugins.flash_sale.schemas import FlashSaleSettings
from sdk import Plugin

plugin = Plugin(
    name="flash_sale",
    title="秒杀",
    title_en="Flash sales",
    version="1.0.0",
    description="限时秒杀：按场次设秒杀价、库存和每人限购；抢到后限时付款，超时自动释放库存",
    description_en="Flash sales: sessions with flash prices, stock and per-member limits; units held for payment "
                   "and released when unpaid",
    industries=("gym", "salon", "beauty", "school", "pet", "spa", "retail", "restaurant", "convenience"),
    settings=FlashSaleSettings,
    tables="plugins.flash_sale.piccolo_app:APP_CONFIG",
    routes="plugins.flash_sale.api:ROUTES",
    console="plugins.flash_sale.console:PAGES",
    member_pages="plugins.flash_sale.member:PAGES",
    jobs="plugins.flash_sale.jobs:JOBS",
)
