"""Member sign-in by phone and SMS code (手机号验证码登录), and member sessions.

A code is six random digits, kept only as an HMAC keyed with the server secret (six digits
hash to a million values: a plain hash would fall to a table). It lives five minutes, takes at
most five guesses, and signs in once. Every guess first reserves one of the five attempts with
a guarded UPDATE, and the sign-in consumes the code with another, so however many requests
arrive together, five guesses are all anyone gets and one session is all a code gives.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from typing import Any

from core import db, scoped
from core.cache import MEMBER_READS_SECONDS, forget, ttl_cache
from core.clock import Clock
from core.context import Actor, Context
from core.contexts import context_for
from core.errors import Unauthenticated
from core.extensions.manager import PluginManager
from core.member_auth import schemas as s
from core.member_auth.errors import InvalidSignInCode, TooManyCodeRequests
from core.member_auth.tables import MemberAuthCode, MemberSession
from core.members import schemas as ms
from core.members.phones import normalise_phone
from core.members.service import load_member, register_member
from core.members.tables import Member
from core.messages.delivery import deliver
from core.messages.providers import build_provider
from core.messages.service import enqueue
from core.messages.templates import MEMBER_AUTH_CODE
from core.settings import get_settings
from core.tenancy.service import find_tenant

CODE_TTL = dt.timedelta(minutes=5)
RESEND_INTERVAL_S = 60
MAX_SENDS_PER_HOUR = 5
MAX_ATTEMPTS = 5
SESSION_TTL = dt.timedelta(days=30)
SESSION_PREFIX = "mdm_"

# Who acts before anyone is signed in: the H5 page itself. Registering a new member on first
# sign-in is the one write it may make.
H5 = Actor(kind="system", id=None, name="h5", permissions=frozenset())
H5_REGISTRATION = Actor(kind="system", id=None, name="h5", permissions=frozenset({"members.write"}))


def _code_hash(tenant_id: int, phone: str, code: str) -> str:
    key = get_settings().secret_key.encode()
    return hmac.new(key, f"member-sign-in:{tenant_id}:{phone}:{code}".encode(), hashlib.sha256).hexdigest()


def _sha256(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def _retry_after(seconds: float) -> TooManyCodeRequests:
    return TooManyCodeRequests(retry_after_s=max(int(seconds + 0.999), 1))


async def _check_send_limits(tenant_id: int, phone: str, now: dt.datetime) -> None:
    recent = await MemberAuthCode.select(MemberAuthCode.created_at).where(
        (MemberAuthCode.tenant_id == tenant_id) & (MemberAuthCode.phone == phone)
        & (MemberAuthCode.created_at > now - dt.timedelta(hours=1))
    ).order_by(MemberAuthCode.created_at, ascending=False)
    if recent and (wait := RESEND_INTERVAL_S - (now - recent[0]["created_at"]).total_seconds()) > 0:
        raise _retry_after(wait)
    if len(recent) >= MAX_SENDS_PER_HOUR:
        oldest = recent[MAX_SENDS_PER_HOUR - 1]["created_at"]
        raise _retry_after((oldest + dt.timedelta(hours=1) - now).total_seconds())


async def request_code(data: s.CodeRequest, manager: PluginManager, clock: Clock) -> s.CodeSent:
    """Send a sign-in code to ``data.phone``, member or not (the answer is the same for both)."""
    phone = normalise_phone(data.phone)
    tenant = await find_tenant(data.tenant)
    ctx = await context_for(tenant.id, manager, clock, actor=H5)
    now = clock.now()
    code = f"{secrets.randbelow(10**6):06d}"
    try:
        async with db.transaction():
            await _check_send_limits(tenant.id, phone, now)
            # A new code replaces any earlier one: only the latest can sign in.
            await MemberAuthCode.update({MemberAuthCode.used_at: now}).where(
                (MemberAuthCode.tenant_id == tenant.id) & (MemberAuthCode.phone == phone)
                & MemberAuthCode.used_at.is_null())
            await MemberAuthCode.insert(MemberAuthCode(
                tenant_id=tenant.id, phone=phone, code_hash=_code_hash(tenant.id, phone, code),
                send_slot=int(now.timestamp()) // RESEND_INTERVAL_S, created_at=now, expires_at=now + CODE_TTL,
            ))
            message = await enqueue(ctx, to=phone, template=MEMBER_AUTH_CODE.code,
                                    params={"code": code, "minutes": int(CODE_TTL.total_seconds() // 60)})
    except Exception as exc:
        if db.is_unique_violation(exc):  # a simultaneous request took this interval's slot
            raise _retry_after(RESEND_INTERVAL_S) from exc
        raise
    # After the commit, not from the scheduler's next run: the member is waiting for it. If this
    # attempt fails, the delivery job retries.
    await deliver(build_provider(), clock, limit=1, message_ids=[message.id])
    return s.CodeSent(expires_in_s=int(CODE_TTL.total_seconds()), resend_after_s=RESEND_INTERVAL_S)


async def _reserve_attempt(tenant_id: int, phone: str, now: dt.datetime) -> dict[str, Any]:
    """The latest live code for the phone with one more guess counted against it."""
    latest = await MemberAuthCode.select(MemberAuthCode.id).where(
        (MemberAuthCode.tenant_id == tenant_id) & (MemberAuthCode.phone == phone)
        & MemberAuthCode.used_at.is_null() & (MemberAuthCode.expires_at > now)
    ).order_by(MemberAuthCode.id, ascending=False).first()
    if latest is None:
        raise InvalidSignInCode()
    rows = await MemberAuthCode.update({MemberAuthCode.attempts: MemberAuthCode.attempts + 1}).where(
        (MemberAuthCode.id == latest["id"]) & MemberAuthCode.used_at.is_null()
        & (MemberAuthCode.attempts < MAX_ATTEMPTS) & (MemberAuthCode.expires_at > now)
    ).returning(MemberAuthCode.id, MemberAuthCode.attempts, MemberAuthCode.code_hash)
    if not rows:
        raise InvalidSignInCode()
    return rows[0]


def _me(member: ms.Member) -> s.Me:
    return s.Me(
        id=member.id, phone=member.phone, name=member.name, gender=member.gender, birthday=member.birthday,
        level_code=member.level_code, home_store_id=member.home_store_id, total_spend_fen=member.total_spend_fen,
        visit_count=member.visit_count, last_visit_at=member.last_visit_at, created_at=member.created_at,
    )


async def _member_for(ctx: Context, phone: str, ref: str | None) -> tuple[ms.Member, bool]:
    """The living member with this phone, or a new one (registered as plugins expect)."""
    row = await scoped.select(ctx, Member, Member.id).where((Member.phone == phone) & Member.deleted_at.is_null()).first()
    if row is not None:
        return await load_member(ctx, row["id"]), False
    # 新会员: named after the number's last four digits until they tell us their name.
    data = ms.MemberCreate(phone=phone, name=f"会员{phone[-4:]}", source_channel=f"h5:{ref}" if ref else "h5")
    registering = Context(tenant=ctx.tenant, actor=H5_REGISTRATION, clock=ctx.clock, hooks=ctx.hooks,
                          plugin_settings_json=ctx.plugin_settings_json)
    member = await register_member(registering, data)
    return await load_member(ctx, member.id), True


async def open_session(tenant_id: int, member_id: int, now: dt.datetime) -> tuple[str, dt.datetime]:
    """A new member session (token, expiry); only its hash is stored. Callers have checked who it is."""
    token = SESSION_PREFIX + secrets.token_urlsafe(32)
    expires_at = now + SESSION_TTL
    await MemberSession.insert(MemberSession(
        tenant_id=tenant_id, member_id=member_id, token_hash=_sha256(token), created_at=now, expires_at=expires_at,
    ))
    return token, expires_at


async def sign_in(data: s.SignInRequest, manager: PluginManager, clock: Clock) -> s.MemberSessionOut:
    """Exchange a phone and its code for a member session; a new phone registers the member."""
    phone = normalise_phone(data.phone)
    tenant = await find_tenant(data.tenant)
    now = clock.now()
    attempt = await _reserve_attempt(tenant.id, phone, now)
    if not hmac.compare_digest(attempt["code_hash"], _code_hash(tenant.id, phone, data.code)):
        left = MAX_ATTEMPTS - attempt["attempts"]
        if left <= 0:  # the last guess was wrong: the code is burnt
            await MemberAuthCode.update({MemberAuthCode.used_at: now}).where(
                (MemberAuthCode.id == attempt["id"]) & MemberAuthCode.used_at.is_null())
        raise InvalidSignInCode(attempts_left=left)
    ctx = await context_for(tenant.id, manager, clock, actor=H5)
    async with db.transaction():
        # Consumed in the transaction that signs in: a registration refused by a plugin leaves
        # the code usable; of two simultaneous sign-ins with one code, only one finds it unused.
        consumed = await MemberAuthCode.update({MemberAuthCode.used_at: now}).where(
            (MemberAuthCode.id == attempt["id"]) & MemberAuthCode.used_at.is_null()
        ).returning(MemberAuthCode.id)
        if not consumed:
            raise InvalidSignInCode()
        member, registered = await _member_for(ctx, phone, data.ref)
        token, expires_at = await open_session(tenant.id, member.id, now)
    return s.MemberSessionOut(token=token, expires_at=expires_at, registered=registered, member=_me(member))


def member_actor(member_id: int, name: str) -> Actor:
    """A signed-in member: no staff permissions; member routes act only on ``id``."""
    return Actor(kind="member", id=member_id, name=name, permissions=frozenset())


# token hash → (tenant id, member actor, expires at): a crowd of one member's requests reads it once.
# Signing out or deleting a member forgets at once: in every process with Redis (core/cache.py),
# in other workers within seconds without it.
_signed_in = ttl_cache("member-sessions", maxsize=65_536, seconds=MEMBER_READS_SECONDS)


async def forget_member_sessions(tenant_id: int, member_id: int) -> None:
    """A member was deleted: their sessions must stop working now, in every process."""
    rows = await MemberSession.select(MemberSession.token_hash).where(
        (MemberSession.tenant_id == tenant_id) & (MemberSession.member_id == member_id)
        & MemberSession.revoked_at.is_null())
    if rows:
        await forget(_signed_in, *(r["token_hash"] for r in rows))


async def authenticate_member(token: str, clock: Clock) -> tuple[int, Actor]:
    """A member bearer token → (tenant id, member actor); Unauthenticated if not valid."""
    token_hash = _sha256(token)
    kept = _signed_in.get(token_hash)
    if kept is not None:
        tenant_id, actor, expires_at = kept
        if expires_at <= clock.now():
            raise Unauthenticated()
        return tenant_id, actor
    session = await MemberSession.select().where(MemberSession.token_hash == token_hash).first()
    if session is None or session["revoked_at"] is not None or session["expires_at"] <= clock.now():
        raise Unauthenticated()
    member = await Member.select(Member.id, Member.name).where(
        (Member.id == session["member_id"]) & (Member.tenant_id == session["tenant_id"]) & Member.deleted_at.is_null()
    ).first()
    if member is None:
        raise Unauthenticated()
    actor = member_actor(member["id"], member["name"])
    _signed_in[token_hash] = (session["tenant_id"], actor, session["expires_at"])
    return session["tenant_id"], actor


async def sign_out(ctx: Context, token: str) -> None:
    await scoped.update(ctx, MemberSession, {MemberSession.revoked_at: ctx.now()}).where(
        (MemberSession.token_hash == _sha256(token)) & (MemberSession.member_id == ctx.actor.id)
        & MemberSession.revoked_at.is_null())
    await forget(_signed_in, _sha256(token))
