"""门店 and the logo: where the tenant's stores are and when they open, and the uploaded logo.

Both are open to anyone (a flyer's QR code may lead here before anyone signs in).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

from litestar import Request, Response, get
from litestar.params import FromPath

from core.context import Context
from core.errors import NotFound
from core.member_pages.pages import visitor_context
from core.member_pages.templating import render_page
from core.tenancy.brand import VERSION_CHARS, load_logo
from core.tenancy.service import list_stores

PUBLIC = {"public": True}
AMAP_SEARCH = "https://uri.amap.com/search?keyword="
A_YEAR = 365 * 24 * 3600


@dataclass(frozen=True, slots=True)
class StoreCard:
    id: int
    name: str
    address: str
    opening_hours: str
    phone: str
    tel_url: str  # "" without a phone
    map_url: str  # an Amap (高德) search for the address, "" without one


def tel_url(phone: str) -> str:
    """``tel:`` with the digits (and a leading +) only: ``010-8888 6666`` dials as ``tel:01088886666``."""
    digits = re.sub(r"[^\d+]", "", phone)
    return f"tel:{digits}" if re.search(r"\d", digits) else ""


def map_url(address: str) -> str:
    return AMAP_SEARCH + quote(address.strip(), safe="") if address.strip() else ""


async def store_cards(ctx: Context) -> list[StoreCard]:
    """The tenant's active stores as members see them, oldest first (the first is usually the 总店)."""
    return [StoreCard(id=st.id, name=st.name, address=st.address, opening_hours=st.opening_hours, phone=st.phone,
                      tel_url=tel_url(st.phone), map_url=map_url(st.address))
            for st in await list_stores(ctx) if st.active]


@get("/stores", opt=PUBLIC)
async def stores_page(request: Request, tenant_slug: FromPath[str]) -> Response:
    return render_page(request, "member/stores.html", stores=await store_cards(visitor_context(request)))


@get("/logo", opt=PUBLIC)
async def logo(request: Request, tenant_slug: FromPath[str]) -> Response:
    """The uploaded logo. Its address names its version (``?v=``): that one is cached for a year."""
    found = await load_logo(request.state.tenant.id)
    if found is None:
        raise NotFound(resource="logo", zh="该商户没有上传标志", en="This store has no logo")
    etag = f'"{found.sha256}"'
    current = request.query_params.get("v") == found.sha256[:VERSION_CHARS]
    headers = {"ETag": etag, "X-Content-Type-Options": "nosniff",
               "Cache-Control": f"public, max-age={A_YEAR}, immutable" if current else "public, max-age=300"}
    if etag in request.headers.get("if-none-match", ""):
        return Response(b"", status_code=304, headers=headers)
    return Response(found.image, media_type=found.content_type, headers=headers)


ROUTES = [stores_page, logo]
