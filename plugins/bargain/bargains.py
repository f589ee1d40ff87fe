"""发起砍价 and 帮砍: a member starts a bargain of a live campaign and shares its code; each friend
cuts once, the next amount of the bargain's seeded sequence.

Exact under a crowd: a cut is a conditional UPDATE of the bargain's ``cuts_done`` (never past
the helpers needed, only while open and before the deadline) and a row under a unique
(bargain, helper) index, in one transaction; a helper's second cut breaks the index and rolls
the whole cut back. Starting is guarded the same way by the member's count row.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from plugins.bargain.campaigns import state_of
from plugins.bargain.cuts import cut_sequence, cut_so_far, new_seed
from plugins.bargain.errors import (
    AlreadyHelped,
    BargainClosed,
    BargainComplete,
    CampaignNotLive,
    CannotHelpSelf,
    NotNewMember,
    SoldOut,
    StartLimitReached,
    UnknownShareCode,
)
from plugins.bargain.schemas import BargainOut, BargainSettings, CutOut, HelpOut
from plugins.bargain.tables import Bargain, BargainCampaign, BargainCut, BargainMemberCount
from sdk import Context, NotFound, get_item, is_unique_violation, load_member, plugin_settings
from sdk.db import count, get, insert, select, transaction, update

PLUGIN = "bargain"
ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read aloud and typed from a poster
CODE_LENGTH = 10
SHARE_PAGE = "/p/bargain/share"  # under /m/<tenant>: the public page a share link opens
CAMPAIGN_STATES = {"upcoming": ("还未开始", "has not started"), "ended": ("已结束", "has ended"),
                   "stopped": ("已停止", "was stopped")}
CLOSED = {"ordered": ("已下单", "has been ordered"), "bought": ("已购买", "was bought"),
          "expired": ("已过期", "has expired"), "lapsed": ("已超时未付款", "was not paid in time")}


async def settings(ctx: Context) -> BargainSettings:
    return await plugin_settings(ctx, PLUGIN, BargainSettings)


def status_of(row: dict[str, Any], now: dt.datetime) -> str:
    """The stored status, with a deadline that passed counted at once (before the sweep runs)."""
    if row["status"] == "open" and row["expires_at"] <= now:
        return "expired"
    if row["status"] == "ordered" and row["pay_by"] is not None and row["pay_by"] <= now:
        return "lapsed"
    return row["status"]


def closed(status: str) -> BargainClosed:
    zh, en = CLOSED.get(status, CLOSED["expired"])
    return BargainClosed(state_zh=zh, state=en)


def current_price(row: dict[str, Any]) -> int:
    total = row["price_fen"] - row["floor_fen"]
    return row["price_fen"] - cut_so_far(row["seed"], total, row["helpers_needed"], row["cuts_done"])


def share_link(ctx: Context, rules: BargainSettings, code: str) -> str:
    """The bargain's share page on the member pages (``member.py``): a friend opens it and cuts."""
    return f"{rules.share_base_url.rstrip('/')}/m/{ctx.tenant.slug}{SHARE_PAGE}/{code}"


async def masked_name(ctx: Context, member_id: int) -> str:
    """A member as a friend's page shows them: the first character and a star (张*)."""
    try:
        name = (await load_member(ctx, member_id)).name
    except NotFound:  # a member removed since: their bargain and cuts stay
        name = ""
    return (name[:1] + "*") if name else "*"


async def _cuts(ctx: Context, bargain_id: int) -> list[CutOut]:
    rows = await select(ctx, BargainCut).where(BargainCut.bargain_id == bargain_id).order_by(BargainCut.seq)
    return [CutOut(seq=r["seq"], helper_id=r["helper_id"], helper_name=await masked_name(ctx, r["helper_id"]),
                   amount_fen=r["amount_fen"], created_at=r["created_at"]) for r in rows]


async def bargain_out(ctx: Context, row: dict[str, Any], with_cuts: bool = True) -> BargainOut:
    rules = await settings(ctx)
    now = ctx.now()
    status = status_of(row, now)
    price = current_price(row)
    at_floor = row["cuts_done"] >= row["helpers_needed"]
    return BargainOut(
        id=row["id"], campaign_id=row["campaign_id"], member_id=row["member_id"], item_id=row["item_id"],
        item_name=(await get_item(ctx, row["item_id"])).name, price_fen=row["price_fen"], floor_fen=row["floor_fen"],
        current_price_fen=price, cut_fen=row["price_fen"] - price, helpers_needed=row["helpers_needed"],
        cuts_done=row["cuts_done"], status=status,  # type: ignore[arg-type]
        can_buy=status == "open" and (rules.buy_mode == "any_price" or at_floor),
        share_code=row["share_code"], share_link=share_link(ctx, rules, row["share_code"]),
        expires_at=row["expires_at"], seconds_left=max(int((row["expires_at"] - now).total_seconds()), 0)
        if status == "open" else 0, created_at=row["created_at"], order_id=row["order_id"],
        bought_price_fen=row["bought_price_fen"], pay_by=row["pay_by"],
        cuts=await _cuts(ctx, row["id"]) if with_cuts else [])


def _new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


async def start(ctx: Context, campaign_id: int, member_id: int, start_key: str | None = None) -> BargainOut:
    """发起砍价: a bargain of a live campaign at its price, open ``duration_hours`` (never past the
    campaign's end); refused when sold out or over the member's limit of bargains started.
    A ``start_key`` used before (a replayed form) answers with the bargain it started."""
    if start_key and (earlier := await _started_with(ctx, member_id, start_key)):
        return await bargain_out(ctx, earlier)
    campaign = await get(ctx, BargainCampaign, campaign_id, "bargain campaign")
    now = ctx.now()
    state = state_of(campaign, now)
    if state != "live":
        zh, en = CAMPAIGN_STATES[state]
        raise CampaignNotLive(name=campaign["name"], state_zh=zh, state=en)
    if campaign["sold"] >= campaign["stock"]:
        raise SoldOut()
    try:
        row = await _start(ctx, campaign, member_id, start_key)
    except Exception as exc:
        # the same key at the same moment: the index keeps one bargain, and the count rolled back
        if start_key and is_unique_violation(exc) and (earlier := await _started_with(ctx, member_id, start_key)):
            return await bargain_out(ctx, earlier)
        raise
    return await bargain_out(ctx, row)


async def _start(ctx: Context, campaign: dict[str, Any], member_id: int, start_key: str | None) -> dict[str, Any]:
    campaign_id, limit, now = campaign["id"], campaign["per_member_limit"], ctx.now()
    async with transaction():
        await BargainMemberCount.insert(BargainMemberCount(
            tenant_id=ctx.tenant_id, campaign_id=campaign_id, member_id=member_id, started=0,
        )).on_conflict(action="DO NOTHING")
        if not await update(ctx, BargainMemberCount, {BargainMemberCount.started: BargainMemberCount.started + 1}).where(
                (BargainMemberCount.campaign_id == campaign_id) & (BargainMemberCount.member_id == member_id)
                & (BargainMemberCount.started < limit)).returning(BargainMemberCount.id):
            raise StartLimitReached(limit=limit)
        await update(ctx, BargainCampaign, {BargainCampaign.started: BargainCampaign.started + 1}).where(
            BargainCampaign.id == campaign_id)
        return await insert(
            ctx, Bargain, campaign_id=campaign_id, member_id=member_id, item_id=campaign["item_id"],
            store_id=campaign["store_id"], price_fen=campaign["price_fen"], floor_fen=campaign["floor_fen"],
            helpers_needed=campaign["helpers_needed"], seed=new_seed(), share_code=_new_code(), cuts_done=0,
            status="open", created_at=now, start_key=start_key,
            expires_at=min(now + dt.timedelta(hours=campaign["duration_hours"]), campaign["ends_at"]))


async def _started_with(ctx: Context, member_id: int, start_key: str) -> dict[str, Any] | None:
    return await select(ctx, Bargain).where((Bargain.member_id == member_id) & (Bargain.start_key == start_key)).first()


async def by_code(ctx: Context, code: str) -> dict[str, Any]:
    """The bargain with this share code in this tenant; another tenant's code is not found."""
    found = await select(ctx, Bargain).where(Bargain.share_code == code.strip().upper()).first()
    if found is None:
        raise UnknownShareCode(code=code)
    return found


async def _check_helper(ctx: Context, row: dict[str, Any], helper_id: int) -> None:
    """The refusals a helper can be told before anything is written."""
    status = status_of(row, ctx.now())
    if row["member_id"] == helper_id:
        raise CannotHelpSelf()
    if status != "open":
        raise closed(status)
    if row["cuts_done"] >= row["helpers_needed"]:
        raise BargainComplete()
    if await select(ctx, BargainCut, BargainCut.id).where(
            (BargainCut.bargain_id == row["id"]) & (BargainCut.helper_id == helper_id)).first():
        raise AlreadyHelped()
    if (await settings(ctx)).helpers_must_be_new and (await load_member(ctx, helper_id)).total_spend_fen > 0:
        raise NotNewMember()


async def help_cut(ctx: Context, code: str, helper_id: int) -> HelpOut:
    """帮砍: the helper's cut, the next of the bargain's sequence; once per helper, never past the
    helpers needed, never on a bargain closed, ordered or past its deadline."""
    row = await by_code(ctx, code)
    await _check_helper(ctx, row, helper_id)
    now = ctx.now()
    try:
        async with transaction():
            won = await update(ctx, Bargain, {Bargain.cuts_done: Bargain.cuts_done + 1}).where(
                (Bargain.id == row["id"]) & (Bargain.status == "open") & (Bargain.expires_at > now)
                & (Bargain.cuts_done < Bargain.helpers_needed)).returning(Bargain.cuts_done)
            if not won:
                raise await _why_not(ctx, row["id"])
            seq = won[0]["cuts_done"]
            amount = cut_sequence(row["seed"], row["price_fen"] - row["floor_fen"], row["helpers_needed"])[seq - 1]
            await insert(ctx, BargainCut, bargain_id=row["id"], helper_id=helper_id, seq=seq, amount_fen=amount,
                         created_at=now)
    except Exception as exc:
        if is_unique_violation(exc):  # the same helper at the same moment: the index keeps one cut
            raise AlreadyHelped() from None
        raise
    after = await get(ctx, Bargain, row["id"], "bargain")
    return HelpOut(amount_fen=amount, seq=seq, bargain=await bargain_out(ctx, after))


async def _why_not(ctx: Context, bargain_id: int) -> Exception:
    row = await get(ctx, Bargain, bargain_id, "bargain")
    status = status_of(row, ctx.now())
    return closed(status) if status != "open" else BargainComplete()


async def own(ctx: Context, bargain_id: int, member_id: int) -> dict[str, Any]:
    """A bargain of this member; another's reads as not found."""
    row = await get(ctx, Bargain, bargain_id, "bargain")
    if row["member_id"] != member_id:
        raise NotFound(resource="bargain", id=bargain_id)
    return row


async def member_bargains(ctx: Context, member_id: int) -> list[BargainOut]:
    rows = await select(ctx, Bargain).where(Bargain.member_id == member_id).order_by(
        Bargain.id, ascending=False).limit(50)
    return [await bargain_out(ctx, r, with_cuts=False) for r in rows]


async def open_count(ctx: Context, member_id: int) -> int:
    """The member's bargains still open to cuts (the number on the member pages' tile)."""
    return await count(ctx, Bargain).where((Bargain.member_id == member_id) & (Bargain.status == "open")
                                           & (Bargain.expires_at > ctx.now()))


async def campaign_bargains(ctx: Context, campaign_id: int) -> list[BargainOut]:
    await get(ctx, BargainCampaign, campaign_id, "bargain campaign")
    rows = await select(ctx, Bargain).where(Bargain.campaign_id == campaign_id).order_by(Bargain.id, ascending=False)
    return [await bargain_out(ctx, r, with_cuts=False) for r in rows]
