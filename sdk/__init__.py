"""The surface plugin authors import. Everything a plugin needs is here; ``core`` stays private."""

from core.clock import Clock, FrozenClock
from core.context import Actor, Context, TenantInfo
from core.errors import (
    Conflict,
    DomainError,
    Forbidden,
    InvalidInput,
    NotFound,
)
from core.extensions.manager import SDK_VERSION
from core.extensions.plugin import Plugin, hookimpl
from core.jobs import Job

__version__ = SDK_VERSION

__all__ = [
    "Actor", "Clock", "Conflict", "Context", "DomainError", "Forbidden", "FrozenClock", "InvalidInput",
    "Job", "NotFound", "Plugin", "SDK_VERSION", "TenantInfo", "hookimpl",
]
