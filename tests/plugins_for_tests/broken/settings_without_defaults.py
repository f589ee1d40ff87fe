"""Refused: a settings field without a default, so a tenant that set nothing has no settings."""

import msgspec

from sdk import Plugin


class Settings(msgspec.Struct):
    api_token: str


plugin = Plugin(
    name="settings_without_defaults", title="缺默认设置", title_en="Settings without defaults",
    version="1.0.0", settings=Settings,
)
