"""What the order and stored-value commands share: amounts in yuan, and members by id or phone."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from core.commandline import fail

if TYPE_CHECKING:
    from core.context import Context


def fen(text: str, what: str = "amount") -> int:
    """``"12.5"`` yuan → 1250 fen; refuses negatives, zero and more than two decimals (usage error)."""
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        fail(f"金额应为数字（元）/ {what} must be a number of yuan: {text}", 2)
    if not value.is_finite() or value <= 0 or value != value.quantize(Decimal("0.01")):
        fail(f"金额应为正数，最多两位小数（元）/ {what} must be positive yuan with at most 2 decimals: {text}", 2)
    return int(value * 100)


async def member_id(ctx: Context, text: str) -> int:
    """A member given as an id (``42``) or a mobile number (``13800138000``, ``+8613800138000``)."""
    from core.errors import NotFound
    from core.members.service import load_member
    from sdk.members import find_member_by_phone

    if text.startswith("+") or len(text) >= 11:
        member = await find_member_by_phone(ctx, text)
        if member is None:
            raise NotFound(resource="member", zh=f"没有手机号为 {text} 的会员", en=f"No member with phone {text}")
        return member.id
    if not text.isdigit():
        fail(f"会员应为 ID 或手机号 / member must be an id or a phone number: {text}", 2)
    return (await load_member(ctx, int(text))).id


async def once(ctx: Context, key: str | None, command: str, request: Any, work: Callable[[], Awaitable[Any]]) -> Any:
    """Run ``work`` in one transaction; with an idempotency key, at most once per key.

    A repeat with the same key and request prints the first result and moves nothing; the same
    key with a different request is refused, as over HTTP.
    """
    import msgspec

    from core import db
    from core.idempotency.service import request_hash, run_once

    if key is None:
        async with db.transaction():
            return await work()
    digest = request_hash("CLI", command, msgspec.json.encode(request))
    stored = await run_once(ctx, key, digest, 0, work)
    return msgspec.json.decode(stored.body)
