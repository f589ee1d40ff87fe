"""``mendian serve`` and ``mendian demo --serve`` print the addresses they really serve: with
``--port 0`` the system picks the port, and the printed console and member URLs answer.

Each test starts the command line as a real process on a fresh SQLite folder, reads its output
until the addresses appear (bounded by a deadline, not a sleep), and opens them.
"""

from __future__ import annotations

import os
import queue
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

WAIT_S = 90  # importing the kernel and migrating a fresh SQLite file takes a few seconds; CI is slower
CONSOLE = re.compile(r"(http://127\.0\.0\.1:(\d+))/console/")
MEMBERS = re.compile(r"(http://127\.0\.0\.1:\d+/m/[a-z0-9-]+/)")


def environment(home: Path, settings: dict[str, str] | None = None) -> dict[str, str]:
    """This environment without its Mendian settings, with ``home`` and ``settings`` (MENDIAN_*) instead."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MENDIAN_")}
    return {**env, "MENDIAN_HOME": str(home), "MENDIAN_FAST_HASH": "1", **(settings or {})}


def mendian(home: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cli.main", *args], cwd=home, env=environment(home),
                          capture_output=True, text=True, timeout=WAIT_S, check=False)


class Running:
    """A ``mendian`` process whose output lines are read in a thread, to wait for one with a deadline."""

    def __init__(self, home: Path, *args: str, settings: dict[str, str] | None = None) -> None:
        self.process = subprocess.Popen([sys.executable, "-m", "cli.main", *args], cwd=home,
                                        env=environment(home, settings),
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.put(line)
        self.lines.put(None)  # the process ended

    def line_matching(self, pattern: re.Pattern[str]) -> re.Match[str]:
        deadline = time.monotonic() + WAIT_S
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self.lines.get(timeout=left)
            except queue.Empty:
                break
            if line is None:
                break
            self.seen.append(line)
            if found := pattern.search(line):
                return found
        raise AssertionError(f"no line matching {pattern.pattern!r}; output so far:\n{''.join(self.seen)}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def running(tmp_path) -> Iterator:
    started: list[Running] = []

    def start(*args: str) -> Running:
        started.append(Running(tmp_path, *args))
        return started[-1]

    yield start
    for process in started:
        process.stop()


def opens(url: str) -> int:
    """The status of a GET, redirects not followed (the console and the card send strangers to sign in)."""
    return httpx.get(url, timeout=WAIT_S).status_code


def test_serve_on_port_0_prints_the_port_it_bound(tmp_path, running):
    assert mendian(tmp_path, "demo").returncode == 0  # the demo gym, so serve names its member pages
    server = running("serve", "--port", "0")
    site, port = server.line_matching(CONSOLE).groups()
    assert port != "0"
    members = server.line_matching(MEMBERS).group(1)
    assert members == f"{site}/m/demo-gym/"
    assert opens(f"{site}/console/") in (200, 303)
    assert opens(members) == 303
    assert httpx.get(members, follow_redirects=True, timeout=WAIT_S).status_code == 200  # the sign-in page
    assert opens(f"{site}/health") == 200


def test_demo_serve_on_port_0_seeds_then_serves_at_the_printed_addresses(tmp_path, running):
    server = running("demo", "--serve", "--port", "0")
    site, port = server.line_matching(CONSOLE).groups()
    members = server.line_matching(MEMBERS).group(1)
    assert port != "0" and members.startswith(site)
    assert opens(f"{site}/console/") in (200, 303)
    assert httpx.get(members, follow_redirects=True, timeout=WAIT_S).status_code == 200
    stores = httpx.get(f"{members}stores", timeout=WAIT_S)
    assert stores.status_code == 200 and 'id="store-list"' in stores.text


def test_demo_on_port_0_without_serving_says_it_needs_serve(tmp_path):
    done = mendian(tmp_path, "demo", "--port", "0")
    assert done.returncode == 2 and "--port 0 needs --serve" in done.stderr and "Traceback" not in done.stderr


def test_serve_with_two_workers_answers_then_stops_cleanly(tmp_path, running):
    server = running("serve", "--workers", "2", "--port", "0")
    site, port = server.line_matching(CONSOLE).groups()
    started = {server.line_matching(re.compile(r"Started server process \[(\d+)\]")).group(1) for _ in range(2)}

    assert len(started) == 2  # two worker processes, sharing the one socket bound
    assert opens(f"{site}/health") == 200
    ready = httpx.get(f"{site}/ready", timeout=WAIT_S)
    assert ready.status_code == 200 and ready.json()["checks"]["migrations"] == "ok"
    server.process.terminate()
    assert server.process.wait(timeout=WAIT_S) == 0
    server.line_matching(re.compile(r"Stopping parent process"))
