"""What the API says about plugins for a tenant."""

from __future__ import annotations

from typing import Any

import msgspec


class PluginOut(msgspec.Struct):
    name: str
    title: str
    title_en: str
    description: str
    description_en: str
    version: str
    industries: list[str]
    requires: list[str]
    source: str
    enabled: bool  # switched on for this tenant and able to run
    settings: dict[str, Any]
    # Why a plugin the merchant switched on is not running (invalid stored settings after an
    # upgrade, or a required plugin that is not running); None when nothing is wrong.
    disabled_reason: str | None = None


class RefusedPluginOut(msgspec.Struct):
    name: str
    reason: str
