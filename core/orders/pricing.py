"""Pricing: plugins validate the order and return adjustments; the kernel checks and keeps them.

Order-level adjustments are allocated over the lines (largest remainder, by each line's
amount left), so a refund of one line returns exactly what that line was paid. Line-level ones
come first; each adjustment takes at most what its line or the order has left.
"""

from __future__ import annotations

from collections import defaultdict

import msgspec

from core import db
from core.context import Context
from core.errors import InvalidAdjustment
from core.orders import schemas as s
from core.orders import statements


def allocate(amount: int, weights: list[int]) -> list[int]:
    """Split ``amount`` in proportion to ``weights`` exactly (largest remainder), never above a weight."""
    total = sum(weights)
    if amount == 0 or total == 0:
        return [0] * len(weights)
    shares = [amount * w // total for w in weights]
    order = sorted(range(len(weights)), key=lambda i: (-(amount * weights[i] % total), i))
    for i in order[: amount - sum(shares)]:
        shares[i] += 1
    return shares


def _collect(order: s.Order, results: list) -> list[s.Adjustment]:
    lines = {line.id: line for line in order.lines}
    adjustments = []
    for result in results:
        for adj in result if isinstance(result, list) else [result]:
            if not isinstance(adj, s.Adjustment):
                raise InvalidAdjustment(plugin="?", reason=f"not an Adjustment: {type(adj).__name__}")
            if adj.amount_fen <= 0:
                raise InvalidAdjustment(plugin=adj.source, reason="amount must be positive")
            if adj.line_id is not None and adj.line_id not in lines:
                raise InvalidAdjustment(plugin=adj.source, reason=f"no line {adj.line_id} in this order")
            adjustments.append(adj)
    # Each plugin prices from the list prices, not knowing the others (a level's member price, a
    # coupon): together they may not take a line or the order below zero, so each adjustment
    # takes at most what is left, in plugin order, line-level ones first. One alone beyond its
    # line or the order is the plugin's mistake and refused.
    per_line: dict[int, int] = defaultdict(int)
    kept = []
    for adj in adjustments:
        if adj.line_id is None:
            continue
        line_amount = lines[adj.line_id].amount_fen
        if adj.amount_fen > line_amount:
            raise InvalidAdjustment(plugin=adj.source, reason=f"line {adj.line_id} discounted below zero")
        amount = min(adj.amount_fen, line_amount - per_line[adj.line_id])
        if amount > 0:
            kept.append(adj if amount == adj.amount_fen else msgspec.structs.replace(adj, amount_fen=amount))
            per_line[adj.line_id] += amount
    subtotal = sum(line.amount_fen for line in order.lines)
    left = subtotal - sum(per_line.values())
    for adj in (adj for adj in adjustments if adj.line_id is None):
        if adj.amount_fen > subtotal:
            raise InvalidAdjustment(plugin=adj.source, reason="discount exceeds the order's amount")
        amount = min(adj.amount_fen, left)
        if amount > 0:
            kept.append(adj if amount == adj.amount_fen else msgspec.structs.replace(adj, amount_fen=amount))
            left -= amount
    return kept


def apply_adjustments(order: s.Order, adjustments: list[s.Adjustment]) -> None:
    """Set each line's discount and the order's totals from the adjustments (pure)."""
    discount = {line.id: 0 for line in order.lines}
    for adj in adjustments:
        if adj.line_id is not None:
            discount[adj.line_id] += adj.amount_fen
    order_level = sum(a.amount_fen for a in adjustments if a.line_id is None)
    # Lines a plugin marked not discountable take none of an order-level discount, unless all are.
    eligible = [line for line in order.lines if not line.no_discount] or order.lines
    shares = allocate(order_level, [line.amount_fen - discount[line.id] for line in eligible])
    for line, share in zip(eligible, shares, strict=True):
        discount[line.id] += share
    for line in order.lines:
        line.discount_fen = discount[line.id]
    order.adjustments = adjustments
    order.subtotal_fen = sum(line.amount_fen for line in order.lines)
    order.discount_fen = sum(a.amount_fen for a in adjustments)
    order.total_fen = order.subtotal_fen - order.discount_fen


async def price_order(ctx: Context, order: s.Order) -> s.Order:
    """Validate and price ``order`` through the enabled plugins and store the result (in a transaction).

    Only what changed is written: re-pricing an unchanged order at payment costs no writes.
    """
    marked = {line.id: line.no_discount for line in order.lines}
    for line in order.lines:  # the enabled plugins mark them afresh each time the order is priced
        line.no_discount = False
    await ctx.hooks.order_validated(ctx=ctx, order=order)
    adjustments = _collect(order, await ctx.hooks.order_priced(ctx=ctx, order=order))
    before = (list(order.adjustments), {line.id: line.discount_fen for line in order.lines},
              (order.subtotal_fen, order.discount_fen, order.total_fen))
    apply_adjustments(order, adjustments)
    writes = (statements.adjustments_replaced(ctx, order.id, adjustments, had_any=bool(before[0]))
              if adjustments != before[0] else [])
    writes += statements.line_discounts_set(ctx, [
        (line.id, line.discount_fen, line.no_discount) for line in order.lines
        if line.discount_fen != before[1][line.id] or line.no_discount != marked[line.id]])
    if (order.subtotal_fen, order.discount_fen, order.total_fen) != before[2]:
        writes.append(statements.totals_set(ctx, order.id, order.subtotal_fen, order.discount_fen, order.total_fen))
    await db.write_together(writes)  # one round trip on PostgreSQL
    return order
