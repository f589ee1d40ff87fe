"""我的等级 on the member pages: my level, the bar to the next one and what is missing, and every
level with how it is reached and what it gives, mine marked."""

from __future__ import annotations

from dataclasses import dataclass

from litestar import Request, Response, get

from plugins.levels import service
from plugins.levels import tiers as rules
from plugins.levels.schemas import MemberLevel, TierOut
from sdk import Context
from sdk.member_pages import MemberPage, member_context, render


@dataclass(frozen=True, slots=True)
class Rung:
    """A level as the ladder on the page shows it."""

    tier: TierOut
    reach: tuple[str, str]
    benefits: list[tuple[str, str]]
    mine: bool


def percent_done(level: MemberLevel, ladder: list[TierOut]) -> int:
    """How far my figure has come from my level's threshold to the next one's (100 at the top).

    A level set by hand or at the yearly review may sit above the figure: the bar starts empty then.
    """
    if level.next is None:
        return 100
    start = next((t.threshold for t in ladder if t.code == level.code), 0)
    span = level.next.threshold - start
    return 100 if span <= 0 else min(max(level.progress - start, 0) * 100 // span, 100)


@get("/")
async def my_level(request: Request) -> Response:
    ctx = member_context(request)
    level = await service.member_level(ctx, ctx.actor.id or 0)
    ladder = await service.ladder(ctx)
    rungs = [Rung(tier=t, reach=rules.reach(t, level.metric), benefits=rules.benefits(t), mine=t.code == level.code)
             for t in ladder]
    return render(request, "levels/member_level.html", level=level, rungs=rungs, percent=percent_done(level, ladder),
                  settings=await service.settings(ctx))


async def level_name(ctx: Context) -> tuple[str, str]:
    """The member's level on the card: beside their name and on the tile (白银 / Silver)."""
    level = await service.member_level(ctx, ctx.actor.id or 0)
    return level.name, level.name_en or level.name


PAGES = [MemberPage(path="/p/levels", title="会员等级", title_en="My level", icon="级", handlers=[my_level],
                    note=level_name, badge=True)]
