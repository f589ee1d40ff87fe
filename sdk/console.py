"""What a plugin needs to add pages to the merchant console (``/console``).

Declare a list of ``ConsolePage`` objects in ``Plugin(console="<module>:PAGES")`` (or return it
from the ``console_pages`` hook); render with ``render``. Each
page's handlers are mounted under the page's ``path`` (a handler at ``"/"`` answers the page
itself, ``"/save"`` answers ``<path>/save``); POST forms must include ``{{ csrf_field() }}``::

    from litestar import Request, get
    from sdk.console import ConsolePage, render

    @get("/")                                   # mounted at the page's path
    async def rules(request: Request) -> Response:
        ctx = console_context(request)          # the signed-in staff member's Context
        return render(request, "points/rules.html", rules=await list_rules(ctx))

    PAGES = [ConsolePage(path="/console/p/points/rules", title="积分规则", title_en="Points rules",
                         handlers=[rules], permission="plugins.manage")]
"""

from core.console.fields import FormError, local_datetime, whole_number
from core.console.formatting import parse_yuan, yuan
from core.console.pages import CheckoutTender, ConsolePage, MemberFileSection, render
from core.console.session import console_context

__all__ = ["CheckoutTender", "ConsolePage", "FormError", "MemberFileSection", "console_context", "local_datetime",
           "parse_yuan", "render", "whole_number", "yuan"]
