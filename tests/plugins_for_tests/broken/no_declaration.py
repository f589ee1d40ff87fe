"""Refused: hook implementations but no ``plugin = Plugin(...)``."""

from sdk import hookimpl


@hookimpl
def member_registered(member):
    return None
