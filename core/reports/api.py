"""REST: the daily summary of a store."""

from __future__ import annotations

import datetime as dt

from litestar import Controller, get

from core.http.params import Ctx, FromPath, FromQuery
from core.reports.service import DailySummary, daily_summary


class ReportController(Controller):
    path = "/reports"
    tags = ["reports"]

    @get("/daily/{store_id:int}", opt={"permission": "reports.read"}, operation_id="getDailySummary")
    async def daily(self, ctx: Ctx, store_id: FromPath[int], day: FromQuery[dt.date | None] = None) -> DailySummary:
        """每日店务汇总: a store's sales by tender, top-ups, refunds, new members over its local day, with the
        stored-value liability and points outstanding."""
        return await daily_summary(ctx, store_id, day)


ROUTES = [ReportController]
