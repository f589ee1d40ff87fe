"""double_points (双倍积分): answers ``points_multiplier`` with 200 %, standing in for the levels plugin
in the points plugin's tests, and records what ``points_changed`` reports."""

from __future__ import annotations

from sdk import Plugin, hookimpl

plugin = Plugin(
    name="double_points",
    title="双倍积分",
    title_en="Double points",
    version="1.0.0",
    description="每位会员积分翻倍（测试用）",
    description_en="Every member earns double points (for tests)",
)


@hookimpl
def points_multiplier(member_id: int) -> int:
    return 200


# What ``points_changed`` told the other plugins, for the tests to read: (member, points, kind, entry id).
CHANGES: list[tuple[int, int, str, int]] = []


@hookimpl
def points_changed(member_id: int, points: int, kind: str, entry) -> None:
    CHANGES.append((member_id, points, kind, entry.id))
