"""Tenancy tables. Everything below ``Tenant`` carries ``tenant_id``.

Each table declares the ``id`` piccolo would add by itself (the same serial primary key), so a type
checker knows ``Tenant.id``.
"""

from piccolo.columns import Boolean, Bytea, ForeignKey, Serial, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table


class Tenant(Table, tablename="tenant"):
    id = Serial(primary_key=True)
    slug = Varchar(length=40, unique=True)
    name = Varchar(length=100)
    industry = Varchar(length=40)
    timezone = Varchar(length=64, default="Asia/Shanghai")
    currency = Varchar(length=3, default="CNY")
    locale = Varchar(length=16, default="zh_CN")
    settings_json = Text(default="{}")
    created_at = Timestamptz()


class Store(Table, tablename="store"):
    id = Serial(primary_key=True)
    tenant_id = ForeignKey(Tenant, null=False, on_delete=OnDelete.restrict, index=True)
    code = Varchar(length=40)
    name = Varchar(length=100)
    kind = Varchar(length=16, default="direct")  # direct (直营) or franchise (加盟)
    address = Varchar(length=200, default="")
    phone = Varchar(length=20, default="")
    opening_hours = Varchar(length=100, default="")  # free text members read: 周一至周日 06:00–23:00
    timezone = Varchar(length=64, null=True, default=None)  # None: the tenant's
    active = Boolean(default=True)
    created_at = Timestamptz()


class TenantLogo(Table, tablename="tenant_logo"):
    """The logo a merchant uploaded for the member pages (one per tenant, a small image)."""
    id = Serial(primary_key=True)

    tenant_id = ForeignKey(Tenant, null=False, on_delete=OnDelete.restrict, index=True)
    content_type = Varchar(length=20)  # image/png, image/jpeg or image/webp, from the file's first bytes
    sha256 = Varchar(length=64)  # of the image: its address on the member pages and its ETag
    image = Bytea()
    updated_at = Timestamptz()


class Staff(Table, tablename="staff"):
    id = Serial(primary_key=True)
    tenant_id = ForeignKey(Tenant, null=False, on_delete=OnDelete.restrict, index=True)
    username = Varchar(length=64)
    name = Varchar(length=100)
    phone = Varchar(length=20, default="")
    role = Varchar(length=16)
    password_hash = Varchar(length=200)
    store_ids_json = Text(default="[]")  # [] means every store
    active = Boolean(default=True)
    created_at = Timestamptz()


class StaffSession(Table, tablename="staff_session"):
    id = Serial(primary_key=True)
    tenant_id = ForeignKey(Tenant, null=False, on_delete=OnDelete.restrict, index=True)
    staff_id = ForeignKey(Staff, null=False, on_delete=OnDelete.restrict)
    token_hash = Varchar(length=64, unique=True)
    created_at = Timestamptz()
    expires_at = Timestamptz()
    revoked_at = Timestamptz(null=True, default=None)


class ApiKey(Table, tablename="api_key"):
    id = Serial(primary_key=True)
    tenant_id = ForeignKey(Tenant, null=False, on_delete=OnDelete.restrict, index=True)
    name = Varchar(length=100)
    prefix = Varchar(length=16, unique=True)
    key_hash = Varchar(length=64)
    scopes_json = Text(default="[]")
    created_by = Varchar(length=100, default="")
    created_at = Timestamptz()
    last_used_at = Timestamptz(null=True, default=None)
    revoked_at = Timestamptz(null=True, default=None)


class TenantPlugin(Table, tablename="tenant_plugin"):
    """A plugin's state for one tenant: enabled or not, and its settings (kept when disabled)."""
    id = Serial(primary_key=True)

    tenant_id = ForeignKey(Tenant, null=False, on_delete=OnDelete.restrict, index=True)
    plugin = Varchar(length=40)
    enabled = Boolean(default=False)
    settings_json = Text(default="{}")
    updated_at = Timestamptz()
