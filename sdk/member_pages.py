"""What a plugin needs to add pages to the member pages (会员端, ``/m/<tenant>``).

Declare a list of ``MemberPage`` objects in ``Plugin(member_pages="<module>:PAGES")`` (or return
it from the ``member_pages`` hook); render with ``render``; a share
link whose campaign is over answers ``campaign_ended`` (a page with what else is on). An order
the member is to pay goes to the kernel's pay page, ``/m/<tenant>/mine/orders/<id>/pay?next=<back>``
(stored value, or the counter). Each
page's handlers are mounted under ``/m/<tenant><path>`` (a handler at ``"/"`` answers the page
itself, ``"/claim"`` answers ``<path>/claim``); POST forms include ``{{ csrf_field() }}``, and
``{{ once_field() }}`` when a replayed POST must not act twice (``once_key`` reads it back)::

    from litestar import Request, Response, get
    from sdk.member_pages import MemberPage, member_context, render

    @get("/")                                   # mounted at the page's path
    async def my_points(request: Request) -> Response:
        ctx = member_context(request)           # the signed-in member's Context
        return render(request, "points/member.html", history=await history(ctx, ctx.actor.id))

    PAGES = [MemberPage(path="/p/points", title="我的积分", title_en="My points", icon="积",
                        handlers=[my_points])]
"""

from core.member_pages.pages import MemberPage, campaign_ended, member_context, once_key, render, visitor_context

__all__ = ["MemberPage", "campaign_ended", "member_context", "once_key", "render", "visitor_context"]
