"""REST: orders at the counter — open, change, hold and resume, pay, refund, receipts."""

from __future__ import annotations

from litestar import Controller, Request, Response, get, post, put

from core.http.idempotent import idempotent
from core.http.pagination import DEFAULT_LIMIT, Limit, Page
from core.http.params import Ctx, FromPath, FromQuery, IdempotencyKey, JSONBody
from core.orders import payment, receipt, refunds, service
from core.orders import schemas as s


class OrderController(Controller):
    path = "/orders"
    tags = ["orders"]

    @post("/", opt={"permission": "orders.write"}, operation_id="createOrder")
    async def create_order(self, ctx: Ctx, data: JSONBody[s.OrderCreate]) -> s.Order:
        """开单: open an order with lines and an optional member; it is priced by the enabled plugins."""
        return await service.create_order(ctx, data)

    @get("/", opt={"permission": "orders.read"}, operation_id="listOrders")
    async def list_orders(
        self, ctx: Ctx, member_id: FromQuery[int | None] = None, store_id: FromQuery[int | None] = None,
        status: FromQuery[s.OrderStatus | None] = None, cursor: FromQuery[str | None] = None,
        limit: FromQuery[Limit] = DEFAULT_LIMIT,
    ) -> Page[s.Order]:
        """订单列表: orders newest first, filtered by member (消费记录), store or status; cursor-paginated."""
        return await service.list_orders(
            ctx, service.OrderFilter(member_id=member_id, store_id=store_id, status=status), cursor=cursor, limit=limit)

    @get("/{order_id:int}", opt={"permission": "orders.read"}, operation_id="getOrder")
    async def get_order(self, ctx: Ctx, order_id: FromPath[int]) -> s.Order:
        """订单详情: one order with its lines, adjustments (and their reasons), tenders and refunds."""
        return await service.load_order(ctx, order_id)

    @put("/{order_id:int}/lines", opt={"permission": "orders.write"}, operation_id="replaceOrderLines")
    async def replace_lines(self, ctx: Ctx, order_id: FromPath[int], data: JSONBody[s.LinesReplace]) -> s.Order:
        """修改订单商品: replace an open order's lines; the order is priced again."""
        return await service.replace_lines(ctx, order_id, data)

    @put("/{order_id:int}/member", opt={"permission": "orders.write"}, operation_id="setOrderMember")
    async def set_member(self, ctx: Ctx, order_id: FromPath[int], data: JSONBody[s.MemberSet]) -> s.Order:
        """订单会员: attach a member to an open order (or detach with null); member prices apply on re-pricing."""
        return await service.set_member(ctx, order_id, data.member_id)

    @post("/{order_id:int}/hold", opt={"permission": "orders.write"}, operation_id="holdOrder", status_code=200)
    async def hold(self, ctx: Ctx, order_id: FromPath[int], data: JSONBody[s.TillIn]) -> s.Order:
        """挂单: park an open order at a till."""
        return await service.hold_order(ctx, order_id, data.till)

    @post("/{order_id:int}/resume", opt={"permission": "orders.write"}, operation_id="resumeOrder", status_code=200)
    async def resume(self, ctx: Ctx, order_id: FromPath[int], data: JSONBody[s.TillIn]) -> s.Order:
        """取单: take a held order back at the till that parked it."""
        return await service.resume_order(ctx, order_id, data.till)

    @post("/{order_id:int}/cancel", opt={"permission": "orders.write"}, operation_id="cancelOrder", status_code=200)
    async def cancel(self, ctx: Ctx, order_id: FromPath[int]) -> s.Order:
        """取消订单: cancel an open or held order; nothing was paid, so nothing is posted."""
        return await service.cancel_order(ctx, order_id)

    @post("/{order_id:int}/complete", opt={"permission": "orders.write"}, operation_id="completeOrder", status_code=200)
    async def complete(self, ctx: Ctx, order_id: FromPath[int]) -> s.Order:
        """完成订单: mark a paid order completed (handed over); it can still be refunded."""
        return await service.complete_order(ctx, order_id)

    @post("/{order_id:int}/payments", opt={"permission": "orders.write"}, operation_id="payOrder")
    async def pay(self, ctx: Ctx, request: Request, order_id: FromPath[int], data: JSONBody[s.PayRequest],
                  idempotency_key: IdempotencyKey = None) -> Response[s.Order]:
        """收款: pay with several tenders at once (cash with change, external, stored value, plugin tenders); all post or none."""
        return await idempotent(ctx, request, lambda: payment.pay_order(ctx, order_id, data))

    @post("/{order_id:int}/refunds", opt={"permission": "orders.refund"}, operation_id="refundOrder")
    async def refund(self, ctx: Ctx, request: Request, order_id: FromPath[int], data: JSONBody[s.RefundRequest],
                     idempotency_key: IdempotencyKey = None) -> Response[s.Order]:
        """退款: refund lines or an amount; tenders give back in proportion or as chosen, never more than paid."""
        return await idempotent(ctx, request, lambda: refunds.refund_order(ctx, order_id, data))

    @get("/{order_id:int}/receipt", opt={"permission": "orders.read"}, operation_id="getReceipt")
    async def get_receipt(self, ctx: Ctx, order_id: FromPath[int]) -> receipt.Receipt:
        """小票: the receipt as JSON: every line, every adjustment with its reason, tenders and change."""
        return await receipt.build_receipt(ctx, order_id)

    @get("/{order_id:int}/receipt.html", opt={"permission": "orders.read"}, operation_id="getReceiptHtml",
         media_type="text/html")
    async def get_receipt_html(self, ctx: Ctx, order_id: FromPath[int]) -> str:
        """打印小票: the receipt as a printable HTML page (58/80 mm thermal printers)."""
        return receipt.render_html(await receipt.build_receipt(ctx, order_id))


ROUTES = [OrderController]
