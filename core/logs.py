"""Log records that say which request they belong to, and a JSON line formatter for them.

While a request is handled its id (and, once known, its tenant) sits in a context variable; the
record factory installed by ``install`` copies both onto every record, whichever logger emits it
(the kernel's, a plugin's, a library's), so handlers, formatters and pytest's caplog all see them.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import secrets
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

REQUEST_ID_HEADER = "x-request-id"
_SANE_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")


@dataclass(slots=True)
class RequestLog:
    """What the logs say about the request being handled. Mutable: the tenant is learnt later, in
    a dependency litestar may resolve in a task of its own, where setting a variable would not reach back."""

    request_id: str
    tenant: str | None = None


_current: ContextVar[RequestLog | None] = ContextVar("mendian_request_log", default=None)


def request_id_from(header: str | None) -> str:
    """The client's id when it is sane (at most 64 of ``A-Z a-z 0-9 . _ -``: safe in a log line and a
    header), else a new one: a proxy's id then ties its log to ours."""
    if header is not None and _SANE_ID.fullmatch(header):
        return header
    return secrets.token_hex(16)


def current() -> RequestLog | None:
    return _current.get()


def begin(request_id: str) -> object:
    """Mark what follows, in this context, as handling the request ``request_id``; ``end`` undoes it."""
    return _current.set(RequestLog(request_id=request_id))


def end(token: object) -> None:
    _current.reset(token)  # type: ignore[arg-type]


def note_tenant(slug: str) -> None:
    """Name the tenant of the request being handled (no-op outside a request)."""
    if (log := _current.get()) is not None:
        log.tenant = slug


_installed = False


def install() -> None:
    """Give every record ``request_id`` and ``tenant`` attributes (None outside a request). Once
    per process: the factory wraps whichever one was there before."""
    global _installed
    if _installed:
        return
    _installed = True
    previous = logging.getLogRecordFactory()

    def record(*args: Any, **kwargs: Any) -> logging.LogRecord:
        made = previous(*args, **kwargs)
        log = _current.get()
        made.request_id = log.request_id if log is not None else None
        made.tenant = log.tenant if log is not None else None
        return made

    logging.setLogRecordFactory(record)


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC), level, logger, message, request_id, tenant, and the
    exception's text when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None),
            "tenant": getattr(record, "tenant", None),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)
