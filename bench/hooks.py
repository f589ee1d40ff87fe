"""What dispatching one domain hook costs: 20 enabled plugins, no database.

Builds a plugin manager with 20 generated in-memory plugins, each implementing
``member_checked_in``, and times ``await relay.member_checked_in(...)`` for the enabled set —
with sync, async and mixed implementations — beside pluggy's own synchronous call of the same
20 implementations, and the cold build of a tenant's subset caller (the cache miss).

    python bench/hooks.py            # human-readable
    python bench/hooks.py --json     # the same figures as JSON

Figures are medians of several rounds; p99 is over every single timed call. On a small shared
machine they move by 10–20 % between runs: compare orders of magnitude, not digits.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import statistics
import sys
import time
import types
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.extensions.manager import PluginManager  # noqa: E402
from sdk import Plugin, hookimpl  # noqa: E402

PLUGINS = 20


def make_plugin(index: int, kind: str) -> types.ModuleType:
    """An in-memory plugin module: ``plugin = Plugin(...)`` and one hookimpl."""
    module = types.ModuleType(f"bench_plugin_{index:02d}")
    module.plugin = Plugin(name=f"bench_{index:02d}", title=f"测试{index}", title_en=f"Bench {index}", version="1.0.0")
    if kind == "async":

        async def member_checked_in(ctx: Any, member: Any, check_in: Any) -> None:
            return None

    else:

        def member_checked_in(ctx: Any, member: Any, check_in: Any) -> None:
            return None

    module.member_checked_in = hookimpl(member_checked_in)
    return module


def build_manager(kind: str) -> PluginManager:
    manager = PluginManager()
    for i in range(PLUGINS):
        impl_kind = kind if kind != "mixed" else ("async" if i % 2 else "sync")
        manager.register(make_plugin(i, impl_kind), source="bench")
    assert len(manager.installed) == PLUGINS, manager.refused
    return manager


def summarise(round_means_ns: list[float], calls_ns: list[int]) -> dict[str, float]:
    calls_ns = sorted(calls_ns)
    return {
        "median_us": statistics.median(round_means_ns) / 1000,
        "p99_us": calls_ns[int(len(calls_ns) * 0.99) - 1] / 1000,
    }


KWARGS = {"ctx": object(), "member": object(), "check_in": object()}


async def time_relay(manager: PluginManager, calls: int, rounds: int) -> dict[str, float]:
    hook = manager.relay(frozenset(manager.installed)).member_checked_in
    assert len(hook.plugin_names) == PLUGINS
    perf = time.perf_counter_ns
    means, singles = [], []
    for _ in range(rounds):
        start = perf()
        for _ in range(calls):
            await hook(**KWARGS)
        means.append((perf() - start) / calls)
        for _ in range(calls // 10):
            t0 = perf()
            await hook(**KWARGS)
            singles.append(perf() - t0)
    return summarise(means, singles)


def time_pluggy(manager: PluginManager, calls: int, rounds: int) -> dict[str, float]:
    # pluggy's own synchronous call of the same implementations, for comparison.
    caller = manager._pm.hook.member_checked_in
    perf = time.perf_counter_ns
    means, singles = [], []
    for _ in range(rounds):
        start = perf()
        for _ in range(calls):
            caller(**KWARGS)
        means.append((perf() - start) / calls)
        for _ in range(calls // 10):
            t0 = perf()
            caller(**KWARGS)
            singles.append(perf() - t0)
    return summarise(means, singles)


def time_cold_build(manager: PluginManager, builds: int) -> dict[str, float]:
    """A tenant whose enabled set is new: relay + pluggy subset caller + AsyncHook."""
    enabled = frozenset(manager.installed)
    perf = time.perf_counter_ns
    times = []
    for _ in range(builds):
        manager._hooks.clear()  # the caches a new enabled set would miss
        manager._relays.clear()
        t0 = perf()
        hook = manager.relay(enabled).member_checked_in
        times.append(perf() - t0)
        assert len(hook.plugin_names) == PLUGINS
    times.sort()
    return {"median_us": statistics.median(times) / 1000, "p99_us": times[int(len(times) * 0.99) - 1] / 1000}


async def run(calls: int, rounds: int) -> dict[str, Any]:
    gc.collect()
    results: dict[str, Any] = {"plugins": PLUGINS, "calls_per_round": calls, "rounds": rounds}
    for kind in ("sync", "async", "mixed"):
        results[f"relay_{kind}"] = await time_relay(build_manager(kind), calls, rounds)
    results["pluggy_sync"] = time_pluggy(build_manager("sync"), calls, rounds)
    empty = build_manager("sync")
    empty_hook = empty.relay(frozenset()).member_checked_in
    start = time.perf_counter_ns()
    for _ in range(calls):
        await empty_hook(**KWARGS)
    results["relay_none_enabled_us"] = (time.perf_counter_ns() - start) / calls / 1000
    results["cold_subset_build"] = time_cold_build(build_manager("sync"), builds=max(200, calls // 20))
    return results


def report(r: dict[str, Any]) -> str:
    def line(label: str, figures: dict[str, float]) -> str:
        return f"  {label:<44} {figures['median_us']:8.2f} µs   p99 {figures['p99_us']:8.2f} µs"

    return "\n".join([
        f"Domain hook dispatch, {r['plugins']} enabled plugins "
        f"({r['rounds']} rounds × {r['calls_per_round']} calls; median of rounds, p99 of single calls):",
        line("relay, 20 sync impls", r["relay_sync"]),
        line("relay, 20 async impls", r["relay_async"]),
        line("relay, 10 sync + 10 async impls", r["relay_mixed"]),
        line("pluggy sync call, same 20 impls", r["pluggy_sync"]),
        f"  {'relay, no plugin enabled':<44} {r['relay_none_enabled_us']:8.2f} µs",
        line("cold subset caller build (cache miss)", r["cold_subset_build"]),
    ])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=20_000, help="calls per round")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    args = parser.parse_args()
    results = asyncio.run(run(args.calls, args.rounds))
    print(json.dumps(results, indent=2) if args.json else report(results))


if __name__ == "__main__":
    main()
