"""A plugin whose hooks live in its ``hooks.py``, found by convention; one is ``@own_orders``."""

from sdk import Plugin

plugin = Plugin(name="hooked", title="钩子", title_en="Hooked", version="1.0.0")
