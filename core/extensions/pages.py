"""Collecting the pages plugins return from a wiring hook (console pages, member pages)."""

from __future__ import annotations

import logging
from typing import Any, TypeVar

from core.extensions.manager import PluginManager

log = logging.getLogger(__name__)
P = TypeVar("P")


def collect_pages(manager: PluginManager, hook_name: str, page_type: type[P], prefix: str) -> list[tuple[str, P]]:
    """Every installed plugin's pages from ``hook_name``, as ``(plugin, page)``.

    ``prefix`` is formatted with ``plugin``: a page outside ``prefix`` (``/console/p/<plugin>``)
    or not a ``page_type`` is skipped with a warning, so no plugin mounts over another's pages.
    """
    pages: list[tuple[str, P]] = []
    for name, result in manager.wiring(hook_name):
        own = prefix.format(plugin=name)
        for page in result if isinstance(result, list | tuple) else [result]:
            path: Any = getattr(page, "path", None)
            if not isinstance(page, page_type) or not (path == own or str(path).startswith(own + "/")):
                log.warning("plugin %s: %s page %r skipped (must be a %s under %s)", name, hook_name, page,
                            page_type.__name__, own)
                continue
            pages.append((name, page))
    return pages
