"""会员批量操作 in the console: the members ticked in the list (or all the filter matches), an action and
what it asks for, a confirmation saying what will happen to how many members, then the result.

The rules (permission, cap, this tenant's living members, once per batch) are the kernel's
(``core.members.batch``); this page only reads the form and shows the steps. The confirmation carries
a batch key: the same confirmation posted twice runs the batch once and shows its result again.
"""

from __future__ import annotations

import secrets
from typing import Any

from litestar import Request, Response, post

from core.console.forms import error_text
from core.console.i18n import locale_of
from core.console.session import console_context
from core.console.templating import render_page
from core.context import Context
from core.errors import InvalidInput, NoMembersChosen
from core.members import batch
from core.members.service import matching_member_ids, member_names

FILTERS = ("phone", "name", "tag", "level")
VALUE_PREFIX = "v_"  # the action's own fields, apart from the form's


def _ids(raw: Any) -> list[int]:
    return [int(v) for v in raw.getall("member_id", []) if str(v).isdigit() and len(str(v)) < 19]


async def _chosen(ctx: Context, raw: Any) -> list[int]:
    """The members ticked, or every member the list's filter matches (``scope=all``)."""
    if raw.get("scope") == "all":
        filters = {k: str(raw.get(k, "")) or None for k in FILTERS}
        return batch.chosen_ids(await matching_member_ids(ctx, **filters, at_most=batch.MAX_BATCH + 1))
    return batch.chosen_ids(_ids(raw))


def _values(raw: Any, action: batch.MemberBatchAction) -> dict[str, str]:
    return {f.name: str(raw.get(VALUE_PREFIX + f.name, "")).strip() for f in action.fields}


async def _page(request: Request, action: batch.MemberBatchAction, ids: list[int], values: dict[str, str],
                confirm: bool, error: str = "", status_code: int = 200) -> Response:
    ctx = console_context(request)
    names = await member_names(ctx, ids)
    if not names:
        raise NoMembersChosen()
    zh, en = batch.described(action, values)
    return render_page(request, "console/members/batch.html", status_code=status_code, action=action,
                       member_ids=list(names), named=list(names.values())[:batch.NAMED_AT_MOST], values=values,
                       confirm=confirm, error=error, what=zh if locale_of(request) == "zh_CN" else en,
                       batch_key=secrets.token_urlsafe(16), prefix=VALUE_PREFIX)


@post("/members/batch", opt={"permission": "members.read"})
async def choose(request: Request) -> Response:
    """From the list: the action's fields; sent with them (``step=review``), the confirmation."""
    ctx = console_context(request)
    raw = await request.form()
    action = await batch.find_action(ctx, str(raw.get("action", "")))  # unknown → 404, not allowed → 403 page
    ids = await _chosen(ctx, raw)
    values = _values(raw, action)
    if raw.get("step") != "review":
        return await _page(request, action, ids, values, confirm=not action.fields)
    try:
        values = batch.checked_values(action, values)
    except InvalidInput as exc:
        return await _page(request, action, ids, values, confirm=False, error=error_text(exc, locale_of(request)),
                           status_code=422)
    return await _page(request, action, ids, values, confirm=True)


@post("/members/batch/apply", opt={"permission": "members.read"})
async def apply(request: Request) -> Response:
    """Run the confirmed batch (once per its key) and show what was done and what was skipped, and why."""
    ctx = console_context(request)
    raw = await request.form()
    action = await batch.find_action(ctx, str(raw.get("action", "")))
    data = batch.BatchIn(action=action.key, member_ids=_ids(raw), values=_values(raw, action))
    result = await batch.run_batch(ctx, data, str(raw.get("batch_key", "")) or None)
    zh, en = batch.described(action, data.values)
    return render_page(request, "console/members/batch_result.html", action=action, result=result,
                       what=zh if locale_of(request) == "zh_CN" else en)


ROUTES = [choose, apply]
