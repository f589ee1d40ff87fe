"""Refused: a name that is not lowercase letters, digits and underscores."""

from sdk import Plugin

plugin = Plugin(name="Bad-Name", title="坏名字", title_en="Bad name", version="1.0.0")
