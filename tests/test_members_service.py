"""Members' rules called directly: what plugins receive, counters, races and the importer's edges."""

import asyncio
import dataclasses

import pytest

from core.context import Actor
from core.errors import DomainError, DuplicatePhone, InvalidInput, NotFound
from core.members import counters, importer, service
from core.members import schemas as s
from core.tenancy.permissions import role_permissions


class RecordingHooks:
    """Stands in for the tenant's plugins: records what they are given, or refuses."""

    def __init__(self, refuse: bool = False) -> None:
        self.refuse = refuse
        self.calls: list[tuple[str, dict]] = []

    async def member_registered(self, **kwargs):
        self.calls.append(("member_registered", kwargs))

    async def member_checked_in(self, **kwargs):
        self.calls.append(("member_checked_in", kwargs))
        if self.refuse:
            raise DomainError(zh="今日已签到", en="Already checked in today")


async def with_hooks(tenant, hooks, role: str | None = None):
    ctx = await tenant.ctx()
    if role is not None:
        ctx.actor = Actor(kind="staff", id=99, name=role, role=role, permissions=role_permissions(role))
    return dataclasses.replace(ctx, hooks=hooks)


async def register(ctx, phone="13800138000", name="张三", **extra) -> s.Member:
    return await service.register_member(ctx, s.MemberCreate(phone=phone, name=name, **extra))


async def test_plugins_get_the_whole_phone_even_when_a_cashier_registers(tenant):
    hooks = RecordingHooks()
    ctx = await with_hooks(tenant, hooks, role="cashier")

    answer = await register(ctx, tags=["VIP"])

    assert answer.phone == "138****8000"
    [(name, kwargs)] = hooks.calls
    assert name == "member_registered"
    assert (kwargs["member"].phone, kwargs["member"].tags) == ("+8613800138000", ["VIP"])


async def test_a_refused_check_in_counts_no_visit(tenant, clock):
    ctx = await with_hooks(tenant, RecordingHooks(refuse=True))
    member = await register(ctx)

    with pytest.raises(DomainError):
        await counters.record_visit(ctx, member.id, method="code")

    [_, (name, kwargs)] = ctx.hooks.calls
    assert name == "member_checked_in"
    assert kwargs["check_in"] == s.CheckIn(member_id=member.id, store_id=None, at=clock.now(), method="code")
    assert kwargs["member"].visit_count == 1  # what the plugin saw, inside the transaction
    after = await service.load_member(ctx, member.id)
    assert (after.visit_count, after.last_visit_at) == (0, None)


async def test_spend_adds_up_and_never_goes_below_zero(tenant):
    ctx = await tenant.ctx()
    member = await register(ctx)

    assert await counters.add_spend(ctx, member.id, 12_000) == 12_000
    assert await counters.add_spend(ctx, member.id, -2_000) == 10_000
    with pytest.raises(InvalidInput):
        await counters.add_spend(ctx, member.id, -10_001)
    assert (await service.load_member(ctx, member.id)).total_spend_fen == 10_000


async def test_spend_of_another_merchants_member_is_not_found(tenant, other_tenant):
    theirs = await register(await other_tenant.ctx())

    with pytest.raises(NotFound):
        await counters.add_spend(await tenant.ctx(), theirs.id, 100)
    assert (await service.load_member(await other_tenant.ctx(), theirs.id)).total_spend_fen == 0


async def test_two_registrations_of_one_phone_at_once_keep_one(tenant):
    ctx = await tenant.ctx()

    results = await asyncio.gather(register(ctx, name="甲"), register(ctx, phone="+86 138 0013 8000", name="乙"),
                                   return_exceptions=True)

    assert sorted(type(r).__name__ for r in results) == ["DuplicatePhone", "Member"]
    assert len((await service.search_members(ctx)).items) == 1


async def test_a_deleted_members_phone_registers_again_but_not_twice(tenant):
    ctx = await tenant.ctx()
    first = await register(ctx)
    await service.delete_member(ctx, first.id)

    second = await register(ctx)

    assert second.id != first.id
    with pytest.raises(DuplicatePhone):
        await register(ctx)


async def test_import_reports_progress_row_by_row(tenant):
    ctx = await tenant.ctx()
    progress = []

    report = await importer.import_members(ctx, b"phone,name\n13800138000,a\n13900139000,b\nbad,c\n",
                                           on_progress=lambda done, total: progress.append((done, total)))

    assert progress == [(0, 3), (1, 3), (2, 3), (3, 3)]
    assert (report.imported, [r.line for r in report.rejected]) == (2, [4])


async def test_a_file_over_the_row_limit_is_refused_before_anything_is_imported(tenant, monkeypatch):
    monkeypatch.setattr(importer, "MAX_ROWS", 3)
    ctx = await tenant.ctx()
    rows = "".join(f"1380013800{i}\n" for i in range(4))

    with pytest.raises(InvalidInput):
        await importer.import_members(ctx, ("phone\n" + rows).encode())
    assert (await service.search_members(ctx)).items == []


async def test_a_line_with_more_cells_than_the_header_is_rejected(tenant):
    ctx = await tenant.ctx()

    report = await importer.import_members(ctx, b"phone,name\n13800138000,a,extra\n13900139000,b\n")

    assert report.imported == 1
    assert [(r.line, r.reason_en) for r in report.rejected] == [(2, "The line has 3 cells but the header 2")]


async def test_birthday_members_match_month_and_day_and_keep_29_february_on_the_28th(tenant):
    import datetime as dt

    ctx = await tenant.ctx()
    today = await register(ctx, "13800138001", "今天", birthday=dt.date(1990, 3, 5))
    leap = await register(ctx, "13800138002", "闰日", birthday=dt.date(1992, 2, 29))
    await register(ctx, "13800138003", "明天", birthday=dt.date(1990, 3, 6))
    await register(ctx, "13800138004", "无生日")
    gone = await register(ctx, "13800138005", "已删", birthday=dt.date(1985, 3, 5))
    await service.delete_member(ctx, gone.id)

    assert await service.birthday_member_ids(ctx, dt.date(2026, 3, 5)) == [today.id]
    assert await service.birthday_member_ids(ctx, dt.date(2027, 2, 28)) == [leap.id]  # 2027 has no 29 Feb
    assert await service.birthday_member_ids(ctx, dt.date(2028, 2, 28)) == []  # 2028 has one
    assert await service.birthday_member_ids(ctx, dt.date(2028, 2, 29)) == [leap.id]
