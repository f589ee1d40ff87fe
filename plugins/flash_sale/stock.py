"""Two ways to take a unit of stock, behind one interface.

The database path (the default) takes nothing up front: ``record_take`` — a conditional UPDATE
of the item's ``taken`` and of the member's count, in the reservation's transaction — is the
guard. With ``MENDIAN_REDIS_URL`` set, a Lua script takes the unit and the member's share
atomically in Redis first, so a crowd of refusals never reaches the database; the winners then
write the same guarded rows, which stay the record of what was taken (and would still refuse an
oversell if Redis lost its keys). Redis keys are made from the database on first use and given
back to when a take fails or a hold is released.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Protocol

from plugins.flash_sale.errors import MemberLimitReached, SoldOut
from plugins.flash_sale.tables import FlashItem, FlashMemberCount
from sdk import Context, NotFound, redis_client
from sdk.db import select, update

TAKE = """
local left = redis.call('GET', KEYS[1])
if not left then return -3 end
local q = tonumber(ARGV[2])
if tonumber(left) < q then return -1 end
local mine = tonumber(redis.call('HGET', KEYS[2], ARGV[1]) or '0')
if mine + q > tonumber(ARGV[3]) then return -2 end
redis.call('DECRBY', KEYS[1], q)
redis.call('HINCRBY', KEYS[2], ARGV[1], q)
return tonumber(left) - q
"""
GIVE_BACK = """
if redis.call('EXISTS', KEYS[1]) == 1 then
  redis.call('INCRBY', KEYS[1], ARGV[2])
  redis.call('HINCRBY', KEYS[2], ARGV[1], -tonumber(ARGV[2]))
end
return 0
"""
LOAD = """
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('DEL', KEYS[2])
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
for i = 3, #ARGV, 2 do redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1]) end
redis.call('EXPIRE', KEYS[2], ARGV[2])
return 1
"""
NOT_LOADED, SOLD_OUT, OVER_LIMIT = -3, -1, -2


class StockPath(Protocol):
    async def reserve(self, ctx: Context, item: dict[str, Any], member_id: int, quantity: int,
                      ends_at: dt.datetime) -> None: ...

    async def unreserve(self, item: dict[str, Any], member_id: int, quantity: int) -> None: ...


class DatabaseStock:
    """Nothing before the transaction: ``record_take`` is the guard."""

    async def reserve(self, ctx: Context, item: dict[str, Any], member_id: int, quantity: int,
                      ends_at: dt.datetime) -> None:
        return None

    async def unreserve(self, item: dict[str, Any], member_id: int, quantity: int) -> None:
        return None


class RedisStock:
    def __init__(self, client: Any) -> None:
        self.client = client

    @staticmethod
    def keys(item: dict[str, Any]) -> list[str]:
        return [f"mendian:fs:{item['stock_key']}:left", f"mendian:fs:{item['stock_key']}:members"]

    async def reserve(self, ctx: Context, item: dict[str, Any], member_id: int, quantity: int,
                      ends_at: dt.datetime) -> None:
        args = [str(member_id), quantity, item["per_member_limit"]]
        result = await self.client.register_script(TAKE)(keys=self.keys(item), args=args)
        if result == NOT_LOADED:
            await self._load(ctx, item, ends_at)
            result = await self.client.register_script(TAKE)(keys=self.keys(item), args=args)
        if result == SOLD_OUT:
            raise SoldOut()
        if result == OVER_LIMIT:
            raise MemberLimitReached(limit=item["per_member_limit"])

    async def _load(self, ctx: Context, item: dict[str, Any], ends_at: dt.datetime) -> None:
        """The counters from the database, kept a day past the session's end."""
        row = await select(ctx, FlashItem, FlashItem.stock, FlashItem.taken).where(FlashItem.id == item["id"]).first()
        counts = await select(ctx, FlashMemberCount, FlashMemberCount.member_id, FlashMemberCount.taken).where(
            FlashMemberCount.flash_item_id == item["id"])
        if row is None:
            raise NotFound(resource="flash sale item", id=item["id"])
        ttl = max(int((ends_at - ctx.now()).total_seconds()), 0) + 86_400
        args: list[Any] = [row["stock"] - row["taken"], ttl]
        for c in counts:
            args += [str(c["member_id"]), c["taken"]]
        await self.client.register_script(LOAD)(keys=self.keys(item), args=args)

    async def unreserve(self, item: dict[str, Any], member_id: int, quantity: int) -> None:
        await self.client.register_script(GIVE_BACK)(keys=self.keys(item), args=[str(member_id), quantity])


def stock_path() -> StockPath:
    client = redis_client()
    return DatabaseStock() if client is None else RedisStock(client)


async def record_take(ctx: Context, item: dict[str, Any], member_id: int, quantity: int) -> None:
    """The database's guarded counters, in the caller's transaction: never past the stock, never
    past the member's limit (the session's stock cannot change once it started)."""
    if not await update(ctx, FlashItem, {FlashItem.taken: FlashItem.taken + quantity}).where(
            (FlashItem.id == item["id"]) & (FlashItem.taken <= item["stock"] - quantity)).returning(FlashItem.id):
        raise SoldOut()
    await FlashMemberCount.insert(FlashMemberCount(
        tenant_id=ctx.tenant_id, flash_item_id=item["id"], member_id=member_id, taken=0,
    )).on_conflict(action="DO NOTHING")
    if not await update(ctx, FlashMemberCount, {FlashMemberCount.taken: FlashMemberCount.taken + quantity}).where(
            (FlashMemberCount.flash_item_id == item["id"]) & (FlashMemberCount.member_id == member_id)
            & (FlashMemberCount.taken <= item["per_member_limit"] - quantity)).returning(FlashMemberCount.id):
        raise MemberLimitReached(limit=item["per_member_limit"])


async def record_give_back(ctx: Context, flash_item_id: int, member_id: int, quantity: int) -> None:
    await update(ctx, FlashItem, {FlashItem.taken: FlashItem.taken - quantity}).where(FlashItem.id == flash_item_id)
    await update(ctx, FlashMemberCount, {FlashMemberCount.taken: FlashMemberCount.taken - quantity}).where(
        (FlashMemberCount.flash_item_id == flash_item_id) & (FlashMemberCount.member_id == member_id))
