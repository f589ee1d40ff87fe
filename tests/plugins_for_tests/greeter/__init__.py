"""greeter (迎宾): greets every new member and records the greeting in its own table.

The test plugin with everything a real plugin has: settings with constraints, a piccolo app
with a migration, a REST route, and a domain hook that writes in the event's transaction.
"""

from __future__ import annotations

from typing import Any

from sdk import Context, Plugin, hookimpl
from tests.plugins_for_tests.greeter.schemas import GreeterSettings

plugin = Plugin(
    name="greeter",
    title="迎宾",
    title_en="Greeter",
    version="1.0.0",
    description="新会员登记时送上欢迎语和欢迎积分",
    description_en="Greets every new member with a message and welcome points",
    settings=GreeterSettings,
    industries=("gym", "convenience"),
)


@hookimpl
def piccolo_apps():
    from tests.plugins_for_tests.greeter.piccolo_app import APP_CONFIG

    return APP_CONFIG


@hookimpl
def api_routes():
    from tests.plugins_for_tests.greeter.api import GreetingController

    return [GreetingController]


@hookimpl
async def member_registered(ctx: Context, member: Any) -> None:
    from tests.plugins_for_tests.greeter.service import greet_member

    await greet_member(ctx, member)


@hookimpl
def member_pages():
    from tests.plugins_for_tests.greeter.member import PAGES

    return PAGES
