"""The demo store's referral set-up: a partner business with its channel code (渠道推广码); the
settings stay at their defaults (5 % at level one, no level two, a 7-day refund window)."""

from __future__ import annotations

from plugins.referral import promoters
from plugins.referral.schemas import PromoterIn
from plugins.referral.tables import Promoter
from sdk import Context
from sdk.db import select


async def add_samples(ctx: Context) -> None:
    if await select(ctx, Promoter, Promoter.id).first() is None:
        await promoters.create(ctx, PromoterIn(kind="partner", name="隔壁咖啡馆"))
