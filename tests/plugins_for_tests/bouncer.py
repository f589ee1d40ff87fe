"""bouncer (暂停登记): a plugin that refuses, in the domain's words, through a ``DomainError``.

While enabled it closes member registration and refuses every order: the client sees the
plugin's own code and reason, and nothing of the event is kept.
"""

from __future__ import annotations

from typing import Any

from sdk import Context, DomainError, Plugin, hookimpl

plugin = Plugin(
    name="bouncer",
    title="暂停登记",
    title_en="Bouncer",
    version="1.0.0",
    description="暂停会员登记和下单",
    description_en="Pauses member registration and orders",
)


class RegistrationClosed(DomainError):
    code = "registration_closed"
    status = 409
    zh = "本店暂停会员登记（{store}）"
    en = "Member registration is paused ({store})"


class OrdersPaused(DomainError):
    code = "orders_paused"
    status = 409
    zh = "本店暂停下单"
    en = "Orders are paused"


@hookimpl
def member_registered(ctx: Context) -> None:
    raise RegistrationClosed(store=ctx.tenant.name)


@hookimpl
def order_validated(order: Any) -> None:
    raise OrdersPaused()
