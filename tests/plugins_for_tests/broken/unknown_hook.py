"""Refused: implements a hook that no hookspec declares (a typo or a removed hook)."""

from sdk import Plugin, hookimpl

plugin = Plugin(name="unknown_hook", title="未知钩子", title_en="Unknown hook", version="1.0.0")


@hookimpl
def member_teleported(ctx, member):
    return None
