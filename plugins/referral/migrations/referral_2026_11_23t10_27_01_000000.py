"""Referral keys: a share code is unique in the tenant, a member or staff member is one promoter,
a member is bound once (first touch), a rule per item or category, a commission per order and level."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from sdk import run_sql

ID = "2026-11-23T10:27:01:000000"
VERSION = "1.38.0"
DESCRIPTION = "referral keys"

STATEMENTS = [
    "CREATE UNIQUE INDEX IF NOT EXISTS rf_promoter_code ON rf_promoter (tenant_id, code)",
    "CREATE UNIQUE INDEX IF NOT EXISTS rf_promoter_member ON rf_promoter (tenant_id, member_id)",
    "CREATE UNIQUE INDEX IF NOT EXISTS rf_promoter_staff ON rf_promoter (tenant_id, staff_id)",
    # Two simultaneous bindings of one member: the second insert fails and is answered already_bound.
    "CREATE UNIQUE INDEX IF NOT EXISTS rf_binding_member ON rf_binding (tenant_id, member_id)",
    "CREATE INDEX IF NOT EXISTS rf_binding_promoter ON rf_binding (tenant_id, promoter_id)",
    "CREATE UNIQUE INDEX IF NOT EXISTS rf_rule_target ON rf_rule (tenant_id, scope, target_id)",
    "CREATE UNIQUE INDEX IF NOT EXISTS rf_commission_order ON rf_commission (tenant_id, order_id, level)",
    "CREATE INDEX IF NOT EXISTS rf_commission_promoter ON rf_commission (tenant_id, promoter_id)",
    "CREATE INDEX IF NOT EXISTS rf_commission_due ON rf_commission (tenant_id, status, matures_at)",
    "CREATE INDEX IF NOT EXISTS rf_payout_promoter ON rf_payout (tenant_id, promoter_id)",
    "CREATE UNIQUE INDEX IF NOT EXISTS rf_payout_request_key ON rf_payout (tenant_id, request_key)",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="referral", description=DESCRIPTION)
    manager.add_raw(run_sql(STATEMENTS))
    return manager
