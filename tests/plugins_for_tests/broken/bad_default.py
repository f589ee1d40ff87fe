"""Refused: a settings default that breaks the field's own constraint (-5 welcome points)."""

from typing import Annotated

import msgspec
from msgspec import Meta

from sdk import Plugin


class Settings(msgspec.Struct):
    points: Annotated[int, Meta(ge=0)] = -5


plugin = Plugin(name="bad_default", title="默认值越界", title_en="Bad default", version="1.0.0", settings=Settings)
