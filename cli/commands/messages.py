"""``mendian messages``: the outbox (发件箱) of SMS messages."""

from __future__ import annotations

import typer

from core.commandline import Runtime, print_json, with_runtime

app = typer.Typer(name="messages", help="短信发件箱 / The outbox of messages.", no_args_is_help=True)


@app.command("deliver")
def deliver() -> None:
    """立即发送所有到期的消息（serve 也会定时发送）/ Send every due message now (serve does it on a schedule)."""
    from core.messages.delivery import deliver_all
    from core.messages.providers import build_provider

    async def work(rt: Runtime):
        return await deliver_all(build_provider(), rt.clock)

    print_json(with_runtime(work))
