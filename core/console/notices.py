"""The line a console page shows after a change went through (已停止 / Stopped).

The redirect back to the page carries a fixed key (``?done=stopped``), never the text itself: a
link someone else wrote cannot make the console say anything but these.
"""

from __future__ import annotations

from litestar import Request
from litestar.response import Redirect

NOTICES: dict[str, tuple[str, str]] = {
    "saved": ("已保存", "Saved"),
    "added": ("已添加", "Added"),
    "stopped": ("已停止", "Stopped"),
    "resumed": ("已恢复", "Running again"),
    "approved": ("已通过", "Approved"),
    "refused": ("已拒绝", "Refused"),
    "cancelled": ("已取消", "Cancelled"),
    "removed": ("已删除", "Removed"),
    "collected": ("已领取", "Handed over"),
    "verified": ("已核销", "Verified"),
    "shipped": ("已发货", "Shipped"),
    "delivered": ("已签收", "Delivered"),
    "done": ("已完成", "Done"),
}


def back_with_notice(path: str, notice: str) -> Redirect:
    """Back to ``path`` (no query of its own) after a change, with the notice it shows."""
    if notice not in NOTICES:
        raise ValueError(f"no console notice {notice!r}; one of {', '.join(NOTICES)}")
    return Redirect(f"{path}?done={notice}")


def notice_of(request: Request, locale: str) -> str:
    """The notice this page was sent back with, in ``locale``; empty when none (or an unknown key)."""
    found = NOTICES.get(request.query_params.get("done", ""))
    if found is None:
        return ""
    return found[0] if locale == "zh_CN" else found[1]
