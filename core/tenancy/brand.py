"""The merchant's look on the member pages (会员端外观): a brand colour and an uploaded logo.

The colour is a tenant setting (``brand_colour``, ``#rrggbb``). The logo is kept in the database
(``tenant_logo``, one per tenant) and its SHA-256 in the tenant settings (``logo_sha256``), so a
page knows the logo's address without reading the image: ``/m/<tenant>/logo?v=<hash>``, which
never changes for the same image and can be cached for a year.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any

import msgspec

from core import db, scoped
from core.context import Context
from core.errors import InvalidInput, NotFound
from core.tenancy.errors import LogoTooLarge, UnsupportedImage
from core.tenancy.tables import Tenant, TenantLogo

MAX_LOGO_BYTES = 256 * 1024
DEFAULT_COLOUR = "#e4393c"
COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
VERSION_CHARS = 16  # of the SHA-256 in the logo's address: enough to never meet another image of one tenant


def image_type(data: bytes) -> str | None:
    """The image's media type from its first bytes (PNG, JPEG, WebP), or None: a name proves nothing."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def colour_of(settings: dict[str, Any]) -> str:
    """The tenant's brand colour, or the default when none (or a malformed one) is set."""
    colour = str(settings.get("brand_colour") or "")
    return colour.lower() if COLOUR.match(colour) else DEFAULT_COLOUR


def parse_colour(text: str) -> str:
    """A colour as typed or picked (``#1A7F5A``) → ``#1a7f5a``; anything else is refused by name."""
    colour = text.strip()
    if not COLOUR.match(colour):
        raise InvalidInput(field="brand_colour", zh="颜色应为 # 加 6 位十六进制数，例如 #1a7f5a",
                           en="A colour is # and six hex digits, such as #1a7f5a")
    return colour.lower()


def logo_path(slug: str, settings: dict[str, Any]) -> str | None:
    """Where the member pages serve the tenant's logo, with its version; None without a logo."""
    sha = settings.get("logo_sha256")
    return f"/m/{slug}/logo?v={sha[:VERSION_CHARS]}" if isinstance(sha, str) and sha else None


@dataclass(frozen=True, slots=True)
class Logo:
    content_type: str
    sha256: str
    image: bytes


async def _set_logo_setting(ctx: Context, sha256: str | None) -> None:
    row = await Tenant.select(Tenant.settings_json).where(Tenant.id == ctx.tenant_id).first()
    if row is None:
        raise NotFound(resource="tenant", id=ctx.tenant_id)
    settings = msgspec.json.decode(row["settings_json"] or "{}")
    if sha256 is None:
        settings.pop("logo_sha256", None)
    else:
        settings["logo_sha256"] = sha256
    await Tenant.update({Tenant.settings_json: msgspec.json.encode(settings).decode()}).where(Tenant.id == ctx.tenant_id)


async def save_logo(ctx: Context, data: bytes) -> str:
    """Keep ``data`` as the tenant's logo (replacing any) and return its SHA-256.

    Refused when over 256 KB (``LogoTooLarge``) or not a PNG, JPEG or WebP image by its first
    bytes (``UnsupportedImage``): the member pages serve it under the type found here.
    """
    ctx.require("tenant.manage")
    if len(data) > MAX_LOGO_BYTES:
        raise LogoTooLarge(limit_kb=MAX_LOGO_BYTES // 1024, field="file")
    content_type = image_type(data)
    if content_type is None:
        raise UnsupportedImage(field="file")
    sha256 = hashlib.sha256(data).hexdigest()
    async with db.transaction():
        values = {TenantLogo.content_type: content_type, TenantLogo.sha256: sha256, TenantLogo.image: data,
                  TenantLogo.updated_at: ctx.now()}
        updated = await scoped.update(ctx, TenantLogo, values).returning(TenantLogo.id)
        if not updated:
            await scoped.insert(ctx, TenantLogo, content_type=content_type, sha256=sha256, image=data,
                                updated_at=ctx.now())
        await _set_logo_setting(ctx, sha256)
    return sha256


async def remove_logo(ctx: Context) -> None:
    """The member pages show the tenant's name alone again; nothing happens without a logo."""
    ctx.require("tenant.manage")
    async with db.transaction():
        await scoped.delete(ctx, TenantLogo)
        await _set_logo_setting(ctx, None)


async def load_logo(tenant_id: int) -> Logo | None:
    """The tenant's logo for serving (a public read: the member pages show it to anyone)."""
    row = await TenantLogo.select(TenantLogo.content_type, TenantLogo.sha256, TenantLogo.image).where(
        TenantLogo.tenant_id == tenant_id).first()
    return Logo(content_type=row["content_type"], sha256=row["sha256"], image=bytes(row["image"])) if row else None
