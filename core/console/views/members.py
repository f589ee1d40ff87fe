"""Members (会员): search and list, the member's file, register and edit, CSV import and export."""

from __future__ import annotations

from typing import Any, cast

from litestar import Request, Response, get, post
from litestar.params import FromPath

from core.console.forms import convert_form, error_text, field_errors, form_of, redirect
from core.console.i18n import _, locale_of
from core.console.pages import MemberFileSection
from core.console.session import console_context
from core.console.templating import render_page
from core.context import Context
from core.errors import DomainError
from core.ledger import accounts
from core.ledger.service import balances, statement
from core.members import batch, export, import_runs, service
from core.members import schemas as s
from core.orders.service import OrderFilter, list_orders

FILTERS = ("phone", "name", "tag", "level")
SORTS = {"newest": "Newest first", "spend": "Most spend first", "visits": "Most visits first"}  # msgids
MEMBER_FIELDS = ("phone", "name", "gender", "birthday", "source_channel", "tags")


@get("/members", opt={"permission": "members.read"})
async def member_list(request: Request) -> Response:
    """The list with its filters; members ticked here (or all the filter matches) go to a batch action."""
    ctx = console_context(request)
    query = {k: request.query_params.get(k, "") for k in (*FILTERS, "cursor")}
    requested = request.query_params.get("sort", "newest")
    sort = cast(s.MemberSort, requested if requested in SORTS else "newest")
    shown: dict[str, Any] = {
        "query": query, "actions": await batch.offered_actions(ctx), "tags": await batch.tags_in_use(ctx),
        "level_names": await ctx.hooks.level_names(ctx=ctx) or {}, "max_batch": batch.MAX_BATCH,
        "sort": sort, "sorts": SORTS,
    }
    try:
        page = await service.search_members(ctx, **{k: v or None for k, v in query.items()}, limit=20, sort=sort)
    except DomainError as exc:
        return render_page(request, "console/members/list.html", members=[], next_cursor=None, matching=0,
                           error=error_text(exc, locale_of(request)), **shown)
    matching = len(page.items)
    if page.next_cursor is not None:  # more than this page: count them, up to one past the cap
        filters = {k: query[k] or None for k in FILTERS}
        matching = len(await service.matching_member_ids(ctx, **filters, at_most=batch.MAX_BATCH + 1))
    return render_page(request, "console/members/list.html", members=page.items, next_cursor=page.next_cursor,
                       matching=matching, error=None, **shown)


def _member_data(form: dict[str, Any]) -> dict[str, Any]:
    data = {k: form.get(k, "") for k in MEMBER_FIELDS}
    data["birthday"] = data["birthday"] or None
    tags = data["tags"] if isinstance(data["tags"], str) else " ".join(data["tags"])
    data["tags"] = [t for t in tags.replace("，", " ").replace(",", " ").split() if t]
    if not data["gender"]:
        data["gender"] = "unknown"
    return data


@get("/members/new", opt={"permission": "members.write"})
async def new_member(request: Request) -> Response:
    return render_page(request, "console/members/form.html", member=None, form={}, errors={})


@post("/members/new", opt={"permission": "members.write"})
async def register(request: Request) -> Response:
    ctx = console_context(request)
    form = await form_of(request)
    try:
        member = await service.register_member(ctx, convert_form(_member_data(form), s.MemberCreate))
    except DomainError as exc:
        return render_page(request, "console/members/form.html", status_code=422, member=None, form=form,
                           errors=field_errors(exc, locale_of(request), MEMBER_FIELDS))
    return redirect(f"/console/members/{member.id}")


# The file's own tabs, before the plugins' (a plugin's section whose plugin names one of these, as the
# points and stored-value plugins do, shows in that tab).
KERNEL_TABS = {"overview": ("概览", "Overview"), "orders": ("订单", "Orders"), "stored_value": ("储值", "Stored value"),
               "points": ("积分", "Points")}
STATEMENTS = {"stored_value": ("stored_value_principal", "stored_value_bonus"), "points": ("points",)}


def _tab_of(section: MemberFileSection) -> str:
    """A plugin's sections are one tab, named after the plugin (its templates' folder)."""
    return section.template.split("/", 1)[0]


def _tabs(ctx: Context, sections: list[MemberFileSection], held: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """The file's tabs in order: 概览, 订单 (for who may read orders), 储值, 积分 (when the member has
    points or a plugin shows them), then one per plugin section."""
    tabs = {"overview": KERNEL_TABS["overview"]}
    if ctx.actor.can("orders.read"):
        tabs["orders"] = KERNEL_TABS["orders"]
    tabs["stored_value"] = KERNEL_TABS["stored_value"]
    if "points" in held or any(_tab_of(x) == "points" for x in sections):
        tabs["points"] = KERNEL_TABS["points"]
    for section in sections:
        tabs.setdefault(_tab_of(section), (section.title, section.title_en))
    return tabs


@get("/members/{member_id:int}", opt={"permission": "members.read"})
async def member_file(request: Request, member_id: FromPath[int]) -> Response:
    """The member's file: a summary (name, phone, level, balances, tags) over tabs; ``?tab=`` picks one,
    rendered here so a link opens it and the page works without JavaScript."""
    ctx = console_context(request)
    member = await service.get_member(ctx, member_id)
    held = {b.purpose: b for b in await balances(ctx, "member", member_id)}
    sections = [section for result in await ctx.hooks.member_file_sections(ctx=ctx, member=member)
                for section in (result or [])]
    tabs = _tabs(ctx, sections, held)
    tab = request.query_params.get("tab", "overview")
    if tab not in tabs:
        tab = "overview"
    shown: dict[str, Any] = {"notes": None, "orders": None, "statements": {}}
    if tab == "overview":
        shown["notes"] = await service.list_notes(ctx, member_id, cursor=request.query_params.get("notes"), limit=10)
    elif tab == "orders":
        shown["orders"] = await list_orders(ctx, OrderFilter(member_id=member_id),
                                            cursor=request.query_params.get("orders"), limit=10)
    in_tab = [x for x in sections if _tab_of(x) == tab]
    if tab == "stored_value" or (tab == "points" and not in_tab):  # the points plugin shows its own statement
        shown["statements"] = {purpose: await statement(ctx, accounts.member(member_id, purpose), limit=20)
                               for purpose in STATEMENTS[tab] if purpose in held}
    return render_page(request, "console/members/file.html", member=member, balances=held, tabs=tabs, tab=tab,
                       sections=in_tab, note_error=None,
                       level_names=await ctx.hooks.level_names(ctx=ctx) or {}, **shown)


@get("/members/{member_id:int}/edit", opt={"permission": "members.write"})
async def edit_member(request: Request, member_id: FromPath[int]) -> Response:
    ctx = console_context(request)
    member = await service.get_member(ctx, member_id)
    form = {k: getattr(member, k) for k in MEMBER_FIELDS}
    form["tags"] = " ".join(member.tags)
    form["birthday"] = member.birthday.isoformat() if member.birthday else ""
    if not ctx.actor.can("members.phone"):
        form.pop("phone")  # a masked phone must not be sent back as the new phone
    return render_page(request, "console/members/form.html", member=member, form=form, errors={})


@post("/members/{member_id:int}/edit", opt={"permission": "members.write"})
async def update(request: Request, member_id: FromPath[int]) -> Response:
    ctx = console_context(request)
    member = await service.get_member(ctx, member_id)
    form = await form_of(request)
    data = _member_data(form)
    tags = data.pop("tags")
    if not ctx.actor.can("members.phone") or not data["phone"]:
        data.pop("phone")
    try:
        await service.update_member(ctx, member_id, convert_form(data, s.MemberUpdate))
        await service.set_tags(ctx, member_id, convert_form({"tags": tags}, s.TagsUpdate))
    except DomainError as exc:
        return render_page(request, "console/members/form.html", status_code=422, member=member, form=form,
                           errors=field_errors(exc, locale_of(request), MEMBER_FIELDS))
    return redirect(f"/console/members/{member_id}")


@post("/members/{member_id:int}/notes", opt={"permission": "members.write"})
async def add_note(request: Request, member_id: FromPath[int]) -> Response:
    ctx = console_context(request)
    form = await form_of(request)
    try:
        await service.add_note(ctx, member_id, convert_form({"body": form.get("body", "")}, s.NoteCreate))
    except DomainError:
        pass  # an empty note adds nothing; the file shows as it was
    return redirect(f"/console/members/{member_id}#notes")


@get("/members/export.csv", opt={"permission": "members.export"})
async def export_csv(request: Request) -> Response:
    data = await export.export_members(console_context(request), for_people=True)
    return Response(data, media_type="text/csv",  # litestar adds "; charset=utf-8" to text types itself
                    headers={"Content-Disposition": 'attachment; filename="members.csv"'})


@get("/members/import", opt={"permission": "members.import"})
async def import_page(request: Request) -> Response:
    return render_page(request, "console/members/import.html", run=None, error=None)


@post("/members/import", opt={"permission": "members.import"}, request_max_body_size=20_000_000)
async def import_csv(request: Request) -> Response:
    """Check the file and start the import; its page shows the rows done, then the report."""
    ctx = console_context(request)
    form = await request.form()
    upload = form.get("file")
    if upload is None or isinstance(upload, str):
        return render_page(request, "console/members/import.html", status_code=422, run=None,
                           error=_("Choose a CSV file first.", request))
    try:
        run_id = await import_runs.start_import(ctx, await upload.read())
    except DomainError as exc:
        return render_page(request, "console/members/import.html", status_code=422, run=None,
                           error=error_text(exc, locale_of(request)))
    return redirect(f"/console/members/import/{run_id}")


@get("/members/import/{run_id:int}", opt={"permission": "members.import"})
async def import_run(request: Request, run_id: FromPath[int]) -> Response:
    run = await import_runs.get_import(console_context(request), run_id)
    return render_page(request, "console/members/import.html", run=run, error=None)


@get("/members/import/{run_id:int}/progress", opt={"permission": "members.import"})
async def import_progress(request: Request, run_id: FromPath[int]) -> dict[str, int | str]:
    """What the import page polls while the run goes: the status and rows done of total."""
    run = await import_runs.get_import(console_context(request), run_id)
    return {"status": run.status, "done": run.done, "total": run.total}


ROUTES = [member_list, new_member, register, member_file, edit_member, update, add_note, export_csv,
          import_page, import_csv, import_run, import_progress]
