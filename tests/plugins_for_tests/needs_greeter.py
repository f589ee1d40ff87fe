"""needs_greeter (迎宾加强版): requires the greeter, so enabling it enables the greeter too."""

from __future__ import annotations

from typing import Any

from sdk import Plugin, hookimpl

plugin = Plugin(
    name="needs_greeter",
    title="迎宾加强版",
    title_en="Greeter extras",
    version="1.0.0",
    requires=("greeter",),
)


@hookimpl
def member_checked_in(member: Any, check_in: Any) -> str:
    return f"needs_greeter saw {member.id} at {check_in}"
