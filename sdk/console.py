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

A page with a create form and actions (stop, approve...) reads the form with ``form_fields``
(``form_rows`` for numbered rows), catches ``REFUSALS`` with ``show_refused`` (the page again, what
was typed kept, the refusal in its error area, zh-CN first) and declares each action with
``action_route``; a change that went through goes back with ``back_with_notice`` (one of ``NOTICES``).
The page's template shows both with ``{% from "console/macros.html" import page_notices %}``
``{{ page_notices(error, notice, "<page id>") }}``.
"""

from core.console.fields import FormError, local_datetime, whole_number
from core.console.form_pages import REFUSALS, act, action_route, form_fields, form_rows, show_refused
from core.console.formatting import parse_yuan, yuan
from core.console.notices import NOTICES, back_with_notice
from core.console.pages import CheckoutTender, ConsolePage, MemberFileSection, render
from core.console.session import console_context

__all__ = ["NOTICES", "REFUSALS", "CheckoutTender", "ConsolePage", "FormError", "MemberFileSection", "act",
           "action_route", "back_with_notice", "console_context", "form_fields", "form_rows", "local_datetime",
           "parse_yuan", "render", "show_refused", "whole_number", "yuan"]
