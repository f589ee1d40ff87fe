"""REST: members (会员) — registration, profiles, tags, notes, search, member codes, visits,
CSV import and export."""

from __future__ import annotations

from litestar import Controller, Request, Response, delete, get, patch, post, put

from core.errors import InvalidMemberCode
from core.http.idempotent import idempotent
from core.http.pagination import DEFAULT_LIMIT, Limit, Page, page_of
from core.http.params import Ctx, FromPath, FromQuery, IdempotencyKey, JSONBody
from core.members import batch, counters, export, importer, member_code, service
from core.members import schemas as s
from core.ratelimit import code_guess

IMPORT_MAX_BYTES = 20_000_000


class MemberController(Controller):
    path = "/members"
    tags = ["members"]

    @post("/", opt={"permission": "members.write", "scope": "store"}, operation_id="registerMember")
    async def register_member(self, ctx: Ctx, data: JSONBody[s.MemberCreate]) -> s.Member:
        """登记会员: register a member by phone (any common format, stored as E.164); one member per phone."""
        return await service.register_member(ctx, data)

    @get("/", opt={"permission": "members.read"}, operation_id="searchMembers")
    async def search_members(
        self, ctx: Ctx, phone: FromQuery[str | None] = None, name: FromQuery[str | None] = None,
        tag: FromQuery[str | None] = None, level: FromQuery[str | None] = None,
        cursor: FromQuery[str | None] = None, limit: FromQuery[Limit] = DEFAULT_LIMIT,
        sort: FromQuery[s.MemberSort] = "newest",
    ) -> Page[s.Member]:
        """会员查询: members by whole phone or its digits (尾号), name, tag or level; newest first, or with
        ``sort`` most spend (累计消费) or most visits (到店次数) first; cursor-paginated (a cursor is for its sort)."""
        return await service.search_members(ctx, phone=phone, name=name, tag=tag, level=level, cursor=cursor,
                                            limit=limit, sort=sort)

    @get("/export", opt={"permission": "members.export"}, operation_id="exportMembers", media_type="text/csv")
    async def export_members(self, ctx: Ctx) -> Response[bytes]:
        """导出会员: every member as CSV (UTF-8 with BOM, opens in Excel); formula-like cells are escaped."""
        return Response(
            await export.export_members(ctx), media_type="text/csv",  # litestar adds "; charset=utf-8" itself
            headers={"Content-Disposition": 'attachment; filename="members.csv"'},
        )

    @post("/import", opt={"permission": "members.import"}, operation_id="importMembers", status_code=200,
          request_max_body_size=IMPORT_MAX_BYTES)
    async def import_members(self, ctx: Ctx, request: Request) -> s.ImportReport:
        """导入会员: the request body is a CSV file (text/csv, UTF-8 or GBK, header row first).

        Columns: phone (required), name, gender, birthday, tags, source_channel, note. Phones
        already registered are skipped, so a file can be sent again; each skipped line is named in
        ``skipped`` (already a member, or a repeat of an earlier line) and each bad one in ``rejected``.
        """
        return await importer.import_members(ctx, await request.body())

    @post("/resolve-code", opt={"permission": "members.code"}, operation_id="resolveMemberCode", status_code=200)
    async def resolve_member_code(self, ctx: Ctx, request: Request, data: JSONBody[s.MemberCodeResolve]) -> s.Member:
        """扫码识别会员: the member a scanned member code stands for (refused if expired or not genuine).

        Twenty codes that are not genuine in 10 minutes from one caller (or 100 from one address)
        and the next scan is refused with 429 ``too_many_wrong_codes`` and a ``Retry-After``.
        """
        async with code_guess(request, wrong=InvalidMemberCode):
            return await member_code.resolve_member_code(ctx, data.code)

    @get("/batch-actions", opt={"permission": "members.read"}, operation_id="listMemberBatchActions")
    async def batch_actions(self, ctx: Ctx, cursor: FromQuery[str | None] = None,
                            limit: FromQuery[Limit] = DEFAULT_LIMIT) -> Page[batch.BatchActionOut]:
        """批量操作: the actions the caller may run on many members at once (tag, and what enabled plugins
        add: send a coupon, change level), with the values each asks for."""
        return page_of([batch.action_out(a) for a in await batch.offered_actions(ctx)], cursor, limit)

    @post("/batch", opt={"permission": "members.read"}, operation_id="runMemberBatch", status_code=200)
    async def run_batch(self, ctx: Ctx, request: Request, data: JSONBody[batch.BatchIn],
                        idempotency_key: IdempotencyKey = None) -> Response[batch.BatchResult]:
        """执行批量操作: one action on up to 500 members, once per Idempotency-Key; each member done or skipped
        with why (another tenant's id reads as not found). Needs the permission the action needs on one member."""
        return await idempotent(ctx, request, lambda: batch.apply_batch(ctx, data, idempotency_key or ""), 200)

    @get("/{member_id:int}", opt={"permission": "members.read"}, operation_id="getMember")
    async def get_member(self, ctx: Ctx, member_id: FromPath[int], include_deleted: FromQuery[bool] = False) -> s.Member:
        """会员详情: one member with tags and counters; a deleted member only with ``include_deleted``."""
        return await service.get_member(ctx, member_id, include_deleted)

    @patch("/{member_id:int}", opt={"permission": "members.write", "scope": "store"}, operation_id="updateMember")
    async def update_member(self, ctx: Ctx, member_id: FromPath[int], data: JSONBody[s.MemberUpdate]) -> s.Member:
        """修改会员资料: change a member's profile; a new phone must not belong to another member."""
        return await service.update_member(ctx, member_id, data)

    @delete("/{member_id:int}", opt={"permission": "members.delete"}, operation_id="deleteMember", status_code=200)
    async def delete_member(self, ctx: Ctx, member_id: FromPath[int]) -> s.Member:
        """删除会员: delete a member (soft): gone from search, the phone is free again; orders and notes stay."""
        return await service.delete_member(ctx, member_id)

    @put("/{member_id:int}/tags", opt={"permission": "members.write"}, operation_id="setMemberTags")
    async def set_tags(self, ctx: Ctx, member_id: FromPath[int], data: JSONBody[s.TagsUpdate]) -> s.Member:
        """会员标签: replace the member's tags (标签) with the given set."""
        return await service.set_tags(ctx, member_id, data)

    @get("/{member_id:int}/notes", opt={"permission": "members.read"}, operation_id="listMemberNotes")
    async def list_notes(
        self, ctx: Ctx, member_id: FromPath[int], cursor: FromQuery[str | None] = None,
        limit: FromQuery[Limit] = DEFAULT_LIMIT,
    ) -> Page[s.NoteOut]:
        """会员备注: staff notes (备注) on a member, newest first; cursor-paginated."""
        return await service.list_notes(ctx, member_id, cursor=cursor, limit=limit)

    @post("/{member_id:int}/notes", opt={"permission": "members.write"}, operation_id="addMemberNote")
    async def add_note(self, ctx: Ctx, member_id: FromPath[int], data: JSONBody[s.NoteCreate]) -> s.NoteOut:
        """添加备注: add a note to a member, signed with the staff member's name."""
        return await service.add_note(ctx, member_id, data)

    @post("/{member_id:int}/code", opt={"permission": "members.read"}, operation_id="issueMemberCode")
    async def issue_code(self, ctx: Ctx, member_id: FromPath[int]) -> s.MemberCodeOut:
        """电子会员卡: a member code valid for two minutes, with its QR code as inline SVG."""
        return await member_code.issue_member_code(ctx, member_id)

    @post("/{member_id:int}/visits", opt={"permission": "members.write", "scope": "store"}, operation_id="recordMemberVisit",
          status_code=200)
    async def record_visit(
        self, ctx: Ctx, member_id: FromPath[int], data: JSONBody[s.CheckInCreate | None] = None,
    ) -> s.Member:
        """到店签到: count a visit of the member (in a store) and tell the enabled plugins; the body is optional."""
        data = data or s.CheckInCreate()
        return await counters.record_visit(ctx, member_id, data.store_id, data.method)


ROUTES = [MemberController]
