"""Refused: requires a plugin that is not installed."""

from sdk import Plugin

plugin = Plugin(
    name="needs_missing", title="缺依赖", title_en="Needs a missing plugin", version="1.0.0",
    requires=("no_such_plugin",),
)
