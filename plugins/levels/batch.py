"""调整等级 as a batch action on the members chosen in the console's list (or the API's batch):
each member's level set by hand, with the reason and who did it in their level history."""

from __future__ import annotations

from collections.abc import Mapping

from plugins.levels.schemas import LevelOverrideIn
from plugins.levels.service import ladder, override
from sdk import BatchChoice, BatchField, Context, MemberBatchAction, load_member
from sdk.errors import InvalidInput


async def _set_level(ctx: Context, member_id: int, values: Mapping[str, str], _: str) -> None:
    member = await load_member(ctx, member_id)
    if member.level_code == values["code"]:
        raise InvalidInput(field="code", zh="已是该等级", en="Already on this level")
    await override(ctx, member_id, LevelOverrideIn(code=values["code"], reason=values["reason"]))


async def batch_actions(ctx: Context) -> list[MemberBatchAction]:
    """Set the level by hand (as the member's file does, one member at a time)."""
    choices = [BatchChoice(t.code, t.name, t.name_en or t.name) for t in await ladder(ctx)]
    return [MemberBatchAction(key="levels.set", label="调整等级", label_en="Change level", permission="plugins.manage",
                              apply=_set_level, fields=[BatchField("code", "等级", "Level", choices=choices),
                                                        BatchField("reason", "原因", "Reason")])]
