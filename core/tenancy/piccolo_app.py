import os

from piccolo.conf.apps import AppConfig

from core.tenancy.tables import ApiKey, Staff, StaffSession, Store, Tenant, TenantLogo, TenantPlugin

APP_CONFIG = AppConfig(
    app_name="tenancy",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "migrations"),
    table_classes=[Tenant, Store, Staff, StaffSession, ApiKey, TenantPlugin, TenantLogo],
)
