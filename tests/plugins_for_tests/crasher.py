"""crasher (故障): a plugin with a bug. Its hooks raise a plain ``RuntimeError``.

It runs last (``trylast``) so that the other enabled plugins have already written their part
of the event when it fails: the test then proves their writes roll back with the event.
"""

from __future__ import annotations

from typing import Any

from litestar import get

from sdk import Ctx, FromQuery, Plugin, hookimpl

plugin = Plugin(name="crasher", title="故障插件", title_en="Crasher", version="0.0.1")


@hookimpl(trylast=True)
async def member_registered(member: Any) -> None:
    raise RuntimeError(f"crasher cannot handle member {member.id}")


@hookimpl(trylast=True)
def order_paid(order: Any) -> None:
    raise RuntimeError(f"crasher cannot handle order {order.id}")


@hookimpl
def api_routes() -> list[Any]:
    return [echo]


@get("/crasher/echo", opt={"permission": "plugins.read"}, operation_id="crasherEcho")
async def echo(ctx: Ctx, text: FromQuery[str] = "") -> dict[str, str]:
    """回声 / Answers with ``text``, except ``boom``: the plugin's bug."""
    if text == "boom":
        raise RuntimeError("crasher's route has a bug")
    return {"text": text}
