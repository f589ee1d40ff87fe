"""What the console's pickers offer as a merchant types: items by name, SKU or barcode.

A picker is a field the server understands typed in full (a SKU), with suggestions filled in as one
types (``<input list>`` and its ``<datalist>``, ``data-picker="items"`` in console.js): without
JavaScript the field still takes the SKU, with it the merchant picks by name. Short lists (stores,
staff, coupon templates, levels) are plain ``<select>``s rendered with the page.
"""

from __future__ import annotations

from litestar import Request, get

from core.catalog.service import list_items
from core.console.formatting import money
from core.console.i18n import locale_of
from core.console.session import console_context

LIMIT = 20


@get("/pickers/items", opt={"permission": "catalog.read"})
async def items(request: Request) -> list[dict[str, str]]:
    """Active items whose name, SKU or barcode holds ``q``: ``{"value": SKU, "label": "name · ¥price"}``."""
    query = (request.query_params.get("q") or "").strip()[:64]
    found = await list_items(console_context(request), q=query or None, active=True, limit=LIMIT)
    locale = locale_of(request)
    return [{"value": i.sku, "label": f"{i.name} · {money(i.price_fen, locale)}"} for i in found.items if i.sku]


ROUTES = [items]
