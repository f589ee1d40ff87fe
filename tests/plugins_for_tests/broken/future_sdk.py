"""Refused: written for an SDK this Mendian does not provide."""

from sdk import Plugin

plugin = Plugin(name="future_sdk", title="未来插件", title_en="From the future", version="1.0.0", sdk=">=9")
