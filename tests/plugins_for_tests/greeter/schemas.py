"""The greeter's settings and its API shapes."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

import msgspec
from msgspec import Meta


class GreeterSettings(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """欢迎积分 (0–1000) and the tone of the greeting."""

    points: Annotated[int, Meta(ge=0, le=1000)] = 10
    style: Literal["warm", "formal"] = "warm"


class GreetingOut(msgspec.Struct):
    id: int
    member_id: int
    points: int
    message: str
    created_at: dt.datetime
