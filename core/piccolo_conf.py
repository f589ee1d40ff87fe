"""piccolo's configuration module (``PICCOLO_CONF=core.piccolo_conf``, set by ``core.db``).

piccolo's migration manager asks ``engine_finder()`` for the engine, which reads ``DB`` here:
it must be the engine Mendian bound, not a second one. ``APP_REGISTRY`` lets piccolo's own CLI
(``piccolo migrations new <app> --auto``) see the kernel apps and the installed plugins.
"""

from __future__ import annotations

from typing import Any


def __getattr__(name: str) -> Any:
    from core import db

    if name == "DB":
        if db._engine is None:
            from core.settings import get_settings

            db.bind(db.create_engine(get_settings().database_url, keep_connections=False), [])
        return db.engine()
    if name == "APP_REGISTRY":
        from piccolo.conf.apps import AppRegistry

        from core.app import build_plugin_manager

        kernel = [f"core.{app}.piccolo_app" for app in ("tenancy", "members", "catalog", "ledger", "orders", "idempotency", "scheduler",
                                                      "messages", "member_auth")]
        manager = build_plugin_manager()
        plugins = [f"{item.module.__name__}.piccolo_app" for item in manager.installed.values() if item.apps]
        return AppRegistry(apps=[*kernel, *plugins])
    raise AttributeError(name)
