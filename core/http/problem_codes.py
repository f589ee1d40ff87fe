"""Every stable ``code`` a problem+json answer can carry: the contract's ``ProblemCode`` enum.

Collected, not listed: each ``DomainError`` subclass in the kernel, the SDK and the installed
plugins, plus the codes ``core.http.problems`` gives framework errors.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable, Iterator
from types import ModuleType

from core.errors import DomainError
from core.http import problems

FRAMEWORK_CODES = ("invalid_request", "http_error", "internal_error", "plugin_failed")
"""Codes ``core.http.problems`` answers with besides its status table and the domain errors."""


def error_classes() -> Iterator[type[DomainError]]:
    seen: set[type] = set()
    todo: list[type[DomainError]] = [DomainError]
    while todo:
        cls = todo.pop()
        if cls in seen:
            continue
        seen.add(cls)
        yield cls
        todo.extend(cls.__subclasses__())


def import_error_modules(packages: Iterable[ModuleType]) -> None:
    """Import the ``errors`` modules of these packages (and their sub-packages), so a code raised
    only on a path nothing has imported yet still reaches the enum."""
    for package in packages:
        for info in pkgutil.walk_packages(getattr(package, "__path__", []), package.__name__ + "."):
            if info.name.rsplit(".", 1)[-1] == "errors":
                importlib.import_module(info.name)


def problem_codes(packages: Iterable[ModuleType] = ()) -> list[str]:
    import_error_modules(packages)
    codes = {cls.code for cls in error_classes()}
    codes.update(code for code, _, _ in problems._HTTP_CODES.values())
    codes.update(FRAMEWORK_CODES)
    return sorted(codes)
