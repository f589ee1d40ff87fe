"""Refused: requires cycle_b, which requires it back (enabling either could never finish)."""

from sdk import Plugin

plugin = Plugin(name="cycle_a", title="循环依赖甲", title_en="Cycle A", version="1.0.0", requires=("cycle_b",))
