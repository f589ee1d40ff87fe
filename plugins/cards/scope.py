"""A sessions card's scope (适用范围): which lines of an order its sessions may pay for.

The card's item says it in its terms (``covers_item_ids``, ``covers_category_ids``) and the card
keeps what the item said the day it was issued. A line is in scope when its item is named, or its
category or a category above it (团课 covers 团课 › 瑜伽); a card whose scope names nothing covers
every line, as cards did before scopes. Within the scope, sessions pay for services only unless the
merchant lets them pay for goods (``sessions_pay_goods``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import msgspec

from sdk import CardTerms, Context, Line, NotFound, Order, get_category, get_item


@dataclass(frozen=True)
class Scope:
    item_ids: frozenset[int] = field(default_factory=frozenset)
    category_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def covers_everything(self) -> bool:
        return not (self.item_ids or self.category_ids)


def scope_json(terms: CardTerms) -> str:
    """What a card keeps of its item's scope when issued ('' when the item names none)."""
    if not (terms.covers_item_ids or terms.covers_category_ids):
        return ""
    return msgspec.json.encode({"item_ids": terms.covers_item_ids, "category_ids": terms.covers_category_ids}).decode()


def scope_of(card: dict[str, Any]) -> Scope:
    """The scope an issued card keeps."""
    if not card.get("scope_json"):
        return Scope()
    kept = msgspec.json.decode(card["scope_json"])
    return Scope(frozenset(kept.get("item_ids", [])), frozenset(kept.get("category_ids", [])))


async def _in_category(ctx: Context, category_id: int | None, covered: frozenset[int], parents: dict[int, int | None]) -> bool:
    """Whether ``category_id`` or a category above it is ``covered`` (``parents`` caches the tree read so far)."""
    seen: set[int] = set()
    while category_id is not None and category_id not in seen:
        if category_id in covered:
            return True
        seen.add(category_id)
        if category_id not in parents:
            try:
                parents[category_id] = (await get_category(ctx, category_id)).parent_id
            except NotFound:  # a category deleted since the line was sold has no parent to climb to
                parents[category_id] = None
        category_id = parents[category_id]
    return False


async def lines_in_scope(ctx: Context, scope: Scope, lines: list[Line]) -> list[Line]:
    """The lines the scope names (every line for a scope naming nothing)."""
    if scope.covers_everything:
        return list(lines)
    parents: dict[int, int | None] = {}
    return [line for line in lines
            if line.item_id in scope.item_ids or await _in_category(ctx, line.category_id, scope.category_ids, parents)]


async def payable_lines(ctx: Context, card: dict[str, Any], order: Order, pay_goods: bool) -> list[Line]:
    """The order's lines the card's sessions may pay for: in its scope, and services unless goods may be paid."""
    return [line for line in await lines_in_scope(ctx, scope_of(card), order.lines)
            if line.net_fen > 0 and (pay_goods or line.kind == "service")]


async def scope_names(ctx: Context, card: dict[str, Any]) -> tuple[str, str]:
    """The scope as a merchant reads it, zh-CN and English: 「团课（分类）、私教课（单次）」."""
    scope = scope_of(card)
    if scope.covers_everything:
        return "全部项目", "everything"
    zh, en = [], []
    for category_id in sorted(scope.category_ids):
        try:
            name = (await get_category(ctx, category_id)).name
        except NotFound:  # deleted since: nothing left of it to name
            continue
        zh.append(f"{name}（分类）")
        en.append(f"{name} (category)")
    for item_id in sorted(scope.item_ids):
        name = (await get_item(ctx, item_id)).name  # items are deactivated, never deleted
        zh.append(name)
        en.append(name)
    return "、".join(zh), ", ".join(en)
