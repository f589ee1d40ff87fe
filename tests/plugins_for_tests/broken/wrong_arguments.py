"""Refused: a hook implementation asks for an argument the hookspec does not pass."""

from sdk import Plugin, hookimpl

plugin = Plugin(name="wrong_arguments", title="参数错误", title_en="Wrong arguments", version="1.0.0")


@hookimpl
def member_registered(ctx, customer):
    return None
