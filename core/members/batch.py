"""会员批量操作: one action applied to many chosen members at once (tag, send a coupon, set a level).

The kernel brings the tag actions; plugins bring theirs through the ``member_batch_actions`` hook
(only the plugins a tenant enabled are asked, so a disabled plugin's action is unknown here). Every
door (console, REST) runs a batch through ``run_batch``, which holds the rules in one place: the
action's permission (the one the same change to a single member needs), at most ``MAX_BATCH``
members, only this tenant's living members, each member done or skipped with the reason, and the
whole batch once per key (a form posted twice, a retried request) through the idempotency records.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass

import msgspec

from core import scoped
from core.context import Context
from core.errors import BatchTooLarge, DomainError, InvalidInput, NoMembersChosen, NotFound
from core.idempotency.service import run_once
from core.members import schemas as s
from core.members.service import member_names
from core.members.tables import Member, MemberTag

MAX_BATCH = 500
"""The most members one batch acts on: larger sends are cut by the filter and done in parts."""
NAMED_AT_MOST = 5
"""How many members a confirmation names before "…等 N 位"."""


@dataclass(frozen=True, slots=True)
class BatchChoice:
    """One option of a field chosen from a list (a coupon template, a level)."""

    value: str
    label: str  # zh-CN
    label_en: str


@dataclass(frozen=True, slots=True)
class BatchField:
    """What an action asks before it runs. With ``choices`` (even none) it is picked from them (a
    ``<select>``); with ``None``, it is typed, with ``suggestions`` offered (a tag among the tags in use)."""

    name: str
    label: str  # zh-CN
    label_en: str
    choices: Sequence[BatchChoice] | None = None
    suggestions: Sequence[str] = ()
    max_length: int = 200


#: Applies the action to one member: ``(ctx, member_id, values, batch_key)``. Raise a ``DomainError``
#: to skip the member, with the reason the result shows, before writing anything for them: the batch
#: runs in one transaction, which a skip does not roll back. ``batch_key`` is the same for every
#: member of one batch: a change keyed by it and the member is made once however often it is sent.
ApplyToMember = Callable[[Context, int, Mapping[str, str], str], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class MemberBatchAction:
    """A batch action on members (``sdk.MemberBatchAction``), returned from ``member_batch_actions``."""

    key: str  # "<plugin>.<verb>": coupons.send
    label: str  # zh-CN, as on a button: 发优惠券
    label_en: str
    permission: str  # what the same change to one member needs
    apply: ApplyToMember
    fields: Sequence[BatchField] = ()


class BatchSkip(msgspec.Struct):
    member_id: int
    name: str
    reason: str  # zh-CN
    reason_en: str


class BatchResult(msgspec.Struct):
    """批量操作结果: how many members were done, and each one skipped with why."""

    action: str
    done: int
    skipped: list[BatchSkip]


class BatchChoiceOut(msgspec.Struct):
    value: str
    label: str
    label_en: str


class BatchFieldOut(msgspec.Struct):
    name: str
    label: str
    label_en: str
    choices: list[BatchChoiceOut] | None  # pick one of these; null: type the value (suggestions offered)
    suggestions: list[str]


class BatchActionOut(msgspec.Struct):
    """A batch action the caller may run, with the values it asks for."""

    key: str
    label: str
    label_en: str
    permission: str
    fields: list[BatchFieldOut]


class BatchIn(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """Run ``action`` on ``member_ids`` with ``values`` (one per field the action asks for)."""

    action: str
    member_ids: list[int]
    values: dict[str, str] = {}


# --- the kernel's own actions: tags -----------------------------------------------------------------


async def _tagged(ctx: Context, member_id: int, tag: str) -> bool:
    return await scoped.select(ctx, MemberTag, MemberTag.id).where(
        (MemberTag.member_id == member_id) & (MemberTag.tag == tag)).first() is not None


async def _add_tag(ctx: Context, member_id: int, values: Mapping[str, str], _: str) -> None:
    tag = values["tag"]
    # ON CONFLICT rather than a failed INSERT, which would abort the batch's transaction on PostgreSQL:
    # the same tag given at once by the member's file or another batch counts as already there.
    added = await MemberTag.insert(MemberTag(tenant_id=ctx.tenant_id, member_id=member_id, tag=tag,
                                             created_at=ctx.now())).on_conflict(action="DO NOTHING").returning(MemberTag.id)
    if not added:
        raise InvalidInput(field="tag", zh=f"已有标签「{tag}」", en=f"Already tagged '{tag}'")
    await scoped.update(ctx, Member, {Member.updated_at: ctx.now()}).where(Member.id == member_id)


async def _remove_tag(ctx: Context, member_id: int, values: Mapping[str, str], _: str) -> None:
    tag = values["tag"]
    if not await _tagged(ctx, member_id, tag):
        raise InvalidInput(field="tag", zh=f"没有标签「{tag}」", en=f"Not tagged '{tag}'")
    await scoped.delete(ctx, MemberTag).where((MemberTag.member_id == member_id) & (MemberTag.tag == tag))
    await scoped.update(ctx, Member, {Member.updated_at: ctx.now()}).where(Member.id == member_id)


async def tags_in_use(ctx: Context) -> list[str]:
    """Every tag some member of the tenant has, in the order first used: what a tag picker offers."""
    rows = await scoped.select(ctx, MemberTag, MemberTag.tag).order_by(MemberTag.id)
    return list(dict.fromkeys(row["tag"] for row in rows))


async def _kernel_actions(ctx: Context) -> list[MemberBatchAction]:
    tags = await tags_in_use(ctx)
    return [
        MemberBatchAction(key="tags.add", label="打标签", label_en="Add a tag", permission="members.write",
                          apply=_add_tag, fields=[BatchField("tag", "标签", "Tag", suggestions=tags, max_length=20)]),
        MemberBatchAction(key="tags.remove", label="去掉标签", label_en="Remove a tag", permission="members.write",
                          apply=_remove_tag, fields=[BatchField("tag", "标签", "Tag", suggestions=tags, max_length=20)]),
    ]


# --- finding actions and checking what they are given ---------------------------------------------


async def batch_actions(ctx: Context) -> list[MemberBatchAction]:
    """Every batch action of the tenant: the kernel's, then each enabled plugin's."""
    found = await _kernel_actions(ctx)
    for result in await ctx.hooks.member_batch_actions(ctx=ctx):
        found.extend(result or [])
    return found


async def offered_actions(ctx: Context) -> list[MemberBatchAction]:
    """The batch actions this actor may run."""
    return [a for a in await batch_actions(ctx) if ctx.actor.can(a.permission)]


async def find_action(ctx: Context, key: str) -> MemberBatchAction:
    """The action ``key``; ``NotFound`` for one no enabled plugin offers. The actor's permission for
    it is checked here, so every door refuses alike (403)."""
    action = next((a for a in await batch_actions(ctx) if a.key == key), None)
    if action is None:
        raise NotFound(resource="batch action", id=key, field="action")
    ctx.require(action.permission)
    return action


def checked_values(action: MemberBatchAction, values: Mapping[str, str]) -> dict[str, str]:
    """The values an action asks for, trimmed; a missing one, one not among its choices or too long is refused."""
    checked = {}
    for field in action.fields:
        value = str(values.get(field.name, "")).strip()
        if not value:
            raise InvalidInput(field=field.name, zh=f"请填写{field.label}", en=f"Give the {field.label_en.lower()}")
        if field.choices is not None and value not in {c.value for c in field.choices}:
            raise InvalidInput(field=field.name, zh=f"请从列表中选择{field.label}",
                               en=f"Choose the {field.label_en.lower()} from the list")
        if len(value) > field.max_length:
            raise InvalidInput(field=field.name, zh=f"{field.label}最多 {field.max_length} 个字",
                               en=f"{field.label_en}: at most {field.max_length} characters")
        if field.name == "tag":
            try:
                msgspec.convert([value], s.Tags)  # a tag is checked as the profile's tags are
            except msgspec.ValidationError:
                raise InvalidInput(field="tag", zh="标签不能含有分号、逗号或竖线，最多 20 个字",
                                   en="A tag has no ; , or |, and at most 20 characters") from None
        checked[field.name] = value
    return checked


def described(action: MemberBatchAction, values: Mapping[str, str]) -> tuple[str, str]:
    """What the action will do, as the confirmation says it: 发优惠券：优惠券「满100减20」."""
    zh, en = [], []
    for field in action.fields:
        value = values.get(field.name, "")
        choice = next((c for c in field.choices or () if c.value == value), None)
        zh.append(f"{field.label}「{choice.label if choice else value}」")
        en.append(f"{field.label_en.lower()} '{choice.label_en if choice else value}'")
    return (f"{action.label}：{'，'.join(zh)}" if zh else action.label,
            f"{action.label_en}: {', '.join(en)}" if en else action.label_en)


def chosen_ids(member_ids: Sequence[int]) -> list[int]:
    """The ids chosen, each once; none or more than ``MAX_BATCH`` is refused."""
    ids = list(dict.fromkeys(member_ids))
    if not ids:
        raise NoMembersChosen()
    if len(ids) > MAX_BATCH:
        raise BatchTooLarge(limit=MAX_BATCH, chosen=len(ids))
    return ids


# --- running a batch -------------------------------------------------------------------------------


async def _apply(ctx: Context, action: MemberBatchAction, ids: list[int], values: dict[str, str],
                 batch_key: str) -> BatchResult:
    names = await member_names(ctx, ids)
    done, skipped = 0, []
    for member_id in ids:
        if member_id not in names:
            skipped.append(BatchSkip(member_id=member_id, name="", reason="未找到会员", reason_en="Member not found"))
            continue
        try:
            await action.apply(ctx, member_id, values, batch_key)
        except DomainError as exc:
            skipped.append(BatchSkip(member_id=member_id, name=names[member_id], reason=exc.detail_zh,
                                     reason_en=exc.detail_en))
        else:
            done += 1
    return BatchResult(action=action.key, done=done, skipped=skipped)


async def apply_batch(ctx: Context, data: BatchIn, batch_key: str) -> BatchResult:
    """Run ``data.action`` on the chosen members, inside the caller's transaction: the action's
    permission, the cap and its values are checked first; a member the action refuses is skipped with
    the reason, another tenant's or a deleted member as not found. Every door comes through here;
    ``core.http.idempotent`` (REST) or ``run_batch`` (console) makes it once per key."""
    action = await find_action(ctx, data.action)
    ids = chosen_ids(data.member_ids)
    return await _apply(ctx, action, ids, checked_values(action, data.values), batch_key)


async def run_batch(ctx: Context, data: BatchIn, batch_key: str | None) -> BatchResult:
    """``apply_batch`` once per ``batch_key`` (a console confirmation's): sent again, the same batch
    answers with its first result and changes nothing. Call it outside any transaction (the key is
    claimed on its own, as an Idempotency-Key is)."""
    digest = hashlib.sha256(msgspec.json.encode([data.action, data.member_ids, data.values])).hexdigest()
    key = f"member-batch:{batch_key}" if batch_key else None
    stored = await run_once(ctx, key, digest, 200, lambda: apply_batch(ctx, data, batch_key or ""))
    return msgspec.json.decode(stored.body, type=BatchResult)


def action_out(action: MemberBatchAction) -> BatchActionOut:
    fields = [BatchFieldOut(name=f.name, label=f.label, label_en=f.label_en, suggestions=list(f.suggestions),
                            choices=None if f.choices is None else [BatchChoiceOut(c.value, c.label, c.label_en)
                                                                    for c in f.choices])
              for f in action.fields]
    return BatchActionOut(key=action.key, label=action.label, label_en=action.label_en, permission=action.permission,
                          fields=fields)
