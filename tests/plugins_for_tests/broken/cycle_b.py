"""Refused: requires cycle_a, which requires it back."""

from sdk import Plugin

plugin = Plugin(name="cycle_b", title="循环依赖乙", title_en="Cycle B", version="1.0.0", requires=("cycle_a",))
