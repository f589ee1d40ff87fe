"""REST: the outbox (发件箱) — sent and pending messages, retries, and the tenant's templates."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get, post, put
from msgspec import Meta

from core.http.pagination import DEFAULT_LIMIT, Limit, Page, page_of
from core.http.params import Ctx, Cursor, FromPath, FromQuery, JSONBody, PageLimit
from core.messages import schemas as s
from core.messages import service

TemplateCode = Annotated[str, Meta(pattern=r"^[a-z0-9_]{1,40}$")]


class MessageController(Controller):
    path = "/messages"
    tags = ["messages"]

    @get("/", opt={"permission": "messages.read"}, operation_id="listMessages")
    async def list_messages(
        self, ctx: Ctx, status: FromQuery[s.Status | None] = None, template: FromQuery[str | None] = None,
        member_id: FromQuery[int | None] = None, phone: FromQuery[str | None] = None,
        cursor: FromQuery[str | None] = None, limit: FromQuery[Limit] = DEFAULT_LIMIT,
    ) -> Page[s.MessageOut]:
        """短信记录: messages newest first, by status, template, member or phone; cursor-paginated.

        Sign-in codes are shown masked once a real SMS provider has them.
        """
        return await service.list_messages(ctx, status=status, template=template, member_id=member_id,
                                           phone=phone, cursor=cursor, limit=limit)

    @get("/{message_id:int}", opt={"permission": "messages.read"}, operation_id="getMessage")
    async def get_message(self, ctx: Ctx, message_id: FromPath[int]) -> s.MessageOut:
        """短信详情: one message with every delivery attempt and its error."""
        return await service.get_message(ctx, message_id)

    @post("/{message_id:int}/retry", opt={"permission": "messages.manage"}, operation_id="retryMessage",
          status_code=200)
    async def retry_message(self, ctx: Ctx, message_id: FromPath[int]) -> s.MessageOut:
        """重发: send a failed message again, from the next delivery run on."""
        return await service.retry_message(ctx, message_id)


class TemplateController(Controller):
    path = "/message-templates"
    tags = ["messages"]

    @get("/", opt={"permission": "messages.read"}, operation_id="listMessageTemplates")
    async def list_templates(self, ctx: Ctx,
                             cursor: Cursor = None, limit: PageLimit = DEFAULT_LIMIT) -> Page[s.TemplateOut]:
        """短信模板: every template with its params, in this tenant's wording."""
        return page_of(await service.list_templates(ctx), cursor, limit)

    @put("/{code:str}", opt={"permission": "messages.manage"}, operation_id="updateMessageTemplate")
    async def update_template(self, ctx: Ctx, code: FromPath[TemplateCode], data: JSONBody[s.TemplateUpdate]) -> s.TemplateOut:
        """修改短信模板: reword a template (only its declared params may appear) and set the provider's template id."""
        return await service.update_template(ctx, code, data)


ROUTES = [MessageController, TemplateController]
