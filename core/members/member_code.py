"""电子会员卡: a short-lived signed member code, shown as a QR code and scanned at the counter.

``MC1.<payload>.<mac>``: the payload packs tenant id, member id and expiry (unix seconds); the
mac is HMAC-SHA256 under a key derived per tenant from the app's secret, truncated to 80 bits.
Base32 in upper case keeps the whole code in the QR alphanumeric set, so the symbol stays small.
A screenshot is useless after two minutes; a code never opens another tenant's member.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import hmac
import struct

import segno

from core.context import Context
from core.errors import InvalidMemberCode, MemberCodeExpired, NotFound
from core.members import schemas as s
from core.members.service import load_member, shown
from core.settings import get_settings

VERSION = "MC1"
LIFETIME_S = 120
_PAYLOAD = struct.Struct(">QQI")  # tenant id, member id, expiry
_MAC_BYTES = 10


def _tenant_key(tenant_id: int) -> bytes:
    secret = get_settings().secret_key.encode()
    return hmac.new(secret, b"member-code:" + str(tenant_id).encode(), hashlib.sha256).digest()


def _b32(data: bytes) -> str:
    return base64.b32encode(data).decode().rstrip("=")


def _mac(tenant_id: int, signed: str) -> str:
    return _b32(hmac.new(_tenant_key(tenant_id), signed.encode(), hashlib.sha256).digest()[:_MAC_BYTES])


def encode_member_code(tenant_id: int, member_id: int, expires: int) -> str:
    signed = f"{VERSION}.{_b32(_PAYLOAD.pack(tenant_id, member_id, expires))}"
    return f"{signed}.{_mac(tenant_id, signed)}"


def decode_member_code(tenant_id: int, code: str) -> tuple[int, int]:
    """(member id, expiry) of a code signed for ``tenant_id``; ``InvalidMemberCode`` otherwise.

    The mac is checked before anything in the payload is believed, expiry included.
    """
    parts = code.strip().upper().split(".")
    if len(parts) != 3 or parts[0] != VERSION:
        raise InvalidMemberCode()
    version, payload, mac = parts
    if not hmac.compare_digest(_mac(tenant_id, f"{version}.{payload}").encode(), mac.encode()):
        raise InvalidMemberCode()
    try:
        code_tenant_id, member_id, expires = _PAYLOAD.unpack(base64.b32decode(payload + "=" * (-len(payload) % 8)))
    except (binascii.Error, struct.error, ValueError):
        raise InvalidMemberCode() from None
    if code_tenant_id != tenant_id:
        raise InvalidMemberCode()
    return member_id, expires


async def issue_member_code(ctx: Context, member_id: int) -> s.MemberCodeOut:
    """A member code valid for two minutes from now, with its QR code as inline SVG."""
    if ctx.actor.kind == "member":
        if ctx.actor.id != member_id:  # a member shows only their own card
            raise NotFound(resource="member", id=member_id)
    else:
        ctx.require("members.read")
    await load_member(ctx, member_id)
    expires = int(ctx.now().timestamp()) + LIFETIME_S
    code = encode_member_code(ctx.tenant_id, member_id, expires)
    # A full QR symbol (not Micro QR): phone cameras and counter scanners all read it.
    qr_svg = segno.make_qr(code, error="m").svg_inline(scale=4, title="会员码 / Member code")
    return s.MemberCodeOut(code=code, expires_at=dt.datetime.fromtimestamp(expires, dt.UTC), qr_svg=qr_svg)


async def resolve_member_code(ctx: Context, code: str) -> s.Member:
    """扫码识别会员: the member a scanned code stands for, if it is genuine, this tenant's and fresh."""
    ctx.require("members.code")
    member_id, expires = decode_member_code(ctx.tenant_id, code)
    if ctx.now().timestamp() >= expires:
        raise MemberCodeExpired()
    return shown(ctx, await load_member(ctx, member_id))
