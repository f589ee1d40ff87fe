"""Bound members are marked by this plugin (``sdk.mark_member``), as ``bind`` marks them from now on,
and so are their orders (``member_marked_by``): the commission hooks (accrue on payment, reverse on a
refund) are called only for those."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from sdk import run_sql

ID = "2026-12-22T09:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "bound members marked"

STATEMENTS = [
    "UPDATE member SET marked_by = CASE WHEN marked_by = '' THEN 'referral' ELSE marked_by || ',referral' END"
    " WHERE ',' || marked_by || ',' NOT LIKE '%,referral,%'"
    " AND EXISTS (SELECT 1 FROM rf_binding b WHERE b.tenant_id = member.tenant_id AND b.member_id = member.id)",
    "UPDATE sales_order SET member_marked_by = (SELECT marked_by FROM member"
    " WHERE member.tenant_id = sales_order.tenant_id AND member.id = sales_order.member_id)"
    " WHERE EXISTS (SELECT 1 FROM rf_binding b WHERE b.tenant_id = sales_order.tenant_id"
    " AND b.member_id = sales_order.member_id)",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="referral", description=DESCRIPTION)
    manager.add_raw(run_sql(STATEMENTS))
    return manager
