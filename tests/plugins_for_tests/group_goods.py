"""group_goods (拼团商品): marks every line whose SKU starts with ``group-`` not discountable, as a
group-buy plugin marks its goods, for the level and coupon tests."""

from __future__ import annotations

from sdk import Plugin, hookimpl

plugin = Plugin(
    name="group_goods",
    title="拼团商品",
    title_en="Group-buy goods",
    version="1.0.0",
    description="编码以 group- 开头的商品不参与优惠（测试用）",
    description_en="Items whose SKU starts with group- take no discounts (for tests)",
)


@hookimpl
def order_validated(order) -> None:
    for line in order.lines:
        if line.sku.startswith("group-"):
            line.no_discount = True
