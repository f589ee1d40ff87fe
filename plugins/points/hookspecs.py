"""Hooks the points plugin declares for other plugins (added when the points plugin is installed).

``points_award`` and ``points_deduct`` are how ``sdk.award_points`` / ``sdk.deduct_points`` reach
the points plugin; ``points_multiplier`` and ``points_changed`` are what the points plugin asks
and tells the others (``levels``) around each movement. Like the kernel's domain hooks they run
in the caller's transaction and only for the plugins the tenant enabled.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sdk import hookspec

if TYPE_CHECKING:
    from sdk import Context, EntryOut, Order


@hookspec(firstresult=True)
def points_multiplier(ctx: Context, member_id: int, order: Order | None) -> int | None:
    """Called by the points plugin before it credits earned points: return the member's multiplier in percent.

    ``order`` is the paid order the points are earned on (None for a top-up): its facts say what
    it was priced at (``order.member_level``). ``150`` earns one and a half times the points;
    ``None`` leaves the points as they are. First result wins: the ``levels`` plugin answers with
    the level's multiplier (the order's level, else the member's now).
    """


@hookspec
def points_changed(ctx: Context, member_id: int, points: int, kind: str, entry: EntryOut) -> None:
    """Called by the points plugin after a member's points move, in the same transaction.

    ``points`` is signed (positive: the member gained). ``kind`` is ``earned`` (from an order,
    registration, a top-up or another plugin), ``clawed_back`` (earned points taken back by a
    refund), ``spent``, ``returned`` (spent points given back) or ``expired``. The ``levels``
    plugin counts ``earned`` and ``clawed_back`` towards a points threshold. Return nothing.
    """


@hookspec(firstresult=True)
def points_award(
    ctx: Context, member_id: int, points: int, reason: str, reason_en: str, source: str, idempotency_key: str,
) -> EntryOut | None:
    """Called by ``sdk.award_points`` to credit ``points`` to a member for another plugin's activity (签到, 抽奖).

    ``source`` is the calling plugin's name, ``reason`` what the statement prints,
    ``idempotency_key`` unique to the cause. Return the posted entry (the first one on a replay).
    The ``points`` plugin owns this hook and applies its expiry policy. First result wins.
    """


@hookspec(firstresult=True)
def points_deduct(
    ctx: Context, member_id: int, points: int, reason: str, reason_en: str, source: str, idempotency_key: str,
) -> EntryOut | None:
    """Called by ``sdk.deduct_points`` to take ``points`` from a member outside an order (补签 costs points).

    Return the posted entry; raise ``InsufficientBalance`` when the member has fewer points. The
    ``points`` plugin owns this hook. First result wins.
    """
