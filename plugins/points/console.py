"""积分 in the merchant console: a section in the member's file, and a manager's adjustment page
at /console/p/points (find the member, see their points, give or take points with a reason)."""

from __future__ import annotations

import uuid

from litestar import Request, Response, get, post
from litestar.response import Redirect

from plugins.points.schemas import PointsAdjustmentIn
from plugins.points.service import adjust, statement_page, summary
from sdk import DomainError, find_member_by_phone, load_member
from sdk.console import ConsolePage, MemberFileSection, console_context, form_fields, render

PATH = "/console/p/points"
LATEST_LINES = 10


async def _member(ctx, text: str):
    """The member typed at the desk: an id or a phone number."""
    text = text.strip()
    if text.isdigit() and len(text) < 11:
        return await load_member(ctx, int(text))
    return await find_member_by_phone(ctx, text)


async def _page(request: Request, query: str, error: str = "", done: str = "", status_code: int = 200) -> Response:
    ctx = console_context(request)
    member, points, lines = None, None, []
    if query:
        try:
            member = await _member(ctx, query)
            if member is None:
                error = error or "未找到会员 / No such member"
            else:
                points = await summary(ctx, member.id)
                lines = (await statement_page(ctx, member.id, limit=LATEST_LINES)).items
        except DomainError as exc:
            error = exc.message
    return render(request, "points/adjust.html", status_code=status_code, query=query, member=member, points=points,
                  lines=lines, error=error, done=done, token=uuid.uuid4().hex)


@get("/")
async def page(request: Request) -> Response:
    """The member's points (``?q=`` an id or phone) and the adjustment form."""
    return await _page(request, request.query_params.get("q", ""), done=request.query_params.get("done", ""))


@post("/adjust")
async def adjust_points(request: Request) -> Response:
    """手动调整积分: signed points and a reason; back to the member's points."""
    ctx = console_context(request)
    form = await form_fields(request, ("q", "member_id", "points", "reason", "token"))
    query, member_id, points, reason = form["q"], form["member_id"], form["points"], form["reason"]
    if not member_id.isdigit() or not points.lstrip("-").isdigit() or not reason:
        return await _page(request, query, error="请填写积分和原因 / give the points and a reason", status_code=422)
    try:
        # The token the form was rendered with keeps a double click from adjusting twice.
        key = form["token"] or uuid.uuid4().hex
        await adjust(ctx, int(member_id), PointsAdjustmentIn(points=int(points), reason=reason), f"console:{key}")
    except DomainError as exc:
        return await _page(request, query, error=exc.message, status_code=exc.status)
    return Redirect(f"{PATH}?q={member_id}&done=1")


async def member_section(ctx, member) -> list[MemberFileSection]:
    """The member's points in their file: balance, lapsing soon, owed and the latest movements."""
    points = await summary(ctx, member.id)
    lines = (await statement_page(ctx, member.id, limit=LATEST_LINES)).items
    return [MemberFileSection(title="积分", title_en="Points", template="points/member_section.html",
                              data={"points": points, "lines": lines, "member_id": member.id})]


PAGES = [
    ConsolePage(path=PATH, title="积分调整", title_en="Points adjustment", handlers=[page, adjust_points],
                permission="plugins.manage", group="members"),
]
