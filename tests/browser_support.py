"""The live server and browser for the console's browser tests: uvicorn in a thread, system Chromium.

The app gets its own database engine, started in the server's event loop; everything the test
sets up afterwards goes through HTTP (the REST API or the browser), never through the test
loop's engine, which on PostgreSQL belongs to another loop.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = "/usr/bin/chromium"
# What the machine notes say Chromium needs here: no sandbox as root, and no background
# connections (the closed network refuses them, many at a time).
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]
DESKTOP = {"width": 1280, "height": 860}
PHONE = {"width": 390, "height": 844}


def skip_without_browser() -> None:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium); .ci/run does")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        pytest.skip("the playwright package is missing: pip install -e '.[test]'")


def artifacts_dir() -> Path:
    folder = Path(os.environ.get("MENDIAN_ARTIFACTS") or Path(__file__).parent / "artifacts") / "console"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    def __init__(self, app) -> None:
        import uvicorn

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning",
                                                    lifespan="on"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the console test server did not start")
            time.sleep(0.02)  # polling the start flag, not waiting for a race
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=20)


def screenshot(page, name: str, docs: bool = False, full_page: bool = True) -> None:
    """Save the page as an artifact at the viewport's width (the whole page, or what the screen shows:
    a drawer over the page). With MENDIAN_UPDATE_DOCS_SCREENSHOTS set, ``docs`` pages and every
    member page are also copied for merchants: a page under /m/ to docs/member/, the console's to
    docs/console/ (told by the page's address, not its name: a console page may be about a member)."""
    path = artifacts_dir() / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    member = urlsplit(page.url).path.startswith("/m/")
    if (docs or member) and os.environ.get("MENDIAN_UPDATE_DOCS_SCREENSHOTS"):
        target = Path(__file__).parent.parent / "docs" / ("member" if member else "console")
        target.mkdir(exist_ok=True)
        shutil.copyfile(path, target / path.name)


@pytest.fixture
def live(database_url, plugin_manager, tenant, clock):
    """The app served on a free port, on the test's database, with the ``tenant`` made."""
    from core import db
    from core.app import create_app

    skip_without_browser()
    app = create_app(manager=plugin_manager, clock=clock, engine=db.create_engine(database_url))
    with LiveServer(app) as server:
        yield server


@pytest.fixture
def browser():
    """Headless system Chromium (the test is skipped without it)."""
    from playwright.sync_api import sync_playwright

    skip_without_browser()
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()
