"""Sign-in codes under simultaneous requests: one code gives one session, five guesses are all.

On PostgreSQL (MENDIAN_TEST_DATABASE_URL) these run over real parallel pool connections; on
SQLite the writes queue, and the same outcome must hold.
"""

from __future__ import annotations

import asyncio

from member_helpers import PHONE, sms_code

from core.member_auth import schemas as s
from core.member_auth import service
from core.member_auth.errors import InvalidSignInCode, TooManyCodeRequests
from core.member_auth.tables import MemberAuthCode, MemberSession
from core.members.tables import Member


async def _code(tenant) -> str:
    await service.request_code(s.CodeRequest(tenant=tenant.slug, phone=PHONE), tenant.manager, tenant.clock)
    return await sms_code(tenant.id)


async def _attempt(tenant, code: str):
    try:
        return await service.sign_in(s.SignInRequest(tenant=tenant.slug, phone=PHONE, code=code), tenant.manager, tenant.clock)
    except InvalidSignInCode as exc:
        return exc


async def test_simultaneous_sign_ins_with_one_code_make_one_session_and_one_member(tenant):
    code = await _code(tenant)

    answers = await asyncio.gather(*(_attempt(tenant, code) for _ in range(5)))

    sessions = [a for a in answers if isinstance(a, s.MemberSessionOut)]
    assert len(sessions) == 1, answers
    assert len(await MemberSession.select().where(MemberSession.tenant_id == tenant.id)) == 1
    assert len(await Member.select(Member.id).where(Member.tenant_id == tenant.id)) == 1


async def test_simultaneous_wrong_guesses_count_at_most_five(tenant):
    code = await _code(tenant)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"

    answers = await asyncio.gather(*(_attempt(tenant, wrong) for _ in range(12)))

    counted = [a.extra["attempts_left"] for a in answers if "attempts_left" in a.extra]
    assert sorted(counted) == [0, 1, 2, 3, 4]  # the other seven found the code already burnt
    row = await MemberAuthCode.select().where(MemberAuthCode.tenant_id == tenant.id).first()
    assert row["attempts"] == 5 and row["used_at"] is not None
    assert isinstance(await _attempt(tenant, code), InvalidSignInCode)


async def test_simultaneous_code_requests_send_one_code(tenant):
    async def ask():
        try:
            return await service.request_code(s.CodeRequest(tenant=tenant.slug, phone=PHONE), tenant.manager, tenant.clock)
        except TooManyCodeRequests as exc:
            return exc

    answers = await asyncio.gather(*(ask() for _ in range(6)))

    assert sum(isinstance(a, s.CodeSent) for a in answers) == 1
    assert len(await MemberAuthCode.select().where(MemberAuthCode.tenant_id == tenant.id)) == 1
