"""REST: sessions and their reservations for staff; the member's list with countdowns, taking a
unit, their reservations and letting one go (H5)."""

from __future__ import annotations

from litestar import Controller, delete, get, post, put

from plugins.flash_sale import reservations, sessions
from plugins.flash_sale.schemas import FlashSaleSettings, ReservationOut, SessionIn, SessionOut, SessionState, TakeIn
from sdk import MEMBER, Ctx, FromPath, FromQuery, JSONBody, plugin_settings
from sdk.http import DEFAULT_LIMIT, Cursor, Page, PageLimit, page_of


class SessionsController(Controller):
    path = "/flash-sale/sessions"
    tags = ["flash_sale"]

    @get("/", opt={"permission": "plugins.read"}, operation_id="listFlashSessions")
    async def list_sessions(self, ctx: Ctx, status: FromQuery[SessionState | None] = None,
                            cursor: Cursor = None, limit: PageLimit = DEFAULT_LIMIT) -> Page[SessionOut]:
        """秒杀场次: every session, the latest first (``status``: upcoming, live, ended or stopped),
        with each item's stock, held and sold."""
        return page_of(await sessions.list_sessions(ctx, status), cursor, limit)

    @post("/", opt={"permission": "plugins.manage"}, operation_id="createFlashSession")
    async def create(self, ctx: Ctx, data: JSONBody[SessionIn]) -> SessionOut:
        """创建秒杀场次: a session: its window, the store its orders go to, items at a flash price below their
        own, stock and a per-member limit. An item cannot be in two sessions at the same time."""
        return await sessions.create_session(ctx, data)

    @get("/{session_id:int}", opt={"permission": "plugins.read"}, operation_id="getFlashSession")
    async def get_one(self, ctx: Ctx, session_id: FromPath[int]) -> SessionOut:
        """秒杀场次详情: one session with its figures."""
        return await sessions.get_session(ctx, session_id)

    @put("/{session_id:int}", opt={"permission": "plugins.manage"}, operation_id="updateFlashSession")
    async def update(self, ctx: Ctx, session_id: FromPath[int], data: JSONBody[SessionIn]) -> SessionOut:
        """修改秒杀场次: replace a session before it starts; once started it can only be stopped."""
        return await sessions.update_session(ctx, session_id, data)

    @post("/{session_id:int}/stop", opt={"permission": "plugins.manage"}, status_code=200,
          operation_id="stopFlashSession")
    async def stop(self, ctx: Ctx, session_id: FromPath[int]) -> SessionOut:
        """停止: nothing more can be taken; units held may still be paid until their hold lapses."""
        return await sessions.stop_session(ctx, session_id)

    @get("/{session_id:int}/reservations", opt={"permission": "orders.read", "scope": "tenant"}, operation_id="listFlashReservations")
    async def reservations_of(self, ctx: Ctx, session_id: FromPath[int],
                              cursor: Cursor = None, limit: PageLimit = DEFAULT_LIMIT) -> Page[ReservationOut]:
        """抢购记录: every unit taken in the session: held, paid, released or cancelled, newest first."""
        return page_of(await reservations.session_reservations(ctx, session_id), cursor, limit)


class MyFlashSaleController(Controller):
    path = "/me/flash-sale"
    tags = ["member H5"]

    @get("/sessions", opt=MEMBER, operation_id="listMyFlashSessions")
    async def sessions_now(self, ctx: Ctx, cursor: Cursor = None, limit: PageLimit = DEFAULT_LIMIT) -> Page[SessionOut]:
        """秒杀: the sessions on now and the next to start, with the seconds to their start or end
        (the countdown), stock left and how many I took."""
        conf = await plugin_settings(ctx, "flash_sale", FlashSaleSettings)
        return page_of(await sessions.member_sessions(ctx, ctx.actor.id or 0, conf.upcoming_shown), cursor, limit)

    @post("/items/{flash_item_id:int}/take", opt=MEMBER, operation_id="takeFlashItem")
    async def take(self, ctx: Ctx, flash_item_id: FromPath[int], data: JSONBody[TakeIn | None] = None) -> ReservationOut:
        """抢购: hold units for me at the flash price, with an order to pay before ``expires_at``;
        refused when sold out, over my limit, or outside the session."""
        return await reservations.take(ctx, flash_item_id, ctx.actor.id or 0, (data or TakeIn()).quantity)

    @get("/reservations", opt=MEMBER, operation_id="listMyFlashReservations")
    async def mine(self, ctx: Ctx, cursor: Cursor = None, limit: PageLimit = DEFAULT_LIMIT) -> Page[ReservationOut]:
        """我的秒杀: what I took, held (with the seconds left to pay), paid, released or cancelled."""
        return page_of(await reservations.member_reservations(ctx, ctx.actor.id or 0), cursor, limit)

    @delete("/reservations/{reservation_id:int}", opt=MEMBER, status_code=200, operation_id="cancelMyFlashReservation")
    async def cancel(self, ctx: Ctx, reservation_id: FromPath[int]) -> ReservationOut:
        """不要了: let held units go back to stock (a paid one is refunded as an order)."""
        return await reservations.cancel(ctx, reservation_id, ctx.actor.id or 0)


ROUTES = [SessionsController, MyFlashSaleController]
