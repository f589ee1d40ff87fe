"""How long Mendian takes to start: ``mendian --help`` and building the app, each in a fresh process.

    python bench/startup.py            # human-readable
    python bench/startup.py --json     # the same figures as JSON

Every figure is the median of several runs in a new interpreter (so imports are cold for
Python, warm for the OS page cache). ``python -c pass`` is the floor for comparison.
``create_app()`` runs with a throw-away MENDIAN_HOME, so nothing is written to ./var.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

# Measured inside the child: the import and the build, without interpreter start-up.
CREATE_APP = """
import time
t0 = time.perf_counter()
from core.app import create_app
t1 = time.perf_counter()
create_app()
t2 = time.perf_counter()
print(t1 - t0, t2 - t1)
"""


def _mendian_command() -> list[str]:
    script = Path(sys.executable).with_name("mendian")
    return [str(script)] if script.exists() else [shutil.which("mendian") or "mendian"]


def _wall(cmd: list[str], env: dict[str, str], runs: int) -> tuple[list[float], subprocess.CompletedProcess[str]]:
    times, last = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        last = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
        times.append(time.perf_counter() - t0)
        if last.returncode != 0:
            break
    assert last is not None
    return times, last


def _figures(times: list[float]) -> dict[str, float]:
    return {"median_ms": statistics.median(times) * 1000, "min_ms": min(times) * 1000, "runs": len(times)}


def run(runs: int) -> dict[str, Any]:
    home = tempfile.mkdtemp(prefix="mendian-bench-")
    env = {
        **os.environ,
        "MENDIAN_HOME": home,
        "MENDIAN_SECRET_KEY": "bench-only-secret-key",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("MENDIAN_DATABASE_URL", None)
    results: dict[str, Any] = {}
    try:
        floor, _ = _wall([sys.executable, "-c", "pass"], env, runs)
        results["python_floor"] = _figures(floor)

        help_times, done = _wall([*_mendian_command(), "--help"], env, runs)
        if done.returncode == 0:
            results["mendian_help"] = {**_figures(help_times), "command": "mendian --help"}
        else:
            # The CLI is not there yet: time importing it instead, and say so.
            import_times, done = _wall([sys.executable, "-c", "import cli.main"], env, runs)
            results["mendian_help"] = {
                **_figures(import_times),
                "command": 'python -c "import cli.main" (fallback: `mendian --help` failed)',
                "ok": done.returncode == 0,
                "error": done.stderr.strip().splitlines()[-1] if done.returncode else None,
            }

        wall, imports, builds = [], [], []
        for _ in range(runs):
            t0 = time.perf_counter()
            child = subprocess.run([sys.executable, "-c", CREATE_APP], cwd=ROOT, env=env, capture_output=True, text=True)
            wall.append(time.perf_counter() - t0)
            if child.returncode != 0:
                raise RuntimeError(f"create_app() failed:\n{child.stderr}")
            import_s, build_s = map(float, child.stdout.split())
            imports.append(import_s)
            builds.append(build_s)
        results["create_app"] = {
            "wall": _figures(wall),
            "import_ms": statistics.median(imports) * 1000,
            "build_ms": statistics.median(builds) * 1000,
        }
    finally:
        shutil.rmtree(home, ignore_errors=True)
    return results


def report(r: dict[str, Any]) -> str:
    helped = r["mendian_help"]
    lines = [
        f"Start-up, median of {r['python_floor']['runs']} fresh processes:",
        f"  {'python -c pass (floor)':<36} {r['python_floor']['median_ms']:8.1f} ms",
    ]
    if helped.get("ok", True):
        lines.append(f"  {helped['command'][:36]:<36} {helped['median_ms']:8.1f} ms")
    else:
        lines.append(f"  {'mendian --help':<36}      n/a  ({helped['command']}: {helped['error']})")
    app = r["create_app"]
    lines += [
        f"  {'create_app() process, wall':<36} {app['wall']['median_ms']:8.1f} ms",
        f"  {'  of which import core.app':<36} {app['import_ms']:8.1f} ms",
        f"  {'  of which create_app()':<36} {app['build_ms']:8.1f} ms",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    args = parser.parse_args()
    results = run(args.runs)
    print(json.dumps(results, indent=2) if args.json else report(results))


if __name__ == "__main__":
    main()
