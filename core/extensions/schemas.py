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
    enabled: bool
    settings: dict[str, Any]


class RefusedPluginOut(msgspec.Struct):
    name: str
    reason: str
