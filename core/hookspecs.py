"""Every hook a Mendian plugin can implement, documented like an API.

Two kinds:

* **Wiring hooks** are called once at start-up for every *installed* plugin. They tell the
  kernel what the plugin brings: tables and migrations, REST routes, CLI commands, jobs. A
  plugin may instead declare each of them in its ``Plugin(...)`` (``tables=``, ``routes=``...,
  docs/plugins/upgrading.md); built-in plugins do.
* **Domain hooks** are called for one tenant's event and only for the plugins that tenant has
  *enabled*. They run inside the event's database transaction: if one raises, the whole
  event rolls back. They may be ``async def``. They are called through ``ctx.hooks``.

Implementations take only the arguments they need (pluggy matches them by name). Unless a
hook says "first result wins", the caller receives a list of every non-None result.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from core.extensions.plugin import hookspec

if TYPE_CHECKING:
    import datetime

    import typer
    from piccolo.conf.apps import AppConfig

    from core.console.pages import CheckoutTender, ConsolePage, MemberFileSection
    from core.context import Context
    from core.jobs import Job, TenantJob
    from core.ledger.schemas import EntryOut, Leg
    from core.member_pages.pages import MemberPage
    from core.members.batch import MemberBatchAction
    from core.members.schemas import CheckIn, Member
    from core.orders.schemas import Adjustment, Order, Refund, Tender, TenderIn


# --- wiring hooks: called once per installed plugin at start-up -----------------------------


@hookspec
def piccolo_apps() -> list[AppConfig] | AppConfig | None:
    """Return this plugin's piccolo app (its tables and its migrations folder).

    Called at start-up and by ``mendian db migrate``, which applies the kernel's migrations
    first and then each plugin's, in ``requires`` order. Every table must carry ``tenant_id``.
    """


@hookspec
def api_routes() -> list[Any] | None:
    """Return litestar route handlers or controllers to mount under ``/api/v1``.

    Each handler declares the permission it needs with ``opt={"permission": "..."}``; the
    kernel's guard checks it and that the plugin is enabled for the caller's tenant. Called
    once at start-up.
    """


@hookspec
def cli_commands(cli: typer.Typer) -> None:
    """Add commands to the ``mendian`` command line: ``cli.add_typer(...)`` or ``cli.command()``.

    Called once when the CLI starts. Return nothing.
    """


@hookspec
def scheduled_jobs() -> list[Job | TenantJob] | None:
    """Return the jobs this plugin runs on a schedule (``sdk.jobs.Job`` or ``sdk.jobs.TenantJob``).

    Called once at start-up by the scheduler, which then runs each job every
    ``every_seconds``, once per due time across every worker and host: a ``Job`` once, a
    ``TenantJob`` once per tenant that enabled its plugin, with that tenant's Context. A job's
    ``run`` may return how many things it did, recorded with the run. A job is an idempotent
    sweep all the same: running it twice must change nothing the second time.
    """


@hookspec
def console_pages() -> list[ConsolePage] | None:
    """Return the pages this plugin adds to the merchant console (``sdk.console.ConsolePage``).

    Each page has a ``path`` under ``/console/p/<plugin name>``, zh-CN and English titles for
    its navigation entry, the litestar handlers mounted under that path, and the permission a
    staff member needs to see the entry and open the page. The console wraps the handlers in
    its sign-in, CSRF check and that permission, and answers 404 while the plugin is not
    enabled for the signed-in tenant (the entry is hidden too). Render with
    ``sdk.console.render``. Called once at start-up.
    """


@hookspec
def member_pages() -> list[MemberPage] | None:
    """Return the pages this plugin adds to the member pages (会员端, ``sdk.member_pages.MemberPage``).

    Each page has a ``path`` under ``/p/<plugin name>`` (served at ``/m/<tenant>/p/<plugin>/...``),
    zh-CN and English titles, an icon and an optional count for its tile on the member card
    home, and the litestar handlers mounted under that path. The member pages wrap the handlers
    in the member's sign-in (a page marked ``public`` shows itself to anyone and sends a visitor
    who posts to sign in first, coming back afterwards), the CSRF check, and answer a 404 page
    saying the feature is not available while the plugin is not enabled for the tenant (its tile
    is hidden too). Render with ``sdk.member_pages.render``. Called once at start-up.
    """


# --- domain hooks: called per tenant, inside the event's transaction ------------------------


@hookspec
def member_registered(ctx: Context, member: Member) -> None:
    """Called after a member is registered (by staff, import, API or the member themselves).

    ``member`` is the new member. Use it to give a welcome gift, bind a referrer, or set a
    starting level. Return nothing; raise a ``DomainError`` to refuse the registration.
    """


@hookspec
def member_checked_in(ctx: Context, member: Member, check_in: CheckIn) -> None:
    """Called when a member visits the store (a check-in at the desk or a scanned code).

    ``check_in`` carries the store, the time and how the member was recognised. Return nothing.
    """


@hookspec
def order_validated(ctx: Context, order: Order) -> None:
    """Called before an order is priced and before it is paid.

    Raise a ``DomainError`` with a clear reason to refuse a combination (a group-buy item with
    a coupon, say); return nothing to accept. Set ``line.no_discount = True`` on a line that
    discounts and coupons must skip (group-buy goods): it is kept with the line, the other
    plugins' ``order_priced`` see it, and order-level discounts are not allocated to it.
    """


@hookspec
def order_priced(ctx: Context, order: Order) -> list[Adjustment] | None:
    """Called while an order is priced, before it is shown or paid.

    Return the adjustments this plugin applies (discounts, member prices, coupon value);
    each names its source and reason, which the receipt prints. Called only for plugins
    enabled for ``ctx.tenant``, inside the order's transaction.
    """


@hookspec
def member_file_sections(ctx: Context, member: Member) -> list[MemberFileSection] | None:
    """Called when staff open a member's file in the console.

    Return the sections this plugin adds (``sdk.console.MemberFileSection``: a title and one of
    the plugin's templates with its data), such as the member's cards or level history. Only
    read here: nothing written is kept, since the page's transaction is read-only. Called only
    for plugins enabled for ``ctx.tenant``; every plugin's sections are shown, in plugin order.
    """


@hookspec
def member_batch_actions(ctx: Context) -> list[MemberBatchAction] | None:
    """Called when staff choose members for a batch action (批量操作) in the console or the API.

    Return the actions this plugin offers on many members at once (``sdk.MemberBatchAction``: a
    key, zh-CN and English labels, the permission the same change to one member needs, the fields
    it asks for — a choice from a list, such as a coupon template, or typed — and ``apply``, called
    once per member inside the batch's transaction). The kernel checks the permission, caps the
    batch, keeps to the tenant's living members, runs a batch once per key and reports each member
    done or skipped: raise a ``DomainError`` from ``apply`` to skip one, before writing anything for
    them. Called only for plugins enabled for ``ctx.tenant``; every plugin's actions are offered.
    """


@hookspec(firstresult=True)
def level_names(ctx: Context) -> dict[str, tuple[str, str]] | None:
    """Called when the console names members' levels (the member's file, the CSV export).

    Return ``{level code: (Chinese name, English name)}`` for this tenant's levels, so a merchant
    reads 黄金会员 rather than the code ``gold``. First result wins: one plugin (``levels``) keeps
    the ladder; without it, a level is shown as its code.
    """


@hookspec
def order_paid(ctx: Context, order: Order) -> None:
    """Called after an order's tenders are posted, in the same transaction.

    Use it to earn points, count commission, or complete a group. Return nothing; raising
    rolls the whole payment back.
    """


@hookspec
def order_refunded(ctx: Context, order: Order, refund: Refund) -> None:
    """Called after a (partial or full) refund is posted, in the same transaction.

    ``refund`` says which lines and amounts were refunded. Reverse this plugin's own effects
    in proportion: points earned, commission, coupon use, a group-buy seat. Return nothing.
    """


@hookspec
def daily_tick(ctx: Context, day: datetime.date) -> None:
    """Called once per tenant per store-local day by the daily job, for day ``day``.

    Expire points, send reminders, close deadlines. Return nothing. Must be idempotent: the
    job may run twice.
    """


@hookspec
def plugin_enabled(ctx: Context, plugin: str) -> None:
    """Called when the tenant enables ``plugin`` (yours or another), in the same transaction,
    with the hooks of every plugin now enabled.

    Set up what the tenant's existing members need from you (the levels plugin puts members
    registered before it on the lowest level). Return nothing; raise a ``DomainError`` to refuse
    the enabling.
    """


@hookspec
def demo_store_created(ctx: Context) -> None:
    """Called once when ``mendian demo`` has created its demo store, with this plugin enabled.

    Add the sample rules a new merchant would start from (a top-up tier, a welcome coupon), so
    the demo shows the plugin at work. Use the plugin's own services; return nothing.
    """


@hookspec(firstresult=True)
def stored_value_bonus(ctx: Context, member_id: int, amount_fen: int) -> int | None:
    """Called while a top-up (充值) is posted, to ask what bonus (充就送) it earns.

    ``amount_fen`` is the principal being paid in. Return the bonus in fen (0 for none); the
    kernel posts it as marketing expense into the member's bonus balance in the same entry.
    First result wins: one plugin (``stored_value``) decides bonuses.
    """


@hookspec(firstresult=True)
def tender_payment(ctx: Context, order: Order, tender: TenderIn) -> list[Leg] | None:
    """Called while an order is paid, once per tender whose ``kind`` the kernel does not know.

    ``tender`` is the requested tender (``kind``, ``amount_fen``, ``reference``). The plugin
    that owns the kind (``points``, ``card_sessions``...) returns the ledger legs that take
    the payment from the member (debits); the kernel adds the revenue side. Return None for
    kinds that are not yours. First result wins.
    """


@hookspec(firstresult=True)
def tender_refund(ctx: Context, order: Order, tender: Tender, amount_fen: int) -> list[Leg] | None:
    """Called while a refund gives back ``amount_fen`` of a plugin-owned tender.

    ``tender`` is the tender as paid (``kind``, ``amount_fen``, ``refunded_fen`` so far, and the
    ``details`` the payment recorded). Return the ledger legs that return the value to the member
    (credits); the kernel adds the revenue side. Return None for kinds that are not yours.
    First result wins.
    """


@hookspec
def member_topped_up(ctx: Context, member_id: int, amount_fen: int, bonus_fen: int, entry: EntryOut) -> None:
    """Called after a top-up (充值) and its bonus are posted, in the same transaction.

    ``amount_fen`` is the principal paid in, ``bonus_fen`` what ``stored_value_bonus`` granted,
    ``entry`` the posted entry (its id identifies the top-up). Use it to record which bonus rule
    was used, earn points on top-ups or count a level's cumulative top-up. Not called when an
    idempotent replay returns the first top-up. Return nothing; raising rolls the top-up back.
    """


@hookspec
def top_up_refunded(ctx: Context, member_id: int, top_up_entry_id: int, principal_fen: int, entry: EntryOut) -> None:
    """Called after a top-up is refunded (储值退款), in the same transaction.

    ``principal_fen`` is the principal returned (the unspent bonus is already removed by the
    kernel); ``top_up_entry_id`` is the refunded top-up's entry. Reverse what this plugin did in
    ``member_topped_up``. Return nothing.
    """


@hookspec(firstresult=True)
def checkout_code_scanned(ctx: Context, order: Order, code: str) -> bool | None:
    """Called when the console's checkout scan field gets a code that is no item's barcode and no member.

    ``order`` is the open order at the till. The plugin that recognises ``code`` (a coupon code)
    acts on the order (attaches the coupon and re-prices it) and returns True; raise a
    ``DomainError`` to show the cashier why the code cannot be used. Return None for codes that
    are not yours. First result wins.
    """


@hookspec
def checkout_tenders(ctx: Context, order: Order) -> list[CheckoutTender] | None:
    """Called when the console's checkout page shows an open order with a member.

    Return the ways to pay this plugin offers for it (``sdk.console.CheckoutTender``: the tender
    kind, its label and a note of what the member holds), shown as fields of the payment form;
    an amount typed there is paid as that tender through ``tender_payment``. Only read here.
    """
