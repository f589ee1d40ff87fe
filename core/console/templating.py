"""Jinja2 for the console: one environment per locale, the layout's data, Babel filters.

Templates are named by folder: ``console/...`` are the console's own (``core/console/templates``),
``<plugin>/...`` a plugin's (its package's ``templates/`` folder).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import jinja2
from litestar import Request, Response
from markupsafe import Markup

from core.console import csrf, formatting
from core.console.forms import here
from core.console.i18n import COOKIE as LANG_COOKIE
from core.console.i18n import LOCALES, in_locale, pick_locale, translations
from core.console.nav import N_, active_key, grouped, home_for, nav_for
from core.console.notices import notice_of
from core.extensions.manager import PluginManager
from core.ledger.accounts import PURPOSES
from core.members.schemas import SOURCE_NAMES
from core.orders.tenders import tender_name

TEMPLATES = Path(__file__).parent / "templates"


def _plugin_loaders(manager: PluginManager) -> dict[str, jinja2.BaseLoader]:
    loaders: dict[str, jinja2.BaseLoader] = {}
    for name, item in manager.installed.items():
        folder = Path(getattr(item.module, "__file__", "") or ".").parent / "templates"
        if folder.is_dir() and name != "console":
            # "<plugin>/rules.html" is templates/rules.html, or templates/<plugin>/rules.html.
            loaders[name] = jinja2.ChoiceLoader([jinja2.FileSystemLoader(folder), jinja2.FileSystemLoader(folder / name)])
    return loaders


@jinja2.pass_context
def _money(context: jinja2.runtime.Context, fen: int | None) -> str:
    return formatting.money(fen, context["locale"], context.get("currency", "CNY"))


@jinja2.pass_context
def _number(context: jinja2.runtime.Context, value: int | None) -> str:
    return formatting.number(value, context["locale"])


@jinja2.pass_context
def _date(context: jinja2.runtime.Context, value: Any, style: str = "medium") -> str:
    return formatting.date(value, context["locale"], context["zone"], style)


@jinja2.pass_context
def _datetime(context: jinja2.runtime.Context, value: Any, style: str = "short") -> str:
    return formatting.datetime(value, context["locale"], context["zone"], style)


def build_environments(manager: PluginManager) -> dict[str, jinja2.Environment]:
    loader = jinja2.PrefixLoader({**_plugin_loaders(manager), "console": jinja2.FileSystemLoader(TEMPLATES)})
    envs = {}
    for locale in LOCALES:
        env = jinja2.Environment(
            loader=loader, autoescape=True, extensions=["jinja2.ext.i18n"],
            trim_blocks=True, lstrip_blocks=True,
        )
        env.install_gettext_translations(translations(locale), newstyle=True)  # type: ignore[attr-defined]
        env.filters.update(money=_money, number=_number, date=_date, datetime=_datetime, yuan=formatting.yuan,
                           phone=formatting.phone)
        # Bound to the environment's language: macros imported without context use it too.
        env.filters["in_locale"] = lambda text, locale=locale: in_locale(text, locale)
        envs[locale] = env
    return envs


STATUS_LABELS = {"open": N_("Open"), "held": N_("Held"), "paid": N_("Paid"), "completed": N_("Completed"),
                 "cancelled": N_("Cancelled")}
ROLE_LABELS = {"owner": N_("Owner"), "manager": N_("Manager"), "cashier": N_("Cashier"), "staff": N_("Staff member")}


def _labeller(locale: str, labels: dict[str, str]):
    gettext = translations(locale).gettext
    return lambda key: gettext(labels[key]) if key in labels else key


def _named(locale: str, names: dict[str, tuple[str, str]]):
    """A code as its (Chinese, English) name from a kernel table; an unknown one as it is."""
    return lambda key: (names[key][0] if locale == "zh_CN" else names[key][1]) if key in names else key


def _purpose_labeller(locale: str):
    """A ledger purpose (``card_sessions``) as its registered name (次卡剩余次数)."""
    def label(name: str) -> str:
        purpose = PURPOSES.get(name)
        return name if purpose is None else purpose.zh if locale == "zh_CN" else purpose.en

    return label


def _lang_url(request: Request, locale: str) -> str:
    """The 中文/English switch: the other language, coming back to this page."""
    from urllib.parse import quote

    other = "en" if locale == "zh_CN" else "zh_CN"
    return f"/console/lang/{other}?next={quote(here(request))}"


def _query_helpers(request: Request) -> dict[str, Any]:
    """Links that keep the page's filters and change only the cursor."""
    from urllib.parse import urlencode

    def without(param: str) -> str:
        return urlencode([(k, v) for k, v in request.query_params.multi_items() if k != param])

    def with_(param: str, value: str) -> str:
        return urlencode([*((k, v) for k, v in request.query_params.multi_items() if k != param), (param, value)])

    return {"query_without": without, "query_with": with_}


def page_context(request: Request) -> dict[str, Any]:
    """What the layout needs: who is signed in, their navigation, language, store, CSRF field, and the
    notice of a change the page was sent back after (``?done=``)."""
    console = request.app.state.console
    locale = pick_locale(request.cookies.get(LANG_COOKIE))
    ctx = getattr(request.state, "ctx", None)
    token = csrf.token_for(request)
    data: dict[str, Any] = {
        "request": request, "locale": locale, "ctx": ctx, "path": request.url.path,
        "csrf_token": token,
        "csrf_field": lambda: Markup('<input type="hidden" name="{}" value="{}">').format(csrf.FIELD, token),
        "zone": ZoneInfo("Asia/Shanghai"), "currency": "CNY", "nav": [], "nav_active": None, "stores": [],
        "home": "/console",
        "can": lambda permission: False, "lang_url": _lang_url(request, locale),
        "notice": notice_of(request, locale),
        **_query_helpers(request),
        "tender_label": lambda kind: tender_name(kind, locale), "role_label": _labeller(locale, ROLE_LABELS),
        "status_label": _labeller(locale, STATUS_LABELS), "source_label": _named(locale, SOURCE_NAMES),
        "purpose_label": _purpose_labeller(locale),
    }
    if ctx is not None:
        entries = nav_for(ctx, console.plugin_pages, locale)
        data.update(
            zone=ctx.tenant.zone, currency=ctx.tenant.currency, staff=ctx.actor, tenant=ctx.tenant,
            nav=grouped(entries), nav_active=active_key(entries, request.url.path),
            stores=getattr(request.state, "stores", []), home=home_for(ctx.actor), can=ctx.actor.can,
        )
    return data


def render_page(request: Request, template: str, status_code: int = 200, **data: Any) -> Response[str]:
    context = page_context(request)
    env = request.app.state.console.environments[context["locale"]]
    html = env.get_template(template).render(**context, **data)
    response: Response[str] = Response(html, media_type="text/html", status_code=status_code)
    new_token = getattr(request.state, "csrf_new", None)
    if new_token:
        response.set_cookie(csrf.COOKIE, new_token, path="/console", httponly=True, samesite="lax",
                            secure=request.url.scheme == "https")
    return response
